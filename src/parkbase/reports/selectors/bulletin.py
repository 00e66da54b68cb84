"""Reads of the monthly economic bulletin: ``bulletin_facts(park, year, month, user)``
gathers, always through the reader's scope, what the bulletin of a month is written
from (``reports.bulletin_facts``):

* the indicators at the month's end as the indicators app computes them (its progress
  rows: year to date, target, completion against elapsed time, year on year), with
  each indicator's own figure of the month: for those summed from the monthly returns,
  the month's sum the park's stored totals hold; for the others, the difference of the
  year-to-date figures of the month and the one before;
* how the month's returns stand against the reporting calendar (who owes, who filed,
  who is late);
* the headline indicator (the returns' first, gross output) month by month, the
  enterprises behind its change on last year (the indicators' contribution analysis,
  without the enterprises that have not filed: their change would be their whole
  figure) and the same by supervising department;
* the projects first contacted, signed and lost in the month, and the projects'
  problems still open at its end past their deadline (code names to outsiders).

``user`` None is the command line's outsider (system work inside a bypass)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F as Field
from django.db.models import Prefetch, Q

from parkbase.core.clock import today
from parkbase.core.models import Department
from parkbase.core.names import in_language
from parkbase.core.units import WAN
from parkbase.enterprises import monthly_calendar
from parkbase.indicators import engine as indicators_engine
from parkbase.indicators import selectors as indicators_app
from parkbase.indicators import sources
from parkbase.indicators.choices import CanonicalUnit, TargetKind, ValueSource
from parkbase.indicators.services import factor
from parkbase.indicators.wording import display_unit_label
from parkbase.projects.choices import BlockerStatus
from parkbase.projects.models import Blocker, Loss, LossDestination, Project
from parkbase.reports import bulletin_facts as B
from parkbase.reports.facts import Named
from parkbase.reports.selectors.common import Reading, rows, seen, url
from parkbase.reports.selectors.projects import named, part_named

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
MOVERS = 5  # enterprises charted each way (the text names the first three)
LATE_NAMED = 12  # late enterprises named (the rest counted)
OVERDUE_NAMED = 6  # overdue problems listed (the rest counted): the second page holds them
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def parse_month(text: str) -> tuple[int, int] | None:
    """``YYYY-MM`` as (year, month), or None when it is not one (2020-11, not 2020-1
    or 2020-13)."""
    found = MONTH.match((text or "").strip())
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return year, month


def month_over(year: int, month: int) -> bool:
    """Whether the month has ended (on its last day it has), as of the park's today."""
    return indicators_app.months_ended(year) >= month


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class MonthReading(Reading):
    """A reading of one month: ``end`` is the month's last day."""

    month: int = 12

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.year, self.month)


def bulletin_url(year: int, month: int, park_query: dict | None = None) -> str:
    return url("report-monthly", f"{year}-{month:02d}", **(park_query or {}))


def bulletin_facts(park, year: int, month: int, user=None) -> B.BulletinFacts:
    """Everything the bulletin of ``month`` of ``year`` is written from, for the reader."""
    r = MonthReading(park, year, user, month=month)
    progress, cache = _progress(r)
    sums = _period_sums(r, [row.indicator for row in progress])
    rows_ = [_row(r, row, cache, sums) for row in progress]
    headline_at = next(
        (i for i, row in enumerate(progress) if row.indicator.source == ValueSource.MONTHLY), None
    )
    headline = rows_[headline_at] if headline_at is not None else None
    returns, late_ids = _returns(r, headline)
    facts = B.BulletinFacts(
        park=in_language(park.name, park.name_en),
        year=year,
        month=month,
        drafted_on=today(),
        elapsed=indicators_engine.elapsed_at_month_end(month) * HUNDRED,
        rows=[row for row in rows_ if row.target is not None or row.ytd is not None],
        headline=headline,
        returns=returns,
        trend=None,
        url=bulletin_url(year, month, r.park_query),
    )
    if headline_at is not None:
        indicator = progress[headline_at].indicator
        facts.trend = _trend(r, indicator, sums, returns)
        if facts.has_returns:
            facts.indicator_unit = display_unit_label("万元")
            _contributions(r, indicator, late_ids, facts)
    facts.new, facts.signed, facts.lost = _projects(r)
    facts.overdue, facts.overdue_count = _overdue(r)
    return facts


