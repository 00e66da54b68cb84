"""Parcels (宗地): recording and editing them with their geometry (normalised, its area
and bounding box kept, the recorded area checked against it), the idle rule of 2012
(the status is derived, never typed), overlaps with the park's other parcels (refused
unless confirmed), and their constraints and tenants (whose areas may not add up to
more than the parcel's unless confirmed). Confirmations go into the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from parkbase.core.models import Park
from parkbase.core.need_to_know import guard_write
from parkbase.core.rules import (
    choice,
    not_before,
    percent,
    required_text,
    same_park,
    unknown_fields,
)
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, SYSTEM_WORK, UNDER_PARENT
from parkbase.core.violations import Violation
from parkbase.core.write import delete, delete_locked, locked, refuse, save, save_edit
from parkbase.core.write import today as local_today
from parkbase.land import engine
from parkbase.land.choices import (
    CertificateStatus,
    ConstraintKind,
    LandUse,
    LowEfficiency,
    Ownership,
    ParcelStatus,
    UseStatus,
)
from parkbase.land.models import Constraint, Parcel, Tenancy
from parkbase.land.services.rules import m2, positive

PARCEL_FIELDS = (
    "code",
    "name",
    "location",
    "phase",
    "area",
    "geometry",
    "ownership",
    "owner_name",
    "owner_enterprise",
    "planned_use",
    "current_use",
    "certificate_status",
    "certificate_no",
    "use_status",
    "contract_signed_on",
    "agreed_start_on",
    "started_on",
    "halted_since",
    "invested_share",
    "developed_share",
    "low_efficiency",
    "price_guidance",
    "contact",
    "note",
)
TEXT_FIELDS = (
    "code",
    "name",
    "location",
    "owner_name",
    "certificate_no",
    "price_guidance",
    "contact",
    "note",
    "current_use",
    "low_efficiency",
)
GEOMETRY_DERIVED = ("geometry_area", "min_lon", "min_lat", "max_lon", "max_lat")
IDLE_INPUTS = ("agreed_start_on", "started_on", "halted_since", "invested_share", "developed_share")
CONSTRAINT_FIELDS = ("kind", "description", "authority", "since", "resolved_on")
TENANCY_FIELDS = ("area", "since", "until", "note")
OVERLAP_REASON = "确认与其他宗地重叠 / overlap confirmed: {others}"
EXCESS_REASON = "确认承租面积超出宗地面积 / tenants' area above the parcel's confirmed: {total}"
IDLE_REASON = "闲置认定重新计算 / idle rule re-applied"
# how these reasons read in the history (the part before ": " is the code)
CHANGE_SOURCES = {
    OVERLAP_REASON.split(":")[0]: _("overlap with other parcels confirmed: %(detail)s"),
    EXCESS_REASON.split(":")[0]: _("tenants' area above the parcel's confirmed: %(detail)s"),
    IDLE_REASON: _("idle status re-applied by the rule"),
}


# ---------------------------------------------------------------- checks


def parcel_violations(values: dict, *, park, current: Parcel | None) -> list[Violation]:
    found = required_text(values, "code", "name")
    found += positive(values, "area")
    found += choice(values, "ownership", Ownership)
    found += choice(values, "planned_use", LandUse)
    found += choice(values, "current_use", LandUse, blank=True)
    found += choice(values, "certificate_status", CertificateStatus)
    found += choice(values, "low_efficiency", LowEfficiency, blank=True)
    if values.get("use_status") == ParcelStatus.IDLE:
        found.append(Violation("use_status", "idle_computed"))
    else:
        found += choice(values, "use_status", UseStatus)
    found += percent(values, "invested_share", "developed_share")
    found += same_park(values, park, "phase", "owner_enterprise")
    found += not_before(values, "started_on", "contract_signed_on")
    found += not_before(values, "halted_since", "started_on")
    if values.get("halted_since") is not None and values.get("started_on") is None:
        found.append(Violation("started_on", "required_with", {"other": "halted_since"}))
    code = (values.get("code") or "").strip()
    if code:
        same_code = Parcel.objects.unscoped(RULE_CHECK).filter(park=park, code=code)
        if current is not None:
            same_code = same_code.exclude(pk=current.pk)
        other = same_code.first()
        if other is not None:
            found.append(Violation("code", "duplicate", {"value": code, "other": str(other)}))
    return found


def read_shape(value) -> tuple[engine.Shape | None, list[Violation]]:
    """The normalised shape of what was given, or None for no geometry."""
    if value is None or (isinstance(value, str) and not value.strip()) or value == {}:
        return None, []
    return engine.read_geometry(value, "geometry")


def overlapping(park, shape: engine.Shape, exclude_pk=None) -> list[tuple[str, float]]:
    """(code, m²) of the park's parcels the shape overlaps: candidates whose bounding
    box meets the shape's (in SQL), then the exact test (in the engine)."""
    min_lon, min_lat, max_lon, max_lat = shape.bbox
    candidates = Parcel.objects.unscoped(RULE_CHECK).filter(
        park=park,
        min_lon__lte=max_lon,
        max_lon__gte=min_lon,
        min_lat__lte=max_lat,
        max_lat__gte=min_lat,
    )
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    others = ((code, geometry) for code, geometry in candidates.values_list("code", "geometry"))
    return engine.overlaps(shape.geometry, others)


