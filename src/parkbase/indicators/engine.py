"""Indicator progress as pure functions over plain numbers (no Django).

The rules, as the committee reads them:

1. **Elapsed time (序时进度)**: at the end of month *m* the year is m/12 gone
   ("时间过半、任务过半": half the task by the end of June); for a date, the day of
   the year over 365, or 366 in a leap year (29 February counts).
2. **Progress of a level target**: completion = year-to-date value / the year's target.
   Its lead over elapsed time, in percentage points, is (completion − elapsed) × 100
   for an indicator where higher is better, and the reverse for one where lower is
   better (a cap, such as energy use). Behind when the lead is below 0; an alert when
   it is behind by more than the target's threshold.
3. **Year-on-year growth (同比)** = (this period / the same period last year − 1) ×
   100, in percent; none when last year's figure is missing or not above 0. The growth
   a level target implies is (target / last year's total − 1) × 100. A growth target is
   compared with the year-to-date growth: the lead is their difference in points.
4. **Seasonal profile**: each past year's cumulative values at month ends, divided by
   its year total, give the share of the year done by each month end; a month end with
   no figure of its own (January inside a combined 1–2月 return) takes its place on the
   straight line between its neighbours. The profile is the mean over the usable years
   (a year is usable with a December figure above 0); with none, every month is 1/12.
5. **Year-end projection**: each past year's share done at the month of the latest
   figure gives a projection ytd / share; the central projection divides by the mean
   share, the range runs from the lowest to the highest of the years' projections.
   Without a usable past year the projection is linear (ytd × 12 / m) and has no range.
   In December the projection is the figure itself. A count (enterprises, projects)
   is projected in whole numbers: the central value and both ends of the range are
   rounded half up (1.16 enterprises is 1). The target is met surely when the whole
   range meets it, missed surely when none of it does, uncertain otherwise (judged on
   the numbers as projected, rounded where they are counts).
6. **Contribution analysis**: each enterprise's (or project's) change against the same
   period last year, with its share of the total change; sorted from the biggest fall
   to the biggest rise. A record missing on one side counts 0 there.
"""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

HIGHER, LOWER = "higher", "lower"
HUNDRED = Decimal(100)
TWELVE = Decimal(12)
MONTHS = range(1, 13)


# --------------------------------------------------------------------- elapsed time


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def elapsed_at_month_end(month: int) -> Decimal:
    """The share of the year gone at the end of ``month`` (1–12): month / 12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is outside 1–12")
    return Decimal(month) / TWELVE


def elapsed_on(day: dt.date) -> Decimal:
    """The share of the year gone at the end of ``day``: its day of the year over 365,
    or over 366 in a leap year."""
    return Decimal(day.timetuple().tm_yday) / Decimal(days_in_year(day.year))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# ------------------------------------------------------------------------- progress


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(value)


@dataclass(frozen=True)
class Progress:
    """Where an indicator stands against its target and against elapsed time."""

    completion: Decimal | None  # share of the target done (0.5 = 50 %)
    elapsed: Decimal  # share of the year gone
    lead: Decimal | None  # percentage points ahead of elapsed time (negative: behind)
    behind: bool
    alert: bool  # behind by more than the threshold

    @property
    def completion_percent(self) -> Decimal | None:
        return None if self.completion is None else self.completion * HUNDRED

    @property
    def elapsed_percent(self) -> Decimal:
        return self.elapsed * HUNDRED


def _judge(lead: Decimal | None, threshold: Decimal) -> tuple[bool, bool]:
    if lead is None:
        return False, False
    return lead < 0, -lead > threshold


def level_progress(
    ytd, target, elapsed: Decimal, threshold=Decimal(5), direction: str = HIGHER
) -> Progress:
    """A level target's completion and its lead over elapsed time (rule 2)."""
    ytd, target, threshold = _d(ytd), _d(target), Decimal(threshold)
    if ytd is None or target is None or target == 0:
        return Progress(None, elapsed, None, False, False)
    completion = ytd / target
    lead = (completion - elapsed) * HUNDRED
    if direction == LOWER:
        lead = -lead
    behind, alert = _judge(lead, threshold)
    return Progress(completion, elapsed, lead, behind, alert)


def growth(current, previous) -> Decimal | None:
    """Year-on-year growth in percent; None when either figure is missing or last
    year's is not above 0."""
    current, previous = _d(current), _d(previous)
    if current is None or previous is None or previous <= 0:
        return None
    return (current / previous - 1) * HUNDRED


