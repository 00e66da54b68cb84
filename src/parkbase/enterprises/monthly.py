"""Monthly returns (月报): the pure rules. No Django here.

A return is stored as filed: its ``basis`` says whether its figures cover the period
``period_start``..``period_end`` itself (当月; a combined 1–2月 return covers 1..2) or
the year to date 1..``period_end`` (累计). From an enterprise-year's returns this module
derives, for each filed period end, the period's own value and the year-to-date value:

* The winning return of a period end is the statistics system's, else staff's, else the
  enterprise's own (``SOURCE_PRIORITY``); a losing return that differs from the winner is
  flagged (``source_difference``), never mixed in.
* Rows follow the filed period ends. A row's period starts after the previous row's end:
  a year-to-date return for 4月 after one for 2月 gives one row for 3–4月 (the months
  between are covered, never split by guess; flagged ``covers_gap``). A 当月 return
  after a gap gives its own months, with the year to date unknown (``ytd_unknown``).
* Period ↔ year to date: ``ytd = ytd(previous end) + period``; ``period = ytd −
  ytd(previous end)``; a value is unknown (None) whenever a term it needs is unknown.
  A field is derived on its own: a figure missing from one return is unknown there.
* A correction of an earlier month is just another set of returns: deriving again
  re-derives every later row; ``changes`` lists what moved (before → after).

Checks on a return (``check_return``): the month must be over (by the caller's today),
no negative figure (profit alone may be a loss), no year-to-date figure below the
previous month's or above the next month's. Jumps (``jumps``): the month's value per
month against last month's and the same month last year's, by more than a threshold,
are flagged for the filer to confirm. ``mixed_bases`` catches a file that gives one
enterprise's figures both as 当月 and as 累计.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from parkbase.core.violations import Violation

PERIOD = "period"
YTD = "ytd"
PORTAL, STATISTICS, STAFF = "portal", "statistics", "staff"
SOURCE_PRIORITY = (STATISTICS, STAFF, PORTAL)

# the figures of a return, in the order of the forms and the statistics export
FIGURES = (
    "gross_output",
    "sales_output",
    "value_added",
    "revenue",
    "profit",
    "tax_total",
    "tax_local",
    "exports",
    "energy_tce",
    "electricity_kwh",
)
MONEY_FIGURES = FIGURES[:8]
# profit alone may be a loss, and its year to date may fall
NON_NEGATIVE = tuple(name for name in FIGURES if name != "profit")
JUMP_THRESHOLD = Decimal("0.5")  # a change of more than 50 % per month is a jump


@dataclass(frozen=True)
class Filed:
    """One return as filed: which months, on what basis, by whom, and its figures."""

    period_start: int
    period_end: int
    basis: str
    source: str
    values: dict
    confirmed: frozenset = frozenset()


@dataclass
class Row:
    """What the winning returns say for one filed period end."""

    period_start: int
    period_end: int
    source: str
    basis: str
    period: dict
    ytd: dict
    flags: list = field(default_factory=list)
    confirmed: frozenset = frozenset()  # the figures whose jump the filer confirmed

    @property
    def months(self) -> int:
        return self.period_end - self.period_start + 1


def month_over(year: int, month: int, today: dt.date) -> bool:
    """Whether the month has ended by ``today`` (a return for it may be filed)."""
    return today > dt.date(year, month, calendar.monthrange(year, month)[1])


def winners(returns: Iterable[Filed]) -> dict[int, tuple[Filed, list[Filed]]]:
    """{period_end: (the winning return, the others)} by ``SOURCE_PRIORITY``."""
    by_end: dict[int, list[Filed]] = {}
    for filed in returns:
        by_end.setdefault(filed.period_end, []).append(filed)
    rank = {source: i for i, source in enumerate(SOURCE_PRIORITY)}
    found = {}
    for end, filed in by_end.items():
        ordered = sorted(filed, key=lambda f: rank.get(f.source, len(rank)))
        found[end] = (ordered[0], ordered[1:])
    return found


def _sub(a, b):
    return None if a is None or b is None else a - b


def _add(a, b):
    return None if a is None or b is None else a + b


def derive(returns: Iterable[Filed]) -> list[Row]:
    """The rows of an enterprise-year, one per filed period end, from its returns."""
    rows: list[Row] = []
    ytd_at: dict[int, dict] = {0: dict.fromkeys(FIGURES, 0)}
    prev_end = 0
    for end, (filed, others) in sorted(winners(returns).items()):
        flags: list[dict] = []
        values = filed.values
        start = prev_end + 1
        if filed.basis == YTD:
            ytd = {name: values.get(name) for name in FIGURES}
            period = {name: _sub(ytd[name], ytd_at[prev_end][name]) for name in FIGURES}
            if filed.period_start > start:
                flags.append({"code": "covers_gap", "months": [start, filed.period_start - 1]})
        elif filed.period_start == start:
            period = {name: values.get(name) for name in FIGURES}
            ytd = {name: _add(ytd_at[prev_end][name], period[name]) for name in FIGURES}
        elif filed.period_start > start:  # months with no return before it
            start = filed.period_start
            period = {name: values.get(name) for name in FIGURES}
            ytd = dict.fromkeys(FIGURES)
            flags.append({"code": "ytd_unknown", "months": [prev_end + 1, start - 1]})
        else:  # it reaches back over an earlier row: its year to date is what counts
            before = ytd_at.get(filed.period_start - 1, dict.fromkeys(FIGURES))
            ytd = {name: _add(before[name], values.get(name)) for name in FIGURES}
            period = {name: _sub(ytd[name], ytd_at[prev_end][name]) for name in FIGURES}
            flags.append({"code": "overlaps", "months": [filed.period_start, prev_end]})
        for name in NON_NEGATIVE:
            if period[name] is not None and period[name] < 0:
                flags.append({"code": "ytd_decrease", "field": name, "value": str(period[name])})
        flags.extend(_differences(filed, others, ytd_at.get(filed.period_start - 1)))
        row = Row(start, end, filed.source, filed.basis, period, ytd, flags, filed.confirmed)
        rows.append(row)
        ytd_at[end] = ytd
        prev_end = end
    return rows


def _in_basis(other: Filed, basis: str, before: dict | None) -> dict:
    """``other``'s figures on ``basis``, where they can be converted (else None)."""
    if other.basis == basis:
        return other.values
    before = before or dict.fromkeys(FIGURES)
    if basis == YTD:  # a period return to the year to date
        return {name: _add(before.get(name), other.values.get(name)) for name in FIGURES}
    return {name: _sub(other.values.get(name), before.get(name)) for name in FIGURES}


