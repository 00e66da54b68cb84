"""Rows for the enterprise and yearly-data exports, shaped like the import templates
(same headers, same units) so that an export re-imports with no changes."""

from __future__ import annotations

from decimal import Decimal

from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, SOURCE_ZH, STATUS_ZH
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.imports.values import UNIT_FACTORS

_REVERSE = {
    "status": {v: k for k, v in STATUS_ZH.items()},
    "registration_type": {v: k for k, v in REGISTRATION_TYPE_ZH.items()},
    "source": {},
}
for _text, _value in SOURCE_ZH.items():
    _REVERSE["source"].setdefault(_value, _text)


def _cell(obj, col):
    if col.field in ("phase", "department"):
        ref = getattr(obj, col.field)
        return ref.code if ref else None
    value = getattr(obj, col.field)
    if col.field in _REVERSE:
        return _REVERSE[col.field].get(value, value)
    if value is not None and col.unit_kind:
        factor = UNIT_FACTORS[col.unit_kind][col.default_unit]
        value = Decimal(value) / factor
        return value.normalize() if value != value.to_integral() else int(value)
    return value


def enterprise_rows(queryset):
    headers = [c.template_header for c in ENTERPRISE_COLUMNS]
    rows = (
        [_cell(e, c) for c in ENTERPRISE_COLUMNS]
        for e in queryset.select_related("phase", "department").iterator(chunk_size=2000)
    )
    return headers, rows


def year_rows(queryset):
    headers = [c.template_header for c in YEAR_COLUMNS]

    def row(y):
        out = []
        for c in YEAR_COLUMNS:
            if c.field == "uscc":
                out.append(y.enterprise.uscc)
            elif c.field == "name":
                out.append(y.enterprise.name)
            else:
                out.append(_cell(y, c))
        return out

    rows = (row(y) for y in queryset.select_related("enterprise").iterator(chunk_size=2000))
    return headers, rows
