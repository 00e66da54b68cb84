"""Writes of the indicators app, each through the core write path (lock, version check,
acting user, history) inside a transaction: the built-in library, indicators, values
entered by hand, responsible units, targets with their split by unit and month (all
or nothing), and key tasks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from parkbase.core.rules import choice, required, required_text, unique_code, unknown_fields
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.violations import Violation
from parkbase.core.write import delete, locked, refuse, save, save_edit, today
from parkbase.indicators import engine
from parkbase.indicators.choices import (
    DISPLAY_UNITS,
    ENTERPRISE_COMPUTATIONS,
    PROJECT_COMPUTATIONS,
    CanonicalUnit,
    Direction,
    KeyTaskStatus,
    MonthlyField,
    TargetKind,
    ValueSource,
)
from parkbase.indicators.models import (
    Indicator,
    KeyTask,
    ManualValue,
    ResponsibleUnit,
    Target,
    TargetMonth,
    TargetShare,
)
from parkbase.indicators.wording import amount_text, month_name

LIBRARY = Path(__file__).resolve().parent / "data" / "library.yaml"
INDICATOR_FIELDS = (
    "code",
    "name",
    "name_en",
    "unit",
    "display_unit",
    "definition",
    "direction",
    "source",
    "monthly_field",
    "computation",
    "value_source",
    "order",
    "active",
)


def factor(indicator: Indicator) -> Decimal:
    """What one display unit is in the stored unit (1 亿元 = 100,000,000 yuan)."""
    return Decimal(DISPLAY_UNITS.get(indicator.unit, {}).get(indicator.display_unit, 1))


# ------------------------------------------------------------------------ library


def library_definition(path: Path = LIBRARY) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@transaction.atomic
def library_ensure(park, user=None, path: Path = LIBRARY) -> int:
    """Give the park the built-in indicators it lacks (by code); the ones it has, edited
    or not, stay as they are. Returns how many were created."""
    have = set(
        Indicator.objects.unscoped(RULE_CHECK).filter(park=park).values_list("code", flat=True)
    )
    created = 0
    for order, item in enumerate(library_definition(path), start=1):
        if item["code"] in have:
            continue
        values = {k: item.get(k, "") for k in INDICATOR_FIELDS if k not in ("order", "active")}
        values["direction"] = values["direction"] or Direction.HIGHER
        save(Indicator(park=park, builtin=True, order=order * 10, **values), user)
        created += 1
    return created


# --------------------------------------------------------------------- indicators


def indicator_check(values: dict, park, current: Indicator | None = None) -> None:
    problems = required_text(values, "code", "name", "display_unit")
    problems += choice(values, "unit", CanonicalUnit)
    problems += choice(values, "direction", Direction)
    problems += choice(values, "source", ValueSource)
    problems += unique_code(
        values,
        Indicator.objects.unscoped(RULE_CHECK).filter(park=park),
        current,
        Indicator._meta.verbose_name,
    )
    unit, source = values.get("unit"), values.get("source")
    shown = values.get("display_unit")
    if unit in DISPLAY_UNITS and shown and shown not in DISPLAY_UNITS[unit]:
        allowed = ", ".join(DISPLAY_UNITS[unit])
        problems.append(
            Violation("display_unit", "unknown_choice", {"value": shown, "choices": allowed})
        )
    if source == ValueSource.MONTHLY:
        problems += choice(values, "monthly_field", MonthlyField)
    if source in (ValueSource.PROJECTS, ValueSource.ENTERPRISES):
        allowed = (
            PROJECT_COMPUTATIONS if source == ValueSource.PROJECTS else ENTERPRISE_COMPUTATIONS
        )
        computation = values.get("computation")
        if not computation:
            problems.append(Violation("computation", "required"))
        elif computation not in allowed:
            problems.append(
                Violation(
                    "computation",
                    "unknown_choice",
                    {"value": computation, "choices": ", ".join(str(c) for c in allowed)},
                )
            )
    if unit == CanonicalUnit.PERCENT and source and source != ValueSource.MANUAL:
        problems.append(Violation("source", "rate_by_hand", {"value": source}))
    refuse(problems, Indicator)


def _indicator_values(values: dict) -> dict:
    unknown_fields(values, INDICATOR_FIELDS)
    values = dict(values)
    for name in ("code", "name", "name_en", "display_unit", "value_source", "definition"):
        if values.get(name) is not None:
            values[name] = values[name].strip()
    # what does not apply to the source is not kept
    source = values.get("source")
    if source != ValueSource.MONTHLY:
        values["monthly_field"] = ""
    if source not in (ValueSource.PROJECTS, ValueSource.ENTERPRISES):
        values["computation"] = ""
    return values


@transaction.atomic
def indicator_create(*, park, user=None, **values) -> Indicator:
    values = _indicator_values(values)
    indicator_check(values, park)
    indicator = Indicator(park=park, **values)
    save(indicator, user)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, expected_version, user=None, **values) -> Indicator:
    values = _indicator_values(values)
    current = locked(Indicator, indicator.pk, expected_version)
    indicator_check(values, current.park, current)
    for name, value in values.items():
        setattr(current, name, value)
    save_edit(current, user)
    return current


@transaction.atomic
def indicator_delete(*, indicator: Indicator, expected_version, user=None) -> None:
    current = locked(Indicator, indicator.pk, expected_version)
    if current.builtin:
        refuse([Violation("code", "builtin_indicator", {"value": current.name})], Indicator)
    used = Target.objects.unscoped(RULE_CHECK).filter(indicator=current).count()
    used += ManualValue.objects.unscoped(RULE_CHECK).filter(indicator=current).count()
    if used:
        refuse(
            [
                Violation(
                    "code",
                    "still_referenced",
                    {
                        "value": current.name,
                        "count": used,
                        "kinds": Target._meta.verbose_name_plural,
                    },
                )
            ],
            Indicator,
        )
    delete(current, user)


# ------------------------------------------------------------ values entered by hand


@transaction.atomic
def manual_value_save(
    *, indicator: Indicator, year: int, period_end: int, value, source="", note="", user=None
) -> ManualValue:
    """Record (or correct, with history) an indicator's year-to-date value at the end of
    a month; only for an indicator entered by hand, and only for a month that is over."""
    problems = []
    if indicator.source != ValueSource.MANUAL:
        problems.append(
            Violation(
                "value",
                "not_by_hand",
                {"value": indicator.name_in_language(), "source": indicator.get_source_display()},
            )
        )
    if not 1 <= int(period_end) <= 12:
        problems.append(
            Violation("period_end", "out_of_range", {"value": period_end, "min": 1, "max": 12})
        )
    elif engine.month_end(int(year), int(period_end)) >= today():
        problems.append(
            Violation(
                "period_end", "value_month_not_over", {"value": f"{year}-{int(period_end):02d}"}
            )
        )
    if value is None:
        problems.append(Violation("value", "required"))
    elif indicator.unit != CanonicalUnit.PERCENT and Decimal(value) < 0:
        problems.append(Violation("value", "negative", {"value": value}))
    refuse(problems, ManualValue)
    current = (
        ManualValue.objects.unscoped(RULE_CHECK)
        .select_for_update()
        .filter(indicator=indicator, year=year, period_end=period_end)
        .first()
    )
    if current is None:
        current = ManualValue(indicator=indicator, year=year, period_end=period_end)
    else:
        current.version += 1
    current.value, current.source, current.note = Decimal(value), source.strip(), note.strip()
    save(current, user)
    return current


@transaction.atomic
def manual_value_delete(*, value: ManualValue, expected_version, user=None) -> None:
    current = locked(ManualValue, value.pk, expected_version)
    delete(current, user)


# -------------------------------------------------------------- responsible units

UNIT_FIELDS = ("code", "name", "name_en", "order", "active")


def _unit_check(values: dict, park, current=None) -> None:
    problems = required_text(values, "code", "name")
    problems += unique_code(
        values,
        ResponsibleUnit.objects.unscoped(RULE_CHECK).filter(park=park),
        current,
        ResponsibleUnit._meta.verbose_name,
    )
    refuse(problems, ResponsibleUnit)


@transaction.atomic
def unit_create(*, park, user=None, **values) -> ResponsibleUnit:
    unknown_fields(values, UNIT_FIELDS)
    _unit_check(values, park)
    unit = ResponsibleUnit(
        park=park, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    )
    save(unit, user)
    return unit


@transaction.atomic
def unit_update(*, unit: ResponsibleUnit, expected_version, user=None, **values) -> ResponsibleUnit:
    unknown_fields(values, UNIT_FIELDS)
    current = locked(ResponsibleUnit, unit.pk, expected_version)
    _unit_check(values, current.park, current)
    for name, value in values.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    save_edit(current, user)
    return current


@transaction.atomic
def unit_delete(*, unit: ResponsibleUnit, expected_version, user=None) -> None:
    current = locked(ResponsibleUnit, unit.pk, expected_version)
    used = TargetShare.objects.unscoped(RULE_CHECK).filter(unit=current).count()
    if used:
        refuse(
            [
                Violation(
                    "code",
                    "still_referenced",
                    {
                        "value": current.name,
                        "count": used,
                        "kinds": TargetShare._meta.verbose_name_plural,
                    },
                )
            ],
            ResponsibleUnit,
        )
    delete(current, user)


# ----------------------------------------------------------------------- targets


def split_violations(
    indicator: Indicator,
    kind: str,
    value: Decimal,
    shares: list[tuple[ResponsibleUnit, Decimal]],
    months: list[Decimal] | None,
) -> list[Violation]:
    """The split of a target by unit and by month: no negative part, each adding up to
    the year's target exactly; a growth rate is not split."""
    problems: list[Violation] = []
    if kind == TargetKind.GROWTH:
        if shares:
            problems.append(Violation("shares", "growth_not_split"))
        if months:
            problems.append(Violation("months", "growth_not_split"))
        return problems
    shown = factor(indicator)

    def text(amount):
        return amount_text(amount / shown, indicator.display_unit)

    seen = set()
    for unit, part in shares:
        if unit.park_id != indicator.park_id:
            problems.append(Violation("shares", "other_park", {"value": str(unit)}))
        if unit.pk in seen:
            problems.append(Violation("shares", "duplicate_name", {"value": str(unit)}))
        seen.add(unit.pk)
        if part < 0:
            problems.append(
                Violation(
                    "shares",
                    "share_negative",
                    {"unit": unit.name, "unit_en": unit.name_en or unit.name, "value": text(part)},
                )
            )
    if shares:
        total = sum((p for _u, p in shares), Decimal(0))
        if total != value:
            problems.append(_total_violation("shares", total, value, text))
    if months is not None:
        if len(months) != 12:
            problems.append(Violation("months", "twelve_months", {"value": len(months)}))
            return problems
        for month, part in enumerate(months, start=1):
            if part < 0:
                problems.append(
                    Violation(
                        "months",
                        "month_negative",
                        {"month": month_name(month), "value": text(part)},
                    )
                )
        total = sum(months, Decimal(0))
        if total != value:
            problems.append(_total_violation("months", total, value, text))
    return problems