def _differences(winner: Filed, others: list[Filed], before: dict | None) -> list[dict]:
    flags = []
    for other in others:
        theirs = _in_basis(other, winner.basis, before)
        for name in FIGURES:
            mine, their = winner.values.get(name), theirs.get(name)
            if mine is not None and their is not None and mine != their:
                flags.append(
                    {
                        "code": "source_difference",
                        "field": name,
                        "source": other.source,
                        "value": str(mine),
                        "other_value": str(their),
                        "basis": winner.basis,
                    }
                )
    return flags


def per_month(row: Row, name: str):
    value = row.period.get(name)
    return None if value is None else Decimal(value) / row.months


def jumps(
    rows: list[Row],
    last_year: list[Row],
    *,
    period_end: int,
    threshold: Decimal = JUMP_THRESHOLD,
) -> list[dict]:
    """The figures of the row ending at ``period_end`` whose value per month moved by
    more than ``threshold`` against the row before it or the same months last year."""
    by_end = {row.period_end: row for row in rows}
    row = by_end.get(period_end)
    if row is None:
        return []
    earlier = [r for r in rows if r.period_end < period_end]
    previous = earlier[-1] if earlier else None
    same = {r.period_end: r for r in last_year}.get(period_end)
    found = []
    for name in FIGURES:
        mine = per_month(row, name)
        if mine is None:
            continue
        for against, other in (("last_month", previous), ("last_year", same)):
            theirs = per_month(other, name) if other is not None else None
            if theirs is None or theirs <= 0:
                continue
            change = (mine - theirs) / theirs
            if abs(change) > threshold:
                found.append(
                    {
                        "code": "jump",
                        "field": name,
                        "against": against,
                        "value": str(row.period[name]),
                        "other_value": str(other.period[name]),
                        "percent": str(round(change * 100)),
                    }
                )
    return found