def describe_overlaps(found: list[tuple[str, float]]) -> str:
    return "、".join(f"{code} ({m2(area)})" for code, area in sorted(found, key=lambda f: f[0]))


# ---------------------------------------------------------------- derived values


def apply_shape(parcel: Parcel, shape: engine.Shape | None) -> None:
    if shape is None:
        parcel.geometry = None
        for name in GEOMETRY_DERIVED:
            setattr(parcel, name, None)
        parcel.geometry_warnings = ()
        return
    parcel.geometry = shape.geometry
    parcel.geometry_area = Decimal(str(round(shape.area, 2)))
    parcel.min_lon, parcel.min_lat, parcel.max_lon, parcel.max_lat = shape.bbox
    parcel.geometry_warnings = tuple(shape.warnings)


def idle_finding(parcel: Parcel, on: dt.date) -> engine.IdleFinding:
    return engine.idle_finding(today=on, **{name: getattr(parcel, name) for name in IDLE_INPUTS})


def derive(parcel: Parcel, on: dt.date) -> None:
    """The stored values that follow from the others: the area check, the status."""
    parcel.area_mismatch = bool(
        parcel.geometry_area is not None
        and parcel.area
        and engine.area_check(parcel.area, parcel.geometry_area) is not None
    )
    finding = idle_finding(parcel, on)
    parcel.status = engine.parcel_status(parcel.use_status, finding)
    idle = parcel.status == ParcelStatus.IDLE
    parcel.idle_reason = finding.reason if idle else ""
    parcel.idle_since = finding.since if idle else None


def _apply(parcel: Parcel, values: dict) -> None:
    for name in PARCEL_FIELDS:
        if name in values and name != "geometry":
            value = values[name]
            if name in TEXT_FIELDS and value is None:
                value = ""
            setattr(parcel, name, value.strip() if isinstance(value, str) else value)


def _values_of(parcel: Parcel) -> dict:
    return {name: getattr(parcel, name) for name in PARCEL_FIELDS}


# ---------------------------------------------------------------- parcels


def _save_parcel(
    parcel, values, *, park, current, user, on, confirm_overlap, confirm_excess=False
) -> Parcel:
    merged = (_values_of(current) if current is not None else {}) | values
    problems = parcel_violations(merged, park=park, current=current)
    shape, shape_given = None, "geometry" in values
    if shape_given:
        shape, errors = read_shape(values["geometry"])
        problems += errors
    refuse(problems, Parcel)
    reason = ""
    if shape is not None:
        # one outline at a time per park: two parcels drawn at once must see each other
        Park.objects.unscoped(FOR_WRITE).select_for_update().filter(pk=park.pk).first()
        found = overlapping(park, shape, exclude_pk=current.pk if current else None)
        if found:
            others = describe_overlaps(found)
            if not confirm_overlap:
                refuse([Violation("geometry", "parcel_overlap", {"others": others})], Parcel)
            reason = OVERLAP_REASON.format(others=others)
    if current is not None and "area" in values and values["area"] != current.area:
        tenants = list(
            Tenancy.objects.unscoped(UNDER_PARENT)
            .filter(parcel=current)
            .values_list("area", flat=True)
        )
        over = engine.tenants_over(values["area"], tenants)
        if over is not None:
            if not confirm_excess:
                refuse([over], Parcel)
            excess = EXCESS_REASON.format(total=m2(sum(tenants, Decimal(0))))
            reason = f"{reason}; {excess}" if reason else excess
    _apply(parcel, values)
    if shape_given:
        apply_shape(parcel, shape)
    derive(parcel, on or local_today())
    save(parcel, user, reason)
    return parcel


