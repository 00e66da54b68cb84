"""Reads for pages, the API and the command line, as plain data (the leaders'
dashboard builds on them): the indicator library, the targets of a year, the
progress table of a park at a month end, and one indicator's trend, projection and
contributions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parkbase.core.clock import today
from parkbase.enterprises.models import Enterprise
from parkbase.indicators import engine, sources
from parkbase.indicators.choices import (
    OPEN_TASK_STATUSES,
    CanonicalUnit,
    TargetKind,
    ValueSource,
)
from parkbase.indicators.models import Indicator, KeyTask, ResponsibleUnit, Target
from parkbase.indicators.services import factor

PAST_YEARS = 3  # the years a seasonal profile and a projection look back on


def indicators_of(park, user=None, *, active_only: bool = True):
    rows = Indicator.objects.for_actor(user).filter(park=park)
    return rows.filter(active=True) if active_only else rows


def units_of(park, user=None):
    return ResponsibleUnit.objects.for_actor(user).filter(park=park)


def targets_of(park, year: int, user=None) -> dict[int, Target]:
    """{indicator id: its target of ``year``}, with the split by unit and month."""
    rows = (
        Target.objects.for_actor(user)
        .filter(indicator__park=park, year=year)
        .prefetch_related("shares__unit", "months")
    )
    return {t.indicator_id: t for t in rows}


def latest_month(year: int) -> int:
    """The last month of ``year`` that is over (12 for a past year; 1 in a January)."""
    now = today()
    if year < now.year:
        return 12
    return max(now.month - 1, 1)


def months_ended(year: int) -> int:
    """How many months of ``year`` end on or before today (the as-of date): 12 for a
    past year, 0 for a later one; on a month's last day, that month too (a year's end
    has all twelve)."""
    now = today()
    if year != now.year:
        return 12 if year < now.year else 0
    return now.month if now == engine.month_end(now.year, now.month) else now.month - 1


class SeriesCache:
    """One read per indicator and year for a whole table or page."""

    def __init__(self, user=None):
        self.user = user
        self._cache: dict = {}
        self._totals: dict = {}  # the park's stored monthly totals read, by year

    def prefetch(self, park, indicators, year: int) -> None:
        """Read the series of ``indicators`` for ``year`` and the years a row looks back
        on, in a few queries for all of them (``sources.series_many``)."""
        years = range(year - PAST_YEARS, year + 1)
        self._cache |= sources.series_many(
            park, indicators, years, user=self.user, totals=self._totals
        )

    def get(self, indicator: Indicator, year: int) -> sources.Series:
        key = (indicator.pk, year)
        if key not in self._cache:
            self._cache[key] = sources.series(indicator, year, user=self.user)
        return self._cache[key]

    def past(self, indicator: Indicator, year: int) -> list[sources.Series]:
        return [self.get(indicator, year - n) for n in range(1, PAST_YEARS + 1)]

    def filing(self, park, year: int, month: int) -> sources.PeriodFiling:
        """Who filed for ``month`` of ``year`` in ``park`` (or its id): ``sources.filing``,
        read once a page."""
        key = ("filing", year, month)
        if key not in self._cache:
            self._cache[key] = sources.filing(park, year, month, self.user)
        return self._cache[key]


@dataclass
class ProgressRow:
    """One indicator's standing at a month end; values in its stored unit."""

    indicator: Indicator
    target: Target | None
    month: int  # the month the table asks about
    data_month: int | None  # the month end of the latest figure up to it
    ytd: Decimal | None
    last_ytd: Decimal | None  # the same period last year, of the same enterprises
    last_total: Decimal | None  # last year's whole year
    growth: Decimal | None  # year on year, percent
    implied_growth: Decimal | None  # what a level target asks over last year, percent
    planned_ytd: Decimal | None  # the target's months up to the data month
    elapsed: Decimal
    completion: Decimal | None
    lead: Decimal | None  # points ahead of elapsed time (level) or of the target (growth)
    behind: bool
    alert: bool
    projection: engine.Projection | None = None
    extras: dict = field(default_factory=dict)
    # monthly returns: who filed for the data month (those not filed yet are left out
    # of ``last_ytd`` too: like with like), and last year's figure of every enterprise
    filing: sources.PeriodFiling | None = None
    last_ytd_all: Decimal | None = None

    @property
    def partial(self) -> bool:
        """Whether above-size enterprises have not filed for the data month yet."""
        return self.filing is not None and not self.filing.complete

    @property
    def shown_factor(self) -> Decimal:
        return factor(self.indicator)

    def shown(self, value: Decimal | None) -> Decimal | None:
        """A stored value in the indicator's display unit."""
        return None if value is None else Decimal(value) / self.shown_factor


