"""Reads of the investment pipeline (招商引资) behind the analysis pages: the funnel
(projects that reached each stage, conversion, median days per stage), money without
double counting, lost projects by reason, destination and year, the key-projects and
blockers boards, and the working lists (my next steps, overdue next steps, stalled
projects, lead response deadlines).

Every row comes from ``Model.objects.visible_to(user)``; each function also takes the
park whose pipeline it reads (leaders and staff have one; an administrator picks one).
Rows carry the ``insider`` mark of ``visible_to``: pages show ``shown_name`` /
``project_name`` and ``investors_shown``, never a confidential project's real name or
investors to an outsider. Counts and sums include confidential projects.

No function makes a query per row. The funnel, the boards and the money summary cost a
fixed number of queries whatever the number of projects; the funnel's medians cost one
small index query per stage of the pipeline. Two deliberate bypasses use
``unscoped()`` so they stay greppable: correlated subqueries (the latest statement of a
project, its last activity…) that read the rows of a project the outer, scoped query
already made visible, and the unfiltered funnel's stays, read through the park's
visible stages (``median_days`` says why)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.utils import timezone
from django.utils.translation import get_language

from parkbase.core.models import Park, User
from parkbase.core.need_to_know import annotate
from parkbase.land.models import Approval
from parkbase.projects import engine
from parkbase.projects.choices import (
    OPEN_STATUSES,
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    KeyLevel,
    LossReason,
    PlaceLevel,
    ProjectStatus,
)
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Loss,
    LossDestination,
    Pipeline,
    Project,
    ProjectInvestor,
    Shown,
    Stage,
    StageChange,
)

# Statuses whose next steps still matter (closed: lost, terminated).
NOT_CLOSED = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.LANDED)
# Planned and contracted figures are statements of a project's total (the latest counts).
STATEMENTS = (FundKind.PLANNED, FundKind.CONTRACTED)
# Key-project levels, the highest first (how leaders read the board).
KEY_LEVELS = (KeyLevel.NATIONAL, KeyLevel.PROVINCE, KeyLevel.CITY, KeyLevel.DISTRICT)
LIST_LIMIT = 100  # rows a working list shows; its count says how many there are


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


class Year(Func):
    """The year of a date. Django's ``ExtractYear`` calls a Python function per row on
    SQLite (``django_date_extract``), a cost that shows at 20,000 projects; SQLite's own
    ``strftime`` does it in C. ``EXTRACT(YEAR …)`` elsewhere."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(strftime('%%%%Y', %(expressions)s) AS integer)"
        )


def _years(queryset, field: str) -> list[int]:
    """Every year from the latest to the earliest date of ``field`` (one MIN/MAX)."""
    span = queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


# --- the park, its stages and rules ------------------------------------------------


def parks(user):
    """The parks whose pipeline the user may read."""
    return Park.objects.visible_to(user).order_by("name", "id")


def stages(user, park) -> list[Stage]:
    return list(Stage.objects.visible_to(user).filter(park=park).order_by("order", "id"))


def pipeline_rules(user, park) -> Pipeline:
    """The park's rules; the defaults (unsaved) while the park has none yet."""
    return Pipeline.objects.visible_to(user).filter(park=park).first() or Pipeline(park=park)


def stage_label(stage: Stage) -> str:
    """The stage's name in the page's language (the Chinese name when no English one)."""
    if (get_language() or "").startswith("en") and stage.name_en:
        return stage.name_en
    return stage.name


@dataclass(frozen=True)
class ProjectFilter:
    """The funnel's filters, as a condition on projects (or, with ``path``, on rows that
    hang off a project)."""

    year: int | None = None  # first-contact year
    industry: str = ""  # GB/T 4754 code prefix
    source: str = ""
    officer: int | None = None

    def q(self, path: str = "") -> Q:
        condition = Q()
        if self.year:
            condition &= Q(**{f"{path}first_contact_on__year": self.year})
        if self.industry.strip():
            condition &= Q(**{f"{path}industry_code__startswith": self.industry.strip().upper()})
        if self.source:
            condition &= Q(**{f"{path}source": self.source})
        if self.officer:
            condition &= Q(**{f"{path}officer_id": self.officer})
        return condition


