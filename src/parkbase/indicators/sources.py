"""Where an indicator's values come from, as year-to-date series {month end: value}:
the monthly returns (through the enterprises app's two selectors), the investment
projects, the enterprises' first returns, or the values entered by hand.

Every read goes through ``for_actor(user)``: a user's scope, or, with no user (the
command line), the system's named bypass around it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from parkbase.core.scoping import scope_q
from parkbase.enterprises.models import Enterprise, MonthlyFigure
from parkbase.enterprises.selectors import (  # noqa: F401 (read as sources.*)
    PeriodFiling,
    compared,
    monthly_by_enterprise,
    monthly_totals,
    park_monthly_totals,
    period_filing,
    ytd_places,
    ytd_units,
)
from parkbase.indicators import engine
from parkbase.indicators.choices import Computation, ValueSource
from parkbase.indicators.models import Indicator, ManualValue
from parkbase.projects.choices import FundKind, FundSource, InvestorOrigin
from parkbase.projects.models import Funding, Project

Series = dict[int, Decimal]  # month end → year-to-date value

# the project milestone each counting computation dates by, and what it sums (None: counts)
DATED = {
    Computation.PROJECTS_SIGNED: ("signed_on", None),
    Computation.SIGNED_AMOUNT: ("signed_on", "contracted_amount"),
    Computation.PROJECTS_STARTED: ("construction_started_on", None),
    Computation.PROJECTS_COMPLETED: ("completed_on", None),
    Computation.PROJECTS_PRODUCING: ("production_on", None),
}
FUNDS = (Computation.FUNDS_IN_PLACE, Computation.FUNDS_DOMESTIC, Computation.FUNDS_FOREIGN)


def whole_park(park, user=None) -> bool:
    """Whether ``user`` sees every enterprise of ``park`` (leaders, staff,
    administrators; no user: system work), so that the park's stored totals are theirs."""
    if user is None:
        return True
    q = scope_q(Enterprise, user)
    return q == Q() or q == Q(park__id=park.pk)


def enterprises_of(park, user=None):
    """The park's enterprises the reader sees (all of them for leaders and staff)."""
    return Enterprise.objects.for_actor(user).filter(park=park)


def funding_q(computation: str) -> Q:
    """Which arrivals of money count: all in place; 内资 from investors that are not
    foreign, government start-up funds left out; 外资 from foreign investors."""
    q = Q(kind=FundKind.IN_PLACE)
    if computation == Computation.FUNDS_FOREIGN:
        return q & Q(investor__origin=InvestorOrigin.FOREIGN)
    if computation == Computation.FUNDS_DOMESTIC:
        return q & ~Q(investor__origin=InvestorOrigin.FOREIGN) & ~Q(source=FundSource.GOVERNMENT)
    return q


def _cumulative(by_month: dict, through: int) -> Series:
    out, running = {}, Decimal(0)
    for month in range(1, through + 1):
        running += Decimal(by_month.get(month) or 0)
        out[month] = running
    return out


def _dated_series(rows, date_field: str, amount: str | None, year: int, through: int) -> Series:
    rows = rows.filter(**{f"{date_field}__year": year, f"{date_field}__month__lte": through})
    measure = Sum(amount) if amount else Count("id")
    by_month = dict(
        rows.annotate(m=ExtractMonth(date_field)).order_by().values_list("m").annotate(v=measure)
    )
    return _cumulative(by_month, through)


def series(indicator: Indicator, year: int, *, user=None, through: int = 12) -> Series:
    """The indicator's year-to-date values at the month ends of ``year`` up to
    ``through`` that have figures (every month for counted sources; the filed period
    ends for monthly returns; the months entered for values by hand)."""
    park = indicator.park
    if indicator.source == ValueSource.MONTHLY:
        totals = monthly_totals(
            enterprises_of(park, user), year, indicator.monthly_field, through_month=through
        )
        return {
            end: Decimal(ytd)
            for end, (_period, ytd) in sorted(totals.items())
            if ytd is not None and end <= through
        }
    if indicator.source == ValueSource.MANUAL:
        rows = ManualValue.objects.for_actor(user).filter(
            indicator=indicator, year=year, period_end__lte=through
        )
        return dict(rows.order_by("period_end").values_list("period_end", "value"))
    if indicator.computation in FUNDS:
        funding = Funding.objects.for_actor(user).filter(project__park=park)
        funding = funding.filter(funding_q(indicator.computation))
        return _dated_series(funding, "dated_on", "amount", year, through)
    if indicator.computation in DATED:
        date_field, amount = DATED[indicator.computation]
        projects = Project.objects.for_actor(user).filter(park=park)
        return _dated_series(projects, date_field, amount, year, through)
    if indicator.computation == Computation.NEW_ABOVE_SIZE:
        return _new_above_size(park, year, through, user)
    return {}