def implied_growth(target, last_year_total) -> Decimal | None:
    """The growth in percent a level target asks for over last year's total."""
    return growth(target, last_year_total)


@dataclass(frozen=True)
class GrowthProgress:
    ytd_growth: Decimal | None  # percent
    target_growth: Decimal | None  # percent
    lead: Decimal | None  # percentage points ahead of the target growth
    behind: bool
    alert: bool


def growth_progress(
    ytd_growth, target_growth, threshold=Decimal(5), direction: str = HIGHER
) -> GrowthProgress:
    """A growth target against the year-to-date growth (rule 3)."""
    ytd_growth, target_growth = _d(ytd_growth), _d(target_growth)
    if ytd_growth is None or target_growth is None:
        return GrowthProgress(ytd_growth, target_growth, None, False, False)
    lead = ytd_growth - target_growth
    if direction == LOWER:
        lead = -lead
    behind, alert = _judge(lead, Decimal(threshold))
    return GrowthProgress(ytd_growth, target_growth, lead, behind, alert)


# ----------------------------------------------------------------- seasonal profile


def cumulative_shares(ytd_by_month: Mapping[int, object]) -> list[Decimal] | None:
    """A year's share done at each month end (12 values, the last 1), from its
    year-to-date values at the month ends it has (rule 4); None when it has no
    December figure above 0."""
    known = {m: Decimal(v) for m, v in ytd_by_month.items() if v is not None and m in MONTHS}
    total = known.get(12)
    if total is None or total <= 0:
        return None
    points = {0: Decimal(0)} | {m: v / total for m, v in known.items()}
    shares = []
    for month in MONTHS:
        if month in points:
            shares.append(points[month])
            continue
        before = max(m for m in points if m < month)
        after = min(m for m in points if m > month)
        step = (points[after] - points[before]) / (after - before)
        shares.append(points[before] + step * (month - before))
    return shares


@dataclass(frozen=True)
class Profile:
    shares: list[Decimal]  # each month's own share of the year, 12 values adding to 1
    years: int  # past years it was taken from (0: even)

    @property
    def cumulative(self) -> list[Decimal]:
        out, running = [], Decimal(0)
        for share in self.shares:
            running += share
            out.append(running)
        return out


def seasonal_profile(past_years: Sequence[Mapping[int, object]]) -> Profile:
    """The mean shape of the past years (rule 4), or an even split without any."""
    usable = [c for c in (cumulative_shares(y) for y in past_years) if c is not None]
    if not usable:
        return Profile([Decimal(1) / TWELVE] * 12, 0)
    mean = [sum(c[i] for c in usable) / len(usable) for i in range(12)]
    shares = [mean[0]] + [mean[i] - mean[i - 1] for i in range(1, 12)]
    return Profile(shares, len(usable))


def split(total, shares: Sequence[Decimal], places: int = 2) -> list[Decimal]:
    """``total`` split by ``shares`` (adding to 1) in amounts of ``places`` decimals that
    add up to the total exactly: each part rounded down, the remaining units to the
    largest remainders (the earliest first among equals)."""
    total = Decimal(total)
    unit = Decimal(1).scaleb(-places)
    raw = [total * Decimal(s) for s in shares]
    parts = [r.quantize(unit, rounding=ROUND_FLOOR) for r in raw]
    left = int(((total - sum(parts)) / unit).to_integral_value())
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - parts[i]), i))
    for i in order[: max(left, 0)]:
        parts[i] += unit
    return parts


# ------------------------------------------------------------------------ projection


@dataclass(frozen=True)
class Projection:
    central: Decimal
    low: Decimal
    high: Decimal
    basis: str  # "actual" (December), "seasonal" (past years), "linear" (none usable)
    years: int  # past years used
    meets: str | None  # "yes", "no", "uncertain", or None without a target


def _meets(low, high, target, direction) -> str | None:
    if target is None:
        return None
    target = Decimal(target)
    if direction == LOWER:
        low, high = -high, -low
        target = -target
    if low >= target:
        return "yes"
    if high < target:
        return "no"
    return "uncertain"