def progress_row(
    indicator: Indicator, target: Target | None, year: int, month: int, cache: SeriesCache
) -> ProgressRow:
    now = cache.get(indicator, year)
    before = cache.get(indicator, year - 1)
    months = [m for m in now if m <= month]
    data_month = max(months) if months else None
    ytd = now[data_month] if data_month else None
    at = data_month or month
    last_ytd = last_ytd_all = before.get(at)
    filing = None
    if indicator.source == ValueSource.MONTHLY and data_month is not None:
        # like with like: the enterprises that have not filed this period yet are left
        # out of last year's figure too, so that a late return does not read as a fall
        filing = cache.filing(indicator.park_id, year, data_month)
        left_out = filing.late_before.get(indicator.monthly_field)
        if last_ytd is not None and left_out is not None:
            last_ytd = last_ytd - left_out
    last_total = before.get(12)
    elapsed = engine.elapsed_at_month_end(at)
    rate = indicator.is_rate
    growth = None if rate else engine.growth(ytd, last_ytd)
    row = ProgressRow(
        indicator=indicator,
        target=target,
        month=month,
        data_month=data_month,
        ytd=ytd,
        last_ytd=last_ytd,
        last_total=last_total,
        growth=growth,
        implied_growth=None,
        planned_ytd=None,
        elapsed=elapsed,
        completion=None,
        lead=None,
        behind=False,
        alert=False,
        filing=filing,
        last_ytd_all=last_ytd_all,
    )
    direction = indicator.direction
    if target is not None and (target.kind == TargetKind.GROWTH or rate):
        # a growth target against the ytd growth; a rate's target against the rate
        compared = ytd if rate else growth
        g = engine.growth_progress(compared, target.value, target.threshold, direction)
        row.lead, row.behind, row.alert = g.lead, g.behind, g.alert
    elif target is not None:
        p = engine.level_progress(ytd, target.value, elapsed, target.threshold, direction)
        row.completion, row.lead, row.behind, row.alert = p.completion, p.lead, p.behind, p.alert
        row.implied_growth = engine.implied_growth(target.value, last_total)
        planned = {m.month: m.value for m in target.months.all()}
        if planned:
            row.planned_ytd = sum((v for m, v in planned.items() if m <= at), Decimal(0))
    if ytd is not None and not rate:
        level = target.value if target is not None and target.kind == TargetKind.LEVEL else None
        row.projection = engine.project_year_end(
            ytd,
            at,
            cache.past(indicator, year),
            level,
            direction,
            whole=indicator.unit == CanonicalUnit.COUNT,
        )
        if target is not None and target.kind == TargetKind.GROWTH and last_total:
            row.extras["projected_growth"] = engine.growth(row.projection.central, last_total)
    return row


def progress_table(park, year: int, month: int | None = None, user=None) -> list[ProgressRow]:
    """Every active indicator of the park with its target of ``year`` at the end of
    ``month`` (by default the latest month with returns: ``default_month``)."""
    cache = SeriesCache(user)
    month = month or default_month(park, year, user, cache)
    targets = targets_of(park, year, user)
    indicators = list(indicators_of(park, user).order_by("order", "code"))
    cache.prefetch(park, indicators, year)
    return [
        progress_row(indicator, targets.get(indicator.pk), year, month, cache)
        for indicator in indicators
    ]


def past_years_series(indicator: Indicator, year: int, user=None) -> list[sources.Series]:
    cache = SeriesCache(user)
    return cache.past(indicator, year)


# ------------------------------------------------------------- one indicator's page


@dataclass
class Contributor:
    kind: str  # enterprise | project
    pk: int
    name: str
    current: Decimal
    previous: Decimal
    change: Decimal
    share: Decimal | None


@dataclass
class IndicatorDetail:
    row: ProgressRow
    this_year: sources.Series
    last_year: sources.Series
    decliners: list[Contributor]
    risers: list[Contributor]
    total_change: Decimal | None
    profile: engine.Profile

    @property
    def explains(self) -> bool:
        """Whether the indicator is a sum over records that contributions explain."""
        return self.total_change is not None