def _new_above_size(park, year: int, through: int, user) -> Series:
    """Enterprises filing their first return of the year by each month end that filed
    none for December of the year before (新入统)."""
    enterprises = enterprises_of(park, user)
    before = set(monthly_by_enterprise(enterprises, year - 1, "gross_output", 12))
    out = {}
    for month in range(1, through + 1):
        filed = set(monthly_by_enterprise(enterprises, year, "gross_output", month))
        out[month] = Decimal(len(filed - before))
    # a month without returns of its own (January in a combined 1–2月) counts nobody
    # new; the running count never falls
    running = Decimal(0)
    for month in out:
        running = max(running, out[month])
        out[month] = running
    return out


def series_many(
    park,
    indicators: Iterable[Indicator],
    years: Iterable[int],
    *,
    user=None,
    through: int = 12,
    totals: dict | None = None,
) -> dict[tuple[int, int], Series]:
    """``series`` of every indicator and year at once: {(indicator id, year): series}.
    One query for all the indicators summed from the monthly returns and the new
    above-size count (the park's stored totals, for readers who see the whole park), one
    for all the values by hand, one per kind of project computation: the number of
    queries does not grow with the indicators, the enterprises or the years. ``totals``:
    the park's stored totals already read {year: rows}, filled with the years read here
    (a page that asks twice reads them once)."""
    indicators, years = list(indicators), sorted(set(years))
    out: dict[tuple[int, int], Series] = {}
    if not indicators or not years:
        return out
    from_totals = [
        i
        for i in indicators
        if i.source == ValueSource.MONTHLY or i.computation == Computation.NEW_ABOVE_SIZE
    ]
    if from_totals and whole_park(park, user):
        totals = {} if totals is None or through != 12 else totals
        missing = [year for year in years if year not in totals]
        if missing:
            found = park_monthly_totals(park, missing, user=user, through_month=through)
            totals |= {year: found.get(year, {}) for year in missing}
        for indicator in from_totals:
            for year in years:
                out[(indicator.pk, year)] = _from_totals(indicator, totals.get(year, {}), through)
    manual = [i for i in indicators if i.source == ValueSource.MANUAL]
    if manual:
        rows = ManualValue.objects.for_actor(user).filter(
            indicator__in=manual, year__in=years, period_end__lte=through
        )
        for indicator in manual:
            for year in years:
                out[(indicator.pk, year)] = {}
        for pk, year, end, value in rows.order_by("period_end").values_list(
            "indicator_id", "year", "period_end", "value"
        ):
            out[(pk, year)][end] = value
    counted: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.source in (ValueSource.PROJECTS, ValueSource.ENTERPRISES) and (
            indicator.computation in FUNDS or indicator.computation in DATED
        ):
            counted.setdefault(indicator.computation, []).append(indicator)
    funding = projects = None  # each scoped once for all the computations
    for computation, group in counted.items():
        if computation in FUNDS:
            if funding is None:
                funding = Funding.objects.for_actor(user).filter(project__park=park)
            rows = funding.filter(funding_q(computation))
            by_year = _dated_by_year(rows, "dated_on", "amount", years, through)
        else:
            date_field, amount = DATED[computation]
            if projects is None:
                projects = Project.objects.for_actor(user).filter(park=park)
            by_year = _dated_by_year(projects, date_field, amount, years, through)
        for indicator in group:
            for year in years:
                out[(indicator.pk, year)] = by_year[year]
    for indicator in indicators:  # anything else, one by one
        for year in years:
            if (indicator.pk, year) not in out:
                out[(indicator.pk, year)] = series(indicator, year, user=user, through=through)
    return out


def _from_totals(indicator: Indicator, totals: dict, through: int) -> Series:
    """An indicator's series from the park's stored totals of one year {end: row}."""
    if indicator.source == ValueSource.MONTHLY:
        column = f"{indicator.monthly_field}_ytd"
        return {
            end: Decimal(getattr(row, column))
            for end, row in sorted(totals.items())
            if end <= through and getattr(row, f"{column}_n")
        }
    # new above-size enterprises: as _new_above_size counts them, from the stored counts
    out, running = {}, Decimal(0)
    for month in range(1, through + 1):
        row = totals.get(month)
        running = max(running, Decimal(row.new_filers if row is not None else 0))
        out[month] = running
    return out


def _dated_by_year(rows, date_field: str, amount: str | None, years, through: int) -> dict:
    """``_dated_series`` of each year of ``years`` in one query: {year: series}."""
    rows = rows.filter(
        **{
            f"{date_field}__gte": dt.date(years[0], 1, 1),
            f"{date_field}__lt": dt.date(years[-1] + 1, 1, 1),
            f"{date_field}__month__lte": through,
        }
    )
    measure = Sum(amount) if amount else Count("id")
    grouped = (
        rows.annotate(y=ExtractYear(date_field), m=ExtractMonth(date_field))
        .order_by()
        .values_list("y", "m")
        .annotate(v=measure)
    )
    by_month: dict[int, dict] = {year: {} for year in years}
    for year, month, value in grouped:
        if year in by_month:
            by_month[year][month] = value
    return {year: _cumulative(by_month[year], through) for year in years}


