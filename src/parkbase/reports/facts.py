"""The facts an annual draft is written from, as plain data: what the selectors read
for a park, a year and a reader (names already as the reader may see them, every
figure with the address of the records it was computed from), and what the engine
turns into sections and paragraphs. Nothing here reads the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

# the units a measure is held in; the engine shows each in its own way
YUAN = "yuan"  # money, shown in 万元
M2 = "m2"  # area, shown in 亩 (and 万平方米 where large)
PERCENT = "percent"
POINTS = "points"  # percentage points
# counts, by what is counted (the noun a count is read with)
PROJECTS = "projects"
ENTERPRISES = "enterprises"
PARCELS = "parcels"
TEAMS = "teams"
DEPARTMENTS = "departments"
CONCERNS = "concerns"
ITEMS = "items"  # land approvals
BARRIERS = "barriers"  # a parcel's constraints
DECISIONS = "decisions"  # redevelopment decisions
PROBLEMS = "problems"  # a project's blockers
TASKS = "tasks"  # key tasks
COUNTS = (
    PROJECTS,
    ENTERPRISES,
    PARCELS,
    TEAMS,
    DEPARTMENTS,
    CONCERNS,
    ITEMS,
    BARRIERS,
    DECISIONS,
    PROBLEMS,
    TASKS,
)


@dataclass(frozen=True)
class Measure:
    """A number taken from the records: its value in ``unit`` (one of the units above,
    or, with ``shown`` set, a value already in the unit ``shown`` names, e.g. an
    indicator's 亿元) and the page that lists the records behind it."""

    value: Decimal | int
    url: str
    unit: str
    shown: str = ""  # the display unit as the reader reads it (indicators)

    @property
    def is_zero(self) -> bool:
        return not self.value


@dataclass(frozen=True)
class Named:
    """A record named as the reader may see it, with its page."""

    name: str
    url: str


# ------------------------------------------------------------------ (1) investment


@dataclass(frozen=True)
class Loss:
    project: Named
    reason: str  # the reason's label
    places: tuple[str, ...]  # where it went
    investment: Measure | None  # the project's total investment
    kept: str = ""  # what would have kept it, where the reader may see it


@dataclass(frozen=True)
class Amount:
    """A record with one of its amounts (a signed project with its contracted sum)."""

    record: Named
    amount: Measure


@dataclass
class Investment:
    contacted: Measure
    talks: Measure
    signed: Measure
    signed_amount: Measure
    largest: list[Amount]  # the largest contracts signed, largest first
    started: Measure
    landed: Measure
    producing: Measure
    funds: Measure
    lost: Measure
    lost_investment: Measure
    losses: list[Loss]

    @property
    def empty(self) -> bool:
        return not any(
            m.value
            for m in (self.contacted, self.talks, self.signed, self.started, self.landed)
            + (self.producing, self.funds, self.lost)
        )


# ------------------------------------------------------------------ (2) land


@dataclass(frozen=True)
class Barrier:
    """A constraint on a parcel: its kind, what it says (where the reader may see
    it) and who can lift it."""

    kind: str
    text: str
    authority: str


@dataclass(frozen=True)
class IdleParcel:
    parcel: Named
    owner: str
    area: Measure
    barriers: list[Barrier]
    barrier_count: Measure


@dataclass(frozen=True)
class KindCount:
    """How many of a kind, and how much area or money where it matters."""

    label: str
    count: Measure
    amount: Measure | None = None


@dataclass(frozen=True)
class Approval:
    approval: Named
    kind: str
    authority: str
    area: Measure | None  # requested (pending) or approved area


@dataclass(frozen=True)
class Freed:
    decision: Named  # the enterprise, linked to the decision
    kind: str
    area: Measure
    counterpart: str = ""


@dataclass
class Land:
    idle: Measure
    idle_area: Measure
    idle_parcels: list[IdleParcel]
    low: Measure
    low_area: Measure
    low_kinds: list[KindCount]
    pending: Measure
    pending_list: list[Approval]
    approved: Measure
    approved_area: Measure
    approved_list: list[Approval]
    freed_area: Measure
    freed: list[Freed]

    @property
    def empty(self) -> bool:
        return not any(
            m.value for m in (self.idle, self.low, self.pending, self.approved, self.freed_area)
        )


# ------------------------------------------------------------------ (3) the old park


@dataclass(frozen=True)
class Survey:
    campaign: Named
    teams: Measure
    enterprises: Measure
    verified: Measure
    departments: Measure
    phases: tuple[str, ...]


@dataclass(frozen=True)
class Done:
    """A redevelopment decision carried out: the enterprise, what was done, with whom."""

    decision: Named
    kind: str
    counterpart: str


@dataclass
class OldPark:
    surveys: list[Survey]
    concerns: Measure
    resolved: Measure
    by_category: list[KindCount]  # count: raised, amount: resolved (a count too)
    run: Named | None  # the year's published evaluation run
    evaluated: Measure | None
    classes: list[KindCount]
    decisions: Measure
    by_kind: list[KindCount]
    done: list[Done]

    @property
    def empty(self) -> bool:
        return not (self.surveys or self.concerns.value or self.run or self.decisions.value)


# ------------------------------------------------------------------ (4) major projects


@dataclass(frozen=True)
class KeyProject:
    project: Named
    level: str
    stage: str
    investment: Measure | None
    investors: tuple[str, ...]  # only where the reader may see them
    blockers: Measure  # open at the year's end


@dataclass(frozen=True)
class Growth:
    enterprise: Named
    output: Measure  # gross output of the year
    growth: Measure | None  # on the year before, percent
    funds: Measure | None  # funds in place for its expansion in the year
    project: Named | None  # the expansion project


@dataclass
class Major:
    key_projects: list[KeyProject]
    key_count: Measure
    growth: list[Growth]

    @property
    def empty(self) -> bool:
        return not (self.key_projects or self.growth)


# ------------------------------------------------------------------ (5) indicators


@dataclass(frozen=True)
class Indicator:
    indicator: Named
    value: Measure | None  # the year's figure, in its display unit (a rate: percent)
    rate: bool  # the indicator is itself a rate (a growth in percent)
    growth: Measure | None  # on the year before, percent (not for a rate)
    target: Measure | None
    growth_target: bool  # the target is a growth rate (the growth compared with it)
    completion: Measure | None  # a level target: the share completed
    gap: Measure | None  # a growth target: points above (+) or below (−) it
    met: bool | None


@dataclass
class Indicators:
    rows: list[Indicator]

    @property
    def empty(self) -> bool:
        return not self.rows


# ------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Step:
    project: Named
    step: str  # the next step, where the reader may see it
    due_on: dt.date | None
    owner: str


@dataclass(frozen=True)
class Blocker:
    project: Named
    category: str
    text: str  # where the reader may see it
    authority: str
    deadline: dt.date | None


@dataclass(frozen=True)
class Pending:
    decision: Named
    kind: str
    due_on: dt.date | None


@dataclass(frozen=True)
class Target:
    indicator: Named
    value: Measure
    growth: bool  # a growth-rate target


@dataclass(frozen=True)
class Task:
    task: Named  # its title, or the code name where it serves a confidential project
    unit: str
    owner: str
    deadline: dt.date | None


@dataclass
class Plan:
    year: int
    open_projects: Measure
    steps: list[Step]
    blockers: Measure
    blocker_list: list[Blocker]
    approvals: Measure
    approval_list: list[Approval]
    decisions: Measure
    decision_list: list[Pending]
    targets: list[Target]
    tasks: Measure
    task_list: list[Task]


@dataclass
class AnnualFacts:
    """Everything an annual summary and plan is drafted from."""

    park: str
    year: int
    investment: Investment
    land: Land
    old_park: OldPark
    major: Major
    indicators: Indicators
    plan: Plan

    @property
    def empty(self) -> bool:
        """Nothing at all is recorded for the year."""
        streams = (self.investment, self.land, self.old_park, self.major, self.indicators)
        plan = self.plan
        return all(s.empty for s in streams) and not (
            plan.open_projects.value
            or plan.blockers.value
            or plan.approvals.value
            or plan.decisions.value
            or plan.targets
            or plan.tasks.value
        )