def monthly_values(series: sources.Series) -> dict[int, Decimal]:
    """The period values of a year-to-date series: the difference of consecutive
    figures (a combined 1–2月 stays one value, at month 2)."""
    out, previous = {}, Decimal(0)
    for month in sorted(series):
        out[month] = series[month] - previous
        previous = series[month]
    return out


def indicator_detail(
    indicator: Indicator,
    year: int,
    month: int | None = None,
    user=None,
    top: int = 10,
    *,
    cache: SeriesCache | None = None,
    row: ProgressRow | None = None,
) -> IndicatorDetail:
    """An indicator's standing, trend and the records behind its change; ``cache`` and
    ``row``: what a page that already read them (the dashboard) hands on."""
    if cache is None:
        cache = SeriesCache(user)
        month = month or default_month(indicator.park, year, user, cache)
        cache.prefetch(indicator.park, [indicator], year)
    if row is None:
        target = Target.objects.for_actor(user).filter(indicator=indicator, year=year).first()
        row = progress_row(indicator, target, year, month, cache)
    decliners, risers, total = [], [], None
    at = row.data_month
    if at is not None and indicator.source != ValueSource.MANUAL:
        found = sources.changes(indicator, year, at, top, user=user, filed=row.filing)
        if found is not None:
            falls, rises, total = found
            names = sources.names_of([r.key for r in falls + rises], user)

            def contributor(r):
                kind, pk = r.key
                return Contributor(
                    kind, pk, names.get(r.key, "—"), r.current, r.previous, r.change, r.share
                )

            decliners = [contributor(r) for r in falls]
            risers = [contributor(r) for r in rises]
    return IndicatorDetail(
        row=row,
        this_year=cache.get(indicator, year),
        last_year=cache.get(indicator, year - 1),
        decliners=decliners,
        risers=risers,
        total_change=total,
        profile=engine.seasonal_profile(cache.past(indicator, year)),
    )


# ------------------------------------------------------------------ key tasks


def late_tasks(tasks, on=None):
    """The key tasks still to do whose deadline has passed (``on``: today)."""
    return tasks.filter(status__in=OPEN_TASK_STATUSES, deadline__lt=on or today())


def late_milestones(task, on=None) -> list[int]:
    """The indexes of a task's milestones past their due date and not done."""
    on = (on or today()).isoformat()
    return [
        i
        for i, step in enumerate(task.milestones or [])
        if step.get("due") and not step.get("done") and str(step["due"]) < on
    ]


# ------------------------------------------------------------------ the dashboard

DASHBOARD_ROWS = 10  # key indicators on the dashboard: the page prints on one A4 page
DASHBOARD_NAMES = 5  # contributors, decliners and late tasks named


def _headline(park, user) -> Indicator | None:
    """The monthly returns' first indicator (gross output) of the park."""
    monthly = indicators_of(park, user).filter(source=ValueSource.MONTHLY)
    return monthly.order_by("order", "code").first()


def returns_month(park, year: int, user=None, cache: SeriesCache | None = None) -> int | None:
    """The latest month of ``year`` the park's monthly returns have figures for (those
    of its first monthly indicator), not after the as-of date; None without any."""
    return _returns_month(_headline(park, user), year, cache or SeriesCache(user))


def _returns_month(headline: Indicator | None, year: int, cache: SeriesCache) -> int | None:
    if headline is None:
        return None
    ended = months_ended(year)
    months = [m for m in cache.get(headline, year) if m <= ended]
    return max(months) if months else None


def default_month(park, year: int, user=None, cache: SeriesCache | None = None) -> int:
    """The month a table of ``year`` is read at when none is asked for: the latest with
    returns (``returns_month``), else the last month over."""
    return returns_month(park, year, user, cache) or latest_month(year)


def data_period(park, user, cache: SeriesCache | None = None) -> tuple[int, int]:
    """The latest month end with data: where the monthly returns' first indicator
    (gross output) has figures, this year or the years before, not after the as-of
    date; the last month over of this year when the park has no such figure."""
    cache = cache or SeriesCache(user)
    headline = _headline(park, user)
    now = today().year
    if headline is not None:  # the years looked at, in a few reads of the stored totals
        cache.prefetch(park, [headline], now)
    for year in range(now, now - PAST_YEARS, -1):
        month = _returns_month(headline, year, cache)
        if month is not None:
            return year, month
    return now, latest_month(now)


