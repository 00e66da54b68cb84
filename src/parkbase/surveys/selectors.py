"""Reads of the survey desk: a campaign's scope and progress, a form's baseline, and
the counts of concerns the annual report cites. Pages start from ``visible_to(user)``;
the scope helpers at the top serve ``core.scoping`` itself."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from parkbase.core import clock
from parkbase.core.choices import Role
from parkbase.core.names import in_language
from parkbase.core.scoping import SUBQUERY
from parkbase.enterprises.choices import Status
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.surveys import engine
from parkbase.surveys.choices import (
    AssignmentStatus,
    CampaignStatus,
    ConcernCategory,
    ConcernStatus,
)
from parkbase.surveys.models import Assignment, Campaign, Concern, Team

# enterprises no longer in the park are not surveyed unless chosen by name
GONE = (Status.DEREGISTERED, Status.MOVED_OUT)
CONCERN_OPEN = (ConcernStatus.OPEN, ConcernStatus.IN_PROGRESS)
# who sees every team of a campaign on its progress page, with or without assignments
SEE_ALL_TEAMS = (Role.ADMIN, Role.LEADER, Role.STAFF)


def today() -> dt.date:
    return clock.today()


# ---------------------------------------------------------------- scope (for core.scoping)


def member_assignments(user):
    """The assignments a survey-team member works on: their teams' in open campaigns.
    Used by ``core.scoping`` as a subquery, so it must stay one lazy queryset."""
    return Assignment.objects.unscoped(SUBQUERY).filter(
        campaign__status=CampaignStatus.OPEN, team__members=user
    )


def member_scope_description(user) -> str:
    teams = (
        Team.objects.unscoped(SUBQUERY)
        .filter(members=user, campaign__status=CampaignStatus.OPEN)
        .select_related("campaign")
        .order_by("campaign__name", "id")
    )
    names = [f"{t.campaign.name}/{t.name}" for t in teams]
    return "teams:" + ",".join(names) if names else "none"


# ---------------------------------------------------------------- campaigns


def campaign_enterprises(campaign: Campaign):
    """The enterprises a campaign covers. Phases and departments narrow the park's
    enterprises (within a list: any of them; between the lists: both), chosen
    enterprises are added; with nothing chosen at all, the whole park. Enterprises
    deregistered or moved out count only when chosen by name."""
    park = Enterprise.objects.unscoped(SUBQUERY).filter(park_id=campaign.park_id)
    phases = list(campaign.scope_phases.values_list("pk", flat=True))
    departments = list(campaign.scope_departments.values_list("pk", flat=True))
    chosen = list(campaign.scope_enterprises.values_list("pk", flat=True))
    present = ~Q(status__in=GONE)
    if not (phases or departments or chosen):
        return park.filter(present)
    wanted = Q(pk__in=chosen)
    if phases or departments:
        rule = present
        if phases:
            rule &= Q(phase_id__in=phases)
        if departments:
            rule &= Q(department_id__in=departments)
        wanted |= rule
    return park.filter(wanted)


def campaign_enterprises_visible(user, campaign: Campaign):
    """The enterprises a campaign covers that the user may see."""
    return Enterprise.objects.visible_to(user).filter(
        pk__in=campaign_enterprises(campaign).values("pk")
    )


def campaign_chosen_enterprises(user, campaign: Campaign):
    """The enterprises chosen by name for a campaign, of those the user may see."""
    return Enterprise.objects.visible_to(user).filter(
        pk__in=campaign.scope_enterprises.values("pk")
    )


def visible_assignments_q(user, prefix: str = "assignments") -> Q:
    """Limit a ``Count("assignments")`` to the assignments the user may see."""
    return Q(**{f"{prefix}__in": Assignment.objects.visible_to(user)})


def with_assignment_counts(user, queryset, *, teams: bool = True):
    """Campaigns with the counts of the assignments the user may see (and of teams)."""
    visible = visible_assignments_q(user)
    annotations = {
        "assignment_count": Count("assignments", filter=visible, distinct=True),
        "verified_count": Count(
            "assignments",
            filter=visible & Q(assignments__status=AssignmentStatus.VERIFIED),
            distinct=True,
        ),
    }
    if teams:
        annotations["team_count"] = Count("teams", distinct=True)
    # aggregation drops Meta.ordering: say it again, so pages stay stable
    return queryset.order_by(*Campaign._meta.ordering).annotate(**annotations)


def campaign_teams(user, campaign: Campaign):
    """The campaign's teams the user may see, with counts of the visible assignments."""
    visible = visible_assignments_q(user)
    return (
        Team.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("leader")
        .prefetch_related("members")
        .annotate(
            assigned=Count("assignments", filter=visible, distinct=True),
            verified=Count(
                "assignments",
                filter=visible & Q(assignments__status=AssignmentStatus.VERIFIED),
                distinct=True,
            ),
        )
    )


