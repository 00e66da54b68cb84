"""Survey services: campaigns and their scope, teams, balancing, assignment moves,
the form, verification into the yearly data, concerns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.surveys import selectors, services
from parkbase.surveys.choices import AssignmentStatus, CampaignStatus
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse, Team
from tests.factories import (
    EnterpriseFactory,
    EnterpriseYearFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the zh-hans catalogue is someone else's)."""
    with translation.override("en"):
        yield


def errors(exc_info) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in exc_info.value.message_dict.items()}


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def staff(world):
    return world.users[Role.STAFF]


@pytest.fixture
def member(world):
    return world.users[Role.SURVEY]


@pytest.fixture
def mine(survey):
    """The assignment of 企业22 (phase 2): the survey user's team, the enterprise
    user's own enterprise."""
    return next(a for a in survey.assignments if a.enterprise == survey.enterprises[3])


# ---------------------------------------------------------------- campaigns and scope


def test_campaign_scope_phases_departments_and_chosen(world, staff):
    park = world.parks[0]
    p1, p2 = world.phases
    d1, d2 = world.departments
    e = world.enterprises
    gone = EnterpriseFactory(park=park, phase=p1, department=d1, status="moved_out")
    campaign = services.campaign_create(
        user=staff, park=park, data={"name": "专项调查", "year": 2019}
    )
    assert campaign.status == CampaignStatus.DRAFT
    # nothing chosen: the whole park, without the firms that left it
    assert set(selectors.campaign_enterprises(campaign)) == set(e)
    services.campaign_update(
        user=staff, campaign=campaign, data={"scope_phases": [p1]}, expected_version=1
    )
    assert set(selectors.campaign_enterprises(campaign)) == {e[0], e[1]}
    services.campaign_update(
        user=staff,
        campaign=campaign,
        data={"scope_departments": [d2], "scope_enterprises": [e[2], gone]},
        expected_version=2,
    )
    # (P1 and D2) or chosen — a chosen firm counts even if it moved out
    assert set(selectors.campaign_enterprises(campaign)) == {e[1], e[2], gone}
    assert fresh(campaign).history.count() >= 3
    assert fresh(campaign).history.latest().history_user == staff


def test_campaign_rules(world, staff):
    park = world.parks[0]
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            user=staff,
            park=park,
            data={"name": world.campaign.name, "year": 1800, "scope_phases": [world.other.phase]},
        )
    assert set(errors(exc)) == {"name", "year", "scope_phases"}
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            user=staff, park=park, data={"name": "x", "year": 2019, "status": "closed"}
        )
    assert "status" in errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            user=staff, park=park, data={"name": "y", "year": 2019, "thresholds": {"jump": 3}}
        )
    assert "unknown setting jump" in errors(exc)["thresholds"][0]


def test_campaign_open_close_reopen_dates(world, staff):
    campaign = services.campaign_create(
        user=staff, park=world.parks[0], data={"name": "z", "year": 2019}
    )
    assert campaign.started_on is None
    campaign = services.campaign_update(
        user=staff, campaign=campaign, data={"status": "open"}, expected_version=1
    )
    assert campaign.started_on == dt.date.today()
    campaign = services.campaign_update(
        user=staff, campaign=campaign, data={"status": "closed"}, expected_version=2
    )
    assert campaign.ended_on == dt.date.today()
    with pytest.raises(ValidationError) as exc:
        services.campaign_update(
            user=staff, campaign=campaign, data={"status": "draft"}, expected_version=3
        )
    assert "cannot go from Closed to Draft" in errors(exc)["status"][0]
    campaign = services.campaign_update(
        user=staff, campaign=campaign, data={"status": "open"}, expected_version=3
    )
    assert campaign.ended_on is None
    with pytest.raises(StaleEdit):
        services.campaign_update(
            user=staff, campaign=campaign, data={"notes": "x"}, expected_version=3
        )


# ---------------------------------------------------------------- teams


