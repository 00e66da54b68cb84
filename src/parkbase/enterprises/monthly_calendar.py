"""The monthly reporting calendar: which month the above-size enterprises owe, by
when, and who is late. January is reported with February (1–2月): after January ends
nothing is owed; after February, the 1–2月 return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from parkbase.core import clock
from parkbase.core.scoping import SUBQUERY, SYSTEM_WORK, UNDER_PARENT
from parkbase.core.violations import Violation
from parkbase.enterprises.models import Enterprise, MonthlyReturn, ReportingCalendar

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
        return f"{self.year}年{'1–2' if self.month == 2 else self.month}月"


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
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if month == 1:
        return None
    days = deadlines(park_id)
    on = {name: dt.date(today.year, today.month, day) for name, day in days.items()}
    return Owed(year, month, **on, late=today > on["data_by"])


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
