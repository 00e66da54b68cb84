"""Campaigns, their teams, and balancing enterprises over the teams."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from parkbase.core.models import Park, User
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, UNDER_PARENT
from parkbase.core.violations import Violation
from parkbase.core.write import acting, delete, locked, refuse, save, save_edit, today
from parkbase.surveys import engine, selectors
from parkbase.surveys.choices import AssignmentStatus, CampaignStatus
from parkbase.surveys.models import Assignment, Campaign, Team
from parkbase.surveys.services.rules import (
    CAMPAIGN_FIELDS,
    CAMPAIGN_SCOPE_FIELDS,
    FIRST_YEAR,
    _labelled,
)

# ---------------------------------------------------------------- campaigns


def campaign_violations(data: dict, *, park: Park, instance: Campaign | None = None):
    found: list[Violation] = []
    if not (data.get("name") or "").strip():
        found.append(Violation("name", "required"))
    else:
        clash = Campaign.objects.unscoped(RULE_CHECK).filter(park=park, name=data["name"].strip())
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            found.append(
                Violation("name", "duplicate", {"value": data["name"], "other": park.name})
            )
    year = data.get("year")
    current_year = today().year
    if year is None:
        found.append(Violation("year", "required"))
    elif not FIRST_YEAR <= year <= current_year + 1:
        found.append(
            Violation(
                "year", "year_range", {"value": year, "min": FIRST_YEAR, "max": current_year + 1}
            )
        )
    started, ended = data.get("started_on"), data.get("ended_on")
    if started and ended and ended < started:
        found.append(Violation("ended_on", "before", {"value": ended, "other": "started_on"}))
    if "thresholds" in data:
        found.extend(engine.thresholds_from(data.get("thresholds"))[1])
    for name in CAMPAIGN_SCOPE_FIELDS:
        for ref in data.get(name) or ():
            if ref.park_id != park.pk:
                found.append(Violation(name, "other_park", {"value": str(ref)}))
    if instance is not None and instance.pk and "status" in data:
        found.extend(
            _labelled(engine.campaign_transition(instance.status, data["status"]), CampaignStatus)
        )
    return found


def _apply_campaign(campaign: Campaign, data: dict, before_status: str | None) -> None:
    for name in CAMPAIGN_FIELDS:
        if name in data:
            value = data[name]
            setattr(campaign, name, value.strip() if name == "name" else value)
    if campaign.thresholds is None:
        campaign.thresholds = {}
    if campaign.status == CampaignStatus.OPEN and before_status != CampaignStatus.OPEN:
        campaign.started_on = campaign.started_on or today()
        campaign.ended_on = None if before_status == CampaignStatus.CLOSED else campaign.ended_on
    if campaign.status == CampaignStatus.CLOSED and before_status != CampaignStatus.CLOSED:
        campaign.ended_on = campaign.ended_on or today()


def _set_scope(campaign: Campaign, data: dict) -> None:
    for name in CAMPAIGN_SCOPE_FIELDS:
        if name in data:
            wanted = {obj.pk for obj in data[name] or ()}
            manager = getattr(campaign, name)
            if set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(list(wanted))


@transaction.atomic
def campaign_create(*, user, park: Park, data: dict) -> Campaign:
    data = {**data, "status": data.get("status") or CampaignStatus.DRAFT}
    violations = campaign_violations(data, park=park)
    if data["status"] not in (CampaignStatus.DRAFT, CampaignStatus.OPEN):
        violations += _labelled(
            engine.campaign_transition(CampaignStatus.DRAFT, data["status"]), CampaignStatus
        )
    refuse(violations, Campaign)
    campaign = Campaign(park=park)
    _apply_campaign(campaign, data, None)
    save(campaign, user)
    _set_scope(campaign, data)
    return campaign


@transaction.atomic
def campaign_update(*, user, campaign: Campaign, data: dict, expected_version: int) -> Campaign:
    current = locked(Campaign, campaign.pk, expected_version)
    if "status" in data and not data["status"]:
        data = {k: v for k, v in data.items() if k != "status"}  # not given: unchanged
    merged = {name: getattr(current, name) for name in CAMPAIGN_FIELDS} | data
    refuse(campaign_violations(merged, park=current.park, instance=current), Campaign)
    before = current.status
    _apply_campaign(current, data, before)
    save_edit(current, user)
    _set_scope(current, data)
    return current


# ---------------------------------------------------------------- teams


def team_violations(data: dict, *, campaign: Campaign, instance: Team | None = None):
    found: list[Violation] = []
    name = (data.get("name") or "").strip()
    if not name:
        found.append(Violation("name", "required"))
    else:
        clash = Team.objects.unscoped(RULE_CHECK).filter(campaign=campaign, name=name)
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            found.append(Violation("name", "duplicate", {"value": name, "other": campaign.name}))
    people = list(data.get("members") or ())
    if data.get("leader") is not None:
        people.append(data["leader"])
    for person in people:
        if person.park_id != campaign.park_id:
            field_name = "leader" if person == data.get("leader") else "members"
            found.append(Violation(field_name, "other_park", {"value": person.username}))
    return found


@transaction.atomic
def team_save(
    *,
    user,
    campaign: Campaign,
    data: dict,
    instance: Team | None = None,
    expected_version: int | None = None,
) -> Team:
    """Create a team, or change its name, leader and members; the leader is always a
    member."""
    if instance is not None:
        instance = locked(Team, instance.pk, expected_version)
        merged = {
            "name": instance.name,
            "leader": instance.leader,
            "members": list(instance.members.all()),
        } | data
    else:
        instance = Team(campaign=campaign)
        merged = data
    refuse(team_violations(merged, campaign=campaign, instance=instance), Team)
    if instance.pk:
        instance.version += 1
    instance.name = merged["name"].strip()
    instance.leader = merged.get("leader")
    save(instance, user)
    members = {m.pk for m in merged.get("members") or ()}
    if instance.leader_id:
        members.add(instance.leader_id)
    if set(instance.members.values_list("pk", flat=True)) != members:
        instance.members.set(list(members))
    return instance


def team_named(park: Park, text: str) -> Team:
    """The team ``text`` names in the park: "TEAM", or "CAMPAIGN/TEAM" where several
    campaigns have a team of that name (an open campaign's is taken first)."""
    campaign_name, _sep, name = text.strip().rpartition("/")
    teams = Team.objects.unscoped(RULE_CHECK).filter(campaign__park=park).select_related("campaign")
    found = teams.filter(name=name.strip())
    if campaign_name:
        found = found.filter(campaign__name=campaign_name.strip())
    found = list(found.order_by("-campaign__year", "id"))
    open_ones = [t for t in found if t.campaign.status == CampaignStatus.OPEN]
    found = open_ones or found
    if len(found) == 1:
        return found[0]
    if found:
        choices = ", ".join(f"{t.campaign.name}/{t.name}" for t in found)
        violation = Violation("survey_teams", "ambiguous_team", {"value": text, "choices": choices})
    else:
        names = sorted({f"{t.campaign.name}/{t.name}" for t in teams.order_by("id")[:30]})
        params = {"value": text, "choices": ", ".join(names) or "—"}
        violation = Violation("survey_teams", "unknown_reference+choices", params)
    refuse([violation], User)


@transaction.atomic
def team_join(*, member, text: str, user=None) -> Team:
    """Make ``member`` (a user of the park) a member of the team ``text`` names
    (``team_named``); `parkbase users add --team` calls it."""
    team = team_named(member.park, text)
    members = list(team.members.all())
    if member in members:
        return team
    data = {"members": [*members, member]}
    return team_save(
        user=user, campaign=team.campaign, data=data, instance=team, expected_version=team.version
    )


@transaction.atomic
def team_delete(*, user, team: Team) -> None:
    count = team.assignments.count()
    if count:
        refuse([Violation("team", "in_use", {"value": team.name, "count": count})], Team)
    delete(team, user)


# ---------------------------------------------------------------- assignments


@dataclass
class BalanceResult:
    created: int = 0
    moved: int = 0
    kept: int = 0
    out_of_scope: list[str] = field(default_factory=list)  # assigned, no longer in scope
    by_team: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def assignments_balance(*, user, campaign: Campaign, reset: bool = False) -> BalanceResult:
    """Assign every in-scope enterprise that has no assignment yet: whole phases to
    teams, the largest phase first, each to the least-loaded team. With ``reset``,
    assignments not visited yet are balanced again too (visited ones stay where they
    are). Running it again assigns nothing new."""
    campaign = Campaign.objects.unscoped(FOR_WRITE).select_for_update().get(pk=campaign.pk)
    if campaign.status == CampaignStatus.CLOSED:
        refuse([Violation("status", "campaign_closed")], Campaign)
    # in the order they were set up (一组, 二组, 三组 do not sort by name)
    teams = list(Team.objects.unscoped(UNDER_PARENT).filter(campaign=campaign).order_by("id"))
    if not teams:
        refuse([Violation("teams", "no_teams")], Campaign)
    in_scope = list(
        selectors.campaign_enterprises(campaign)
        .select_related("phase")
        .order_by("phase__order", "phase__code", "name", "id")
    )
    scope_ids = {e.pk for e in in_scope}
    existing = {
        a.enterprise_id: a
        for a in Assignment.objects.unscoped(RULE_CHECK)
        .filter(campaign=campaign)
        .select_related("enterprise")
        .prefetch_related("response")
    }
    movable = {
        eid: a
        for eid, a in existing.items()
        if reset and a.status == AssignmentStatus.NOT_VISITED and not hasattr(a, "response")
    }
    result = BalanceResult()
    result.out_of_scope = sorted(
        a.enterprise.name for eid, a in existing.items() if eid not in scope_ids
    )
    loads = {t.pk: 0 for t in teams}
    phase_of = {e.pk: e.phase_id for e in in_scope}
    by_phase: dict[object, dict[int, int]] = {}
    for eid, a in existing.items():
        if eid not in movable:
            loads[a.team_id] = loads.get(a.team_id, 0) + 1
            if eid in phase_of:
                counts = by_phase.setdefault(phase_of[eid], {})
                counts[a.team_id] = counts.get(a.team_id, 0) + 1
    # a phase a team already visits stays with that team (the one with most of it)
    owners = {phase: max(counts, key=counts.get) for phase, counts in by_phase.items()}
    groups: dict[object, list[int]] = {}
    for enterprise in in_scope:
        if enterprise.pk in existing and enterprise.pk not in movable:
            continue
        groups.setdefault(enterprise.phase_id, []).append(enterprise.pk)
    placed = engine.balance(list(groups.items()), [t.pk for t in teams], loads, owners)
    to_create, to_update = [], []
    for eid, team_id in placed.items():
        current = existing.get(eid)
        if current is None:
            to_create.append(Assignment(campaign=campaign, team_id=team_id, enterprise_id=eid))
        elif current.team_id != team_id:
            current.team_id = team_id
            current.version += 1
            to_update.append(current)
    if to_create:
        bulk_create_with_history(
            to_create,
            Assignment,
            batch_size=500,
            default_user=acting(user),
            default_change_reason="balance",
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Assignment,
            ["team", "version"],
            batch_size=500,
            default_user=acting(user),
            default_change_reason="balance",
        )
    result.created, result.moved = len(to_create), len(to_update)
    result.kept = len(existing) - result.moved
    names = {t.pk: t.name for t in teams}
    for team_id in (
        Assignment.objects.unscoped(UNDER_PARENT)
        .filter(campaign=campaign)
        .values_list("team_id", flat=True)
    ):
        result.by_team[names[team_id]] = result.by_team.get(names[team_id], 0) + 1
    return result
