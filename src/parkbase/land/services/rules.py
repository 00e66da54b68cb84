"""The rules of land records beyond the ones every record keeps (``core.rules``):
areas, the confirmations an overlap or an excess needs, m² in messages."""

from __future__ import annotations

from decimal import Decimal

from parkbase.core.violations import Violation

CONFIRM_CODES = frozenset({"parcel_overlap", "tenants_exceed_parcel"})
MAX_AREA = Decimal(10) ** 10  # m²: 10,000 km², beyond any park (the columns hold < 10¹²)


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


def m2(value) -> str:
    return f"{Decimal(value):,.0f} m²"