@transaction.atomic
def parcel_create(*, park, user=None, today=None, confirm_overlap=False, **fields) -> Parcel:
    """Record a parcel. ``geometry`` may be GeoJSON (a dict or its text) or empty."""
    unknown_fields(fields, PARCEL_FIELDS)
    fields.setdefault("ownership", Ownership.STATE)
    fields.setdefault("planned_use", LandUse.INDUSTRIAL)
    fields.setdefault("certificate_status", CertificateStatus.NONE)
    fields.setdefault("use_status", UseStatus.IN_USE)
    parcel = Parcel(
        park=park, created_by=user if getattr(user, "is_authenticated", False) else None
    )
    return _save_parcel(
        parcel,
        fields,
        park=park,
        current=None,
        user=user,
        on=today,
        confirm_overlap=confirm_overlap,
    )


@transaction.atomic
def parcel_update(
    *,
    parcel,
    expected_version,
    user=None,
    today=None,
    confirm_overlap=False,
    confirm_excess=False,
    **fields,
) -> Parcel:
    """Change a parcel; the overlap check runs when its geometry changes, the tenants'
    check when its area does (an area below what its tenants occupy needs
    ``confirm_excess``)."""
    unknown_fields(fields, PARCEL_FIELDS)
    current = locked(Parcel, parcel.pk, expected_version)
    fields = guard_write(user, current, fields)  # need-to-know: outsiders' changes
    if "geometry" in fields and _same_geometry(current, fields["geometry"]):
        fields.pop("geometry")
    current.version += 1
    return _save_parcel(
        current,
        fields,
        park=current.park,
        current=current,
        user=user,
        on=today,
        confirm_overlap=confirm_overlap,
        confirm_excess=confirm_excess,
    )


def _same_geometry(parcel: Parcel, value) -> bool:
    """Whether ``value`` is the stored geometry again (a form posts it back as text)."""
    if value in (None, "", {}):
        return parcel.geometry is None
    shape, errors = read_shape(value)
    return not errors and shape is not None and shape.geometry == parcel.geometry


@transaction.atomic
def parcel_delete(*, parcel, expected_version, user=None) -> None:
    """Delete a parcel with its constraints and tenancies (each in the audit trail). A
    parcel that buildings, redevelopment decisions or approvals name is refused: the
    database would drop those links without a trace in their histories."""
    current = locked(Parcel, parcel.pk, expected_version)
    links = {
        "buildings": current.buildings.count(),
        "decisions": current.decisions.count(),
        "approvals": current.approvals.count(),
    }
    if any(links.values()):
        refuse([Violation("parcel", "parcel_linked", links)], Parcel)
    delete(current, user)


@transaction.atomic
def refresh_idle(*, park=None, today=None) -> int:
    """Re-apply the idle rule to every parcel (of ``park``): whether land is idle
    depends on today's date. Returns how many parcels changed."""
    on = today or local_today()
    parcels = Parcel.objects.unscoped(SYSTEM_WORK).order_by("pk")
    if park is not None:
        parcels = parcels.filter(park=park)
    fields = ("pk", "use_status", "status", "idle_reason", "idle_since", *IDLE_INPUTS)
    changed = []
    for row in parcels.values(*fields).iterator(chunk_size=2000):
        finding = engine.idle_finding(today=on, **{n: row[n] for n in IDLE_INPUTS})
        status = engine.parcel_status(row["use_status"], finding)
        idle = status == ParcelStatus.IDLE
        new = (status, finding.reason if idle else "", finding.since if idle else None)
        if new != (row["status"], row["idle_reason"], row["idle_since"]):
            changed.append((row["pk"], new))
    if not changed:
        return 0
    updates = dict(changed)
    objects = list(Parcel.objects.unscoped(SYSTEM_WORK).filter(pk__in=updates))
    for parcel in objects:
        parcel.status, parcel.idle_reason, parcel.idle_since = updates[parcel.pk]
    bulk_update_with_history(
        objects,
        Parcel,
        ["status", "idle_reason", "idle_since"],
        batch_size=500,
        default_change_reason=IDLE_REASON,
    )
    return len(objects)


# ---------------------------------------------------------------- constraints


def _constraint_violations(values: dict) -> list[Violation]:
    found = choice(values, "kind", ConstraintKind)
    found += not_before(values, "resolved_on", "since")
    return found