def test_team_leader_is_a_member_and_people_are_of_the_park(world, staff):
    campaign = world.campaign
    leader = UserFactory(role=Role.SURVEY, park=world.parks[0])
    team = services.team_save(
        user=staff, campaign=campaign, data={"name": "调查三组", "leader": leader, "members": []}
    )
    assert set(team.members.all()) == {leader}
    outsider = UserFactory(role=Role.SURVEY, park=world.parks[1])
    with pytest.raises(ValidationError) as exc:
        services.team_save(
            user=staff, campaign=campaign, data={"name": "调查一组", "members": [outsider]}
        )
    assert set(errors(exc)) == {"name", "members"}  # duplicate name, other park
    team = services.team_save(
        user=staff, campaign=campaign, data={"members": []}, instance=team, expected_version=1
    )
    assert set(team.members.all()) == {leader}  # the leader stays a member
    assert team.history.latest().history_user == staff


def test_team_with_assignments_cannot_be_deleted(world, staff):
    with pytest.raises(ValidationError) as exc:
        services.team_delete(user=staff, team=world.teams[0])
    assert "still has 2 assignments" in errors(exc)["team"][0]
    empty = services.team_save(user=staff, campaign=world.campaign, data={"name": "空组"})
    services.team_delete(user=staff, team=empty)
    assert not Team.objects.filter(pk=empty.pk).exists()


# ---------------------------------------------------------------- balancing


def test_balance_assigns_every_in_scope_enterprise_by_whole_phase(world, staff):
    park = world.parks[0]
    p1, p2 = world.phases
    extra = [
        EnterpriseFactory(park=park, phase=p1, department=world.departments[0]) for _ in range(3)
    ]
    campaign = services.campaign_create(
        user=staff, park=park, data={"name": "新调查", "year": 2020}
    )
    with pytest.raises(ValidationError) as exc:
        services.assignments_balance(user=staff, campaign=campaign)
    assert "no teams" in errors(exc)["teams"][0]
    a = services.team_save(user=staff, campaign=campaign, data={"name": "甲"})
    b = services.team_save(user=staff, campaign=campaign, data={"name": "乙"})
    result = services.assignments_balance(user=staff, campaign=campaign)
    assert result.created == 7 and result.moved == 0
    team_of = dict(
        Assignment.objects.filter(campaign=campaign).values_list("enterprise_id", "team_id")
    )
    phase_1 = {world.enterprises[0].pk, world.enterprises[1].pk, *(e.pk for e in extra)}
    assert {team_of[pk] for pk in phase_1} == {a.pk}  # the larger phase first, whole
    assert {team_of[e.pk] for e in world.enterprises[2:]} == {b.pk}
    assert result.by_team == {"甲": 5, "乙": 2}
    record = Assignment.history.filter(campaign_id=campaign.pk).first()
    assert (record.history_user, record.history_change_reason) == (staff, "balance")
    # again: nothing new
    again = services.assignments_balance(user=staff, campaign=campaign)
    assert (again.created, again.moved, again.kept) == (0, 0, 7)
    # a late firm joins its phase's team, even though the other team is lighter
    late = EnterpriseFactory(park=park, phase=p1, department=world.departments[0])
    services.assignments_balance(user=staff, campaign=campaign)
    assert Assignment.objects.get(campaign=campaign, enterprise=late).team == a


def test_balance_reset_moves_only_unvisited(world, staff, member):
    """GIVEN 企业21 visited by team 2, and 企业11 moved by hand to team 2 (not visited)
    WHEN balanced again with reset THEN 企业11 goes back with its phase to team 1, the
    visited one stays, and the rest of phase 2 stays with the team visiting it."""
    campaign = world.campaign
    a11, a12, a21, a22 = world.assignments
    services.assignment_visit(
        user=member,
        assignment=a21,
        expected_version=1,
        visited_on=dt.date.today(),
        visitors=[member],
    )
    services.assignment_reassign(
        user=staff, assignment=a11, team=world.teams[1], expected_version=1
    )
    result = services.assignments_balance(user=staff, campaign=campaign, reset=True)
    assert result.moved == 1
    assert [fresh(a).team for a in (a11, a12, a21, a22)] == [
        world.teams[0],
        world.teams[0],
        world.teams[1],
        world.teams[1],
    ]
    assert fresh(a11).history.latest().history_change_reason == "balance"


