"""What the database holds, checked before anything is written: a text no longer than
its field, a number within its field's digits or integer range. The limits are read
from the model's fields (``model_limits``); a value beyond them is a row problem
naming the row, the column, the value and the limit, never an error of the database
half-way through a write. Checked over whole columns: when every value is inside its
limits, as usual, a column costs one ``max``.

Plain Python: a model is read through its ``_meta`` only."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

# Django's standard ranges (django.db.backends.base.operations), the same on every
# database: SQLite would store more, PostgreSQL would refuse it at the write
INTEGER_RANGES = {
    "SmallIntegerField": (-32768, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "BigIntegerField": (-9223372036854775808, 9223372036854775807),
    "PositiveBigIntegerField": (0, 9223372036854775807),
    "PositiveSmallIntegerField": (0, 32767),
    "PositiveIntegerField": (0, 2147483647),
}


def field_limit(found) -> tuple | None:
    """('length', n) | ('decimal', bound, places) | ('int', low, high), or None."""
    if getattr(found, "is_relation", True) or not getattr(found, "concrete", False):
        return None
    internal = found.get_internal_type()
    if internal == "CharField" and found.max_length and not found.choices:
        return ("length", found.max_length)
    if internal == "DecimalField":
        bound = Decimal(10) ** (found.max_digits - found.decimal_places)
        return ("decimal", bound, found.decimal_places)
    if internal in INTEGER_RANGES:
        return ("int", *INTEGER_RANGES[internal])
    return None


def model_limits(model, columns: Sequence) -> dict[str, tuple]:
    """field → its limit, for the columns that fill a field of ``model``."""
    if model is None:
        return {}
    fields = {f.name: f for f in model._meta.get_fields()}
    found = {}
    for col in columns:
        if col.derived:  # read back and left alone: what it holds is the system's
            continue
        limit = field_limit(fields[col.field]) if col.field in fields else None
        if limit is not None and not (limit[0] == "length" and col.compacted):
            found[col.field] = limit
    return found


def _is_number(value) -> bool:
    return isinstance(value, int | Decimal) and value.__class__ is not bool


_NUMBER_TYPES = {int, Decimal, type(None)}
_TEXT_TYPES = {str, type(None)}


def within(limit: tuple, values: list) -> bool:
    """Are all the column's values inside the limit? (the quick test, at C speed for
    the columns the engine gives: numbers or texts, and None; zeros and blanks,
    dropped by ``filter(None, …)``, are inside every limit)"""
    kinds = set(map(type, values))
    if limit[0] == "length":
        if not kinds <= _TEXT_TYPES:
            return False  # something else: look cell by cell
        return max(map(len, filter(None, values)), default=0) <= limit[1]
    if not kinds <= _NUMBER_TYPES:
        return False
    if limit[0] == "decimal":
        return max(map(abs, filter(None, values)), default=0) < limit[1]
    present = list(filter(None, values))
    return not present or (limit[1] <= min(present) and max(present) <= limit[2])


def broken(limit: tuple, value) -> tuple[str, dict] | None:
    """(rule code, message parameters) when ``value`` is beyond the limit."""
    if limit[0] == "length":
        if value.__class__ is str and len(value) > limit[1]:
            return "text_too_long", {"limit": limit[1]}
        return None
    if not _is_number(value):
        return None
    if limit[0] == "decimal":
        if abs(value) < limit[1]:
            return None
        top = limit[1] - Decimal(1).scaleb(-limit[2])
        return "out_of_range", {"min": -top, "max": top}
    low, high = limit[1], limit[2]
    if low <= value <= high:
        return None
    if low == 0 and value < 0:
        return "negative", {}
    return "out_of_range", {"min": low, "max": high}


def _floats_within(limit: tuple, cells: list, factor) -> bool:
    """The quickest test, for a decimal column of plain floats (as spreadsheets hold
    numbers): their largest size, in the field's unit, well inside the bound."""
    if limit[0] != "decimal" or set(map(type, cells)) != {float}:
        return False
    largest = max(map(abs, cells), default=0.0) * float(factor)
    return largest < float(limit[1]) * 0.999  # false for inf and nan too


def limit_problems(
    limit: tuple, values: list, cells: list | None = None, factor=1
) -> dict[int, tuple[str, dict]]:
    """position → (rule code, parameters) of the values beyond the limit; ``cells``
    (the column as read) and ``factor`` (its unit's) allow the quickest test."""
    if cells is not None and _floats_within(limit, cells, factor):
        return {}
    if within(limit, values):
        return {}
    found = {}
    for position, value in enumerate(values):
        problem = broken(limit, value)
        if problem is not None:
            found[position] = problem
    return found
