"""XLSX exports of the land lists (the same filter as the page)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from parkbase.core.need_to_know import shown
from parkbase.core.scoping import UNDER_PARENT
from parkbase.core.units import in_mu
from parkbase.land.models import Approval, Parcel
from parkbase.land.tables import idle_reason_text, served_name

CHUNK = 2000


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


PARCEL_COLUMNS = (
    "code",
    "name",
    "location",
    "phase",
    "area",
    "geometry_area",
    "area_mismatch",
    "status",
    "use_status",
    "idle_reason",
    "idle_since",
    "ownership",
    "owner_name",
    "owner_enterprise",
    "planned_use",
    "current_use",
    "certificate_status",
    "certificate_no",
    "low_efficiency",
    "contract_signed_on",
    "agreed_start_on",
    "started_on",
    "halted_since",
    "invested_share",
    "developed_share",
    "price_guidance",
    "contact",
    "note",
)


def parcel_rows(queryset):
    """Headers and rows of the parcel list export (areas in m², and in 亩)."""
    headers = [_label(Parcel, n) for n in PARCEL_COLUMNS]
    headers.insert(PARCEL_COLUMNS.index("area") + 1, _("area (mu)"))

    def cell(p: Parcel, name: str):
        if name == "phase":
            return p.phase.name if p.phase else ""
        if name == "owner_enterprise":
            return p.owner_enterprise.name if p.owner_enterprise else ""
        if name == "note":
            return shown(None, p, "note")  # the rows come marked by visible_to
        if name == "idle_reason":
            return idle_reason_text(p.idle_reason) if p.idle_reason else ""
        display = getattr(p, f"get_{name}_display", None)
        if display is not None:
            return display() if getattr(p, name) else ""
        return getattr(p, name)

    def rows():
        parcels = queryset.select_related("phase", "owner_enterprise").defer("geometry")
        parcels = parcels.order_by(*(queryset.query.order_by or ("code", "id")))
        for p in parcels.iterator(chunk_size=CHUNK):
            row = [cell(p, name) for name in PARCEL_COLUMNS]
            row.insert(PARCEL_COLUMNS.index("area") + 1, in_mu(p.area))
            yield row

    return headers, rows()


APPROVAL_COLUMNS = (
    "name",
    "kind",
    "reference",
    "authority",
    "status",
    "requested_area",
    "approved_area",
    "submitted_on",
    "decided_on",
    "project",
    "parcels",
    "note",
)


def approval_rows(queryset):
    # the project it serves is the projects' link, not a field of the approval
    headers = [_("project") if n == "project" else _label(Approval, n) for n in APPROVAL_COLUMNS]

    def rows():
        approvals = queryset.prefetch_related(
            Prefetch("parcels", queryset=Parcel.objects.unscoped(UNDER_PARENT).only("id", "code"))
        )
        for a in approvals.iterator(chunk_size=CHUNK):
            yield [
                shown(None, a, "name"),  # the rows come marked by visible_to
                a.get_kind_display(),
                a.reference,
                a.authority,
                a.get_status_display(),
                a.requested_area,
                a.approved_area,
                a.submitted_on,
                a.decided_on,
                served_name(a),
                "、".join(p.code for p in a.parcels.all()),
                shown(None, a, "note"),
            ]

    return headers, rows()
