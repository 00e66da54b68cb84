"""Buildings (标准厂房 and others) and their lettable units.

Every write checks its rules and reports each broken one as a ``Violation`` naming the
field; nothing is written unless all hold. Edits name the version they started from
(``expected_version``) and are refused when the record moved on. Unit writes lock their
building row, so two people adding units at once cannot together exceed its floor area.
Units are on floors 1 to the building's ``floors``: basements are not recorded."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext_lazy as _

from parkbase.core.rules import choice, required, unique_code
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, UNDER_PARENT
from parkbase.core.violations import Violation
from parkbase.core.write import delete, delete_locked, locked, refuse, save, save_edit
from parkbase.land import engine
from parkbase.land.choices import BuildingKind, UnitStatus
from parkbase.land.models import Building, Unit

MAX_FLOORS = 200  # above the tallest building in China

BUILDING_FIELDS = (
    "parcel",
    "code",
    "name",
    "kind",
    "floors",
    "floor_area",
    "completed_year",
    "rent_guidance",
    "contact",
    "note",
)
UNIT_FIELDS = (
    "code",
    "floor",
    "area",
    "status",
    "tenant",
    "reserved_for",
    "rent",
    "lease_from",
    "lease_until",
    "note",
)
ZERO = Decimal(0)


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _number(values: dict, name: str, *, positive: bool = False) -> list[Violation]:
    value = values.get(name)
    if value is None:
        return []
    if not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
        return [Violation(name, "not_a_number", {"value": value})]
    if positive and value <= 0:
        return [Violation(name, "positive", {"value": value})]
    if value < 0:
        return [Violation(name, "negative", {"value": value})]
    return []


def _fmt(value) -> str:
    return f"{Decimal(value):,.2f}"


# ---------------------------------------------------------------- buildings


def _building_check(values: dict, park_id: int, current: Building | None) -> list[Violation]:
    found = required(values, "code", "name", "floor_area")
    found += choice(values, "kind", BuildingKind)
    found += _number(values, "floor_area", positive=True)
    floors = values.get("floors")
    if floors is None:
        found.append(Violation("floors", "required"))
    elif not isinstance(floors, int) or floors < 1:
        found.append(Violation("floors", "positive", {"value": floors}))
    elif floors > MAX_FLOORS:
        found.append(Violation("floors", "too_many_floors", {"value": floors, "max": MAX_FLOORS}))
    year = values.get("completed_year")
    if year is not None and not 1900 <= year <= 2100:
        found.append(
            Violation("completed_year", "year_range", {"value": year, "min": 1900, "max": 2100})
        )
    parcel = values.get("parcel")
    if parcel is not None and parcel.park_id != park_id:
        found.append(Violation("parcel", "other_park", {"value": str(parcel)}))
    found += unique_code(
        values,
        Building.objects.unscoped(RULE_CHECK).filter(park_id=park_id),
        current,
        _("another building of this park"),
    )
    if current is not None:
        units = current.units.aggregate(total=Sum("area"), top=Max("floor"))
        total, top = units["total"] or ZERO, units["top"]
        area = values.get("floor_area")
        if isinstance(area, Decimal | int) and ZERO < area < total:
            found.append(
                Violation(
                    "floor_area", "floor_area_below_units", {"value": area, "total": _fmt(total)}
                )
            )
        if isinstance(floors, int) and top is not None and 1 <= floors < top:
            found.append(Violation("floors", "floors_below_units", {"value": floors, "max": top}))
    return found


def building_create(*, park, user=None, **values) -> Building:
    values.setdefault("kind", BuildingKind.STANDARD_FACTORY)
    values.setdefault("floors", 1)
    with transaction.atomic():
        refuse(_building_check(values, park.pk, None), Building)
        building = Building(park=park)
        for name in BUILDING_FIELDS:
            if name in values:
                setattr(building, name, _clean(values[name]))
        save(building, user)
    return building


def building_update(*, building: Building, expected_version, user=None, **values) -> Building:
    with transaction.atomic():
        current = locked(Building, building.pk, expected_version)
        merged = {k: getattr(current, k) for k in BUILDING_FIELDS} | values
        refuse(_building_check(merged, current.park_id, current), Building)
        for name in BUILDING_FIELDS:
            if name in values:
                setattr(current, name, _clean(values[name]))
        save_edit(current, user)
    return current


def building_delete(*, building: Building, expected_version, user=None) -> None:
    """Delete a building and its units; each unit's deletion is in the audit trail
    with the user, like the building's."""
    with transaction.atomic():
        current = locked(Building, building.pk, expected_version)
        for unit in Unit.objects.unscoped(FOR_WRITE).filter(building=current):
            delete(unit, user)
        delete(current, user)


