"""The analysis figures: the funnel (projects that reached each stage, conversion,
median days per stage), money without double counting, and lost projects by reason,
destination and year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DateField, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from parkbase.core.scoping import SUBQUERY
from parkbase.projects.choices import OPEN_STATUSES, FundKind, FundSource, LossReason, PlaceLevel
from parkbase.projects.models import (
    Funding,
    Loss,
    LossDestination,
    Project,
    ProjectInvestor,
    Stage,
    StageChange,
)
from parkbase.projects.selectors.base import (
    STATEMENTS,
    ProjectFilter,
    Year,
    _years,
    stage_label,
    stages,
)

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
        stays = StageChange.objects.unscoped(SUBQUERY).filter(
            stage_id__in=stage_ids, days__isnull=False
        )
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
        Funding.objects.unscoped(SUBQUERY)
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
