"""One assignment: adding, moving, the visit, status moves, the form and its
verification into the yearly figures."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.core.scoping import RULE_CHECK, UNDER_PARENT
from parkbase.core.violations import Violation
from parkbase.core.write import acting, locked, refuse, save, save_edit, today
from parkbase.enterprises import engine as enterprise_engine
from parkbase.enterprises.choices import Source
from parkbase.enterprises.importers import YEAR_FIGURE_FIELDS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.enterprises.services import year_save
from parkbase.surveys import engine, selectors
from parkbase.surveys.choices import AssignmentStatus, CampaignStatus
from parkbase.surveys.models import Assignment, Campaign, SurveyResponse, Team
from parkbase.surveys.services.rules import (
    NOT_ON_TEAM,
    NOT_WRITER,
    NOT_YOURS,
    _labelled,
    _require,
    is_writer,
    may_fill,
    may_work_on,
)


def _check_team(team: Team, campaign: Campaign) -> list[Violation]:
    if team.campaign_id != campaign.pk:
        return [Violation("team", "other_campaign", {"value": team.name})]
    return []


@transaction.atomic
def assignment_create(
    *, user, campaign: Campaign, enterprise: Enterprise, team: Team
) -> Assignment:
    """Add one enterprise of the campaign's scope to a team (no enterprise twice)."""
    found = _check_team(team, campaign)
    if campaign.status == CampaignStatus.CLOSED:
        found.append(Violation("campaign", "campaign_closed"))
    if not selectors.campaign_enterprises(campaign).filter(pk=enterprise.pk).exists():
        found.append(Violation("enterprise", "not_in_scope", {"value": enterprise.name}))
    other = (
        Assignment.objects.unscoped(UNDER_PARENT)
        .filter(campaign=campaign, enterprise=enterprise)
        .select_related("team")
        .first()
    )
    if other is not None:
        found.append(
            Violation(
                "enterprise",
                "already_assigned",
                {"value": enterprise.name, "team": other.team.name},
            )
        )
    refuse(found, Assignment)
    assignment = Assignment(campaign=campaign, enterprise=enterprise, team=team)
    try:
        with transaction.atomic():
            save(assignment, user)
    except IntegrityError:  # the same enterprise assigned at the same moment elsewhere
        refuse(
            [Violation("enterprise", "already_assigned", {"value": enterprise.name, "team": "—"})],
            Assignment,
        )
    return assignment


def _lock_assignment(assignment: Assignment, expected_version: int | None) -> Assignment:
    current = locked(Assignment, assignment.pk, expected_version)
    # related rows read once, after the lock
    return (
        Assignment.objects.unscoped(UNDER_PARENT)
        .select_related("campaign", "team", "enterprise")
        .get(pk=current.pk)
    )


def _require_open(assignment: Assignment) -> list[Violation]:
    campaign = assignment.campaign
    if campaign.status != CampaignStatus.OPEN:
        return [
            Violation("campaign", "campaign_not_open", {"value": campaign.get_status_display()})
        ]
    return []


@transaction.atomic
def assignment_reassign(
    *, user, assignment: Assignment, team: Team, expected_version: int
) -> Assignment:
    _require(is_writer(user), NOT_WRITER)
    current = _lock_assignment(assignment, expected_version)
    found = _check_team(team, current.campaign)
    if current.campaign.status == CampaignStatus.CLOSED:
        found.append(Violation("campaign", "campaign_closed"))
    refuse(found, Assignment)
    if current.team_id != team.pk:
        current.team = team
        save_edit(current, user, reason="reassign")
    return current