# ------------------------------------------------------------------ the indicators


def _progress(r: MonthReading):
    """The indicators app's progress rows at the month's end (``progress_table``'s own
    steps, keeping the series read for them)."""
    cache = indicators_app.SeriesCache(r.user)
    targets = indicators_app.targets_of(r.park, r.year, r.user)
    indicators = list(indicators_app.indicators_of(r.park, r.user).order_by("order", "code"))
    cache.prefetch(r.park, indicators, r.year)
    table = [
        indicators_app.progress_row(i, targets.get(i.pk), r.year, r.month, cache)
        for i in indicators
    ]
    return table, cache


def _period_sums(r: MonthReading, indicators) -> dict[tuple[str, int], dict[int, Decimal]]:
    """{(figure, year): {period end: the sum of the period's own values}} of the
    figures the indicators sum from the monthly returns, this year and last, up to the
    month: the park's stored totals for a reader of the whole park, else summed over
    the enterprises the reader sees."""
    fields = sorted(
        {i.monthly_field for i in indicators if i.source == ValueSource.MONTHLY and i.monthly_field}
    )
    years = (r.year - 1, r.year)
    out: dict[tuple[str, int], dict[int, Decimal]] = {(f, y): {} for f in fields for y in years}
    if not fields:
        return out
    if sources.whole_park(r.park, r.user):
        totals = sources.park_monthly_totals(r.park, years, user=r.user)
        for year, by_end in totals.items():
            for end, total in by_end.items():
                for name in fields:
                    if getattr(total, f"{name}_n"):
                        out[(name, year)][end] = Decimal(getattr(total, name))
        return out
    enterprises = sources.enterprises_of(r.park, r.user)
    for name in fields:
        for year in years:
            summed = sources.monthly_totals(enterprises, year, name)
            out[(name, year)] = {e: Decimal(p) for e, (p, _y) in summed.items() if p is not None}
    return out


def _own_month(series: dict[int, Decimal], month: int) -> Decimal | None:
    """The month's own figure from a year-to-date series: its difference with the month
    before (January's, or a combined 1–2月's, is its own figure); None when the month or
    the month before has no figure (a difference over two months is not the month's)."""
    if month not in series:
        return None
    earlier = [m for m in series if m < month]
    if not earlier:
        return series[month] if month <= 2 else None
    if max(earlier) != month - 1:
        return None
    return indicators_app.monthly_values(series)[month]


def _row(r: MonthReading, row, cache, sums) -> B.Row:
    indicator, target = row.indicator, row.target
    rate = indicator.is_rate
    month = last = None
    if indicator.source == ValueSource.MONTHLY and not rate:
        month = sums.get((indicator.monthly_field, r.year), {}).get(r.month)
        last = sums.get((indicator.monthly_field, r.year - 1), {}).get(r.month)
    elif not rate:
        month = _own_month(cache.get(indicator, r.year), r.month)
        last = _own_month(cache.get(indicator, r.year - 1), r.month)
    growth_target = target is not None and (target.kind == TargetKind.GROWTH or rate)

    def shown(value):
        return None if value is None or rate else row.shown(value)

    return B.Row(
        indicator=Named(
            indicator.name_in_language(), url("indicator", indicator.pk, year=r.year, month=r.month)
        ),
        unit="%" if rate else display_unit_label(indicator.display_unit),
        rate=rate,
        whole=indicator.unit == CanonicalUnit.COUNT,
        month=shown(month),
        month_growth=None if rate else indicators_engine.growth(month, last),
        ytd=row.ytd if rate else shown(row.ytd),
        ytd_growth=row.growth,
        data_month=row.data_month,
        target=None
        if target is None
        else (Decimal(target.value) if growth_target else row.shown(target.value)),
        growth_target=growth_target,
        completion=None if row.completion is None else row.completion * HUNDRED,
        lead=row.lead,
        behind=row.behind,
        alert=row.alert,
        from_returns=indicator.source == ValueSource.MONTHLY,
    )


# ------------------------------------------------------------------ the returns


