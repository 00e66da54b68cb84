"""What the park can offer investors (招商资源): available land and vacant building space.

Available land is
* every parcel whose status is idle or reserve, and
* the land a redevelopment decision (腾笼换鸟) has freed: decisions that are done and
  record ``land_freed``; on the parcel they name, or "not yet mapped to a parcel".
A parcel that is available and also freed by a decision appears once, with the decision.

Vacant space is the vacant units of each building, grouped by building.

Everything comes through ``visible_to``: parcels, buildings and units as land records,
decisions through their own scope, and only for users who see land at all (a
department's user sees its enterprises' decisions, but no land)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from parkbase.core import contributions
from parkbase.core.need_to_know import annotate, shown
from parkbase.core.scoping import role_sees_model
from parkbase.core.units import MU_M2, in_mu
from parkbase.land.choices import ParcelStatus, UnitStatus
from parkbase.land.models import Building, Constraint, Parcel, Unit
from parkbase.land.selectors import with_space

AVAILABLE_STATUSES = (ParcelStatus.IDLE, ParcelStatus.RESERVE)


@dataclass
class LandSite:
    """One row of available land: a parcel (available, or freed by a decision), or
    freed land no parcel is recorded for yet."""

    parcel: Parcel | None
    area: Decimal
    decisions: list = field(default_factory=list)

    @property
    def areain_mu(self) -> Decimal:
        return self.area / MU_M2

    @property
    def freed(self) -> bool:
        return bool(self.decisions)

    @property
    def mapped(self) -> bool:
        return self.parcel is not None

    @property
    def phase(self):
        if self.parcel is not None:
            return self.parcel.phase
        return self.decisions[0].enterprise.phase if self.decisions else None

    @property
    def constraints(self) -> list:
        return list(getattr(self.parcel, "open_constraints", [])) if self.parcel else []


@dataclass
class Inventory:
    land: list[LandSite]
    buildings: list  # Building rows with vacant_area and vacant_units

    @property
    def land_area(self) -> Decimal:
        return sum((s.area for s in self.land), Decimal(0))

    @property
    def vacant_area(self) -> Decimal:
        return sum((b.vacant_area for b in self.buildings), Decimal(0))


def _open_constraints(user, lookup: str = "constraints"):
    """The open constraints, marked for need-to-know as ``user`` reads them."""
    constraints = Constraint.objects.filter(resolved_on__isnull=True).order_by("id")
    return Prefetch(lookup, queryset=annotate(constraints, user), to_attr="open_constraints")


def _in_range(area, min_area, max_area) -> bool:
    return (min_area is None or area >= min_area) and (max_area is None or area <= max_area)


def freed_decisions(user, parcel=None) -> list:
    """Done decisions that freed land (contributed by evaluation), newest first, as the
    user may see them; on ``parcel`` only, when given; none for users who do not see
    land."""
    if not role_sees_model(user, Parcel):
        return []
    return list(contributions.LAND_FREED(user, parcel=parcel))


def available_land(user, *, min_area=None, max_area=None, use="", phase=None) -> list[LandSite]:
    parcels = Parcel.objects.visible_to(user)
    decisions = freed_decisions(user)
    freed_parcel_ids = {d.parcel_id for d in decisions if d.parcel_id}
    rows = (
        parcels.filter(Q(status__in=AVAILABLE_STATUSES) | Q(pk__in=freed_parcel_ids))
        .select_related("phase", "park")
        .defer("geometry")  # the list never draws the outlines
        .prefetch_related(_open_constraints(user))
        .order_by("code", "id")
    )
    sites = {p.pk: LandSite(parcel=p, area=p.area) for p in rows}
    unmapped = []
    for decision in decisions:
        site = sites.get(decision.parcel_id)
        if site is None:
            # no parcel named (or one the user does not see): not yet mapped
            unmapped.append(LandSite(parcel=None, area=decision.land_freed, decisions=[decision]))
            continue
        site.decisions.append(decision)
    for site in sites.values():
        if site.parcel.status not in AVAILABLE_STATUSES:
            # an in-use parcel is listed only for the land its decisions freed
            site.area = sum((d.land_freed for d in site.decisions), Decimal(0))
    found = []
    for site in [*sites.values(), *unmapped]:
        if not _in_range(site.area, min_area, max_area):
            continue
        if use and (site.parcel is None or site.parcel.planned_use != use):
            continue
        if phase is not None and getattr(site.phase, "pk", None) != phase.pk:
            continue
        found.append(site)
    return found


def vacant_space(user, *, min_area=None, max_area=None, phase=None) -> list:
    buildings = with_space(Building.objects.visible_to(user)).filter(vacant_area__gt=0)
    if min_area is not None:
        buildings = buildings.filter(vacant_area__gte=min_area)
    if max_area is not None:
        buildings = buildings.filter(vacant_area__lte=max_area)
    if phase is not None:
        buildings = buildings.filter(parcel__phase=phase)
    vacant = Unit.objects.filter(status=UnitStatus.VACANT).order_by("floor", "code", "id")
    return list(
        buildings.select_related("parcel", "parcel__phase", "park")
        .defer("parcel__geometry")
        .prefetch_related(
            Prefetch("units", queryset=vacant, to_attr="vacant_units"),
            _open_constraints(user, "parcel__constraints"),
        )
        .order_by("code", "id")
    )


def inventory(user, *, min_area=None, max_area=None, use="", phase=None) -> Inventory:
    land = available_land(user, min_area=min_area, max_area=max_area, use=use, phase=phase)
    buildings = vacant_space(user, min_area=min_area, max_area=max_area, phase=phase)
    return Inventory(land=land, buildings=buildings)


# ---------------------------------------------------------------- export


def _m2(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def constraints_text(constraints) -> str:
    parts = []
    for c in constraints:
        text = str(c.get_kind_display())
        if c.description:
            text += f": {shown(None, c, 'description')}"  # marked by _open_constraints
        parts.append(text)
    return "; ".join(parts)


def decisions_text(decisions) -> str:
    return "; ".join(
        f"{d.enterprise.name} · {d.get_kind_display()} · {d.completed_on or ''} · "
        f"{_m2(d.land_freed)} m²"
        for d in decisions
    )


def export_rows(found: Inventory) -> tuple[list[str], list[list]]:
    headers = [
        str(h)
        for h in (
            _("kind of site"),
            _("code"),
            _("name"),
            _("location"),
            _("phase"),
            _("area (m²)"),
            _("area (mu)"),
            _("use"),
            _("status"),
            _("certificate"),
            _("constraints"),
            _("price or rent guidance"),
            _("contact"),
            _("redevelopment decisions"),
            _("vacant units"),
        )
    ]
    rows = []
    for site in found.land:
        p = site.parcel
        if p is None:
            d = site.decisions[0]
            kind = _("freed land, not yet mapped to a parcel")
            values = ["", d.enterprise.name, "", str(site.phase or ""), "", "", "", "", "", ""]
        else:
            kind = _("freed land") if site.freed else _("available parcel")
            certificate = str(p.get_certificate_status_display())
            if p.certificate_no:
                certificate += f" {p.certificate_no}"
            values = [
                p.code,
                p.name,
                p.location,
                str(p.phase or ""),
                str(p.get_planned_use_display()),
                str(p.get_status_display()),
                certificate,
                constraints_text(site.constraints),
                p.price_guidance,
                p.contact,
            ]
        code, name, location, phase, use, status, cert, cons, price, contact = values
        rows.append(
            [
                str(kind),
                code,
                name,
                location,
                phase,
                _m2(site.area),
                in_mu(site.area),
                use,
                status,
                cert,
                cons,
                price,
                contact,
                decisions_text(site.decisions),
                "",
            ]
        )
    for b in found.buildings:
        parcel = b.parcel
        units = ", ".join(f"{u.code} ({u.floor}F, {_m2(u.area)} m²)" for u in b.vacant_units)
        rows.append(
            [
                str(_("vacant building space")),
                b.code,
                b.name,
                parcel.location if parcel else "",
                str(parcel.phase or "") if parcel else "",
                _m2(b.vacant_area),
                in_mu(b.vacant_area),
                str(b.get_kind_display()),
                "",
                "",
                constraints_text(getattr(parcel, "open_constraints", [])) if parcel else "",
                b.rent_guidance,
                b.contact,
                "",
                units,
            ]
        )
    return headers, rows
