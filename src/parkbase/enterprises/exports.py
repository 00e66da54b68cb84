"""Rows for the enterprise and yearly-data exports, shaped like the import templates
(same headers, same units) so that an export re-imports with no changes.

Rows come straight from the database driver (``database_rows``) and each column that
needs it has one converter, chosen once: choice codes back to the template's Chinese
text, booleans to 是/否, yuan to 万元. Values arrive as SQLite or PostgreSQL give
them (float or Decimal, ISO text or date, 0/1 or bool); the converters accept both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from parkbase.core.exports import YES_NO, database_rows
from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, SOURCE_ZH, STATUS_ZH
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.imports.engine import Column
from parkbase.imports.values import UNIT_FACTORS

Converter = Callable[[object], object]

_CHOICE_TEXT = {
    "status": {v: k for k, v in STATUS_ZH.items()},
    "registration_type": {v: k for k, v in REGISTRATION_TYPE_ZH.items()},
    "source": {},
}
for _text, _value in SOURCE_ZH.items():
    _CHOICE_TEXT["source"].setdefault(_value, _text)

# where a template column's value lives, seen from the exported model
ENTERPRISE_SOURCES = {"phase": "phase__code", "department": "department__code"}
YEAR_SOURCES = {"uscc": "enterprise__uscc", "name": "enterprise__name"}


def _choice_text(field: str) -> Converter:
    texts = _CHOICE_TEXT[field]
    return lambda value: texts.get(value, value)


def _yes_no(value) -> str:
    return YES_NO[bool(value)]


def _date(value):
    return dt.date.fromisoformat(value) if value.__class__ is str else value


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


def _converter(model, col: Column) -> Converter | None:
    if col.field in _CHOICE_TEXT:
        return _choice_text(col.field)
    if col.kind == "bool":
        return _yes_no
    if col.kind == "date":
        return _date
    if col.kind != "decimal":
        return None
    factor = UNIT_FACTORS[col.unit_kind][col.default_unit] if col.unit_kind else Decimal(1)
    if factor == 1:
        return _number
    return _in_unit(factor, model._meta.get_field(col.field).decimal_places)


def _converted(rows: Iterable[Sequence], converters) -> Iterable[list]:
    for raw in rows:
        row = list(raw)
        for i, convert in converters:
            value = row[i]
            if value is not None:
                row[i] = convert(value)
        yield row


def template_rows(queryset, columns: Sequence[Column], sources: dict[str, str]):
    """Headers and rows of ``queryset`` in the layout of an import template."""
    model = queryset.model
    fields = [sources.get(c.field, c.field) for c in columns]
    converters = [(i, convert) for i, c in enumerate(columns) if (convert := _converter(model, c))]
    headers = [c.template_header for c in columns]
    return headers, _converted(database_rows(queryset, fields), converters)


def enterprise_rows(queryset):
    return template_rows(queryset, ENTERPRISE_COLUMNS, ENTERPRISE_SOURCES)


def year_rows(queryset):
    return template_rows(queryset, YEAR_COLUMNS, YEAR_SOURCES)