def _returns(r: MonthReading, headline: B.Row | None) -> tuple[B.Returns, set[int]]:
    """How the month's returns stand, and the ids of the enterprises that owe it."""
    enterprises = sources.enterprises_of(r.park, r.user)
    owed = monthly_calendar.owed_for(r.park.pk, r.year, r.month)
    has_figures = headline is not None and headline.data_month == r.month
    if owed is None:  # January: with February
        state = B.COMBINED if not has_figures else B.COMPLETE
        return B.Returns(state, 0, 0, [], 0, None, False), set()
    above = enterprises.filter(is_above_size=True).count()
    late = monthly_calendar.not_filed(enterprises, owed)
    late_ids = set(late.values_list("pk", flat=True))
    named_ = late.select_related("department").order_by("name", "id")[:LATE_NAMED]
    listed = [
        B.Late(
            Named(e.name, url("enterprise-detail", e.pk, tab="monthly")),
            e.department.name if e.department_id else "",
        )
        for e in named_
    ]
    state = (B.PARTIAL if late_ids else B.COMPLETE) if has_figures else B.NONE
    returns = B.Returns(
        state=state,
        owed=above,
        filed=above - len(late_ids),
        late=listed,
        missing=len(late_ids),
        due=owed.data_by,
        overdue=owed.late,
    )
    return returns, late_ids


# ------------------------------------------------------------------ the headline


def _periods(ends: list[int]) -> list[tuple[int, int]]:
    out, before = [], 0
    for end in ends:
        out.append((before + 1, end))
        before = end
    return out


def _trend(r: MonthReading, indicator, sums, returns: B.Returns) -> B.Trend:
    """The headline's own figure of each period, this year up to the month and last
    year's whole year; periods as last year's returns were filed (1–2月 together)."""
    this = sums.get((indicator.monthly_field, r.year), {})
    last = sums.get((indicator.monthly_field, r.year - 1), {})
    ends = sorted({e for e in last} | {e for e in this if e <= r.month})
    shown_in = factor(indicator)

    def shown(values: dict, end: int, limit: int):
        value = values.get(end) if end <= limit else None
        return None if value is None else value / shown_in

    partial = None
    if returns.state == B.PARTIAL and r.month in ends:
        partial = ends.index(r.month)
    return B.Trend(
        indicator=indicator.name_in_language(),
        unit=display_unit_label(indicator.display_unit),
        periods=_periods(ends),
        this_year=[shown(this, e, r.month) for e in ends],
        last_year=[shown(last, e, 12) for e in ends],
        partial=partial,
    )


def _contributions(r: MonthReading, indicator, late_ids: set[int], facts) -> None:
    """The enterprises whose year to date moved most against the same period last
    year, and the same by supervising department: the indicators' contribution
    analysis over the enterprises that filed for the month (one that has not filed
    yet would count as falling by its whole figure)."""
    current = sources.by_record(indicator, r.year, r.month, user=r.user)
    previous = sources.by_record(indicator, r.year - 1, r.month, user=r.user)
    for pk in late_ids:
        current.pop(("enterprise", pk), None)
        previous.pop(("enterprise", pk), None)
    falls, rises, _total = indicators_engine.top_contributions(current, previous, MOVERS)
    names = sources.names_of([c.key for c in falls + rises], r.user)

    def mover(c) -> B.Mover:
        kind, pk = c.key
        page = url("enterprise-detail", pk) if kind == "enterprise" else url("project", pk)
        return B.Mover(
            Named(names.get(c.key, "—"), page),
            c.current / WAN,
            c.previous / WAN,
            c.change / WAN,
            indicators_engine.growth(c.current, c.previous),
        )

    facts.risers = [mover(c) for c in rises]
    facts.decliners = [mover(c) for c in falls]
    facts.groups = _groups(r, current, previous)


def _groups(r: MonthReading, current: dict, previous: dict) -> list[B.Group]:
    """The change by supervising department (those without one together), the largest
    year to date first."""
    departments = dict(sources.enterprises_of(r.park, r.user).values_list("pk", "department_id"))
    names = {d.pk: d.name for d in Department.objects.for_actor(r.user).filter(park=r.park)}
    now: dict = {}
    before: dict = {}
    for values, into in ((current, now), (previous, before)):
        for (kind, pk), value in values.items():
            if kind == "enterprise":
                group = departments.get(pk)
                into[group] = into.get(group, ZERO) + Decimal(value)
    rows_, _total = indicators_engine.contributions(now, before)
    out = [
        B.Group(
            names.get(c.key, "") if c.key is not None else "",
            c.current / WAN,
            c.previous / WAN,
            c.change / WAN,
            indicators_engine.growth(c.current, c.previous),
        )
        for c in rows_
    ]
    return sorted(out, key=lambda g: (-g.current, g.name))