@transaction.atomic
def assignment_visit(
    *,
    user,
    assignment: Assignment,
    expected_version: int,
    visited_on: dt.date | None,
    visitors=(),
    notes: str = "",
) -> Assignment:
    """Record (or correct) the visit: date, who went (members of the team), notes. A
    first visit moves the assignment from not visited to visited."""
    current = _lock_assignment(assignment, expected_version)
    _require(may_work_on(user, current), NOT_ON_TEAM)
    found = _require_open(current)
    if visited_on is None:
        found.append(Violation("visited_on", "required"))
    elif visited_on > today():
        found.append(Violation("visited_on", "future_date", {"value": visited_on}))
    elif current.campaign.started_on and visited_on < current.campaign.started_on:
        found.append(
            Violation(
                "visited_on",
                "before_campaign",
                {"value": visited_on, "other_value": current.campaign.started_on},
            )
        )
    members = set(current.team.members.values_list("pk", flat=True))
    for person in visitors or ():
        if person.pk not in members:
            found.append(
                Violation(
                    "visitors",
                    "not_a_member",
                    {"value": person.username, "team": current.team.name},
                )
            )
    refuse(found, Assignment)
    current.visited_on = visited_on
    current.notes = notes or ""
    if current.status == AssignmentStatus.NOT_VISITED:
        current.status = AssignmentStatus.VISITED
    save_edit(current, user, reason="visit")
    wanted = {p.pk for p in visitors or ()}
    if set(current.visitors.values_list("pk", flat=True)) != wanted:
        current.visitors.set(list(wanted))
    return current


@transaction.atomic
def assignment_transition(
    *, user, assignment: Assignment, to: str, expected_version: int, reason: str = ""
) -> Assignment:
    """Move an assignment's status: forward one step (to filled only when a form is
    there; to verified through ``survey_verify``), or back with a reason. Figures
    already verified into the year stay there; verifying again overwrites them."""
    if to == AssignmentStatus.VERIFIED:
        return survey_verify(user=user, assignment=assignment, expected_version=expected_version)
    current = _lock_assignment(assignment, expected_version)
    _require(may_work_on(user, current), NOT_ON_TEAM)
    found = _require_open(current)
    found += _labelled(
        engine.assignment_transition(current.status, to, reason=reason), AssignmentStatus
    )
    if (
        not found
        and to == AssignmentStatus.FILLED
        and not SurveyResponse.objects.unscoped(RULE_CHECK).filter(assignment=current).exists()
    ):
        found.append(Violation("status", "no_response"))
    refuse(found, Assignment)
    current.status = to
    if to in (AssignmentStatus.NOT_VISITED, AssignmentStatus.VISITED, AssignmentStatus.FILLED):
        current.verified_at, current.verified_by = None, None
    save_edit(current, user, reason=reason.strip())
    return current


# ---------------------------------------------------------------- the survey form

FORM_FIELDS = YEAR_FIGURE_FIELDS


def baseline_values(user, assignment: Assignment) -> tuple[int | None, dict]:
    base = selectors.baseline(user, assignment.enterprise, assignment.campaign.year)
    if base is None:
        return None, {}
    return base.year, {name: getattr(base, name) for name in FORM_FIELDS}


def thresholds_of(campaign: Campaign) -> engine.FlagThresholds:
    return engine.thresholds_from(campaign.thresholds)[0]


def form_flags(baseline: dict, figures: dict, thresholds) -> list[dict]:
    """The engine's flags, plus the year's hard rules (value added above output, R&D
    staff above staff, …) as flags: they do not block saving the form, but they will
    block verification until corrected."""
    found = engine.flags(baseline, figures, thresholds)
    flagged = {f.field for f in found}
    for v in enterprise_engine.validate_year({**figures, "year": 2000}, current_year=9999):
        if v.code == "negative" or v.field in flagged:
            continue
        found.append(engine.Flag("rule", v.field, {"rule": v.code, **v.params}))
        flagged.add(v.field)
    return [f.as_dict() for f in found]