def contact_years(user, park) -> list[int]:
    return _years(Project.objects.visible_to(user).filter(park=park), "first_contact_on")


def officers(user, park):
    """The users responsible for some project of the park (the funnel's officer filter)."""
    responsible = Project.objects.visible_to(user).filter(park=park, officer_id=OuterRef("pk"))
    return User.objects.visible_to(user).filter(Exists(responsible)).order_by("username")


# --- the funnel ---------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelRow:
    stage: Stage
    reached: int  # projects that reached the stage (every stage up to their furthest)
    conversion: float | None  # share of the previous stage's projects that reached it
    median_days: float | None  # over the finished stays in the stage
    stays: int  # finished stays the median is taken over
    current: int  # open projects in the stage now

    @property
    def label(self) -> str:
        return stage_label(self.stage)

    @property
    def percent(self) -> float | None:
        return None if self.conversion is None else self.conversion * 100


def funnel(user, park, filters: ProjectFilter = ProjectFilter()) -> list[FunnelRow]:
    """Per stage of the park's pipeline: how many projects reached it (one GROUP BY on
    the furthest stage reached, summed from the end), the conversion from the stage
    before, the median days of a finished stay in it, and how many open projects are
    in it now. A project that jumped stages reached the ones it jumped."""
    steps = stages(user, park)
    projects = Project.objects.visible_to(user).filter(park=park).filter(filters.q())
    by_furthest = dict(
        projects.order_by().values_list("furthest_order").annotate(n=Count("id")).order_by()
    )
    current = dict(
        projects.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("stage_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    medians = median_days(user, park, filters, steps)
    rows, previous = [], None
    for stage in steps:
        reached = sum(n for order, n in by_furthest.items() if order >= stage.order)
        median, stays = medians.get(stage.pk, (None, 0))
        rows.append(
            FunnelRow(
                stage=stage,
                reached=reached,
                conversion=(reached / previous) if previous else None,
                median_days=median,
                stays=stays,
                current=current.get(stage.pk, 0),
            )
        )
        previous = reached
    return rows


def median_days(
    user, park, filters: ProjectFilter = ProjectFilter(), park_stages: list | None = None
) -> dict:
    """{stage id: (median days, number of stays)} over the finished stays (``days`` set
    when the project moved on). One COUNT per stage in one GROUP BY, then per stage the
    middle one or two values: ``ORDER BY days LIMIT 2 OFFSET (n-1)/2`` along the
    (stage, days) index; works alike on SQLite and PostgreSQL.

    Without a filter on projects the stays are those of the park's visible stages: a
    stay's stage is always of its project's park (the services refuse another park's
    stage), and stages and stays are seen by the same roles of the same park. That
    reads the (stage, days) index alone, where the project join of ``visible_to``
    looks every stay's project up (85 ms against 9 ms at 20,000 projects, SQLite)."""
    if filters == ProjectFilter():
        park_stages = stages(user, park) if park_stages is None else park_stages
        stage_ids = [s.pk for s in park_stages]
        stays = StageChange.objects.unscoped().filter(stage_id__in=stage_ids, days__isnull=False)
    else:
        stays = (
            StageChange.objects.visible_to(user)
            .filter(project__park=park, days__isnull=False)
            .filter(filters.q("project__"))
        )
    counts = dict(stays.order_by().values_list("stage_id").annotate(n=Count("id")).order_by())
    out = {}
    for stage_id, n in counts.items():
        offset, take = (n - 1) // 2, 2 - n % 2
        middle = list(
            stays.filter(stage_id=stage_id)
            .order_by("days")
            .values_list("days", flat=True)[offset : offset + take]
        )
        out[stage_id] = (sum(middle) / len(middle) if middle else None, n)
    return out


# --- money --------------------------------------------------------------------------


@dataclass
class MoneyRow:
    """Planned, contracted and in-place money of a year or a source, in yuan, and how
    many projects each figure is over (``in_place_projects``: counted by year only,
    None elsewhere — a project with money from two sources or years is one project)."""

    key: object
    label: str = ""
    planned: Decimal = Decimal(0)
    contracted: Decimal = Decimal(0)
    in_place: Decimal = Decimal(0)
    planned_projects: int = 0
    contracted_projects: int = 0
    in_place_projects: int | None = None


@dataclass
class MoneySummary:
    by_year: list[MoneyRow]
    by_source: list[MoneyRow]
    total: MoneyRow


def _latest_statements(funding):
    """The statements that count (``engine.statement_key``): each project's latest
    contracted total, and each funder's latest planned share (a later date, or the same
    date recorded later, replaces it), with the year of the first statement they
    restate: a total counts once, in the year it was first stated, however many events
    or years announced it."""
    funder = Coalesce("investor_id", Value(0))
    same = (
        Funding.objects.unscoped()
        .annotate(funder_id=funder)
        .filter(project=OuterRef("project"), kind=OuterRef("kind"))
        .filter(
            Q(kind=FundKind.CONTRACTED)
            | Q(
                funder_id=OuterRef("funder_id"),
                source=OuterRef("source"),
                source_name=OuterRef("source_name"),
            )
        )
    )
    later = same.filter(
        Q(dated_on__gt=OuterRef("dated_on"))
        | Q(dated_on=OuterRef("dated_on"), pk__gt=OuterRef("pk"))
    )
    first = same.order_by("dated_on").values("dated_on")[:1]
    return (
        funding.filter(kind__in=STATEMENTS)
        .annotate(funder_id=funder)
        .filter(~Exists(later))
        .annotate(first_year=Year(Subquery(first, output_field=DateField())))
    )


def money_summary(user, park, filters: ProjectFilter = ProjectFilter()) -> MoneySummary:
    """Planned, contracted and in-place money by year and by source, with the semantics
    of ``engine.fund_totals`` (tests compare them): a contracted total counts once per
    project and a planned share once per funder — the latest statement, in the year of
    the first — and in-place arrivals add up in the year they arrived. By source, a
    planned share counts under its funder's source, a contract under the source of its
    latest statement. Three queries: the latest statements by kind, source and first
    year; how many projects have statements; the arrivals by year, with one
    conditional sum per source."""
    funding = (
        Funding.objects.visible_to(user).filter(project__park=park).filter(filters.q("project__"))
    )
    years: dict[int, MoneyRow] = {}
    sources: dict[str, MoneyRow] = {}
    total = MoneyRow("total")
    statements = (
        _latest_statements(funding)
        .values_list("kind", "source", "first_year")
        .annotate(amount=Sum("amount"), n=Count("project_id", distinct=True))
        .order_by()
    )
    for kind, source, year, amount, n in statements:
        for row in (
            years.setdefault(year, MoneyRow(year, str(year))),
            sources.setdefault(source, MoneyRow(source)),
            total,
        ):
            setattr(row, kind, getattr(row, kind) + (amount or 0))
            if row is not total:  # a project with shares from several sources: below
                setattr(row, f"{kind}_projects", getattr(row, f"{kind}_projects") + n)
    # a project has a latest statement of a kind exactly when it has any statement of it
    covered = funding.aggregate(
        **{
            f"{kind}_projects": Count("project_id", filter=Q(kind=kind), distinct=True)
            for kind in STATEMENTS
        }
    )
    for name, n in covered.items():
        setattr(total, name, n)
    per_source = {f"s_{code}": Sum("amount", filter=Q(source=code)) for code in FundSource.values}
    arrivals = (
        funding.filter(kind=FundKind.IN_PLACE)
        .order_by()
        .annotate(year=Year("dated_on"))
        .values("year")
        .annotate(arrived=Sum("amount"), n=Count("project_id", distinct=True), **per_source)
        .order_by()
    )
    for figures in arrivals:
        row = years.setdefault(figures["year"], MoneyRow(figures["year"], str(figures["year"])))
        row.in_place, row.in_place_projects = figures["arrived"] or Decimal(0), figures["n"]
        total.in_place += row.in_place
        for code in FundSource.values:
            if figures[f"s_{code}"] is not None:
                source = sources.setdefault(code, MoneyRow(code))
                source.in_place += figures[f"s_{code}"]
    labels = dict(FundSource.choices)
    by_source = []
    for code in [*FundSource.values, *sorted(set(sources) - set(FundSource.values))]:
        if code in sources:
            sources[code].label = str(labels.get(code, code))
            by_source.append(sources[code])
    return MoneySummary(by_year=[years[y] for y in sorted(years)], by_source=by_source, total=total)


# --- lost projects ------------------------------------------------------------------


@dataclass
class LossAnalysis:
    total: int
    by_reason: list[dict]  # reason, label, count, investment (yuan)
    by_destination: list[dict]  # place, level, level_label, count
    by_level: list[dict]  # level, label, count
    by_year: list[dict]  # year, count, reasons {reason: count}


def loss_years(user, park) -> list[int]:
    return _years(Loss.objects.visible_to(user).filter(project__park=park), "lost_on")


def _losses(user, park, year=None, reason=""):
    losses = Loss.objects.visible_to(user).filter(project__park=park)
    if year:
        losses = losses.filter(lost_on__year=year)
    if reason:
        losses = losses.filter(reason=reason)
    return losses


def loss_analysis(user, park, *, year: int | None = None, reason: str = "") -> LossAnalysis:
    """Lost projects by reason (with the total investment that went), by destination
    (a project that went to two districts counts at both, once in its reason), by
    destination level and by year (with the reasons of each year)."""
    losses = _losses(user, park, year, reason)
    reason_labels, level_labels = dict(LossReason.choices), dict(PlaceLevel.choices)
    by_reason = [
        {
            "reason": code,
            "label": str(reason_labels.get(code, code)),
            "count": n,
            "investment": investment,
        }
        for code, n, investment in losses.order_by()
        .values_list("reason")
        .annotate(n=Count("id"), investment=Sum("project__total_investment"))
        .order_by("-n", "reason")
    ]
    destinations = LossDestination.objects.visible_to(user).filter(
        loss__in=losses.order_by().values("pk")
    )
    by_destination = [
        {
            "place": place,
            "level": level,
            "level_label": str(level_labels.get(level, level)),
            "count": n,
        }
        for place, level, n in destinations.order_by()
        .values_list("place", "level")
        .annotate(n=Count("loss_id", distinct=True))
        .order_by("-n", "place", "level")
    ]
    by_level = [
        {"level": level, "label": str(level_labels.get(level, level)), "count": n}
        for level, n in destinations.order_by()
        .values_list("level")
        .annotate(n=Count("loss_id", distinct=True))
        .order_by("-n", "level")
    ]
    per_year: dict[int, dict] = {}
    for y, code, n in (
        losses.order_by()
        .annotate(year=Year("lost_on"))
        .values_list("year", "reason")
        .annotate(n=Count("id"))
        .order_by("year", "reason")
    ):
        row = per_year.setdefault(y, {"year": y, "count": 0, "reasons": {}})
        row["count"] += n
        row["reasons"][code] = n
    return LossAnalysis(
        total=sum(r["count"] for r in by_reason),
        by_reason=by_reason,
        by_destination=by_destination,
        by_level=by_level,
        by_year=[per_year[y] for y in sorted(per_year)],
    )


def _investor_links(user):
    return Prefetch(
        "project__investor_links",
        queryset=ProjectInvestor.objects.visible_to(user)
        .select_related("investor")
        .order_by("role", "id"),
        to_attr="investor_rows",
    )


def investors_shown(project, insider: bool) -> list[str]:
    """The investors' names of a project as the reader may see them: none of a
    confidential project for an outsider. Needs the ``investor_rows`` prefetch."""
    if Shown.hides(project, insider):
        return []
    return [link.investor.name for link in getattr(project, "investor_rows", [])]


def lost_projects(user, park, *, year: int | None = None, reason: str = ""):
    """The lost projects, latest first, with their destinations and investors (two
    prefetch queries, whatever the number of rows)."""
    return (
        _losses(user, park, year, reason)
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "destinations",
                queryset=LossDestination.objects.visible_to(user).order_by("id"),
                to_attr="destination_rows",
            ),
            _investor_links(user),
        )
        .order_by("-lost_on", "-id")
    )


