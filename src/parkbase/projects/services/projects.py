"""Projects: recording, editing, moving through the stages (gates enforced), pausing,
terminating, reopening, losing (with the reason and where it went), and the landed
rule that marks a project landed by itself."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from parkbase.core.messages import field_names
from parkbase.core.models import IndustryCode
from parkbase.core.rules import amounts_valid, required_text, same_park
from parkbase.core.scoping import RULE_CHECK, UNDER_PARENT
from parkbase.core.units import strip_unit
from parkbase.core.violations import Violation
from parkbase.core.write import locked, refuse, save, save_edit, today
from parkbase.projects import engine
from parkbase.projects.choices import ProjectStatus
from parkbase.projects.models import (
    MILESTONES,
    Loss,
    LossDestination,
    Project,
    Stage,
    StageChange,
    insider_q,
)
from parkbase.projects.services.pipeline import pipeline_ensure

# the project's investment, land and expected returns
PROJECT_FIGURES = (
    "total_investment",
    "fixed_investment",
    "contracted_amount",
    "land_area",
    "land_mode",
    "promised_investment_per_mu",
    "promised_tax_per_mu",
    "expected_output",
    "expected_tax",
    "expected_jobs",
)
# the fields of a project its services take (the stage and status move by their own)
PROJECT_FIELDS = (
    "name",
    "confidential",
    "code_name",
    "description",
    "industry_code",
    "enterprise",
    *PROJECT_FIGURES,
    "key_level",
    "source",
    "referrer",
    "officer",
    "department",
    *MILESTONES,
    "issues",
)
AMOUNTS = tuple(name for name in PROJECT_FIGURES if name != "land_mode")
# What only a confidential project's insiders see, and what they alone may change
# (with the confidential mark itself: lifting it would show the real name to all).
HIDDEN_FIELDS = ("name", "description", "referrer", "enterprise", "insiders")
GUARDED_FIELDS = (*HIDDEN_FIELDS, "confidential")
INSIDERS_ONLY = _(
    "Only the insiders of a confidential project may see or change its real name, "
    "description, referrer, investors, insiders, registered enterprise or its "
    "confidential mark."
)
# statuses a user sets by hand; landed is the landed rule's, lost goes through project_lose
STATUS_BY_HAND = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.TERMINATED)


def _gate(stage: Stage, values: dict) -> list[Violation]:
    missing = engine.missing_for_gate(values, stage.required_fields)
    if not missing:
        return []
    # named by their labels without the stored unit (元, m²): forms and sheets take 万元
    # and 亩; the stage and the labels in the language the message is read in
    labels = [lazy(strip_unit, str)(Project._meta.get_field(n).verbose_name) for n in missing]
    return [
        Violation(
            "stage", "stage_gate", {"value": stage.name_lazy(), "missing": field_names(labels)}
        )
    ]


def project_violations(values: dict, *, park, stage: Stage | None) -> list[Violation]:
    found = required_text(values, "name")
    if values.get("first_contact_on") is None:
        found.append(Violation("first_contact_on", "required"))
    if values.get("confidential") and not (values.get("code_name") or "").strip():
        found.append(Violation("code_name", "required_when_confidential"))
    found += amounts_valid(values, *AMOUNTS)
    total, fixed = values.get("total_investment"), values.get("fixed_investment")
    if total is not None and fixed is not None and fixed > total:
        found.append(
            Violation(
                "fixed_investment",
                "exceeds",
                {"value": fixed, "other": "total_investment", "other_value": total},
            )
        )
    code = (values.get("industry_code") or "").strip()
    if code and not IndustryCode.objects.filter(code=code).exists():
        found.append(Violation("industry_code", "unknown_code", {"value": code}))
    found += same_park(values, park, "enterprise", "department", "officer")
    found += engine.date_order_violations({n: values.get(n) for n in MILESTONES}, today())
    if stage is None:
        found.append(Violation("stage", "required"))
    elif stage.park_id != park.pk:
        found.append(Violation("stage", "other_park", {"value": stage.name_lazy()}))
    else:
        found += _gate(stage, values)
    return found


def is_insider(user, project: Project) -> bool:
    """Whether ``user`` may see and change the project's hidden fields and investors:
    not confidential, or one of its insiders. No user is the system (a loader)."""
    if not project.confidential or not getattr(user, "is_authenticated", False):
        return True
    insiders = Project.objects.unscoped(RULE_CHECK).filter(pk=project.pk).filter(insider_q(user))
    return insiders.exists()


def require_insider(user, project: Project, values: dict | None = None, insiders=None):
    """Refuse an outsider's change of what only insiders may change: the guarded
    fields among ``values`` that differ from the project's, its insiders, or (without
    ``values``) its investors."""
    if is_insider(user, project):
        return
    changing = values is None or insiders is not None
    if values is not None:
        changing |= any(
            getattr(project, name) != values[name]
            for name in GUARDED_FIELDS
            if name in values and name != "insiders"
        )
    if changing:
        raise PermissionDenied(str(INSIDERS_ONLY))


def _values_of(project: Project) -> dict:
    return {name: getattr(project, name) for name in PROJECT_FIELDS}


def _apply(project: Project, values: dict) -> None:
    for name in PROJECT_FIELDS:
        if name in values:
            value = values[name]
            setattr(project, name, value.strip() if isinstance(value, str) else value)


def _record_move(project: Project, user, on: dt.date, note: str = "") -> StageChange:
    """Record a move. A move into another stage closes the stay in the stage before
    (the days it lasted are kept for the funnel's medians) and may push the furthest
    stage reached; a status change inside a stage is recorded, not counted as a stay."""
    stays = StageChange.objects.unscoped(RULE_CHECK).filter(project=project, entered=True)
    current_stay = stays.filter(left_on__isnull=True).order_by("-changed_on", "-id").first()
    entered = current_stay is None or current_stay.stage_id != project.stage_id
    if entered and current_stay is not None:
        current_stay.left_on = on
        current_stay.days = max((on - current_stay.changed_on).days, 0)
        current_stay.save(update_fields=["left_on", "days"])
    if entered and project.stage.order > project.furthest_order:
        project.furthest_order = project.stage.order
        project.save(update_fields=["furthest_order"])
    move = StageChange(
        project=project,
        stage=project.stage,
        status=project.status,
        changed_on=on,
        entered=entered,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note.strip(),
    )
    move.save()
    return move


def _landed_rule(project: Project, user, on: dt.date | None = None) -> None:
    """Mark the project landed the moment its landed rule holds (and back to active if
    a date it rested on was cleared), recording the move like any other."""
    rule = pipeline_ensure(project.park).landed_rule
    landed = engine.landed_on({n: getattr(project, n) for n in MILESTONES}, rule)
    if landed is not None and project.status == ProjectStatus.ACTIVE:
        project.status, project.landed_on = ProjectStatus.LANDED, landed
        project.save(update_fields=["status", "landed_on"])
        _record_move(project, user, max(landed, project.stage_since))
    elif landed is None and project.status == ProjectStatus.LANDED:
        project.status, project.landed_on = ProjectStatus.ACTIVE, None
        project.save(update_fields=["status", "landed_on"])
        _record_move(project, user, on or today())
    elif landed is not None and project.landed_on != landed:
        project.landed_on = landed if project.status == ProjectStatus.LANDED else None
        project.save(update_fields=["landed_on"])


def _ledger_contract(project: Project, before, user) -> None:
    """A changed contracted amount is also a contracted statement in the funding ledger
    (dated the signing, else today), so money totals read one ledger."""
    from parkbase.projects.choices import FundKind, FundSource
    from parkbase.projects.models import Funding

    amount = project.contracted_amount
    if amount is None or amount == before:
        return
    save(
        Funding(
            project=project,
            kind=FundKind.CONTRACTED,
            amount=amount,
            dated_on=project.signed_on or today(),
            source=FundSource.INVESTOR,
            note="",
        ),
        user,
    )


def _set_insiders(project: Project, insiders) -> None:
    if insiders is not None:
        project.insiders.set(insiders)


@transaction.atomic
def project_create(*, park, user=None, stage: Stage | None = None, insiders=None, **values):
    """Record a project, in the first stage unless ``stage`` is given (its gate must
    hold); the first move is dated the first contact."""
    stages = Stage.objects.unscoped(RULE_CHECK).filter(park=park).order_by("order")
    pipeline_ensure(park)
    stage = stage or stages.first()
    values.setdefault("first_contact_on", today())
    refuse(project_violations(values, park=park, stage=stage), Project)
    project = Project(
        park=park,
        stage=stage,
        stage_since=values["first_contact_on"],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _apply(project, values)
    save(project, user)
    _set_insiders(project, insiders)
    _ledger_contract(project, None, user)
    _record_move(project, user, project.stage_since, "")
    _landed_rule(project, user)
    return project


@transaction.atomic
def project_update(*, project: Project, expected_version, user=None, insiders=None, **values):
    """Change a project's data; its current stage's gate must still hold."""
    current = locked(Project, project.pk, expected_version)
    require_insider(user, current, values, insiders)
    merged = _values_of(current) | values
    refuse(project_violations(merged, park=current.park, stage=current.stage), Project)
    contracted_before = current.contracted_amount
    _apply(current, values)
    save_edit(current, user)
    _set_insiders(current, insiders)
    _ledger_contract(current, contracted_before, user)
    _landed_rule(current, user)
    return current


def _move_date(current: Project, on: dt.date | None) -> list[Violation]:
    if on is None:
        return [Violation("changed_on", "required")]
    if on > today():
        return [Violation("changed_on", "future_date", {"value": on})]
    last = current.stage_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    last = last.first()
    if last is not None and on < last:
        return [Violation("changed_on", "move_before_last", {"value": on, "other_value": last})]
    return []


@transaction.atomic
def project_move(
    *,
    project: Project,
    stage: Stage,
    expected_version,
    user=None,
    on: dt.date | None = None,
    note: str = "",
    **values,
) -> Project:
    """Move a project into ``stage``. The stage's gate must hold with the project's data
    and the ``values`` given with the move (a signing date and the contracted amount,
    say); both are saved together, or nothing is."""
    current = locked(Project, project.pk, expected_version)
    on = on or today()
    problems = []
    if current.status not in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.LANDED):
        problems.append(
            Violation("status", "project_closed", {"value": current.get_status_display()})
        )
    if stage.pk == current.stage_id:
        problems.append(Violation("stage", "status_same", {"value": stage.name_lazy()}))
    problems += _move_date(current, on)
    merged = _values_of(current) | values
    problems += project_violations(merged, park=current.park, stage=stage)
    refuse(problems, Project, StageChange)
    contracted_before = current.contracted_amount
    _apply(current, values)
    _ledger_contract(current, contracted_before, user)
    current.stage, current.stage_since = stage, on
    if current.status == ProjectStatus.PAUSED:
        current.status = ProjectStatus.ACTIVE  # moving on is progress
    save_edit(current, user, reason=note.strip())
    _record_move(current, user, on, note)
    _landed_rule(current, user, on)
    return current


@transaction.atomic
def project_set_status(
    *, project: Project, status: str, expected_version, note: str, user=None, on=None
) -> Project:
    """Pause, terminate or reopen a project; each needs a note saying why. Landed is
    set by the landed rule and lost by ``project_lose``, never here."""
    current = locked(Project, project.pk, expected_version)
    on = on or today()
    problems = []
    if status == ProjectStatus.LANDED:
        problems.append(Violation("status", "landed_computed"))
    elif status == ProjectStatus.LOST:
        problems.append(Violation("status", "lost_needs_loss"))
    elif status not in STATUS_BY_HAND:
        problems.append(Violation("status", "unknown_choice", {"value": status, "choices": ""}))
    elif status == current.status or (
        status == ProjectStatus.ACTIVE and current.status == ProjectStatus.LANDED
    ):
        problems.append(Violation("status", "status_same", {"value": current.get_status_display()}))
    if not note.strip():
        problems.append(Violation("note", "required"))
    problems += _move_date(current, on)
    refuse(problems, StageChange, Project)
    if current.status == ProjectStatus.LOST:
        Loss.objects.unscoped(UNDER_PARENT).filter(project=current).delete()  # kept in the history
    current.status = status
    save_edit(current, user, reason=note.strip())
    _record_move(current, user, on, note)
    if status == ProjectStatus.ACTIVE:
        _landed_rule(current, user, on)
    return current


@transaction.atomic
def project_lose(
    *,
    project: Project,
    expected_version,
    reason: str,
    lost_on: dt.date | None,
    destinations: list[dict],
    detail: str = "",
    would_have_kept: str = "",
    user=None,
) -> Loss:
    """Record a project as lost: why (a category and the story), when, where it went
    (one or several districts or cities, with who won it) and what would have kept it."""
    from parkbase.projects.choices import LossReason, PlaceLevel

    current = locked(Project, project.pk, expected_version)
    problems = []
    if current.status in (ProjectStatus.LOST, ProjectStatus.TERMINATED):
        problems.append(
            Violation("status", "project_closed", {"value": current.get_status_display()})
        )
    if reason not in LossReason.values:
        problems.append(Violation("reason", "required"))
    if lost_on is None:
        problems.append(Violation("lost_on", "required"))
    elif lost_on > today():
        problems.append(Violation("lost_on", "future_date", {"value": lost_on}))
    elif lost_on < current.first_contact_on:
        problems.append(
            Violation("lost_on", "before", {"value": lost_on, "other": "first_contact_on"})
        )
    places = [d for d in destinations if (d.get("place") or "").strip()]
    if not places:
        problems.append(Violation("destinations", "destination_required"))
    for i, d in enumerate(places, start=1):
        if d.get("level") not in PlaceLevel.values:
            problems.append(
                Violation("destinations", "destination_level", {"value": d["place"], "row": i})
            )
    refuse(problems, Loss)
    loss = Loss(
        project=current,
        reason=reason,
        lost_on=lost_on,
        detail=detail.strip(),
        would_have_kept=would_have_kept.strip(),
    )
    save(loss, user)
    for d in places:
        save(
            LossDestination(
                loss=loss,
                place=d["place"].strip(),
                level=d["level"],
                winner=(d.get("winner") or "").strip(),
            ),
            user,
        )
    current.status = ProjectStatus.LOST
    save_edit(current, user, reason=detail.strip())
    _record_move(current, user, max(lost_on, current.stage_since), detail)
    return loss
