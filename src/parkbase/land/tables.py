"""The land lists' tables: parcels, approvals and buildings (with their letting figures)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core import contributions
from parkbase.core.need_to_know import shown
from parkbase.core.tables import NAME, Col, Table
from parkbase.core.templatetags.units import mu, num
from parkbase.land.badges import status_badge

# why the national rule of 2012 finds land idle (``engine.IdleFinding.reason``)
IDLE_WORDS = {
    "not_started": _("construction has not started more than one year after the agreed start date"),
    "halted": _(
        "construction started but has been halted for more than one year with less than "
        "one third of the area developed or less than a quarter of the investment made"
    ),
}


def idle_reason_text(reason: str) -> str:
    return str(IDLE_WORDS.get(reason, reason))


def percent(share) -> str:
    return f"{share * 100:.1f}%"


def _date(value) -> str:
    return value.isoformat() if value else ""


def _status(parcel) -> str:
    shown = parcel.get_status_display()
    if parcel.area_mismatch:
        shown = f"{shown} · {_('area ≠ geometry')}"
    return shown


def _status_badges(parcel):
    """The status as a badge in its map colour, and a mark where the recorded area
    differs from the geometry's."""
    shown = status_badge(parcel)
    if parcel.area_mismatch:
        mark = format_html(
            '<span class="badge bg-yellow-lt" data-testid="area-mismatch">{}</span>',
            _("area ≠ geometry"),
        )
        shown = format_html("{} {}", shown, mark)
    return shown


class ParcelTable(Table):
    columns = (
        Col(_("parcel code"), lambda p: p.code, order="code", link=True, css="text-nowrap"),
        Col(_("name"), lambda p: p.name, order="name", link=True),
        Col(_("phase"), lambda p: str(p.phase or ""), order="phase"),
        Col(_("area (m²)"), lambda p: num(p.area), order="area", css="text-end text-nowrap"),
        Col(_("area (mu)"), lambda p: mu(p.area, 1), css="text-end text-nowrap"),
        # the area the geometry gives is on the parcel's page; the list marks a parcel
        # whose recorded area differs from it (its status's badge)
        Col(_("status"), _status, order="status", css="text-nowrap", html=_status_badges),
        Col(_("owner / land user"), lambda p: p.owner_name, order="owner", css=NAME),
        Col(_("planned use"), lambda p: p.get_planned_use_display()),
        Col(_("certificate"), lambda p: p.get_certificate_status_display()),
        Col(
            _("low-efficiency type"),
            lambda p: p.get_low_efficiency_display() if p.low_efficiency else "",
        ),
    )

    @staticmethod
    def url(parcel):
        return reverse("land-parcel", args=[parcel.pk])


def served_name(approval) -> str:
    """The project the approval serves, as the list's reader may see it (the rows come
    marked by visible_to and annotated by the filterset)."""
    link = contributions.APPROVAL_SERVES()
    return link.shown_name(None, approval) if link is not None else ""


class ApprovalTable(Table):
    columns = (
        # the rows come marked by visible_to: no user needed to hide what is secret
        Col(_("name"), lambda a: shown(None, a, "name"), order="name", link=True),
        Col(_("kind"), lambda a: a.get_kind_display(), order="kind"),
        Col(_("document number"), lambda a: a.reference),
        Col(_("status"), lambda a: a.get_status_display(), order="status", css="text-nowrap"),
        Col(
            _("requested area (m²)"),
            lambda a: num(a.requested_area),
            order="requested_area",
            css="text-end text-nowrap",
        ),
        Col(
            _("approved area (m²)"),
            lambda a: num(a.approved_area),
            order="approved_area",
            css="text-end text-nowrap",
        ),
        Col(_("submitted on"), lambda a: _date(a.submitted_on), order="submitted_on"),
        Col(_("decided on"), lambda a: _date(a.decided_on), order="decided_on"),
        Col(_("project"), lambda a: served_name(a)),
        Col(_("approving authority"), lambda a: a.authority),
    )

    @staticmethod
    def url(approval):
        return reverse("land-approval", args=[approval.pk])


def occupancy(building) -> str:
    total = building.units_area
    return percent(building.occupied_area / total) if total else ""


class BuildingTable(Table):
    columns = (
        Col(_("building code"), lambda b: b.code, order="code", link=True),
        Col(_("name"), lambda b: b.name, order="name", link=True),
        Col(_("kind"), lambda b: b.get_kind_display(), order="kind"),
        Col(_("parcel"), lambda b: b.parcel.code if b.parcel else ""),
        Col(_("floors"), lambda b: b.floors, css="text-end"),
        Col(
            _("floor area (m²)"),
            lambda b: num(b.floor_area, 2),
            order="floor_area",
            css="text-end text-nowrap",
        ),
        Col(_("units"), lambda b: b.unit_count, css="text-end"),
        # what is let shows as the occupancy rate; the building's page lists each unit,
        # let or reserved
        Col(
            _("vacant (m²)"),
            lambda b: num(b.vacant_area, 2),
            order="vacant_area",
            css="text-end text-nowrap",
        ),
        Col(_("occupancy rate"), occupancy, css="text-end"),
        Col(_("rent guidance"), lambda b: b.rent_guidance),
        Col(_("contact"), lambda b: b.contact),
    )

    @staticmethod
    def url(building):
        return reverse("land-building", args=[building.pk])


class UnitTable(Table):
    columns = (
        Col(_("building code"), lambda u: u.building.code, order="building", link=True),
        Col(pgettext_lazy("building", "unit"), lambda u: u.code, order="code"),
        Col(_("floor"), lambda u: u.floor, order="floor", css="text-end"),
        Col(_("area (m²)"), lambda u: num(u.area, 2), order="area", css="text-end text-nowrap"),
        Col(_("status"), lambda u: u.get_status_display(), order="status", css="text-nowrap"),
        Col(_("tenant"), lambda u: u.tenant.name if u.tenant else ""),
        Col(_("reserved for"), lambda u: u.reserved_for),
        Col(_("lease until"), lambda u: _date(u.lease_until)),
    )

    @staticmethod
    def url(unit):
        return reverse("land-building", args=[unit.building_id])