def _total_violation(field, total, value, text) -> Violation:
    code = f"{field}_short" if total < value else f"{field}_over"
    return Violation(
        field,
        code,
        {"total": text(total), "target": text(value), "difference": text(abs(value - total))},
    )


def default_months(indicator: Indicator, value: Decimal, past_years) -> list[Decimal]:
    """The target split by month in the past years' shape (even without past years),
    in amounts the display unit shows whole to 2 decimals (counts whole)."""
    profile = engine.seasonal_profile(past_years)
    shown = factor(indicator)
    places = 0 if indicator.unit == CanonicalUnit.COUNT else 2
    return [part * shown for part in engine.split(Decimal(value) / shown, profile.shares, places)]


@transaction.atomic
def target_save(
    *,
    indicator: Indicator,
    year: int,
    kind: str,
    value,
    threshold=Decimal(5),
    note: str = "",
    shares: list[tuple[ResponsibleUnit, Decimal]] = (),
    months: list[Decimal] | None = None,
    expected_version: int | None = None,
    user=None,
) -> Target:
    """Set the year's target of an indicator with its split by responsible unit and by
    month, replacing the split it had; all or nothing. ``months`` None keeps a level
    target's months (the default profile for a new one is the caller's to give)."""
    problems = choice({"kind": kind}, "kind", TargetKind)
    problems += required({"value": value, "year": year}, "value", "year")
    if threshold is None or Decimal(threshold) < 0:
        problems.append(Violation("threshold", "negative", {"value": threshold}))
    if value is not None and kind == TargetKind.LEVEL and Decimal(value) < 0:
        problems.append(Violation("value", "negative", {"value": value}))
    refuse(problems, Target)
    value = Decimal(value).quantize(Decimal("0.01"))
    shares = [(unit, Decimal(part).quantize(Decimal("0.01"))) for unit, part in shares]
    if months is not None:
        months = [Decimal(m).quantize(Decimal("0.01")) for m in months]
    refuse(split_violations(indicator, kind, value, shares, months), Target)
    existing = Target.objects.unscoped(RULE_CHECK).filter(indicator=indicator, year=year).first()
    if existing is None:
        target = Target(indicator=indicator, year=year)
    else:
        target = locked(Target, existing.pk, expected_version)
        target.version += 1
    target.kind, target.value, target.note = kind, value, note.strip()
    target.threshold = Decimal(threshold)
    save(target, user)
    if kind == TargetKind.GROWTH:
        months = []
    _replace_split(target, shares, months, user)
    return target


