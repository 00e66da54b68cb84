"""The pipeline's rules as pure functions over plain values (no Django): stage gates,
the landed rule, date order, time in stage, lead deadlines, stalls, the funnel and
money totals that never count a project twice."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from parkbase.core import clock
from parkbase.core.violations import Violation

# Milestones that must come in this order when both are dated (a framework agreement
# before the contract, construction before completion…). Registration and land may
# come before or after signing, so they are only checked against the first contact.
DATE_CHAINS: tuple[tuple[str, ...], ...] = (
    ("first_contact_on", "screened_on", "framework_signed_on", "signed_on"),
    ("signed_on", "construction_started_on", "completed_on", "production_on", "capacity_on"),
)
FIRST_CONTACT = "first_contact_on"


def _filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def missing_for_gate(values: Mapping, required: Iterable[str]) -> list[str]:
    """The required fields a project has not filled in, in the gate's order."""
    return [name for name in required if not _filled(values.get(name))]


def landed_on(values: Mapping, rule: Sequence[str]) -> dt.date | None:
    """The day the landed rule came true (the last of its dates), or None while any of
    its milestones is undated. An empty rule never lands a project."""
    dates = [values.get(name) for name in rule]
    if not rule or any(d is None for d in dates):
        return None
    return max(dates)


def date_order_violations(values: Mapping, today: dt.date | None = None) -> list[Violation]:
    """Milestones out of order (signed before first contact…) and dates in the future."""
    found = []
    today = today or clock.today()
    first = values.get(FIRST_CONTACT)
    for name, value in values.items():
        if not name.endswith("_on") or value is None:
            continue
        if value > today:
            found.append(Violation(name, "future_date", {"value": value}))
        elif first is not None and name != FIRST_CONTACT and value < first:
            found.append(Violation(name, "before", {"value": value, "other": FIRST_CONTACT}))
    reported = {v.field for v in found}
    for chain in DATE_CHAINS:
        latest_name, latest = None, None
        for name in chain:
            value = values.get(name)
            if value is None:
                continue
            if latest is not None and value < latest and name not in reported:
                found.append(Violation(name, "before", {"value": value, "other": latest_name}))
                reported.add(name)
            elif latest is None or value >= latest:
                latest_name, latest = name, value
    return found


@dataclass(frozen=True)
class Move:
    """One recorded move of a project: the stage it went into (by code) and its status
    from that day on."""

    on: dt.date
    stage: str
    status: str


def stage_days(moves: Sequence[Move], today: dt.date) -> dict[str, int]:
    """Days spent in each stage: from a move into it to the next move to another stage
    (the current stage counts up to today, or to the day the project closed)."""
    days: dict[str, int] = defaultdict(int)
    ordered = sorted(moves, key=lambda m: m.on)
    for move, following in zip(ordered, [*ordered[1:], None], strict=True):
        if move.status not in ("active", "paused"):
            continue
        end = following.on if following is not None else today
        days[move.stage] += max((end - move.on).days, 0)
    return dict(days)


@dataclass(frozen=True)
class Deadline:
    step: str  # answer | screen | feedback
    due: dt.date
    done: dt.date | None

    def late(self, today: dt.date) -> bool:
        return (self.done or today) > self.due

    def open(self) -> bool:
        return self.done is None


def lead_deadlines(
    first_contact: dt.date,
    *,
    answered: dt.date | None,
    screened: dt.date | None,
    fed_back: dt.date | None,
    answer_days: int,
    screen_days: int,
    feedback_days: int,
) -> list[Deadline]:
    """A new lead is answered within a day, screened within three, and the investor
    hears back within a week (each configurable)."""
    return [
        Deadline("answer", first_contact + dt.timedelta(days=answer_days), answered),
        Deadline("screen", first_contact + dt.timedelta(days=screen_days), screened),
        Deadline("feedback", first_contact + dt.timedelta(days=feedback_days), fed_back),
    ]


def stall(
    last_progress: dt.date, today: dt.date, *, talk_after: int, drop_after: int
) -> str | None:
    """``talk`` after ``talk_after`` days without progress, ``drop`` after
    ``drop_after``; None while the project moves."""
    idle = (today - last_progress).days
    if idle >= drop_after:
        return "drop"
    if idle >= talk_after:
        return "talk"
    return None


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    reached: int
    conversion: float | None  # share of the previous stage's projects that reached this one
    median_days: float | None  # median days spent in the stage by those who left it


