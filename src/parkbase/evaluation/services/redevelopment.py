"""Redevelopment decisions (腾笼换鸟) and their milestones; class policies."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from parkbase.core import clock
from parkbase.core.messages import as_validation_error
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.violations import Violation
from parkbase.core.write import delete, locked, save, save_edit
from parkbase.evaluation.choices import DecisionKind, DecisionStatus, PolicyKind
from parkbase.evaluation.models import ClassPolicy, Decision, Milestone

DECISION_FIELDS = (
    "kind",
    "status",
    "owner",
    "department",
    "basis",
    "decided_on",
    "due_on",
    "completed_on",
    "land_freed",
    "parcel",
    "counterpart",
    "note",
)


def _check_decision(values: dict, enterprise) -> list[Violation]:
    problems = []
    if values.get("kind") not in DecisionKind.values:
        problems.append(Violation("kind", "required"))
    if values.get("status") not in DecisionStatus.values:
        problems.append(Violation("status", "required"))
    decided, due, completed = (values.get(k) for k in ("decided_on", "due_on", "completed_on"))
    if decided is None:
        problems.append(Violation("decided_on", "required"))
    if decided and due and due < decided:
        problems.append(Violation("due_on", "before", {"value": due, "other": "decided_on"}))
    if decided and completed and completed < decided:
        problems.append(
            Violation("completed_on", "before", {"value": completed, "other": "decided_on"})
        )
    if values.get("status") == DecisionStatus.DONE and completed is None:
        problems.append(Violation("completed_on", "required_when_done"))
    if completed and completed > clock.today():
        problems.append(Violation("completed_on", "future_date", {"value": completed}))
    land = values.get("land_freed")
    if land is not None and not Decimal(land).is_finite():
        problems.append(Violation("land_freed", "not_a_number", {"value": land}))
    elif land is not None:
        if land < 0:
            problems.append(Violation("land_freed", "negative", {"value": land}))
        latest = enterprise.years.order_by("-year").values_list("land_area", flat=True).first()
        if latest is not None and land > latest:
            problems.append(
                Violation(
                    "land_freed",
                    "exceeds",
                    {"value": land, "other": "land_area", "other_value": latest},
                )
            )
    parcel = values.get("parcel")
    if parcel is not None and parcel.park_id != enterprise.park_id:
        problems.append(Violation("parcel", "other_park", {"value": str(parcel)}))
    if problems:
        raise as_validation_error(problems, Decision)
    return problems


def decision_create(*, enterprise, user=None, **values) -> Decision:
    values.setdefault("status", DecisionStatus.PLANNED)
    _check_decision(values, enterprise)
    decision = Decision(
        enterprise=enterprise, **{k: values.get(k) for k in DECISION_FIELDS if k in values}
    )
    save(decision, user)
    return decision


def decision_update(*, decision: Decision, expected_version: int | None, user=None, **values):
    with transaction.atomic():
        current = locked(Decision, decision.pk, expected_version)
        merged = {k: getattr(current, k) for k in DECISION_FIELDS} | values
        _check_decision(merged, current.enterprise)
        for key in DECISION_FIELDS:
            setattr(current, key, merged[key])
        save_edit(current, user)
    return current


def milestone_add(*, decision: Decision, title: str, due_on=None, user=None) -> Milestone:
    if not title.strip():
        raise as_validation_error([Violation("title", "required")], Milestone)
    milestone = Milestone(decision=decision, title=title.strip(), due_on=due_on)
    save(milestone, user)
    return milestone


def milestone_done(*, milestone: Milestone, done_on, expected_version: int | None, user=None):
    with transaction.atomic():
        current = locked(Milestone, milestone.pk, expected_version)
        if done_on is not None and done_on > clock.today():
            raise as_validation_error(
                [Violation("done_on", "future_date", {"value": done_on})], Milestone
            )
        current.done_on = done_on
        save_edit(current, user)
    return current


def policy_save(
    *,
    park,
    year: int,
    klass: str,
    kind: str,
    from_consecutive_years: int = 1,
    rate=None,
    text: str = "",
    user=None,
) -> ClassPolicy:
    """Add or change one line of the class-policy table (one per class, kind and
    starting year count)."""
    problems = []
    if park is None:
        problems.append(Violation("park", "required"))
    if not isinstance(year, int) or not 1949 <= year <= 2100:
        problems.append(Violation("year", "year_range", {"value": year, "min": 1949, "max": 2100}))
    if not klass.strip():
        problems.append(Violation("klass", "required"))
    if kind not in PolicyKind.values:
        problems.append(Violation("kind", "required"))
    if kind in (PolicyKind.ELECTRICITY_SURCHARGE, PolicyKind.LAND_USE_TAX):
        if rate is None:
            problems.append(Violation("rate", "required"))
        elif not Decimal(rate).is_finite():
            problems.append(Violation("rate", "not_a_number", {"value": rate}))
        elif Decimal(rate) < 0:
            problems.append(Violation("rate", "negative", {"value": rate}))
    elif kind == PolicyKind.QUOTA and not text.strip():
        problems.append(Violation("text", "required"))
    if not from_consecutive_years or from_consecutive_years < 1:
        problems.append(
            Violation("from_consecutive_years", "positive", {"value": from_consecutive_years})
        )
    if problems:
        raise as_validation_error(problems, ClassPolicy)
    lookup = {
        "park": park,
        "year": year,
        "klass": klass.strip(),
        "kind": kind,
        "from_consecutive_years": from_consecutive_years,
    }
    if ClassPolicy.objects.unscoped(RULE_CHECK).filter(**lookup).exists():
        # one line per class, kind and starting year: change one by removing it first
        raise as_validation_error(
            [Violation("klass", "recorded_already", {"value": klass.strip(), "year": year})],
            ClassPolicy,
        )
    policy = ClassPolicy(**lookup, rate=rate, text=text.strip())
    save(policy, user)
    return policy


def policy_delete(*, policy: ClassPolicy, user=None) -> None:
    delete(policy, user)