@dataclass
class Dashboard:
    """The committee's indicator part of the home page, on the latest period with data."""

    year: int
    month: int
    filing: sources.PeriodFiling | None  # who filed for the month (with monthly returns)
    rows: list[ProgressRow]
    headline: IndicatorDetail | None
    late: list  # key tasks
    late_count: int


def dashboard(park, user) -> Dashboard:
    """The key indicators (those with a target this year, else the first ones) at the
    latest month end with data, the headline indicator's trend and the enterprises
    behind its change, and the late key tasks."""
    cache = SeriesCache(user)
    year, month = data_period(park, user, cache)
    targets = targets_of(park, year, user)
    indicators = list(indicators_of(park, user).order_by("order", "code"))
    keyed = ([i for i in indicators if i.pk in targets] or indicators)[:DASHBOARD_ROWS]
    cache.prefetch(park, keyed, year)  # a few queries for all rows, as the progress table
    rows = [progress_row(i, targets.get(i.pk), year, month, cache) for i in keyed]
    headline = next((r for r in rows if r.indicator.source == ValueSource.MONTHLY), None)
    detail = (
        indicator_detail(
            headline.indicator, year, month, user, DASHBOARD_NAMES, cache=cache, row=headline
        )
        if headline is not None
        else None
    )
    late = late_tasks(KeyTask.objects.visible_to(user).filter(park=park))
    return Dashboard(
        year=year,
        month=month,
        filing=cache.filing(park.pk, year, month) if headline is not None else None,
        rows=rows,
        headline=detail,
        late=list(late.select_related("unit").order_by("deadline", "id")[:DASHBOARD_NAMES]),
        late_count=late.count(),
    )


@dataclass
class ScopeFigure:
    field: str
    ytd: Decimal | None
    last_ytd: Decimal | None
    growth: Decimal | None


@dataclass
class ScopeFigures:
    """A department's own enterprises at the latest month end they filed for."""

    year: int
    month: int
    figures: list[ScopeFigure]
    decliners: list[Contributor]
    filing: sources.PeriodFiling  # how many of them filed for that month, of how many

    @property
    def enterprises(self) -> int:
        return self.filing.filed


SCOPE_FIELDS = ("gross_output", "revenue", "tax_total", "value_added")


def scope_figures(
    user, fields: tuple[str, ...] = SCOPE_FIELDS, *, with_decliners: bool = True
) -> ScopeFigures | None:
    """The year-to-date ``fields`` of the enterprises ``user`` sees (a department's;
    an enterprise user's own) against the same period last year, summed over those
    enterprises only (never the park's), like with like (those not filed yet left out
    of last year too, as on the committee's pages), with the enterprises whose output
    fell most (unless not ``with_decliners``); None when none of them filed."""
    enterprises = Enterprise.objects.visible_to(user)
    now = today().year
    found = None
    for year in range(now, now - PAST_YEARS, -1):
        through = months_ended(year)
        if not through:
            continue
        totals = sources.monthly_totals(enterprises, year, SCOPE_FIELDS[0], through_month=through)
        months = [m for m, (_p, ytd) in totals.items() if ytd is not None]
        if months:
            found = year, max(months)
            break
    if found is None:
        return None
    year, month = found
    filing = sources.period_filing(enterprises, year, month, fields)
    figures = []
    for name in fields:
        now_ytd = sources.monthly_totals(enterprises, year, name, through_month=month)
        before = sources.monthly_totals(enterprises, year - 1, name, through_month=month)
        ytd = (now_ytd.get(month) or (None, None))[1]
        last = (before.get(month) or (None, None))[1]
        left_out = filing.late_before.get(name)
        if last is not None and left_out is not None:
            last -= left_out
        figures.append(ScopeFigure(name, ytd, last, engine.growth(ytd, last)))
    if not with_decliners:
        return ScopeFigures(year, month, figures, [], filing)
    compared = enterprises if filing.complete else sources.compared(enterprises, year, month)
    found = sources.enterprise_changes(compared, year, SCOPE_FIELDS[0], month, DASHBOARD_NAMES)
    falls = found[0] if found is not None else []
    ids = [r.key[1] for r in falls]
    names = dict(enterprises.filter(pk__in=ids).values_list("pk", "name"))
    decliners = [
        Contributor(
            "enterprise",
            r.key[1],
            names.get(r.key[1], "—"),
            r.current,
            r.previous,
            r.change,
            r.share,
        )
        for r in falls
    ]
    return ScopeFigures(year, month, figures, decliners, filing)