def project_year_end(
    ytd,
    month: int,
    past_years: Sequence[Mapping[int, object]] = (),
    target=None,
    direction: str = HIGHER,
    whole: bool = False,
) -> Projection:
    """The year-end value from ``ytd`` at the end of ``month`` and the past years'
    shape (rule 5); in whole numbers where ``whole`` (a count)."""
    ytd = Decimal(ytd)

    def projection(central, low, high, basis, years) -> Projection:
        if whole:
            central, low, high = (_whole(v) for v in (central, low, high))
        return Projection(central, low, high, basis, years, _meets(low, high, target, direction))

    if month == 12:
        return projection(ytd, ytd, ytd, "actual", 0)
    shares = [
        c[month - 1]
        for c in (cumulative_shares(y) for y in past_years)
        if c is not None and c[month - 1] > 0
    ]
    if not shares:
        central = ytd * TWELVE / Decimal(month)
        return projection(central, central, central, "linear", 0)
    each = [ytd / s for s in shares]
    central = ytd / (sum(shares) / len(shares))
    return projection(central, min(each), max(each), "seasonal", len(shares))


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------- contribution


@dataclass(frozen=True)
class Contribution:
    key: Hashable
    current: Decimal
    previous: Decimal
    change: Decimal
    share: Decimal | None  # of the total change (None when the total change is 0)


def contributions(
    current: Mapping[Hashable, object], previous: Mapping[Hashable, object]
) -> tuple[list[Contribution], Decimal]:
    """Every key's change against last year's same period and its share of the total
    change, from the biggest fall to the biggest rise (rule 6); and the total change."""
    keys = set(current) | set(previous)

    def value(mapping, key):
        v = mapping.get(key)
        return Decimal(0) if v is None else Decimal(v)

    rows = [(k, value(current, k), value(previous, k)) for k in keys]
    total = sum((c - p for _k, c, p in rows), Decimal(0))
    out = [Contribution(k, c, p, c - p, ((c - p) / total) if total else None) for k, c, p in rows]
    out.sort(key=lambda r: (r.change, str(r.key)))
    return out, total


def top_contributions(
    current: Mapping[Hashable, object], previous: Mapping[Hashable, object], n: int = 10
) -> tuple[list[Contribution], list[Contribution], Decimal]:
    """``decliners`` and ``risers`` of ``contributions(current, previous)`` and the total
    change, the same rows in the same order, without making and sorting a row for every
    key (a park's 10,000 enterprises for a page that shows 20). The values are decimals
    or whole numbers (a figure counted in cents: ``in_units`` turns the rows back into
    its unit), None where unknown, and computed exactly as they are."""
    now, before = current.get, previous.get
    changes = {k: (now(k) or 0) - (before(k) or 0) for k in current.keys() | previous.keys()}
    total = sum(changes.values())

    def made(change, k):
        c, p = now(k) or 0, before(k) or 0
        share = (Decimal(change) / Decimal(total)) if total else None
        return Contribution(k, Decimal(c), Decimal(p), Decimal(change), share)

    def order(row):
        return (row[0], str(row[1]))

    # the n-th change bounds the keys that can be among the n (ties at it included):
    # only those are ordered by key too
    lowest = heapq.nsmallest(n, (v for v in changes.values() if v < 0)) if n > 0 else []
    highest = heapq.nlargest(n, (v for v in changes.values() if v > 0)) if n > 0 else []
    falls = [(v, k) for k, v in changes.items() if lowest and v <= lowest[-1]]
    rises = [(v, k) for k, v in changes.items() if highest and v >= highest[-1]]
    falls = sorted(falls, key=order)[:n]
    rises = sorted(rises, key=order, reverse=True)[:n]
    return [made(*r) for r in falls], [made(*r) for r in rises], Decimal(total)


def in_units(row: Contribution, places: int) -> Contribution:
    """A contribution of values counted in units of their ``places``-th decimal place
    (cents: 2) in the values themselves; its share is the same."""
    return Contribution(
        row.key,
        row.current.scaleb(-places),
        row.previous.scaleb(-places),
        row.change.scaleb(-places),
        row.share,
    )


def decliners(rows: Sequence[Contribution], n: int = 10) -> list[Contribution]:
    """The ``n`` biggest falls (changes below 0), biggest first."""
    return [r for r in rows if r.change < 0][:n]


def risers(rows: Sequence[Contribution], n: int = 10) -> list[Contribution]:
    """The ``n`` biggest rises (changes above 0), biggest first."""
    return [r for r in reversed(rows) if r.change > 0][:n]
