"""Rows of the survey exports (XLSX): the list's filter, the list's columns, plain
values (dates as dates, counts as numbers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core.tables import Col, export_columns
from parkbase.surveys.messages import render_flag

CHUNK = 2000


def _flags(assignment) -> list:
    response = getattr(assignment, "response", None)
    return response.flags if response else []


ASSIGNMENT_COLUMNS = (
    Col(_("campaign"), lambda a: a.campaign.name),
    Col(_("team"), lambda a: a.team.name),
    Col(_("enterprise"), lambda a: a.enterprise.name),
    Col(_("unified social credit code"), lambda a: a.enterprise.uscc),
    Col(_("phase"), lambda a: str(a.enterprise.phase or "")),
    Col(
        _("supervising department"),
        lambda a: a.enterprise.department.name if a.enterprise.department else "",
    ),
    Col(_("status"), lambda a: a.get_status_display()),
    Col(_("visit date"), lambda a: a.visited_on),
    Col(_("visitors"), lambda a: "、".join(v.first_name or v.username for v in a.visitors.all())),
    Col(_("visit notes"), lambda a: a.notes),
    Col(pgettext_lazy("survey form", "number of flags"), lambda a: len(_flags(a))),
    Col(pgettext_lazy("survey form", "flags"), lambda a: "；".join(map(render_flag, _flags(a)))),
)


def assignment_rows(queryset):
    rows = (
        queryset.select_related(
            "campaign",
            "team",
            "enterprise",
            "enterprise__phase",
            "enterprise__department",
            "response",
        )
        .prefetch_related("visitors")
        .iterator(chunk_size=CHUNK)
    )
    return export_columns(ASSIGNMENT_COLUMNS, rows)


CAMPAIGN_COLUMNS = (
    Col(_("name"), lambda c: c.name),
    Col(_("survey year"), lambda c: c.year),
    Col(_("status"), lambda c: c.get_status_display()),
    Col(_("start date"), lambda c: c.started_on),
    Col(_("end date"), lambda c: c.ended_on),
    Col(_("teams"), lambda c: c.team_count),
    Col(_("enterprises"), lambda c: c.assignment_count),
    Col(_("verified"), lambda c: c.verified_count),
)


def campaign_rows(queryset):
    return export_columns(CAMPAIGN_COLUMNS, queryset)
