"""Pure rules of the survey desk: balancing enterprises over teams, what changed since
last year and which changes are implausible, status transitions, and how a verified
form becomes a year of figures.

No Django here: callers pass plain values (Decimal, int, date, str, None) and get
plain values or Violations back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from parkbase.core.violations import Violation

# ---------------------------------------------------------------- balancing


def balance(
    groups: Sequence[tuple[Hashable, Sequence[int]]],
    teams: Sequence[int],
    loads: Mapping[int, int] | None = None,
    owners: Mapping[Hashable, int] | None = None,
) -> dict[int, int]:
    """Give whole groups (the enterprises of one phase) to teams: the largest group
    first, each onto the team with the least work so far (its ``loads`` plus what it
    got here). A group some team already visits (``owners``: group → team) stays with
    that team, so a phase is never split by a late newcomer. Ties go to the earlier
    group and the earlier team, so the result is the same every time. Returns
    enterprise id → team id."""
    if not teams:
        return {}
    load = {team: (loads or {}).get(team, 0) for team in teams}
    order = {team: i for i, team in enumerate(teams)}
    owners = {k: t for k, t in (owners or {}).items() if t in load}
    ranked = sorted(enumerate(groups), key=lambda item: (-len(item[1][1]), item[0]))
    result: dict[int, int] = {}
    for _index, (key, members) in ranked:
        if not members:
            continue
        team = owners.get(key)
        if team is None:
            team = min(teams, key=lambda t: (load[t], order[t]))
        for enterprise in members:
            result[enterprise] = team
        load[team] += len(members)
    return result


# ---------------------------------------------------------------- changes and flags


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@dataclass(frozen=True)
class Change:
    """One figure compared with last year's."""

    field: str
    old: Decimal | int | None
    new: Decimal | int | None
    delta: Decimal | None  # new − old, when both are known
    percent: Decimal | None  # delta / old × 100 (one place), when old is known and not 0

    @property
    def changed(self) -> bool:
        return _number(self.old) != _number(self.new)


def changes(baseline: Mapping, current: Mapping, fields: Iterable[str]) -> list[Change]:
    out = []
    for name in fields:
        old, new = baseline.get(name), current.get(name)
        a, b = _number(old), _number(new)
        delta = percent = None
        if a is not None and b is not None:
            delta = b - a
            if a != 0:
                percent = (delta / abs(a) * 100).quantize(Decimal("0.1"))
        out.append(Change(name, old, new, delta, percent))
    return out


@dataclass(frozen=True)
class FlagThresholds:
    """When a change is implausible enough to show the verifier. Local practice
    differs, so each campaign may override any of these (``Campaign.thresholds``)."""

    # the land module does not exist yet: any change of these is worth a look
    land_fields: tuple[str, ...] = ("land_area",)
    land_tolerance_m2: Decimal = Decimal(0)
    # a figure this many times last year's, or this share of it or less
    jump_ratio: Decimal = Decimal(10)
    drop_ratio: Decimal = Decimal("0.1")
    jump_fields: tuple[str, ...] = (
        "gross_output",
        "value_added",
        "revenue",
        "main_business_revenue",
        "tax_total",
        "total_assets",
        "energy_tce",
    )
    # staff at year end down by more than this share of last year's
    staff_drop_share: Decimal = Decimal("0.5")
    # value added above this share of gross output
    value_added_share_max: Decimal = Decimal(1)
    # known last year, left empty now
    cleared_fields: tuple[str, ...] = (
        "land_area",
        "staff_year_end",
        "gross_output",
        "revenue",
        "tax_total",
    )

    def as_dict(self) -> dict:
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else str(value)
        return out


THRESHOLD_NAMES = tuple(f.name for f in dataclasses.fields(FlagThresholds))


def thresholds_from(data: Mapping | None) -> tuple[FlagThresholds, list[Violation]]:
    """Defaults overridden by ``data`` (a campaign's JSON); bad entries are reported
    and left at their default."""
    found: list[Violation] = []
    values = {}
    defaults = FlagThresholds()
    if data is not None and not isinstance(data, Mapping):
        return defaults, [Violation("thresholds", "not_a_mapping", {"value": data})]
    for name, raw in (data or {}).items():
        if name not in THRESHOLD_NAMES:
            found.append(
                Violation(
                    "thresholds",
                    "unknown_setting",
                    {"value": name, "choices": ", ".join(THRESHOLD_NAMES)},
                )
            )
            continue
        if isinstance(getattr(defaults, name), tuple):
            if not isinstance(raw, list | tuple) or not all(isinstance(x, str) for x in raw):
                found.append(Violation("thresholds", "not_a_list", {"value": f"{name}={raw!r}"}))
                continue
            values[name] = tuple(raw)
            continue
        number = _number(raw) if not isinstance(raw, bool) else None
        if number is None:
            found.append(Violation("thresholds", "not_a_number", {"value": f"{name}={raw!r}"}))
        elif number < 0:
            found.append(Violation("thresholds", "negative", {"value": f"{name}={raw}"}))
        else:
            values[name] = number
    return dataclasses.replace(defaults, **values), found


