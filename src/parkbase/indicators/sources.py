"""Where an indicator's values come from, as year-to-date series {month end: value}:
the monthly returns (through the enterprises app's two selectors), the investment
projects, the enterprises' first returns, or the values entered by hand.

Every read goes through ``for_actor(user)``: a user's scope, or, with no user (the
command line), the system's named bypass around it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth

from parkbase.enterprises.models import Enterprise
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


def monthly_totals(enterprises, year, field, *, through_month=None):
    """The park's sums of a monthly-return figure: the enterprises app's selector."""
    from parkbase.enterprises import selectors  # the monthly returns' own reads

    return selectors.monthly_totals(enterprises, year, field, through_month=through_month)


def monthly_by_enterprise(enterprises, year, field, period_end):
    """Each enterprise's year-to-date figure at a period end: the enterprises app's."""
    from parkbase.enterprises import selectors  # the monthly returns' own reads

    return selectors.monthly_by_enterprise(enterprises, year, field, period_end)


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


def by_record(indicator: Indicator, year: int, month: int, *, user=None) -> dict:
    """What each enterprise (monthly returns) or project (funds, amounts) adds to the
    year-to-date value at the end of ``month``: {("enterprise"|"project", id): value};
    empty where the value is not a sum over records (counts, values by hand)."""
    park = indicator.park
    if indicator.source == ValueSource.MONTHLY:
        values = monthly_by_enterprise(
            enterprises_of(park, user), year, indicator.monthly_field, month
        )
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