def test_closed_campaign_cannot_be_balanced(world, staff):
    with pytest.raises(ValidationError) as exc:
        services.assignments_balance(user=staff, campaign=world.closed_campaign)
    assert "closed" in errors(exc)["status"][0]


# ---------------------------------------------------------------- one assignment


def test_no_enterprise_twice_in_one_campaign(world, staff):
    e = world.enterprises[0]
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(
            user=staff, campaign=world.campaign, enterprise=e, team=world.teams[1]
        )
    assert errors(exc)["enterprise"] == [
        f"enterprise {e.name} is already assigned to 调查一组 in this campaign."
    ]
    # and the database says so too
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(campaign=world.campaign, team=world.teams[1], enterprise=e)


def test_assignment_create_checks_scope_and_team(world, staff):
    new = EnterpriseFactory(
        park=world.parks[0], phase=world.phases[0], department=world.departments[0]
    )
    with pytest.raises(ValidationError) as exc:
        services.assignment_create(
            user=staff,
            campaign=world.campaign,
            enterprise=world.other,
            team=world.closed_campaign.teams.get(),
        )
    assert set(errors(exc)) == {"team", "enterprise"}
    created = services.assignment_create(
        user=staff, campaign=world.campaign, enterprise=new, team=world.teams[0]
    )
    assert created.status == AssignmentStatus.NOT_VISITED
    assert created.history.get().history_user == staff


def test_reassign(world, staff):
    target = world.assignments[0]
    moved = services.assignment_reassign(
        user=staff, assignment=target, team=world.teams[1], expected_version=1
    )
    assert (moved.team, moved.version) == (world.teams[1], 2)
    assert moved.history.latest().history_change_reason == "reassign"
    with pytest.raises(StaleEdit):
        services.assignment_reassign(
            user=staff, assignment=target, team=world.teams[0], expected_version=1
        )
    with pytest.raises(ValidationError):
        services.assignment_reassign(
            user=staff,
            assignment=target,
            team=world.closed_campaign.teams.get(),
            expected_version=2,
        )


def test_visit_rules(survey, member, mine):
    with pytest.raises(ValidationError) as exc:
        services.assignment_visit(
            user=member,
            assignment=mine,
            expected_version=1,
            visited_on=dt.date(2019, 2, 1),
            visitors=[survey.users[Role.STAFF]],
        )
    assert set(errors(exc)) == {"visited_on", "visitors"}
    assert "before the campaign started (2019-03-01)" in errors(exc)["visited_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.assignment_visit(
            user=member,
            assignment=mine,
            expected_version=1,
            visited_on=dt.date.today() + dt.timedelta(days=3),
        )
    assert "in the future" in errors(exc)["visited_on"][0]
    done = services.assignment_visit(
        user=member,
        assignment=mine,
        expected_version=1,
        visited_on=dt.date(2019, 4, 2),
        visitors=[member],
        notes="正常",
    )
    assert (done.status, done.version, list(done.visitors.all())) == ("visited", 2, [member])
    assert done.history.latest().history_user == member


def test_enterprise_user_may_not_record_visits(survey, mine):
    with pytest.raises(PermissionDenied):
        services.assignment_visit(
            user=survey.users[Role.ENTERPRISE],
            assignment=mine,
            expected_version=1,
            visited_on=dt.date(2019, 4, 2),
        )


def test_survey_member_of_another_team_may_not_work_on_it(survey):
    stranger = UserFactory(role=Role.SURVEY, park=survey.parks[0])
    with pytest.raises(PermissionDenied):
        services.assignment_visit(
            user=stranger,
            assignment=survey.assignments[0],
            expected_version=1,
            visited_on=dt.date(2019, 4, 2),
        )


