"""The working lists: my next steps, overdue next steps, stalled projects and the
response deadlines of new leads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, Greatest

from parkbase.core.scoping import SUBQUERY
from parkbase.projects import engine
from parkbase.projects.choices import OPEN_STATUSES, ActivityKind
from parkbase.projects.models import Activity, Pipeline, Project, StageChange
from parkbase.projects.selectors.base import (
    LIST_LIMIT,
    NOT_CLOSED,
    _last_activity,
    _last_change,
    _today,
    pipeline_rules,
    stages,
)

# --- working lists: my tasks, overdue next steps, stalled projects, new leads ------


def _next_steps(user, park):
    """Next steps not done yet, of projects that are not closed."""
    return (
        Activity.objects.visible_to(user)
        .filter(project__park=park, project__status__in=NOT_CLOSED, done_on__isnull=True)
        .exclude(next_step="")
        .select_related("project", "owner")
    )


def my_tasks(user, park):
    """The user's own next steps not done, the earliest due first (undated last)."""
    return (
        _next_steps(user, park)
        .filter(owner_id=user.pk)
        .order_by(F("due_on").asc(nulls_last=True), "occurred_on", "id")
    )


def overdue_steps(user, park, today: dt.date | None = None):
    """Everyone's next steps past their due date, the longest overdue first."""
    return (
        _next_steps(user, park)
        .filter(due_on__lt=_today(today))
        .order_by("due_on", "occurred_on", "id")
    )


def stalled_projects(user, park, today: dt.date | None = None, rules: Pipeline | None = None):
    """Open projects (active or paused) without progress — no activity and no move —
    for at least the pipeline's ``talk_after_days``; each with ``last_progress`` (the
    later of its last activity and its last move) and ``stall``: ``talk`` or, after
    ``drop_after_days``, ``drop`` (``engine.stall``). The longest idle first."""
    today = _today(today)
    rules = rules or pipeline_rules(user, park)
    cutoff = today - dt.timedelta(days=rules.talk_after_days)
    recent_activity = Activity.objects.unscoped(SUBQUERY).filter(
        project=OuterRef("pk"), occurred_on__gt=cutoff
    )
    recent_move = StageChange.objects.unscoped(SUBQUERY).filter(
        project=OuterRef("pk"), changed_on__gt=cutoff
    )
    return (
        Project.objects.visible_to(user)
        .filter(park=park, status__in=OPEN_STATUSES, first_contact_on__lte=cutoff)
        .filter(~Exists(recent_activity), ~Exists(recent_move))
        .select_related("stage", "officer")
        .annotate(
            last_activity=_last_activity(),
            last_change=_last_change(),
        )
        .annotate(
            last_progress=Greatest(
                Coalesce("last_activity", "first_contact_on"),
                Coalesce("last_change", "first_contact_on"),
                output_field=DateField(),
            )
        )
        .order_by("last_progress", "id")
    )


def stalled_page(
    user,
    park,
    today: dt.date | None = None,
    rules: Pipeline | None = None,
    limit: int = LIST_LIMIT,
) -> tuple[list[Project], dict]:
    """The first ``limit`` of ``stalled_projects``, marked by ``with_stall``, and their
    ``stall_counts``: two queries whatever the number of stalled projects.

    A project's last progress (its last activity, its last move) is two index lookups;
    ordering by it and counting the drop proposals each needs it for every stalled
    project. Here it is worked out once, in a derived table (the scoped queryset's own
    SQL: the ORM has no subquery in FROM) the order, the total and the drop count are
    read from; the ``limit`` rows are then loaded by id. ``stalled_projects[:limit]``
    with ``stall_counts`` looked it up three to four times per stalled project (for the
    benchmark's 13,800: about 110 against 60 ms on SQLite, 180 against 75 ms on
    PostgreSQL)."""
    today = _today(today)
    rules = rules or pipeline_rules(user, park)
    stalled = stalled_projects(user, park, today, rules)
    drop_cutoff = today - dt.timedelta(days=rules.drop_after_days)
    connection = connections[stalled.db]
    # the window count also keeps PostgreSQL from merging the derived table into the
    # outer query, which would look each project's last progress up twice again
    try:
        inner, params = (
            stalled.order_by()
            .values("id", "last_progress")
            .annotate(total=Window(Count("pk")))
            .query.sql_with_params()
        )
    except EmptyResultSet:  # nothing to read (``visible_to`` gave ``none()``)
        return [], {"total": 0, "talk": 0, "drop": 0}
    name = connection.ops.quote_name
    pk, last, total = name("id"), name("last_progress"), name("total")
    sql = (
        f"SELECT {pk}, {total}, SUM(CASE WHEN {last} <= %s THEN 1 ELSE 0 END) OVER () "
        f"FROM ({inner}) {name('stalled')} ORDER BY {last}, {pk} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datefield_value(drop_cutoff), *params, limit])
        head = cursor.fetchall()
    total, drop = (int(head[0][1]), int(head[0][2])) if head else (0, 0)
    rows = with_stall(stalled.filter(pk__in=[row[0] for row in head]), today, rules)
    return rows, {"total": total, "talk": total - drop, "drop": drop}


def first_rows(queryset, limit: int = LIST_LIMIT) -> tuple[list, int]:
    """The first ``limit`` rows of an ordered queryset and how many it has, in two
    queries whatever its size: the ids in order with the total (a window count) from
    the lean query, then those rows with their joins. (A LIMIT over the joined rows
    carries every joined row to the sort, and a COUNT reads them all again: for the
    benchmark's 15,000 overdue next steps about 75 against 45 ms on SQLite, 100 against
    75 ms on PostgreSQL.)"""
    head = list(queryset.values_list("pk", Window(Count("pk")))[:limit])
    ids = [pk for pk, _total in head]
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows], (head[0][1] if head else 0)