@transaction.atomic
def survey_fill(
    *,
    user,
    assignment: Assignment,
    figures: dict,
    expected_version: int,
    at: dt.datetime | None = None,
) -> SurveyResponse:
    """Save the form (the figures in canonical units) and move the assignment to
    filled. Implausible changes against last year are flagged and stored with the
    form; they never block saving. Negative figures do. ``at`` records when it was
    filled (now, unless a loader replays an earlier campaign)."""
    current = _lock_assignment(assignment, expected_version)
    _require(may_fill(user, current), NOT_YOURS)
    found = _require_open(current)
    if current.status == AssignmentStatus.VERIFIED:
        found.append(Violation("status", "already_verified"))
    unknown = sorted(set(figures) - set(FORM_FIELDS))
    if unknown:
        found.append(
            Violation("figures", "unknown_setting", {"value": ", ".join(unknown), "choices": "…"})
        )
    for name in enterprise_engine.NON_NEGATIVE_YEAR_FIELDS:
        value = figures.get(name)
        if value is not None and value < 0:
            found.append(Violation(name, "negative", {"value": value}))
    refuse(found, EnterpriseYear)
    values = {name: figures.get(name) for name in FORM_FIELDS}
    baseline_year, baseline = baseline_values(user, current)
    response = SurveyResponse.objects.unscoped(UNDER_PARENT).filter(assignment=current).first()
    if response is None:
        response = SurveyResponse(assignment=current)
    else:
        response.version += 1
    response.baseline_year = baseline_year
    response.figures = values
    response.flags = form_flags(baseline, values, thresholds_of(current.campaign))
    response.filled_by_enterprise = user.role == Role.ENTERPRISE and not is_writer(user)
    save(response, user)
    current.status = AssignmentStatus.FILLED
    current.filled_at, current.filled_by = at or timezone.now(), acting(user)
    save_edit(current, user, reason="form")
    return response


def response_figures(response: SurveyResponse) -> dict:
    """The stored figures (JSON) as the model's Python values (Decimal, int)."""
    out = {}
    for name in FORM_FIELDS:
        raw = (response.figures or {}).get(name)
        out[name] = None if raw is None else EnterpriseYear._meta.get_field(name).to_python(raw)
    return out


@transaction.atomic
def survey_verify(
    *, user, assignment: Assignment, expected_version: int, at: dt.datetime | None = None
) -> Assignment:
    """Write the filled-in figures into the survey year's EnterpriseYear (created or
    updated, source "survey"), and mark the assignment verified: all or nothing, with
    the verifier in the history of both. ``at`` as for ``survey_fill``."""
    current = _lock_assignment(assignment, expected_version)
    _require(may_work_on(user, current), NOT_ON_TEAM)
    found = _require_open(current)
    if not found and current.status != AssignmentStatus.FILLED:
        found += _labelled(
            engine.assignment_transition(current.status, AssignmentStatus.VERIFIED),
            AssignmentStatus,
        )
    response = SurveyResponse.objects.unscoped(UNDER_PARENT).filter(assignment=current).first()
    if response is None and not found:
        found.append(Violation("status", "no_response"))
    refuse(found, Assignment)
    year = current.campaign.year
    existing = (
        EnterpriseYear.objects.unscoped(RULE_CHECK)
        .filter(enterprise=current.enterprise, year=year)
        .first()
    )
    data = engine.year_data(
        response_figures(response),
        existing={n: getattr(existing, n) for n in FORM_FIELDS} if existing else None,
        existing_source=existing.source if existing else None,
        existing_sources=existing.sources if existing else None,
        source=Source.SURVEY,
    )
    if existing is None:
        data["year"] = year
    year_save(
        user=user,
        enterprise=current.enterprise,
        data=data,
        instance=existing,
        expected_version=existing.version if existing else None,
        reason=f"survey: {current.campaign.name}",
    )
    current.status = AssignmentStatus.VERIFIED
    current.verified_at, current.verified_by = at or timezone.now(), acting(user)
    save_edit(current, user, reason="verify")
    return current