def test_moves_need_an_open_campaign(survey, staff):
    closed = survey.closed_campaign.assignments.first()
    with pytest.raises(ValidationError) as exc:
        services.assignment_visit(
            user=staff, assignment=closed, expected_version=1, visited_on=dt.date(2019, 4, 2)
        )
    assert "the campaign is Closed" in errors(exc)["campaign"][0]


FIGURES = {
    "land_area": Decimal("20000.00"),
    "building_area": Decimal("15000.00"),
    "staff_year_end": 40,  # from 120: down 67%
    "gross_output": Decimal("90000000.00"),
    "value_added": Decimal("21000000.00"),
    "revenue": Decimal("92000000.00"),
    "profit": Decimal("-500000.00"),  # a loss is a figure, not an error
    "tax_total": Decimal("3100000.00"),
}


def test_fill_stores_flags_and_moves_to_filled(survey, member, mine):
    response = services.survey_fill(
        user=member, assignment=mine, figures=FIGURES, expected_version=1
    )
    assert response.baseline_year == 2018
    assert {(f["code"], f["field"]) for f in response.flags} == {("staff_drop", "staff_year_end")}
    assignment = fresh(mine)
    assert (assignment.status, assignment.filled_by, assignment.version) == ("filled", member, 2)
    assert fresh(response).figures["gross_output"] == "90000000.00"
    # filling again (before verification) updates the same form
    again = services.survey_fill(
        user=member, assignment=mine, figures={**FIGURES, "staff_year_end": 118}, expected_version=2
    )
    assert again.pk == response.pk and again.flags == [] and again.version == 2
    assert SurveyResponse.history.filter(id=response.pk).count() == 2


def test_flags_never_block_saving_but_rules_block_verification(survey, member, mine):
    wrong = {**FIGURES, "value_added": Decimal("95000000"), "staff_rd": 500}
    response = services.survey_fill(user=member, assignment=mine, figures=wrong, expected_version=1)
    flagged = {(f["code"], f["field"]) for f in response.flags}
    assert ("value_added_above_output", "value_added") in flagged
    assert ("rule", "staff_rd") in flagged  # R&D staff above staff: shown as a flag
    with pytest.raises(ValidationError) as exc:
        services.survey_verify(user=member, assignment=mine, expected_version=2)
    assert {"value_added", "staff_rd"} <= set(errors(exc))
    assert fresh(mine).status == "filled"
    assert not EnterpriseYear.objects.filter(enterprise=mine.enterprise, year=2019).exists()


def test_negative_figures_are_refused(survey, member, mine):
    with pytest.raises(ValidationError) as exc:
        services.survey_fill(
            user=member, assignment=mine, figures={"gross_output": Decimal(-1)}, expected_version=1
        )
    assert "must not be negative" in errors(exc)["gross_output"][0]
    assert fresh(mine).status == "not_visited"


def test_verification_writes_the_year_with_source_survey(survey, member, mine):
    """GIVEN a filled form WHEN a team member verifies it THEN the 2019 figures are
    created with source survey, the verifier is in the history of both records, and a
    form left partly empty keeps the year's other values (with their own source)."""
    services.survey_fill(user=member, assignment=mine, figures=FIGURES, expected_version=1)
    verified = services.survey_verify(user=member, assignment=mine, expected_version=2)
    assert (verified.status, verified.verified_by) == ("verified", member)
    year = EnterpriseYear.objects.get(enterprise=mine.enterprise, year=2019)
    assert year.source == "survey"
    assert (year.gross_output, year.staff_year_end, year.profit) == (
        Decimal("90000000.00"),
        40,
        Decimal("-500000.00"),
    )
    record = year.history.latest()
    assert record.history_user == member
    assert record.history_change_reason == "survey: 2019年度企业全面调查"
    assert verified.history.latest().history_user == member