# ------------------------------------------------------------------ projects


def _in_month(day, r: MonthReading) -> bool:
    return day is not None and r.start <= day <= r.end


def _projects(r: MonthReading):
    """The projects first contacted, signed and lost in the month (code names to
    outsiders), each by its date."""
    projects = list(
        rows(Project, r)
        .filter(park=r.park)
        .filter(Q(first_contact_on__range=(r.start, r.end)) | Q(signed_on__range=(r.start, r.end)))
        .order_by("pk")
    )
    new = sorted(
        (
            B.ProjectNote(named(p), p.first_contact_on)
            for p in projects
            if _in_month(p.first_contact_on, r)
        ),
        key=lambda n: (n.on, n.project.name),
    )
    signed = sorted(
        (B.ProjectNote(named(p), p.signed_on) for p in projects if _in_month(p.signed_on, r)),
        key=lambda n: (n.on, n.project.name),
    )
    losses = (
        rows(Loss, r)
        .filter(project__park=r.park, lost_on__range=(r.start, r.end))
        .select_related("project")
        .prefetch_related(
            Prefetch(
                "destinations", queryset=rows(LossDestination, r).order_by("id"), to_attr="places"
            )
        )
        .order_by("lost_on", "id")
    )
    lost = [
        B.ProjectNote(
            part_named(loss),
            loss.lost_on,
            loss.get_reason_display(),
            tuple(d.place for d in loss.places if d.place),
        )
        for loss in losses
    ]
    return new, signed, lost


def _overdue(r: MonthReading) -> tuple[list[B.Overdue], int]:
    """The projects' problems open at the month's end whose deadline had passed by then,
    the longest overdue first."""
    end = r.end
    blockers = (
        rows(Blocker, r)
        .filter(project__park=r.park, raised_on__lte=end, deadline__lt=end)
        .filter(Q(status=BlockerStatus.OPEN, resolved_on__isnull=True) | Q(resolved_on__gt=end))
        .select_related("project")
        .order_by(Field("deadline").asc(), "raised_on", "id")
    )
    found = list(blockers)
    return [
        B.Overdue(
            project=part_named(b),
            category=b.get_category_display(),
            text=seen(r, b, "description"),
            authority=b.authority,
            deadline=b.deadline,
            days=(end - b.deadline).days,
        )
        for b in found[:OVERDUE_NAMED]
    ], len(found)


def monthly_bulletin(park, year: int, month: int, user=None):
    """The bulletin of ``month`` of ``year`` for the reader, in the active language,
    with the facts it was written from."""
    from parkbase.reports.engine.bulletin import bulletin
    from parkbase.reports.wording_bulletin import month_names, words

    facts = bulletin_facts(park, year, month, user)
    names, short = month_names()
    return bulletin(facts, words(), names, short), facts


def months(park, user=None, count: int = 12) -> list[tuple[int, int, int | None]]:
    """The last ``count`` months over (the latest first), each with how many
    enterprises filed a monthly return for it (None where the reader does not see the
    park's stored totals)."""
    now = today()
    ended = indicators_app.months_ended(now.year)
    year, month = (now.year, ended) if ended else (now.year - 1, 12)
    found = []
    for _ in range(count):
        found.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    filers: dict = {}
    if sources.whole_park(park, user):
        totals = sources.park_monthly_totals(park, {y for y, _m in found}, user=user)
        filers = {(y, e): t.filers for y, by_end in totals.items() for e, t in by_end.items()}
        return [(y, m, filers.get((y, m), 0)) for y, m in found]
    return [(y, m, None) for y, m in found]


def month_list(park, user=None) -> list[dict]:
    """The months the reports' index offers a bulletin for, as its table reads them."""
    from parkbase.reports.wording_bulletin import month_text, words

    period = words()["period"]
    return [
        {
            "key": f"{y}-{m:02d}",
            "period": period.format(year=y, month=month_text(m)),
            "filers": n,
        }
        for y, m, n in months(park, user)
    ]
