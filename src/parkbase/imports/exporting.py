"""Values as an import template writes them: a choice as its first accepted word
(the template's Chinese), yes/no as 是/否, an amount in the column's unit (yuan →
万元), a date as a date. One converter per column, chosen once, so that exports of
100,000 rows stay fast and re-import unchanged.

Values may arrive as the database driver gives them (``core.exports.database_rows``:
float or Decimal, ISO text or date, 0/1 or bool, as SQLite or PostgreSQL return
them); the converters accept both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from parkbase.core.exports import YES_NO
from parkbase.imports.engine import Column
from parkbase.imports.values import UNIT_FACTORS

Converter = Callable[[object], object]


def choice_texts(col: Column) -> dict:
    """Stored value → the first word the column accepts for it."""
    texts = {}
    for text, value in (col.choices or {}).items():
        texts.setdefault(value, text)
    return texts


def _choice_text(col: Column) -> Converter:
    texts = choice_texts(col)
    return lambda value: texts.get(value, value)


def _yes_no(value) -> str:
    return YES_NO[bool(value)]


def _date(value):
    return dt.date.fromisoformat(value[:10]) if value.__class__ is str else value


def _number(value):
    # a decimal column may still hold text on SQLite (a value it did not convert on insert)
    return Decimal(value) if value.__class__ is str else value


def _in_unit(factor: Decimal, places: int) -> Converter:
    """Stored value (canonical unit, ``places`` decimals) → the template's unit, as
    the float nearest to the exact quotient, with no Decimal arithmetic per cell: the
    value is a whole number of 10^-places, and Python divides two ints with correct
    rounding. 12345.67 yuan → 1.234567 万元, which re-imports as 12345.67."""
    scale = 10**places
    divisor = factor * scale
    if divisor != divisor.to_integral_value():  # no default unit has such a factor
        return lambda value: float(Decimal(str(value)) / factor)
    divisor = int(divisor)

    def in_unit(value):
        if value.__class__ is str:
            value = Decimal(value)
        return round(value * scale) / divisor

    return in_unit


def cell_converter(model, col: Column) -> Converter | None:
    """The function writing a stored value of ``col`` as the template holds it; None
    where the value is written as it is."""
    if col.kind == "choice":
        return _choice_text(col)
    if col.kind == "bool":
        return _yes_no
    if col.kind == "date":
        return _date
    if col.kind != "decimal":
        return None
    factor = UNIT_FACTORS[col.unit_kind][col.default_unit] if col.unit_kind else Decimal(1)
    if factor == 1:
        return _number
    places = model._meta.get_field(col.field).decimal_places
    return _in_unit(factor, places)