def campaign_counts(user, campaign: Campaign) -> dict:
    rows = (
        Assignment.objects.visible_to(user)
        .filter(campaign=campaign)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {s: 0 for s in AssignmentStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def campaign_progress(user, campaign: Campaign, *, on: dt.date | None = None) -> dict:
    """Counts by team, phase and status (of what the user may see) and the list of
    what is missing: assignments not verified yet, with days since the start."""
    on = on or today()
    visible = Assignment.objects.visible_to(user).filter(campaign=campaign)
    statuses = list(AssignmentStatus)
    teams_qs = Team.objects.visible_to(user).filter(campaign=campaign)
    if user.role not in SEE_ALL_TEAMS:
        teams_qs = teams_qs.filter(assignments__in=visible).distinct()
    teams = {t.pk: t.name for t in teams_qs.order_by("id")}
    by_team = {name: dict.fromkeys(AssignmentStatus.values, 0) for name in teams.values()}
    by_phase: dict[str, dict] = {}
    phase_order: dict[str, tuple] = {}
    totals = dict.fromkeys(AssignmentStatus.values, 0)
    rows = visible.values(
        "team__name",
        "enterprise__phase__name",
        "enterprise__phase__name_en",
        "enterprise__phase__order",
        "status",
    ).annotate(n=Count("id"))
    for row in rows:
        status, n = row["status"], row["n"]
        phase = in_language(row["enterprise__phase__name"], row["enterprise__phase__name_en"])
        phase, order = phase or "—", row["enterprise__phase__order"]
        phase_order[phase] = (order is None, order or 0, phase)
        by_team.setdefault(row["team__name"], dict.fromkeys(AssignmentStatus.values, 0))
        by_phase.setdefault(phase, dict.fromkeys(AssignmentStatus.values, 0))
        by_team[row["team__name"]][status] += n
        by_phase[phase][status] += n
        totals[status] += n
    missing = list(
        visible.exclude(status=AssignmentStatus.VERIFIED)
        .select_related("team", "enterprise", "enterprise__phase", "enterprise__department")
        .order_by("team_id", "enterprise__phase__order", "enterprise__name", "id")
    )
    waiting = engine.days_between(campaign.started_on, on)
    total = sum(totals.values())
    return {
        "statuses": statuses,
        "totals": totals,
        "total": total,
        "verified_share": round(100 * totals[AssignmentStatus.VERIFIED] / total, 1) if total else 0,
        "by_team": list(by_team.items()),
        "by_phase": sorted(
            by_phase.items(), key=lambda kv: phase_order.get(kv[0], (True, 0, kv[0]))
        ),
        "missing": missing,
        "days_since_start": waiting,
    }


# ---------------------------------------------------------------- the form


def baseline(user, enterprise, year: int) -> EnterpriseYear | None:
    """Last year's figures (or the latest year before the survey year that has any)."""
    return (
        EnterpriseYear.objects.visible_to(user)
        .filter(enterprise=enterprise, year__lt=year)
        .order_by("-year")
        .first()
    )


# ---------------------------------------------------------------- concerns


def overdue_q(on: dt.date) -> Q:
    return Q(status__in=CONCERN_OPEN, due_on__lt=on)


def concerns_overdue(user, *, on: dt.date | None = None):
    return (
        Concern.objects.visible_to(user)
        .filter(overdue_q(on or today()))
        .select_related("enterprise", "department")
        .order_by("due_on", "id")
    )


def _concern_counts(queryset, keys: tuple[str, ...], on: dt.date) -> list[dict]:
    return list(
        queryset.values(*keys)
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=CONCERN_OPEN)),
            resolved=Count("id", filter=Q(status=ConcernStatus.RESOLVED)),
            closed=Count("id", filter=Q(status=ConcernStatus.CLOSED)),
            overdue=Count("id", filter=overdue_q(on)),
        )
        .order_by("-total", *keys)
    )


def concern_counts_by_category(user, *, year: int | None = None, on=None) -> list[dict]:
    """One row per category: total, open (incl. in progress), resolved, closed,
    overdue — of the concerns the user may see (raised in ``year`` if given)."""
    queryset = Concern.objects.visible_to(user)
    if year:
        queryset = queryset.filter(raised_on__year=year)
    labels = dict(ConcernCategory.choices)
    rows = _concern_counts(queryset, ("category",), on or today())
    for row in rows:
        row["label"] = str(labels.get(row["category"], row["category"]))
    return rows


def concern_counts_by_department(user, *, year: int | None = None, on=None) -> list[dict]:
    queryset = Concern.objects.visible_to(user)
    if year:
        queryset = queryset.filter(raised_on__year=year)
    rows = _concern_counts(queryset, ("department_id", "department__name"), on or today())
    for row in rows:
        row["label"] = row["department__name"] or "—"
    return rows
