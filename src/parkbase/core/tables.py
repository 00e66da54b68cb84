"""A small declarative table for list pages: columns with a header, a value and
an ordering key. Rendering stays in one template (core/_table.html)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from parkbase.core.templatetags.units import num, wan


@dataclass(frozen=True)
class Col:
    header: str
    value: Callable
    order: str | None = None  # the filterset's ordering name
    link: bool = False
    css: str = ""
    # what the page shows instead of ``value`` (a badge, say); exports keep ``value``
    html: Callable | None = None


FIGURE = "text-end text-nowrap"
# a column of sentences (what happened, the next step): room to read them
TEXT = "pb-text"
# a column of names that are not the row's link (an owner, a tenant): room for a
# company's name on two lines
NAME = "pb-name"
# a column of identifiers (user names): written as they are, never translated
IDENTIFIER = "pb-id text-nowrap"


def date_text(value) -> str:
    """A date as ISO text, or nothing."""
    return value.isoformat() if value else ""


def time_text(value) -> str:
    """A moment as the park's clock reads it (the configured time zone), to the minute."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def person_name(user) -> str:
    """A user as a list shows them: the full name, else the user name; nobody is blank."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _column(header, field: str, show: Callable, order: str | bool, css: str) -> Col:
    """A column showing ``show`` of the row's ``field`` (a dotted path); ``order`` is the
    ordering name, ``True`` for the field's own name, ``False`` for none."""
    get = attrgetter(field)
    ordering = field if order is True else (order or None)
    return Col(header, lambda row: show(get(row)), order=ordering, css=css)


def money_col(header, field: str, *, order: str | bool = True, css: str = FIGURE) -> Col:
    """A column of an amount stored in yuan, shown in 万元 with two places."""
    return _column(header, field, wan, order, css)


def number_col(
    header, field: str, *, places: int = 0, order: str | bool = True, css: str = FIGURE
) -> Col:
    """A column of a number (an area in m², a count), grouped, with ``places`` places."""
    return _column(header, field, lambda value: num(value, places), order, css)


def date_col(header, field: str, *, order: str | bool = True, css: str = "text-nowrap") -> Col:
    """A column of a date as ISO text."""
    return _column(header, field, date_text, order, css)


def export_columns(columns, rows):
    """Headers and rows of an XLSX export: each column's header (with a capital, as the
    page's), and its value for each row (plain values: dates as dates, numbers as
    numbers)."""
    headers = [capfirst(str(col.header)) for col in columns]
    return headers, ([col.value(row) for col in columns] for row in rows)


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
        return export_columns((*leading, *cls.columns, *trailing), queryset)

    @staticmethod
    def url(row) -> str:
        return ""

    def body(self):
        for row in self.rows:
            yield self.url(row), [(col, (col.html or col.value)(row)) for col in self.columns]


# ---------------------------------------------------------------- administration pages


def _yes_no(value) -> str:
    return str(_("Yes") if value else _("No"))


class UserTable(Table):
    columns = (
        Col(_("user name"), lambda u: u.username, order="username", link=True, css=IDENTIFIER),
        Col(_("name"), lambda u: u.get_full_name() or u.first_name, order="name"),
        Col(_("role"), lambda u: u.get_role_display(), order="role"),
        Col(_("park"), lambda u: u.park.name if u.park else "", order="park"),
        Col(_("department"), lambda u: u.department.name if u.department else ""),
        Col(_("enterprise"), lambda u: u.enterprise.name if u.enterprise else ""),
        Col(_("active"), lambda u: _yes_no(u.is_active)),
        Col(_("last login"), lambda u: time_text(u.last_login), order="last_login"),
    )

    @staticmethod
    def url(row) -> str:
        return reverse("manage-user-edit", args=[row.pk])


class PhaseTable(Table):
    columns = (
        Col(_("code"), lambda p: p.code, order="code", link=True),
        Col(_("name"), lambda p: p.name, order="name", link=True),
        Col(_("English name"), lambda p: p.name_en, css="pb-id"),
        Col(_("order"), lambda p: p.order, order="order", css="text-end"),
        Col(_("park"), lambda p: p.park.name),
    )

    @staticmethod
    def url(row) -> str:
        return reverse("manage-phase-edit", args=[row.pk])


class DepartmentTable(Table):
    columns = (
        Col(_("code"), lambda d: d.code, order="code", link=True),
        Col(_("name"), lambda d: d.name, order="name", link=True),
        Col(_("park"), lambda d: d.park.name),
    )

    @staticmethod
    def url(row) -> str:
        return reverse("manage-department-edit", args=[row.pk])