def test_verification_updates_an_existing_year_and_keeps_other_sources(survey, staff, mine):
    existing = EnterpriseYearFactory(
        enterprise=mine.enterprise, year=2019, source="statistics", exports=1000
    )
    services.survey_fill(user=staff, assignment=mine, figures=FIGURES, expected_version=1)
    services.survey_verify(user=staff, assignment=mine, expected_version=2)
    year = fresh(existing)
    assert (year.version, year.source, year.gross_output) == (2, "survey", Decimal("90000000.00"))
    # kept from the statistics bureau, and says so
    assert year.exports == 1000
    assert year.sources == {
        "exports": "statistics",
        "staff_average": "statistics",
        "main_business_revenue": "statistics",
    }


def test_verification_is_all_or_nothing(survey, staff, mine, monkeypatch):
    services.survey_fill(user=staff, assignment=mine, figures=FIGURES, expected_version=1)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.assignments, "year_save", broken)
    with pytest.raises(RuntimeError):
        services.survey_verify(user=staff, assignment=mine, expected_version=2)
    assert fresh(mine).status == "filled"


def test_enterprise_user_fills_its_own_form_but_may_not_verify(survey, mine):
    user = survey.users[Role.ENTERPRISE]
    response = services.survey_fill(user=user, assignment=mine, figures=FIGURES, expected_version=1)
    assert response.filled_by_enterprise
    with pytest.raises(PermissionDenied):
        services.survey_verify(user=user, assignment=mine, expected_version=2)
    other = survey.assignments[2]
    with pytest.raises(PermissionDenied):
        services.survey_fill(user=user, assignment=other, figures=FIGURES, expected_version=1)


def test_verify_needs_a_filled_form(survey, member, mine):
    with pytest.raises(ValidationError) as exc:
        services.survey_verify(user=member, assignment=mine, expected_version=1)
    assert "cannot go from Not visited to Verified" in errors(exc)["status"][0]


def test_moving_back_needs_a_reason_and_is_audited(survey, member, mine):
    services.survey_fill(user=member, assignment=mine, figures=FIGURES, expected_version=1)
    services.survey_verify(user=member, assignment=mine, expected_version=2)
    with pytest.raises(ValidationError) as exc:
        services.survey_fill(user=member, assignment=mine, figures=FIGURES, expected_version=3)
    assert "move it back to filled" in errors(exc)["status"][0]
    with pytest.raises(ValidationError) as exc:
        services.assignment_transition(
            user=member, assignment=mine, to="filled", expected_version=3
        )
    assert "reason is required to move back from Verified to Filled" in errors(exc)["reason"][0]
    back = services.assignment_transition(
        user=member, assignment=mine, to="filled", expected_version=3, reason="企业更正了产值"
    )
    assert (back.status, back.verified_at) == ("filled", None)
    assert back.history.latest().history_change_reason == "企业更正了产值"
    # forward again: verification through the same move
    again = services.assignment_transition(
        user=member, assignment=mine, to="verified", expected_version=4
    )
    assert again.status == "verified"


def test_forward_to_filled_needs_a_form(survey, member, mine):
    with pytest.raises(ValidationError) as exc:
        services.assignment_transition(
            user=member, assignment=mine, to="filled", expected_version=1
        )
    assert "no filled-in form" in errors(exc)["status"][0]
    with pytest.raises(ValidationError) as exc:
        services.assignment_transition(
            user=member, assignment=mine, to="not_visited", expected_version=1
        )
    assert "already Not visited" in errors(exc)["status"][0]


# ---------------------------------------------------------------- concerns


def test_concern_create_and_rules(survey, member, mine):
    concern = services.concern_create(
        user=member,
        data={
            "enterprise": mine.enterprise,
            "assignment": mine,
            "category": "orders",
            "description": " 生产任务不足 ",
            "department": survey.departments[0],
            "due_on": dt.date.today() + dt.timedelta(days=30),
        },
    )
    assert (concern.status, concern.raised_by, concern.raised_on, concern.description) == (
        "open",
        member,
        dt.date.today(),
        "生产任务不足",
    )
    with pytest.raises(ValidationError) as exc:
        services.concern_create(
            user=member,
            data={
                "enterprise": survey.enterprises[0],
                "assignment": mine,
                "category": "",
                "description": "",
                "department": survey.other.department,
                "raised_on": dt.date(2019, 5, 1),
                "due_on": dt.date(2019, 4, 1),
            },
        )
    assert set(errors(exc)) == {"assignment", "category", "description", "department", "due_on"}