def _apply_part(obj, names, values) -> None:
    for name in names:
        if name in values:
            value = values[name]
            if value is None and name in ("description", "authority", "note"):
                value = ""
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def constraint_add(*, parcel, user=None, **fields) -> Constraint:
    unknown_fields(fields, CONSTRAINT_FIELDS)
    refuse(_constraint_violations(fields), Constraint)
    constraint = Constraint(parcel=parcel)
    _apply_part(constraint, CONSTRAINT_FIELDS, fields)
    save(constraint, user)
    return constraint


@transaction.atomic
def constraint_update(*, constraint, expected_version, user=None, **fields) -> Constraint:
    unknown_fields(fields, CONSTRAINT_FIELDS)
    current = locked(Constraint, constraint.pk, expected_version)
    fields = guard_write(user, current, fields)  # need-to-know: outsiders' changes
    merged = {n: getattr(current, n) for n in CONSTRAINT_FIELDS} | fields
    refuse(_constraint_violations(merged), Constraint)
    _apply_part(current, CONSTRAINT_FIELDS, fields)
    save_edit(current, user)
    return current


@transaction.atomic
def constraint_delete(*, constraint, expected_version, user=None) -> None:
    delete_locked(Constraint, constraint.pk, expected_version, user)


# ---------------------------------------------------------------- tenancies


def _tenancy_violations(values: dict, parcel: Parcel, current: Tenancy | None) -> list[Violation]:
    found = positive(values, "area")
    found += not_before(values, "until", "since")
    enterprise = values.get("enterprise")
    if enterprise is None:
        found.append(Violation("enterprise", "required"))
    elif enterprise.park_id != parcel.park_id:
        found.append(Violation("enterprise", "other_park", {"value": enterprise.name}))
    else:
        others = Tenancy.objects.unscoped(RULE_CHECK).filter(parcel=parcel, enterprise=enterprise)
        if current is not None:
            others = others.exclude(pk=current.pk)
        if others.exists():
            found.append(
                Violation(
                    "enterprise", "duplicate", {"value": enterprise.name, "other": str(parcel)}
                )
            )
    return found


def _excess(parcel: Parcel, area, current: Tenancy | None, confirm: bool) -> str:
    """Refuse tenants' areas adding up above the parcel's unless confirmed; the audit
    reason when confirmed."""
    others = Tenancy.objects.unscoped(RULE_CHECK).filter(parcel=parcel)
    if current is not None:
        others = others.exclude(pk=current.pk)
    areas = [*others.values_list("area", flat=True), area]
    over = engine.tenants_over(parcel.area, areas)
    if over is None:
        return ""
    if not confirm:
        refuse([over], Tenancy)
    return EXCESS_REASON.format(total=m2(sum(Decimal(a) for a in areas)))


@transaction.atomic
def tenancy_add(*, parcel, enterprise, area, user=None, confirm_excess=False, **fields) -> Tenancy:
    """An enterprise occupying part of a parcel (of its own park)."""
    unknown_fields(fields, TENANCY_FIELDS)
    parcel = (
        Parcel.objects.unscoped(FOR_WRITE).select_for_update().get(pk=parcel.pk)
    )  # one at a time
    values = fields | {"enterprise": enterprise, "area": area}
    refuse(_tenancy_violations(values, parcel, None), Tenancy)
    reason = _excess(parcel, area, None, confirm_excess)
    tenancy = Tenancy(parcel=parcel, enterprise=enterprise)
    _apply_part(tenancy, TENANCY_FIELDS, values)
    save(tenancy, user, reason)
    return tenancy


@transaction.atomic
def tenancy_update(
    *, tenancy, expected_version, user=None, confirm_excess=False, **fields
) -> Tenancy:
    unknown_fields(fields, (*TENANCY_FIELDS, "enterprise"))
    parcel = Parcel.objects.unscoped(FOR_WRITE).select_for_update().get(pk=tenancy.parcel_id)
    current = locked(
        Tenancy.objects.select_related("enterprise"),
        tenancy.pk,
        expected_version,
    )
    merged = {n: getattr(current, n) for n in (*TENANCY_FIELDS, "enterprise")} | fields
    refuse(_tenancy_violations(merged, parcel, current), Tenancy)
    reason = _excess(parcel, merged["area"], current, confirm_excess)
    _apply_part(current, (*TENANCY_FIELDS, "enterprise"), fields)
    save_edit(current, user, reason)
    return current


@transaction.atomic
def tenancy_delete(*, tenancy, expected_version, user=None) -> None:
    delete_locked(Tenancy, tenancy.pk, expected_version, user)
