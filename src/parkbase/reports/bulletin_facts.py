"""The facts a monthly economic bulletin (经济运行简报) is written from, as plain data:
what the selectors read for a park, a month and a reader (names as the reader may see
them, each record with its page), and what the engine turns into the bulletin's text,
tables and charts. Values are in the unit they are shown in (an indicator's display
unit, 万元 for an enterprise's figures, percent, points). Nothing here reads the
database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from parkbase.reports.facts import Named

# how the month's monthly returns stand
COMPLETE = "complete"  # every above-size enterprise filed
PARTIAL = "partial"  # some filed, some did not (late, or not yet due)
NONE = "none"  # no figure for the month at all
COMBINED = "combined"  # January: reported with February (1–2月), nothing of its own


@dataclass(frozen=True)
class Row:
    """An indicator at the month's end (the indicators app's progress row)."""

    indicator: Named
    unit: str  # its display unit as the reader reads it
    rate: bool  # a rate itself (a growth in percent)
    whole: bool  # a count (enterprises, projects): shown in whole numbers
    month: Decimal | None  # the month's own figure
    month_growth: Decimal | None  # on the same month last year, percent
    ytd: Decimal | None  # the year to date (a rate: the rate)
    ytd_growth: Decimal | None  # on the same period last year, percent
    data_month: int | None  # the month of its latest figure up to the bulletin's
    target: Decimal | None
    growth_target: bool  # the target is a growth rate
    completion: Decimal | None  # percent of a level target done
    lead: Decimal | None  # points ahead of elapsed time (level) or of the target (growth)
    behind: bool
    alert: bool  # behind by more than the target's threshold
    from_returns: bool  # summed from the monthly returns


@dataclass(frozen=True)
class Late:
    """An above-size enterprise that has not filed the month's return."""

    enterprise: Named
    department: str


@dataclass
class Returns:
    state: str  # COMPLETE, PARTIAL, NONE or COMBINED
    owed: int  # above-size enterprises that owe the month's return
    filed: int  # of them, those that filed it
    late: list[Late]  # the first of those that did not (by name)
    missing: int  # how many did not
    due: dt.date | None  # the enterprises' deadline (data by)
    overdue: bool  # the deadline has passed


@dataclass(frozen=True)
class Trend:
    """The headline indicator month by month, this year and last."""

    indicator: str
    unit: str
    periods: list[tuple[int, int]]  # (first month, last month) of each period
    this_year: list[Decimal | None]
    last_year: list[Decimal | None]
    partial: int | None  # the index of the bulletin's month when its figure is partial


@dataclass(frozen=True)
class Mover:
    """An enterprise's year to date against the same period last year (万元)."""

    enterprise: Named
    current: Decimal
    previous: Decimal
    change: Decimal
    growth: Decimal | None  # percent


@dataclass(frozen=True)
class Group:
    """A supervising department's enterprises together (万元)."""

    name: str
    current: Decimal
    previous: Decimal
    change: Decimal
    growth: Decimal | None


@dataclass(frozen=True)
class ProjectNote:
    project: Named
    on: dt.date
    reason: str = ""  # a lost project's reason
    places: tuple[str, ...] = ()  # where it went (where the reader may see it)


@dataclass(frozen=True)
class Overdue:
    """A project's problem still open at the month's end, past its deadline."""

    project: Named
    category: str
    text: str  # where the reader may see it
    authority: str
    deadline: dt.date
    days: int  # past the deadline at the month's end


@dataclass
class BulletinFacts:
    park: str
    year: int
    month: int
    drafted_on: dt.date
    elapsed: Decimal  # percent of the year gone at the month's end
    rows: list[Row]
    headline: Row | None
    returns: Returns
    trend: Trend | None
    indicator_unit: str = ""  # the unit an enterprise's figures are given in (万元)
    risers: list[Mover] = field(default_factory=list)
    decliners: list[Mover] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    new: list[ProjectNote] = field(default_factory=list)
    signed: list[ProjectNote] = field(default_factory=list)
    lost: list[ProjectNote] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    overdue_count: int = 0
    url: str = ""  # the bulletin's page

    @property
    def partial(self) -> bool:
        return self.returns.state != COMPLETE

    @property
    def has_returns(self) -> bool:
        """The month has figures from the monthly returns."""
        return self.returns.state in (COMPLETE, PARTIAL)