def check_return(
    candidate: Filed, rows: list[Row], *, year: int, today: dt.date, enterprise: str = ""
) -> list[Violation]:
    """What refuses ``candidate``, given the rows derived with it in place."""
    found: list[Violation] = []

    def month() -> dict:  # worded only for a violation: most returns have none
        where = month_params(year, candidate.period_start, candidate.period_end)
        return {"enterprise": enterprise, **where}

    if not 1 <= candidate.period_start <= candidate.period_end <= 12:
        return [Violation("period_end", "period_range", month())]
    if not month_over(year, candidate.period_end, today):
        found.append(Violation("period_end", "month_not_over", month()))
    for name in NON_NEGATIVE:
        value = candidate.values.get(name)
        if value is not None and value < 0:
            found.append(Violation(name, "negative_in_month", {**month(), "value": value}))
    if found:
        return found
    ends = [row.period_end for row in rows]
    if candidate.period_end not in ends:
        return found
    at = ends.index(candidate.period_end)
    mine = rows[at]
    if mine.source != candidate.source:
        return found  # another source's figure counts for this month
    for name in NON_NEGATIVE:
        if at > 0 and _falls(rows[at - 1], mine, name):
            found.append(
                Violation(
                    name,
                    "ytd_below_previous",
                    {
                        **month(),
                        "value": mine.ytd[name],
                        "other_value": rows[at - 1].ytd[name],
                        **month_params(year, rows[at - 1].period_end, prefix="other_month"),
                    },
                )
            )
        if at + 1 < len(rows) and _falls(mine, rows[at + 1], name):
            found.append(
                Violation(
                    name,
                    "ytd_above_next",
                    {
                        **month(),
                        "value": mine.ytd[name],
                        "other_value": rows[at + 1].ytd[name],
                        **month_params(year, rows[at + 1].period_end, prefix="other_month"),
                    },
                )
            )
    return found


def _falls(before: Row, after: Row, name: str) -> bool:
    a, b = before.ytd.get(name), after.ytd.get(name)
    return a is not None and b is not None and b < a


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_text(start: int, end: int | None = None) -> str:
    end = start if end is None else end
    return f"{start}月" if start == end else f"{start}–{end}月"


def month_params(year: int, start: int, end: int | None = None, prefix: str = "month") -> dict:
    """A message's month in both languages: 2019年1–2月 / January–February 2019."""
    end = start if end is None else end

    def name(m: int) -> str:
        return MONTH_NAMES[m - 1] if 1 <= m <= 12 else str(m)

    names = name(start) if start == end else f"{name(start)}–{name(end)}"
    return {prefix: f"{year}年{month_text(start, end)}", f"{prefix}_en": f"{names} {year}"}


def changes(before: list[Row], after: list[Row]) -> list[dict]:
    """What a refresh changed: one entry per period end, figure and kind whose derived
    value moved, with its value before and after (None: not there)."""
    old = {row.period_end: row for row in before}
    new = {row.period_end: row for row in after}
    found = []
    for end in sorted(old.keys() | new.keys()):
        a, b = old.get(end), new.get(end)
        for kind in ("period", "ytd"):
            for name in FIGURES:
                x = getattr(a, kind).get(name) if a else None
                y = getattr(b, kind).get(name) if b else None
                if x != y:
                    found.append(
                        {"period_end": end, "field": name, "kind": kind, "before": x, "after": y}
                    )
    return found


def mixed_bases(returns: Iterable[tuple[object, str, int]]) -> dict[object, set[str]]:
    """{enterprise key: bases} of the enterprises a file gives on both bases, from
    (enterprise key, basis, row number) triples."""
    seen: dict[object, set[str]] = {}
    for key, basis, _row in returns:
        seen.setdefault(key, set()).add(basis)
    return {key: bases for key, bases in seen.items() if len(bases) > 1}


# "2019年1-2月", "2019年3月", "1-3月累计", "2019-03", "201903", "2019.3", "3月"
_PERIOD_RE = re.compile(
    r"^\s*(?:(?P<year>(?:19|20)\d\d)\s*(?:年|[-./])?\s*)?"
    r"(?:(?P<start>\d{1,2})\s*[-–—~～至到]\s*)?(?P<end>\d{1,2})\s*月?\s*"
    r"(?P<ytd>份?\s*(?:累计|止累计|合计))?\s*$"
)


@dataclass(frozen=True)
class PeriodText:
    year: int | None
    period_start: int
    period_end: int
    ytd: bool  # the text itself says 累计


def parse_period(text: str) -> PeriodText | None:
    """A period as a statistics export writes it, or None when it is not one."""
    cleaned = str(text).replace("（", "(").replace("）", ")").replace(" ", "")
    cleaned = cleaned.replace("(", "").replace(")", "").replace("份", "")
    match = _PERIOD_RE.match(cleaned)
    if not match:
        return None
    year = int(match["year"]) if match["year"] else None
    end = int(match["end"])
    start = int(match["start"]) if match["start"] else end
    if not 1 <= start <= end <= 12:
        return None
    ytd = bool(match["ytd"])
    if ytd and start == 1 and end > 2:
        start = end  # 1–N月累计: the return for month N, on the year-to-date basis
    return PeriodText(year, start, end, ytd)
