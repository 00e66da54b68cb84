"""The leaders' boards: the key projects by level, and the open blockers by category
and escalation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber

from parkbase.projects.choices import BlockerCategory, BlockerStatus, Escalation, KeyLevel
from parkbase.projects.models import Blocker, Project, ProjectInvestor
from parkbase.projects.selectors.base import (
    KEY_LEVELS,
    LIST_LIMIT,
    NOT_CLOSED,
    _in_place,
    _last_activity,
    _open_blockers_count,
    _today,
    investors_shown,
)

# --- key projects -------------------------------------------------------------------


@dataclass
class KeyGroup:
    level: str
    label: str
    projects: list[Project]
    count: int = 0  # all of the level's projects; ``projects`` holds the first ``limit``


def key_projects(
    user, park, today: dt.date | None = None, limit: int = LIST_LIMIT
) -> list[KeyGroup]:
    """The key projects (国家/省/市/区重点) not closed (active, paused or landed: a landed
    key project is still followed through construction to production), the highest
    level first, the furthest stage first; each with its stage, days in it, open
    blockers, last activity and the money in place. At most ``limit`` a level (a window
    rank), with the level's count: three queries (counts, rows, investors)."""
    today = _today(today)
    key = (
        Project.objects.visible_to(user)
        .filter(park=park, status__in=NOT_CLOSED)
        .exclude(key_level="")
    )
    counts = dict(key.order_by().values_list("key_level").annotate(n=Count("id")).order_by())
    projects = (
        key.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("key_level")],
                order_by=[F("stage__order").desc(), F("stage_since").asc(), F("id").asc()],
            )
        )
        .filter(rank__lte=limit)
        .select_related("stage", "officer")
        .prefetch_related(
            Prefetch(
                "investor_links",
                queryset=ProjectInvestor.objects.visible_to(user)
                .select_related("investor")
                .order_by("role", "id"),
                to_attr="investor_rows",
            )
        )
        .annotate(
            open_blockers=_open_blockers_count(),
            last_activity=_last_activity(),
            money_in_place=_in_place(),
        )
        .order_by("key_level", "rank")
    )
    groups = {
        level: KeyGroup(level, str(KeyLevel(level).label), [], counts.get(level, 0))
        for level in KEY_LEVELS
    }
    for project in projects:
        project.days_in_stage = (today - project.stage_since).days
        project.investor_names = investors_shown(project, project.insider)
        group = groups.setdefault(
            project.key_level,
            KeyGroup(project.key_level, project.key_level, [], counts.get(project.key_level, 0)),
        )
        group.projects.append(project)
    return [g for g in groups.values() if g.projects]


# --- blockers -----------------------------------------------------------------------


def open_blockers(user, park):
    """The open blockers of the park's projects, oldest first (raised on)."""
    return (
        Blocker.objects.visible_to(user)
        .filter(project__park=park, status=BlockerStatus.OPEN)
        .select_related("project", "owner")
        .order_by("raised_on", "id")
    )


def blocker_summary(user, park, today: dt.date | None = None) -> dict:
    """Open blockers by category and by escalation level, and how many are overdue
    (two GROUP BY queries)."""
    today = _today(today)
    blockers = open_blockers(user, park).select_related(None).order_by()
    labels = dict(BlockerCategory.choices)
    levels = dict(Escalation.choices)
    by_category = list(
        blockers.values_list("category")
        .annotate(n=Count("id"), late=Count("id", filter=Q(deadline__lt=today)))
        .order_by("-n", "category")
    )
    return {
        "total": sum(n for _, n, _ in by_category),
        "overdue": sum(late for _, _, late in by_category),
        "by_category": [
            {"category": c, "label": str(labels.get(c, c)), "count": n} for c, n, _ in by_category
        ],
        "by_escalation": [
            {"escalation": e, "label": str(levels.get(e, e)), "count": n}
            for e, n in blockers.values_list("escalation")
            .annotate(n=Count("id"))
            .order_by("-escalation")
        ],
    }
