"""Reads of saved drafts, always through the reader's scope
(``ReportDraft.objects.visible_to``: the committee of the park, and of a draft for
insiders only its insiders)."""

from __future__ import annotations

from django.db.models import F

from parkbase.core.choices import Action
from parkbase.reports.models import DraftSecret, DraftVersion, ReportDraft


def drafts(user, park, year: int | None = None, action: str = Action.VIEW):
    """The saved drafts of ``park`` the user may ``action``, the latest first."""
    queryset = ReportDraft.objects.visible_to(user, action).filter(park=park)
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.select_related("created_by").order_by("-year", "-id")


def with_latest(user, rows) -> list[tuple]:
    """Each draft with its latest version (its author and time), in two queries."""
    rows = list(rows)
    latest = {
        v.draft_id: v
        for v in DraftVersion.objects.visible_to(user)
        .filter(draft__in=[d.pk for d in rows], number=F("draft__version"))
        .select_related("author")
    }
    return [(d, latest.get(d.pk)) for d in rows]


def secrets(user, draft) -> list[str]:
    """The code names of the confidential projects a draft for insiders names."""
    return list(
        DraftSecret.objects.visible_to(user).filter(draft=draft).values_list("code_name", flat=True)
    )


def versions(user, draft):
    return (
        DraftVersion.objects.visible_to(user)
        .filter(draft=draft)
        .select_related("author")
        .defer("content")
        .order_by("-number")
    )
