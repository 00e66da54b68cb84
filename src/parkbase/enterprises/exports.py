"""Rows for the enterprise and yearly-data exports, shaped like the import templates
(same headers, same units) so that an export re-imports with no changes.

Rows come straight from the database driver (``database_rows``) and each column that
needs it has one converter (``imports.exporting``), chosen once: choice codes back to
the template's Chinese text, booleans to 是/否, yuan to 万元; phases and departments by
name. Values arrive as SQLite or PostgreSQL give
them (float or Decimal, ISO text or date, 0/1 or bool); the converters accept both."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from parkbase.core.exports import database_rows
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.imports.engine import Column
from parkbase.imports.exporting import cell_converter

# where a template column's value lives, seen from the exported model
ENTERPRISE_SOURCES = {"phase": "phase__name", "department": "department__name"}
YEAR_SOURCES = {"uscc": "enterprise__uscc", "name": "enterprise__name"}


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
    converters = [
        (i, convert) for i, c in enumerate(columns) if (convert := cell_converter(model, c))
    ]
    headers = [c.template_header for c in columns]
    return headers, _converted(database_rows(queryset, fields), converters)


def enterprise_rows(queryset):
    return template_rows(queryset, ENTERPRISE_COLUMNS, ENTERPRISE_SOURCES)


def year_rows(queryset):
    return template_rows(queryset, YEAR_COLUMNS, YEAR_SOURCES)
