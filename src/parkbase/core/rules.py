"""The checks records of every app make, as violations (plain data) for ``refuse``:
required text, amounts, choices, dates in order, references into the same park, a
code unique in its scope, and the fields a service takes."""

from __future__ import annotations

from decimal import Decimal

from parkbase.core.violations import Violation


def field_label(model, name: str):
    """A field's (lazy) verbose name, for a message that names a field of another model."""
    return model._meta.get_field(name).verbose_name


def unknown_fields(fields: dict, allowed) -> None:
    """A caller naming a field the service does not take is a programming error."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(unknown)}")


def required_text(values: dict, *names: str) -> list[Violation]:
    return [Violation(n, "required") for n in names if not (values.get(n) or "").strip()]


def required(values: dict, *names: str) -> list[Violation]:
    return [Violation(n, "required") for n in names if values.get(n) in (None, "")]


def amounts_valid(values: dict, *names: str) -> list[Violation]:
    """Money and areas: numbers, finite, not negative."""
    found = []
    for name in names:
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            found.append(Violation(name, "not_a_number", {"value": value}))
        elif value < 0:
            found.append(Violation(name, "negative", {"value": value}))
    return found


def same_park(values: dict, park, *names: str) -> list[Violation]:
    """What the record points at must be of its own park."""
    found = []
    for name in names:
        obj = values.get(name)
        park_id = getattr(obj, "park_id", None)
        if obj is not None and park_id is not None and park_id != park.pk:
            found.append(Violation(name, "other_park", {"value": str(obj)}))
    return found


def choice(values: dict, name: str, choices, *, blank: bool = False) -> list[Violation]:
    """The value must be one of ``choices`` (or empty where ``blank``)."""
    value = values.get(name)
    if value in (None, ""):
        return [] if blank else [Violation(name, "required")]
    if value not in choices.values:
        allowed = ", ".join(str(v) for v in choices.values if v)
        return [Violation(name, "unknown_choice", {"value": value, "choices": allowed})]
    return []


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


def not_before(values: dict, later: str, earlier: str) -> list[Violation]:
    a, b = values.get(later), values.get(earlier)
    if a is not None and b is not None and a < b:
        return [Violation(later, "before", {"value": a, "other": earlier})]
    return []


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
