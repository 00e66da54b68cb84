"""Rows of the survey exports (XLSX): the list's filter, the list's columns, plain
values (dates as dates, counts as numbers)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.surveys import engine
from parkbase.surveys.messages import render_flag


def _headers(headers) -> list[str]:
    return [str(h) for h in headers]


ASSIGNMENT_HEADERS = [
    _("campaign"),
    _("team"),
    _("enterprise"),
    _("unified social credit code"),
    _("phase"),
    _("supervising department"),
    _("status"),
    _("visit date"),
    _("visitors"),
    _("visit notes"),
    pgettext_lazy("survey form", "number of flags"),
    pgettext_lazy("survey form", "flags"),
]


def assignment_rows(queryset):
    rows = (
        [
            a.campaign.name,
            a.team.name,
            a.enterprise.name,
            a.enterprise.uscc,
            a.enterprise.phase.name if a.enterprise.phase else "",
            a.enterprise.department.name if a.enterprise.department else "",
            a.get_status_display(),
            a.visited_on,
            "、".join(v.first_name or v.username for v in a.visitors.all()),
            a.notes,
            len(a.response.flags) if getattr(a, "response", None) else 0,
            "；".join(render_flag(f) for f in a.response.flags)
            if getattr(a, "response", None)
            else "",
        ]
        for a in queryset.select_related(
            "campaign",
            "team",
            "enterprise",
            "enterprise__phase",
            "enterprise__department",
            "response",
        )
        .prefetch_related("visitors")
        .iterator(chunk_size=2000)
    )
    return _headers(ASSIGNMENT_HEADERS), rows


CONCERN_HEADERS = [
    _("raised on"),
    _("enterprise"),
    _("unified social credit code"),
    _("category"),
    _("description"),
    _("responsible department"),
    _("due date"),
    _("status"),
    _("overdue"),
    _("resolution"),
    _("resolved on"),
]


def concern_rows(queryset):
    today = timezone.localdate()
    rows = (
        [
            c.raised_on,
            c.enterprise.name,
            c.enterprise.uscc,
            c.get_category_display(),
            c.description,
            c.department.name if c.department else "",
            c.due_on,
            c.get_status_display(),
            engine.is_overdue(c.status, c.due_on, today),
            c.resolution,
            c.resolved_on,
        ]
        for c in queryset.select_related("enterprise", "department").iterator(chunk_size=2000)
    )
    return _headers(CONCERN_HEADERS), rows


CAMPAIGN_HEADERS = [
    _("name"),
    _("survey year"),
    _("status"),
    _("start date"),
    _("end date"),
    _("teams"),
    _("enterprises"),
    _("verified"),
]


def campaign_rows(queryset):
    rows = (
        [
            c.name,
            c.year,
            c.get_status_display(),
            c.started_on,
            c.ended_on,
            c.team_count,
            c.assignment_count,
            c.verified_count,
        ]
        for c in queryset
    )
    return _headers(CAMPAIGN_HEADERS), rows