def with_stall(projects, today: dt.date | None, rules: Pipeline) -> list[Project]:
    """Mark each stalled project ``stall`` (talk/drop) and ``idle_days``."""
    today = _today(today)
    rows = list(projects)
    for p in rows:
        p.idle_days = (today - p.last_progress).days
        p.stall = engine.stall(
            p.last_progress,
            today,
            talk_after=rules.talk_after_days,
            drop_after=rules.drop_after_days,
        )
    return rows


def stall_counts(projects, today: dt.date | None, rules: Pipeline) -> dict:
    """How many stalled projects there are, and how many of them to propose for dropping
    (one query)."""
    drop_cutoff = _today(today) - dt.timedelta(days=rules.drop_after_days)
    counts = projects.order_by().aggregate(
        total=Count("pk"), drop=Count("pk", filter=Q(last_progress__lte=drop_cutoff))
    )
    return {
        "total": counts["total"],
        "talk": counts["total"] - counts["drop"],
        "drop": counts["drop"],
    }


@dataclass
class LeadRow:
    project: Project
    deadlines: list[engine.Deadline]
    today: dt.date

    @property
    def late(self) -> bool:
        return any(d.late(self.today) for d in self.deadlines)

    @property
    def next_due(self) -> dt.date | None:
        return min((d.due for d in self.deadlines if d.open()), default=None)

    def cells(self):
        """(deadline, state) with state: done, done_late, overdue or open."""
        for d in self.deadlines:
            if d.done is not None:
                yield d, "done_late" if d.late(self.today) else "done"
            else:
                yield d, "overdue" if d.late(self.today) else "open"


def lead_deadlines(
    user, park, today: dt.date | None = None, rules: Pipeline | None = None
) -> list[LeadRow]:
    """New leads with a response deadline still open or met late (``engine.
    lead_deadlines``: answered = the first activity, screened = the screening date, fed
    back = the first feedback activity). A new lead is an open project whose feedback
    deadline has not passed yet, or one that has not gone past the pipeline's second
    stage (screening) and was first contacted less than ``talk_after_days`` ago (an
    older one is in the stalled list). Overdue ones first, then the earliest due."""
    today = _today(today)
    rules = rules or pipeline_rules(user, park)
    orders = [s.order for s in stages(user, park)]
    new = Q(first_contact_on__gte=today - dt.timedelta(days=rules.feedback_days))
    if orders:
        new |= Q(
            furthest_order__lte=orders[min(1, len(orders) - 1)],
            first_contact_on__gt=today - dt.timedelta(days=rules.talk_after_days),
        )
    first_activity = Subquery(
        Activity.objects.unscoped(SUBQUERY)
        .filter(project=OuterRef("pk"))
        .order_by("occurred_on")
        .values("occurred_on")[:1]
    )
    first_feedback = Subquery(
        Activity.objects.unscoped(SUBQUERY)
        .filter(project=OuterRef("pk"), kind=ActivityKind.FEEDBACK)
        .order_by("occurred_on")
        .values("occurred_on")[:1]
    )
    projects = (
        Project.objects.visible_to(user)
        .filter(park=park, status__in=OPEN_STATUSES)
        .filter(new)
        .select_related("stage", "officer")
        .annotate(first_activity=first_activity, first_feedback=first_feedback)
        .order_by("first_contact_on", "id")
    )
    rows = []
    for p in projects:
        deadlines = engine.lead_deadlines(
            p.first_contact_on,
            answered=p.first_activity,
            screened=p.screened_on,
            fed_back=p.first_feedback,
            answer_days=rules.answer_days,
            screen_days=rules.screen_days,
            feedback_days=rules.feedback_days,
        )
        row = LeadRow(p, deadlines, today)
        if row.late or any(d.open() for d in deadlines):
            rows.append(row)
    overdue, rest = [], []
    for row in rows:
        (overdue if any(s == "overdue" for _, s in row.cells()) else rest).append(row)
    far = dt.date.max
    overdue.sort(key=lambda r: (r.next_due or far, r.project.pk))
    rest.sort(key=lambda r: (r.next_due or far, r.project.first_contact_on, r.project.pk))
    return overdue + rest