def by_record(indicator: Indicator, year: int, month: int, *, user=None, enterprises=None) -> dict:
    """What each enterprise (monthly returns) or project (funds, amounts) adds to the
    year-to-date value at the end of ``month``: {("enterprise"|"project", id): value};
    empty where the value is not a sum over records (counts, values by hand). Monthly
    returns: of ``enterprises`` (the park's the reader sees by default)."""
    park = indicator.park
    if indicator.source == ValueSource.MONTHLY:
        if enterprises is None:
            enterprises = enterprises_of(park, user)
        values = monthly_by_enterprise(enterprises, year, indicator.monthly_field, month)
        return {("enterprise", pk): v for pk, v in values.items() if v is not None}
    if indicator.computation in FUNDS or indicator.computation == Computation.SIGNED_AMOUNT:
        if indicator.computation in FUNDS:
            rows = Funding.objects.for_actor(user).filter(project__park=park)
            rows = rows.filter(funding_q(indicator.computation))
            rows = rows.filter(dated_on__year=year, dated_on__month__lte=month)
            pairs = rows.order_by().values_list("project_id").annotate(v=Sum("amount"))
        else:
            rows = Project.objects.for_actor(user).filter(park=park)
            rows = rows.filter(signed_on__year=year, signed_on__month__lte=month)
            pairs = rows.order_by().values_list("id", "contracted_amount")
        return {("project", pk): v for pk, v in pairs if v is not None}
    return {}


def compared_enterprises(park, year: int, month: int, user=None):
    """The park's enterprises the reader sees that a comparison of ``month`` of ``year``
    with the same period a year before counts: all but the above-size ones that have
    not filed for it yet (like with like: a late return is not a fall)."""
    return compared(enterprises_of(park, user), year, month)


def filing(park, year: int, month: int, user=None) -> PeriodFiling:
    """How many of the park's (or the park id's) enterprises the reader sees filed for ``month`` of
    ``year``, how many above-size ones have not yet, and what those had at the same
    period a year before, for every monthly figure (``period_filing``)."""
    return period_filing(enterprises_of(park, user), year, month, MonthlyFigure.FIGURES)


def changes(
    indicator: Indicator,
    year: int,
    month: int,
    n: int = 10,
    *,
    user=None,
    exact: bool = False,
    filed: PeriodFiling | None = None,
) -> tuple[list, list, Decimal] | None:
    """The records behind the change of the indicator's year-to-date value at the end
    of ``month`` against the same period a year before: the ``n`` biggest falls, the
    ``n`` biggest rises and the total change (``engine.top_contributions``); None when
    no record adds to it. Monthly returns compare like with like
    (``compared_enterprises``; ``filed``: the period's ``filing`` when the caller has
    it, a complete period comparing every enterprise), through ``enterprise_changes``."""
    if indicator.source == ValueSource.MONTHLY:
        if filed is not None and filed.complete:
            enterprises = enterprises_of(indicator.park_id, user)
        else:
            enterprises = compared_enterprises(indicator.park_id, year, month, user)
        return enterprise_changes(enterprises, year, indicator.monthly_field, month, n, exact=exact)
    current = by_record(indicator, year, month, user=user)
    previous = by_record(indicator, year - 1, month, user=user)
    if not current and not previous:
        return None
    return engine.top_contributions(current, previous, n)


def enterprise_changes(
    enterprises, year: int, field: str, month: int, n: int = 10, *, exact: bool = False
) -> tuple[list, list, Decimal] | None:
    """``changes`` of a monthly figure over ``enterprises`` (scoped by the caller), keyed
    ("enterprise", id). Read as whole cents, not a ``Decimal`` per enterprise
    (``ytd_units``), unless ``exact`` or a value is too large for that: the same rows
    either way."""
    units = None if exact else ytd_units(enterprises, year, field, month)
    if units is None:
        current, previous = (
            {("enterprise", pk): v for pk, v in values.items() if v is not None}
            for values in (
                monthly_by_enterprise(enterprises, year, field, month),
                monthly_by_enterprise(enterprises, year - 1, field, month),
            )
        )
        if not current and not previous:
            return None
        return engine.top_contributions(current, previous, n)
    if not any(units):
        return None
    # keyed by the id alone (ordered as ("enterprise", id) would be), values in cents
    falls, rises, total = engine.top_contributions(*units, n)
    places = ytd_places(field)

    def made(rows):
        return [replace(engine.in_units(r, places), key=("enterprise", r.key)) for r in rows]

    return made(falls), made(rises), total.scaleb(-places)


def names_of(keys: Iterable[tuple[str, int]], user=None) -> dict:
    """The names of the records ``by_record`` keys name, as the reader may see them (a
    confidential project by its code name)."""
    keys = list(keys)
    out = {}
    enterprise_ids = [pk for kind, pk in keys if kind == "enterprise"]
    project_ids = [pk for kind, pk in keys if kind == "project"]
    if enterprise_ids:
        rows = Enterprise.objects.for_actor(user).filter(pk__in=enterprise_ids)
        out |= {("enterprise", pk): name for pk, name in rows.values_list("pk", "name")}
    if project_ids:
        rows = Project.objects.for_actor(user).filter(pk__in=project_ids)
        out |= {("project", p.pk): p.shown_name for p in rows}
    return out