# --- key projects -------------------------------------------------------------------


def _open_blockers_count():
    return Coalesce(
        Subquery(
            Blocker.objects.unscoped()
            .filter(project=OuterRef("pk"), status=BlockerStatus.OPEN)
            .order_by()
            .values("project")
            .annotate(n=Count("id"))
            .values("n")
        ),
        0,
    )


def _last_activity():
    return Subquery(
        Activity.objects.unscoped()
        .filter(project=OuterRef("pk"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )


def _last_change():
    return Subquery(
        StageChange.objects.unscoped()
        .filter(project=OuterRef("pk"))
        .order_by("-changed_on")
        .values("changed_on")[:1]
    )


def _in_place():
    return Subquery(
        Funding.objects.unscoped()
        .filter(project=OuterRef("pk"), kind=FundKind.IN_PLACE)
        .order_by()
        .values("project")
        .annotate(s=Sum("amount"))
        .values("s")
    )


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
    recent_activity = Activity.objects.unscoped().filter(
        project=OuterRef("pk"), occurred_on__gt=cutoff
    )
    recent_move = StageChange.objects.unscoped().filter(
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
        Activity.objects.unscoped()
        .filter(project=OuterRef("pk"))
        .order_by("occurred_on")
        .values("occurred_on")[:1]
    )
    first_feedback = Subquery(
        Activity.objects.unscoped()
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


# --- kanban -------------------------------------------------------------------------


def board(user, park, statuses, per_stage: int, fields) -> tuple[dict[int, int], object]:
    """The kanban's data: how many of the park's projects in ``statuses`` each stage
    holds (one GROUP BY), and, as values of ``fields``, the ``per_stage`` most recently
    moved of each (one query; the window runs over id, stage and date only, and the
    rows are then read by id), ordered by stage."""
    on_board = Project.objects.visible_to(user).filter(park=park, status__in=statuses)
    counts = dict(on_board.order_by().values_list("stage_id").annotate(n=Count("pk")).order_by())
    ranked = (
        on_board.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("stage_id")],
                order_by=[F("stage_since").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_stage)
        .values("pk")
    )
    rows = (
        Project.objects.visible_to(user)
        .filter(pk__in=ranked)
        .order_by("stage_id", "-stage_since", "-id")
        .values(*fields)
    )
    return counts, rows


# --- one project --------------------------------------------------------------------


@dataclass
class ProjectRecord:
    moves: list
    activities: list
    blockers: list
    funding: list
    links: list
    loss: Loss | None


def project_record(user, project, *, with_investors: bool) -> ProjectRecord:
    """What the project page shows of one project, each part through its own
    ``visible_to``: moves and funding in date order, activities, blockers, the
    investor links (only ``with_investors``: an outsider of a confidential project
    gets none) and the loss with its destinations."""

    def of(model):
        return model.objects.visible_to(user).filter(project=project)

    return ProjectRecord(
        moves=list(of(StageChange).select_related("stage", "user").order_by("changed_on", "id")),
        activities=list(of(Activity).select_related("owner", "created_by")),
        blockers=list(
            of(Blocker)
            .select_related("owner")
            .prefetch_related(
                # the approvals marked for need-to-know in one query, names masked
                Prefetch("approval", queryset=annotate(Approval.objects.unscoped(), user))
            )
        ),
        funding=list(of(Funding).select_related("investor").order_by("dated_on", "id")),
        links=list(of(ProjectInvestor).select_related("investor")) if with_investors else [],
        loss=of(Loss).prefetch_related("destinations").first(),
    )
