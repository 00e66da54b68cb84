"""What the land services share: saving with the audit trail, today, refusals, and
the checks every land record makes (choices, areas, the park of what it points at)."""

from __future__ import annotations

from decimal import Decimal

from parkbase.core.violations import Violation
from parkbase.projects.services.common import (  # noqa: F401  (shared with the projects app)
    acting,
    amounts_valid,
    refuse,
    required_text,
    same_park,
    save,
    today,
)

CONFIRM_CODES = frozenset({"parcel_overlap", "tenants_exceed_parcel"})
MAX_AREA = Decimal(10) ** 10  # m²: 10,000 km², beyond any park (the columns hold < 10¹²)


def choice(values: dict, name: str, choices, *, blank: bool = False) -> list[Violation]:
    """The value must be one of ``choices`` (or empty where ``blank``)."""
    value = values.get(name)
    if value in (None, ""):
        return [] if blank else [Violation(name, "required")]
    if value not in choices.values:
        allowed = ", ".join(str(v) for v in choices.values if v)
        return [Violation(name, "unknown_choice", {"value": value, "choices": allowed})]
    return []


def positive(values: dict, *names: str) -> list[Violation]:
    """Areas a record cannot do without: given, a number, above 0."""
    found = []
    for name in names:
        value = values.get(name)
        if value is None:
            found.append(Violation(name, "required"))
        elif not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            found.append(Violation(name, "not_a_number", {"value": value}))
        elif value <= 0:
            found.append(Violation(name, "positive", {"value": value}))
        elif value >= MAX_AREA:
            found.append(Violation(name, "area_too_large", {"value": value}))
    return found


def percent(values: dict, *names: str) -> list[Violation]:
    found = []
    for name in names:
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            found.append(Violation(name, "not_a_number", {"value": value}))
        elif not 0 <= value <= 100:
            found.append(Violation(name, "percent_range", {"value": value}))
    return found


def unique_code(values: dict, same_scope, current, other) -> list[Violation]:
    """The record's code may not be another record's of ``same_scope`` (a queryset:
    the park's buildings, a building's units); ``other`` names them in the message."""
    code = (values.get("code") or "").strip()
    if not code:
        return []
    clash = same_scope.filter(code=code)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        return [Violation("code", "duplicate", {"value": code, "other": other})]
    return []


def not_before(values: dict, later: str, earlier: str) -> list[Violation]:
    a, b = values.get(later), values.get(earlier)
    if a is not None and b is not None and a < b:
        return [Violation(later, "before", {"value": a, "other": earlier})]
    return []


def unknown_fields(fields: dict, allowed) -> None:
    """A caller naming a field the service does not take is a programming error."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(unknown)}")


def m2(value) -> str:
    return f"{Decimal(value):,.0f} m²"