@dataclass(frozen=True)
class Flag:
    """An implausible change, shown to the verifier; it never blocks saving."""

    code: str  # land_changed | jump | drop | staff_drop | value_added_above_output | cleared
    field: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "field": self.field,
            "params": {k: _plain(v) for k, v in self.params.items()},
        }


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def flags(baseline: Mapping, current: Mapping, thresholds: FlagThresholds) -> list[Flag]:
    t = thresholds
    found: list[Flag] = []
    for name in t.land_fields:
        old, new = _number(baseline.get(name)), _number(current.get(name))
        if old is None and new is None:
            continue
        if old is None or new is None or abs(new - old) > t.land_tolerance_m2:
            found.append(Flag("land_changed", name, {"old": old, "new": new}))
    for name in t.jump_fields:
        old, new = _number(baseline.get(name)), _number(current.get(name))
        if old is None or new is None or old <= 0:
            continue
        ratio = new / old
        if ratio >= t.jump_ratio:
            found.append(
                Flag(
                    "jump", name, {"old": old, "new": new, "ratio": ratio.quantize(Decimal("0.1"))}
                )
            )
        elif ratio <= t.drop_ratio:
            found.append(
                Flag(
                    "drop",
                    name,
                    {"old": old, "new": new, "ratio": ratio.quantize(Decimal("0.001"))},
                )
            )
    old, new = _number(baseline.get("staff_year_end")), _number(current.get("staff_year_end"))
    if old and new is not None and old > 0 and (old - new) / old > t.staff_drop_share:
        share = ((old - new) / old * 100).quantize(Decimal("0.1"))
        found.append(
            Flag("staff_drop", "staff_year_end", {"old": old, "new": new, "percent": share})
        )
    added, output = _number(current.get("value_added")), _number(current.get("gross_output"))
    if added is not None and output is not None and added > output * t.value_added_share_max:
        found.append(
            Flag("value_added_above_output", "value_added", {"new": added, "output": output})
        )
    for name in t.cleared_fields:
        old, new = _number(baseline.get(name)), _number(current.get(name))
        if old is not None and new is None:
            found.append(Flag("cleared", name, {"old": old}))
    return found


# ---------------------------------------------------------------- transitions

ASSIGNMENT_STEPS = ("not_visited", "visited", "filled", "verified")


def assignment_transition(current: str, target: str, *, reason: str = "") -> list[Violation]:
    """Forward one step at a time; filling may skip the visit (an enterprise fills in
    its own form); moving back needs a reason."""
    if target not in ASSIGNMENT_STEPS:
        return [
            Violation(
                "status",
                "unknown_choice",
                {"value": target, "choices": ", ".join(ASSIGNMENT_STEPS)},
            )
        ]
    here, there = ASSIGNMENT_STEPS.index(current), ASSIGNMENT_STEPS.index(target)
    if there == here:
        return [Violation("status", "status_same", {"value": target})]
    if there < here:
        if not (reason or "").strip():
            return [Violation("reason", "reason_required", {"value": target, "current": current})]
        return []
    if there == here + 1 or (current == "not_visited" and target == "filled"):
        return []
    return [Violation("status", "status_skip", {"value": target, "current": current})]


CAMPAIGN_MOVES = {
    "draft": {"open"},
    "open": {"closed"},
    "closed": {"open"},
}


def campaign_transition(current: str, target: str) -> list[Violation]:
    if current == target or target in CAMPAIGN_MOVES.get(current, set()):
        return []
    return [Violation("status", "campaign_status", {"value": target, "current": current})]


CONCERN_STEPS = ("open", "in_progress", "resolved", "closed")
CONCERN_DONE = ("resolved", "closed")


def concern_transition(
    current: str, target: str, *, resolution: str = "", reason: str = ""
) -> list[Violation]:
    """Forward freely (open → in progress → resolved → closed, steps may be skipped);
    resolving or closing needs the resolution; reopening needs a reason."""
    found: list[Violation] = []
    if target in CONCERN_DONE and not (resolution or "").strip():
        found.append(Violation("resolution", "resolution_required", {"value": target}))
    if CONCERN_STEPS.index(target) < CONCERN_STEPS.index(current) and not (reason or "").strip():
        found.append(Violation("reason", "reason_required", {"value": target, "current": current}))
    return found


def is_overdue(status: str, due_on: dt.date | None, today: dt.date) -> bool:
    return status not in CONCERN_DONE and due_on is not None and due_on < today


# ---------------------------------------------------------------- verified form → year


def year_data(
    figures: Mapping,
    *,
    existing: Mapping | None,
    existing_source: str | None,
    existing_sources: Mapping | None,
    source: str = "survey",
) -> dict:
    """What verification writes into the year's figures: every figure the form gives
    (empty ones leave the year's value as it was); the row's source becomes the
    survey, and a value kept from before keeps its own source in ``sources``."""
    data = {name: value for name, value in figures.items() if value is not None}
    sources = {}
    for name, value in (existing or {}).items():
        if name in data or value is None:
            continue
        kept = (existing_sources or {}).get(name, existing_source)
        if kept and kept != source:
            sources[name] = kept
    return {**data, "source": source, "sources": sources}


def days_between(start: dt.date | None, today: dt.date) -> int | None:
    return None if start is None else (today - start).days
