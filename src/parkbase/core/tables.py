"""A small declarative table for list pages: columns with a header, a value and
an ordering key. Rendering stays in one template (core/_table.html)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Col:
    header: str
    value: Callable
    order: str | None = None  # the filterset's ordering name
    link: bool = False
    css: str = ""


class Table:
    columns: tuple[Col, ...] = ()

    def __init__(self, rows, ordering: str = ""):
        self.rows = rows
        self.ordering = ordering

    def header(self):
        for col in self.columns:
            state = ""
            if col.order and self.ordering.lstrip("-") == col.order:
                state = "desc" if self.ordering.startswith("-") else "asc"
            next_order = None
            if col.order:
                next_order = f"-{col.order}" if state == "asc" else col.order
            yield {"col": col, "state": state, "next": next_order}

    @classmethod
    def export_rows(cls, queryset, leading=(), trailing=()):
        """Headers and rows of the table's columns (with ``leading`` and ``trailing``
        columns of the export only), for an XLSX export of the same list."""
        columns = (*leading, *cls.columns, *trailing)
        headers = [str(col.header) for col in columns]
        return headers, ([col.value(row) for col in columns] for row in queryset)

    @staticmethod
    def url(row) -> str:
        return ""

    def body(self):
        for row in self.rows:
            yield self.url(row), [(col, col.value(row)) for col in self.columns]