def test_department_handles_only_status_and_resolution(survey):
    dept = survey.users[Role.DEPARTMENT]
    routed = survey.concerns[1]
    with pytest.raises(ValidationError) as exc:
        services.concern_update(
            user=dept, concern=routed, data={"category": "land"}, expected_version=1
        )
    assert "may only be changed by park staff" in errors(exc)["category"][0]
    with pytest.raises(ValidationError) as exc:
        services.concern_update(
            user=dept, concern=routed, data={"status": "resolved"}, expected_version=1
        )
    assert "resolution is required when a concern is Resolved" in errors(exc)["resolution"][0]
    done = services.concern_update(
        user=dept,
        concern=routed,
        data={"status": "resolved", "resolution": "已协调订单"},
        expected_version=1,
    )
    assert (done.status, done.resolved_on) == ("resolved", dt.date.today())
    assert done.history.latest().history_user == dept
    with pytest.raises(ValidationError) as exc:
        services.concern_update(
            user=dept, concern=routed, data={"status": "open"}, expected_version=2
        )
    assert "reason" in errors(exc)
    reopened = services.concern_update(
        user=dept,
        concern=routed,
        data={"status": "open"},
        expected_version=2,
        reason="企业反映未落实",
    )
    assert (reopened.status, reopened.resolved_on) == ("open", None)
    assert reopened.history.latest().history_change_reason == "企业反映未落实"


# ---------------------------------------------------------------- selectors


def test_overdue_and_counts(survey):
    """c0 is open and past due; c2 was due then too, but resolved; c1 is not due yet."""
    staff = survey.users[Role.STAFF]
    assert [c.pk for c in selectors.concerns_overdue(staff)] == [survey.concerns[0].pk]
    by_category = {r["category"]: r for r in selectors.concern_counts_by_category(staff)}
    assert {
        k: (r["total"], r["open"], r["resolved"], r["overdue"]) for k, r in by_category.items()
    } == {
        "orders": (2, 1, 1, 0),
        "land": (1, 1, 0, 1),
    }
    assert by_category["orders"]["label"] == "Orders (production tasks insufficient)"
    by_department = {r["label"]: r["total"] for r in selectors.concern_counts_by_department(staff)}
    d1, d2 = survey.departments
    assert by_department == {d1.name: 1, d2.name: 2}
    # the department user counts only what it may see; the admin counts park B too
    dept = survey.users[Role.DEPARTMENT]
    assert sum(r["total"] for r in selectors.concern_counts_by_category(dept)) == 2
    admin = survey.users[Role.ADMIN]
    assert sum(r["total"] for r in selectors.concern_counts_by_category(admin)) == 4
    assert selectors.concern_counts_by_category(staff, year=2018) == []


def test_progress(survey, member, mine):
    services.survey_fill(user=member, assignment=mine, figures=FIGURES, expected_version=1)
    staff = survey.users[Role.STAFF]
    progress = selectors.campaign_progress(staff, survey.campaign, on=dt.date(2019, 3, 11))
    assert progress["total"] == 4
    assert progress["totals"] == {"not_visited": 3, "visited": 0, "filled": 1, "verified": 0}
    assert dict(progress["by_team"]) == {
        "调查一组": {"not_visited": 2, "visited": 0, "filled": 0, "verified": 0},
        "调查二组": {"not_visited": 1, "visited": 0, "filled": 1, "verified": 0},
    }
    assert [name for name, _ in progress["by_phase"]] == [p.name for p in survey.phases]
    assert len(progress["missing"]) == 4 and progress["days_since_start"] == 10
    # the survey member's progress covers their own assignments only
    own = selectors.campaign_progress(member, survey.campaign)
    assert own["total"] == 2


def test_campaign_models_are_audited(world):
    assert Campaign.history.filter(id=world.campaign.pk).exists()
    assert Concern.history.model is not None
    assert Enterprise.objects.count() == 5