def _replace_split(target: Target, shares, months, user) -> None:
    old_shares = {
        s.unit_id: s for s in TargetShare.objects.unscoped(RULE_CHECK).filter(target=target)
    }
    for unit, part in shares:
        row = old_shares.pop(unit.pk, None) or TargetShare(target=target, unit=unit)
        if row.pk is None or row.value != part:
            row.value = part
            save(row, user)
    for row in old_shares.values():
        delete(row, user)
    if months is None:
        return
    old_months = {
        m.month: m for m in TargetMonth.objects.unscoped(RULE_CHECK).filter(target=target)
    }
    for month, part in enumerate(months, start=1):
        row = old_months.pop(month, None) or TargetMonth(target=target, month=month)
        if row.pk is None or row.value != part:
            row.value = part
            save(row, user)
    for row in old_months.values():
        delete(row, user)


@transaction.atomic
def target_delete(*, target: Target, expected_version, user=None) -> None:
    current = locked(Target, target.pk, expected_version)
    for row in TargetShare.objects.unscoped(RULE_CHECK).filter(target=current):
        delete(row, user)
    for row in TargetMonth.objects.unscoped(RULE_CHECK).filter(target=current):
        delete(row, user)
    delete(current, user)


# --------------------------------------------------------------------- key tasks