def funnel(
    stages: Sequence[str],
    reached: Iterable[str],
    days_in_stage: Iterable[Mapping[str, int]],
    left_stage: Iterable[set[str]] = (),
) -> list[FunnelStep]:
    """How many projects reached each stage (a project reached every stage up to the
    furthest it got), the conversion from one stage to the next, and the median days
    spent in each stage by the projects that moved on from it."""
    position = {code: i for i, code in enumerate(stages)}
    counts = [0] * len(stages)
    for furthest in reached:
        for i in range(position[furthest] + 1):
            counts[i] += 1
    samples: dict[str, list[int]] = defaultdict(list)
    for days, left in zip(days_in_stage, left_stage, strict=False):
        for code, n in days.items():
            if code in left:
                samples[code].append(n)
    steps = []
    for i, code in enumerate(stages):
        previous = counts[i - 1] if i else None
        steps.append(
            FunnelStep(
                stage=code,
                reached=counts[i],
                conversion=(counts[i] / previous) if previous else None,
                median_days=statistics.median(samples[code]) if samples[code] else None,
            )
        )
    return steps


@dataclass(frozen=True)
class FundRecord:
    project: int
    kind: str  # planned | contracted | in_place
    amount: Decimal
    on: dt.date
    funder: str = ""  # who plans the money: the investor, the city, a partner company
    source: str = ""  # investor | government | partner | bank | other


@dataclass
class FundTotals:
    planned: Decimal = Decimal(0)
    contracted: Decimal = Decimal(0)
    in_place: Decimal = Decimal(0)
    projects: int = 0


def statement_key(record: FundRecord) -> tuple:
    """What a statement restates. A contract is the project's one contracted total; a
    plan is one funder's share (the investor's, the city's start-up funds, a partner
    company's), so the shares of several funders add up while each funder's repeated
    announcements do not."""
    if record.kind == "contracted":
        return (record.project, record.kind)
    return (record.project, record.kind, record.funder)


def counted_statements(records: Iterable[FundRecord]) -> list[tuple[FundRecord, dt.date]]:
    """The planned and contracted statements that count — the latest of each
    ``statement_key`` (a later date, or the same date later in ``records``, replaces
    it) — each with the date of the first statement it restates."""
    latest: dict[tuple, FundRecord] = {}
    first: dict[tuple, dt.date] = {}
    for r in records:
        if r.kind == "in_place":
            continue
        key = statement_key(r)
        current = latest.get(key)
        if current is None or r.on >= current.on:
            latest[key] = r
        if current is None or r.on < first[key]:
            first[key] = r.on
    return [(record, first[key]) for key, record in latest.items()]


def fund_totals(records: Iterable[FundRecord], year: int | None = None) -> FundTotals:
    """Totals over projects. Planned and contracted figures are statements of a total,
    so only the latest statement of each (``statement_key``) counts, however many
    promotion events or years announced it; in-place money adds up, arrival by
    arrival. With ``year``: the in-place money that arrived that year, and the planned
    and contracted totals first stated that year."""
    records = list(records)
    arrived: dict[int, Decimal] = defaultdict(Decimal)
    for r in records:
        if r.kind == "in_place" and (year is None or r.on.year == year):
            arrived[r.project] += r.amount
    totals = FundTotals()
    counted: set[int] = set(p for p, amount in arrived.items() if amount)
    for record, first in counted_statements(records):
        if year is not None and first.year != year:
            continue
        setattr(totals, record.kind, getattr(totals, record.kind) + record.amount)
        counted.add(record.project)
    totals.in_place = sum(arrived.values(), Decimal(0))
    totals.projects = len(counted)
    return totals


def in_place_exceeds(contracted: Decimal | None, in_place_so_far: Decimal, amount: Decimal):
    """Whether adding ``amount`` takes the money in place above the contracted amount
    (the figure needs a confirmation then); no contracted amount, no check."""
    if contracted is None:
        return False
    return in_place_so_far + amount > contracted