# ---------------------------------------------------------------- units


def _unit_check(values: dict, building: Building, current: Unit | None) -> list[Violation]:
    found = required(values, "code", "area")
    found += choice(values, "status", UnitStatus)
    found += _number(values, "area", positive=True)
    found += _number(values, "rent")
    floor = values.get("floor")
    if floor is None:
        found.append(Violation("floor", "required"))
    elif not isinstance(floor, int) or not 1 <= floor <= building.floors:
        found.append(Violation("floor", "floor_range", {"value": floor, "max": building.floors}))
    found += unique_code(
        values,
        Unit.objects.unscoped(UNDER_PARENT).filter(building=building),
        current,
        _("another unit of this building"),
    )
    status, tenant = values.get("status"), values.get("tenant")
    status_label = UnitStatus(status).label if status in UnitStatus.values else status
    if status == UnitStatus.OCCUPIED and tenant is None:
        found.append(Violation("tenant", "required_for_status", {"value": status_label}))
    if status in (UnitStatus.VACANT, UnitStatus.RESERVED) and tenant is not None:
        found.append(Violation("tenant", "tenant_not_occupied", {"value": status_label}))
    if tenant is not None and tenant.park_id != building.park_id:
        found.append(Violation("tenant", "other_park", {"value": str(tenant)}))
    if status == UnitStatus.RESERVED and not (values.get("reserved_for") or "").strip():
        found.append(Violation("reserved_for", "required_for_status", {"value": status_label}))
    start, end = values.get("lease_from"), values.get("lease_until")
    if start and end and end < start:
        found.append(Violation("lease_until", "before", {"value": end, "other": "lease_from"}))
    area = values.get("area")
    if isinstance(area, Decimal | int) and area > 0:
        others = Unit.objects.unscoped(RULE_CHECK).filter(building=building)
        if current is not None:
            others = others.exclude(pk=current.pk)
        total = (others.aggregate(total=Sum("area"))["total"] or ZERO) + area
        if total > building.floor_area:
            found.append(
                Violation(
                    "area",
                    "units_exceed_floor_area",
                    {"total": _fmt(total), "floor_area": _fmt(building.floor_area)},
                )
            )
    return found


def _locked_building(building_id) -> Building:
    return Building.objects.unscoped(FOR_WRITE).select_for_update().get(pk=building_id)


def unit_create(*, building: Building, user=None, **values) -> Unit:
    values.setdefault("status", UnitStatus.VACANT)
    values.setdefault("floor", 1)
    with transaction.atomic():
        building_row = _locked_building(building.pk)
        refuse(_unit_check(values, building_row, None), Unit)
        unit = Unit(building=building_row)
        for name in UNIT_FIELDS:
            if name in values:
                setattr(unit, name, _clean(values[name]))
        save(unit, user)
    return unit


def unit_update(*, unit: Unit, expected_version, user=None, **values) -> Unit:
    with transaction.atomic():
        building_row = _locked_building(unit.building_id)
        current = locked(Unit, unit.pk, expected_version)
        merged = {k: getattr(current, k) for k in UNIT_FIELDS} | values
        refuse(_unit_check(merged, building_row, current), Unit)
        for name in UNIT_FIELDS:
            if name in values:
                setattr(current, name, _clean(values[name]))
        save_edit(current, user)
    return current


def unit_delete(*, unit: Unit, expected_version, user=None) -> None:
    with transaction.atomic():
        delete_locked(Unit, unit.pk, expected_version, user)


def letting_summary(building, *, from_units: bool) -> dict:
    """The letting totals of a building: from its units (one query), or from the sums
    the list annotated in SQL (``selectors.with_space``: no query at all)."""
    if from_units or not hasattr(building, "units_area"):
        rows = list(building.units.values_list("floor", "code", "area", "status"))
        count = len(rows)
    else:
        rows = [
            (0, status, getattr(building, f"{status}_area"), status)
            for status in engine.LETTING_STATUSES
        ]
        count = building.unit_count
    table = engine.letting_table(rows)
    return {
        "total_area": table.total_area,
        "occupied_area": table.totals["occupied"],
        "vacant_area": table.totals["vacant"],
        "reserved_area": table.totals["reserved"],
        "occupancy_rate": table.rates["occupied"] if table.total_area else None,
        "unit_count": count,
    }