TASK_FIELDS = (
    "year",
    "title",
    "stream",
    "description",
    "owner",
    "unit",
    "deadline",
    "status",
    "done_on",
    "milestones",
)
TASK_LINKS = ("projects", "parcels", "decisions", "indicators")


def _task_check(values: dict, park) -> None:
    problems = required_text(values, "title") + required(values, "deadline", "year")
    problems += choice(values, "status", KeyTaskStatus)
    unit = values.get("unit")
    if unit is not None and unit.park_id != park.pk:
        problems.append(Violation("unit", "other_park", {"value": str(unit)}))
    owner = values.get("owner")
    if owner is not None and owner.park_id not in (None, park.pk):
        problems.append(Violation("owner", "other_park", {"value": str(owner)}))
    if values.get("status") == KeyTaskStatus.DONE and not values.get("done_on"):
        problems.append(Violation("done_on", "required_when_task_done"))
    for i, step in enumerate(values.get("milestones") or [], start=1):
        if not isinstance(step, dict) or not str(step.get("what") or "").strip():
            problems.append(Violation("milestones", "milestone_what", {"row": i}))
    refuse(problems, KeyTask)


def _set_links(task: KeyTask, links: dict) -> None:
    for name in TASK_LINKS:
        if name in links:
            rows = list(links[name])
            wrong = [r for r in rows if _park_id(r) not in (None, task.park_id)]
            if wrong:
                refuse([Violation(name, "other_park", {"value": str(wrong[0])})], KeyTask)
            getattr(task, name).set(rows)


def _park_id(row):
    if hasattr(row, "park_id"):
        return row.park_id
    return row.enterprise.park_id  # a redevelopment decision: its enterprise's park


@transaction.atomic
def key_task_create(*, park, user=None, **values) -> KeyTask:
    links = {k: values.pop(k) for k in TASK_LINKS if k in values}
    unknown_fields(values, TASK_FIELDS)
    values.setdefault("status", KeyTaskStatus.NOT_STARTED)
    _task_check(values, park)
    task = KeyTask(park=park, **values)
    save(task, user)
    _set_links(task, links)
    return task


@transaction.atomic
def key_task_update(*, task: KeyTask, expected_version, user=None, **values) -> KeyTask:
    links = {k: values.pop(k) for k in TASK_LINKS if k in values}
    unknown_fields(values, TASK_FIELDS)
    current = locked(KeyTask, task.pk, expected_version)
    merged = {f: getattr(current, f) for f in TASK_FIELDS} | values
    _task_check(merged, current.park)
    for name, value in values.items():
        setattr(current, name, value)
    save_edit(current, user)
    _set_links(current, links)
    return current


@transaction.atomic
def key_task_delete(*, task: KeyTask, expected_version, user=None) -> None:
    current = locked(KeyTask, task.pk, expected_version)
    delete(current, user)
