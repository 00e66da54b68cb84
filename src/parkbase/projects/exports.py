"""The projects list's XLSX: the columns of the project import template (项目台账),
written as the import reads them (names, choice labels, 万元, 亩), so an export
re-imports with no change.

A confidential project is written under its code name for everyone but its insiders,
its real name, description, referrer and investors left blank: the import matches the
row by the code name and a blank cell never clears, so an outsider's export comes back
without touching what is hidden."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch

from parkbase.core.exports import YES_NO
from parkbase.core.scoping import UNDER_PARENT
from parkbase.core.tables import person_name
from parkbase.imports.exporting import cell_converter
from parkbase.projects.importers.columns import PROJECT_COLUMNS
from parkbase.projects.models import Project, ProjectInvestor

CHUNK = 2000
HIDDEN = ("description", "referrer", "investors", "origin")  # blank for outsiders


def _lead(project):
    links = getattr(project, "export_links", [])
    return links[0].investor if links else None


def _display(name: str) -> Callable:
    def label(project):
        return getattr(project, f"get_{name}_display")() if getattr(project, name) else None

    return label


SPECIAL: dict[str, Callable] = {
    "name": lambda p: p.shown_name,
    "confidential": lambda p: YES_NO[bool(p.confidential)],
    "stage": lambda p: p.stage.name,
    "status": _display("status"),
    "investors": lambda p: "、".join(link.investor.name for link in p.export_links),
    "origin": lambda p: _lead(p).get_origin_display() if _lead(p) else None,
    "land_mode": _display("land_mode"),
    "key_level": _display("key_level"),
    "source": _display("source"),
    "officer": lambda p: person_name(p.officer),
    "department": lambda p: p.department.name if p.department else None,
}


def _converter(col) -> Callable:
    """The function writing the cell of ``col`` for a project row."""
    special = SPECIAL.get(col.field)
    if special is None:
        convert = cell_converter(Project, col)

        def special(project):
            value = getattr(project, col.field)
            if value is None or value == "":
                return None
            return convert(value) if convert is not None else value

    if col.field not in HIDDEN:
        return special
    return lambda project: None if project.hides_details else special(project)


def project_rows(queryset):
    """Headers and rows of the projects list export, in the import template's layout."""
    headers = [c.template_header for c in PROJECT_COLUMNS]
    converters = [_converter(c) for c in PROJECT_COLUMNS]
    # under the projects the list read in scope; hidden from outsiders above
    links = (
        ProjectInvestor.objects.unscoped(UNDER_PARENT)
        .select_related("investor")
        .order_by("role", "id")
    )

    def rows():
        rows = queryset.select_related("stage", "officer", "department").prefetch_related(
            Prefetch("investor_links", queryset=links, to_attr="export_links")
        )
        for project in rows.iterator(chunk_size=CHUNK):
            yield [convert(project) for convert in converters]

    return headers, rows()
