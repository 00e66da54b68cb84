"""The monthly reporting calendar: which month the above-size enterprises owe, by
when, and who is late. January is reported with February (1–2月): after January ends
nothing is owed; after February, the 1–2月 return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from parkbase.core import clock
from parkbase.core.names import in_language
from parkbase.core.scoping import SUBQUERY, SYSTEM_WORK, UNDER_PARENT
from parkbase.core.violations import Violation
from parkbase.enterprises.models import Enterprise, MonthlyReturn, ReportingCalendar
from parkbase.enterprises.monthly import month_params

DEFAULTS = {"data_by": 18, "checked_by": 20, "reported_by": 25}
DEADLINES = tuple(DEFAULTS)  # in the order they fall
LAST_DAY = 28  # every month has it


@dataclass(frozen=True)
class Owed:
    year: int
    month: int  # the period end owed (2 for 1–2月)
    data_by: dt.date
    checked_by: dt.date
    reported_by: dt.date
    late: bool  # the enterprises' deadline has passed

    @property
    def label(self) -> str:
        return period_text(self.year, 1 if self.month == 2 else self.month, self.month)


def period_text(year: int, start: int, end: int | None = None) -> str:
    """A period in the page's language: 2019年1–2月, or January–February 2019."""
    params = month_params(year, start, end)
    return in_language(params["month"], params["month_en"])


def deadlines(park_id: int | None) -> dict:
    found = (
        ReportingCalendar.objects.unscoped(SYSTEM_WORK)
        .filter(park_id=park_id)
        .values("data_by", "checked_by", "reported_by")
        .first()
    )
    return found or dict(DEFAULTS)


def calendar_violations(days: dict) -> list[Violation]:
    """The rules of a park's deadlines: each a day from 1 to 28 (every month has it),
    in the order they fall (data by ≤ checked by ≤ reported by)."""
    found = []
    for name in DEADLINES:
        value = days.get(name)
        if value is None:
            found.append(Violation(name, "required"))
        elif not isinstance(value, int) or isinstance(value, bool):
            found.append(Violation(name, "not_an_integer", {"value": value}))
        elif not 1 <= value <= LAST_DAY:
            found.append(
                Violation(name, "out_of_range", {"value": value, "min": 1, "max": LAST_DAY})
            )
    if found:
        return found
    for earlier, later in zip(DEADLINES, DEADLINES[1:], strict=False):
        if days[later] < days[earlier]:
            params = {"value": days[later], "other": earlier, "other_value": days[earlier]}
            found.append(Violation(later, "day_before", params))
    return found


def owed(park_id: int | None, today: dt.date | None = None) -> Owed | None:
    """The return owed as of ``today``: the month just ended (None after January)."""
    today = today or clock.today()
    year, month = _last_month_over(today)
    if month == 1:
        return None
    return _owed_for(year, month, deadlines(park_id), today)


def owed_for(park_id: int | None, year: int, month: int, today: dt.date | None = None):
    """The return of ``month`` of ``year`` with the park's deadlines, as of ``today``
    (late once the enterprises' deadline has passed); None for January, which is
    reported with February (1–2月)."""
    if month == 1:
        return None
    return _owed_for(year, month, deadlines(park_id), today or clock.today())


def _last_month_over(today: dt.date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def _owed_for(year: int, month: int, days: dict, today: dt.date) -> Owed:
    """The return of ``month`` (2 for 1–2月), due in the month after it."""
    due_year, due_month = (year, month + 1) if month < 12 else (year + 1, 1)
    on = {name: dt.date(due_year, due_month, day) for name, day in days.items()}
    return Owed(year, month, **on, late=today > on["data_by"])


@dataclass(frozen=True)
class Standing:
    """An above-size enterprise's returns of its reporting year (the year of the last
    period owed): those past the enterprises' deadline and not filed, the one owed now
    and not yet due, and how many it filed."""

    year: int
    late: list[Owed]
    due: Owed | None
    filed: int


def enterprise_returns(enterprise: Enterprise, today: dt.date | None = None) -> Standing | None:
    """Where ``enterprise`` stands with its returns of the reporting year (January's
    comes with February's; in February, the year before's): None when it does not
    file (not above size)."""
    if not enterprise.is_above_size:
        return None
    today = today or clock.today()
    year, last = _last_month_over(today)
    if last == 1:  # January is reported with February: the year before is the last owed
        year, last = year - 1, 12
    filed = set(
        MonthlyReturn.objects.unscoped(UNDER_PARENT)
        .filter(enterprise_id=enterprise.pk, year=year)
        .values_list("period_end", flat=True)
    )
    days = deadlines(enterprise.park_id)
    late, due = [], None
    for month in range(2, last + 1):
        if month in filed:
            continue
        owes = _owed_for(year, month, days, today)
        if owes.late:
            late.append(owes)
        else:
            due = owes
    return Standing(year, late, due, len(filed))


def filed_q(owed: Owed):
    returns = MonthlyReturn.objects.unscoped(SUBQUERY).filter(
        enterprise=OuterRef("pk"), year=owed.year, period_end=owed.month
    )
    return Exists(returns)


def not_filed(enterprises, owed: Owed):
    """The above-size ``enterprises`` (a scoped queryset) with no return for the month."""
    return enterprises.filter(is_above_size=True).exclude(filed_q(owed))


def enterprise_state(enterprise: Enterprise, today: dt.date | None = None) -> dict | None:
    """What an above-size enterprise owes now: None when it owes nothing or filed."""
    if not enterprise.is_above_size:
        return None
    due = owed(enterprise.park_id, today)
    if due is None:
        return None
    filed = (
        MonthlyReturn.objects.unscoped(UNDER_PARENT)
        .filter(enterprise_id=enterprise.pk, year=due.year, period_end=due.month)
        .exists()
    )
    return None if filed else {"owed": due}
