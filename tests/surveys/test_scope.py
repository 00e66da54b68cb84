"""Scope through campaigns: a survey member sees the enterprises (and their yearly
data, assignments, forms, concerns) of their teams in open campaigns, through the one
``visible_to``; departments see concerns routed to them and those of their firms."""

from __future__ import annotations

import pytest

from parkbase.core import scoping
from parkbase.core.choices import Action, Role
from parkbase.core.models import User
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse, Team
from tests.factories import AssignmentFactory, TeamFactory, UserFactory
from tests.surveys.conftest import ROLES, WRITERS

pytestmark = pytest.mark.django_db


def visible(model, user, action=Action.VIEW) -> set[int]:
    return set(model.objects.visible_to(user, action).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_every_survey_model_through_visible_to(survey, role):
    user = survey.users[role]
    assert visible(Enterprise, user) == survey.expected[role]
    assert visible(Campaign, user) == survey.expected_campaigns[role]
    assert visible(Assignment, user) == survey.expected_assignments[role]
    assert visible(Concern, user) == survey.expected_concerns[role]
    teams = set(
        Team.objects.filter(campaign__in=survey.expected_campaigns[role]).values_list(
            "pk", flat=True
        )
    )
    assert visible(Team, user) == teams
    for action in (Action.ADD, Action.CHANGE, Action.DELETE):
        assert bool(visible(Campaign, user, action)) == (role in WRITERS)
    assert visible(Assignment, user, Action.CHANGE) == survey.changeable_assignments.get(
        role, set()
    )
    assert visible(Concern, user, Action.CHANGE) == survey.changeable_concerns.get(role, set())


def test_survey_member_sees_the_yearly_data_of_assigned_firms_only(survey):
    member = survey.users[Role.SURVEY]
    expected = set(
        EnterpriseYear.objects.filter(enterprise__in=survey.expected[Role.SURVEY]).values_list(
            "pk", flat=True
        )
    )
    assert expected and visible(EnterpriseYear, member) == expected
    # read-only for the yearly data itself: verification goes through the survey
    assert visible(EnterpriseYear, member, Action.CHANGE) == set()
    assert visible(Enterprise, member, Action.CHANGE) == set()


def test_survey_member_sees_forms_of_their_assignments_not_of_their_firms(survey):
    """企业22 is assigned to the member's team; its form in another open campaign (by
    another team) is not the member's business."""
    member = survey.users[Role.SURVEY]
    ents = survey.enterprises
    own = next(a for a in survey.assignments if a.enterprise == ents[3])
    other_campaign = survey.campaign.__class__.objects.create(
        park=survey.parks[0], name="专项调查", year=2019, status="open"
    )
    other_team = TeamFactory(campaign=other_campaign, name="专项组")
    theirs = AssignmentFactory(campaign=other_campaign, team=other_team, enterprise=ents[3])
    mine_form = SurveyResponse.objects.create(assignment=own)
    their_form = SurveyResponse.objects.create(assignment=theirs)
    assert visible(Assignment, member) == survey.expected_assignments[Role.SURVEY]
    assert visible(SurveyResponse, member) == {mine_form.pk}
    assert their_form.pk in visible(SurveyResponse, survey.users[Role.STAFF])
    assert visible(SurveyResponse, survey.users[Role.ENTERPRISE]) == {mine_form.pk, their_form.pk}


def test_open_campaigns_only(survey):
    member = survey.users[Role.SURVEY]
    survey.campaign.status = "closed"
    survey.campaign.save()
    assert visible(Enterprise, member) == set()
    assert visible(Assignment, member) == set()
    survey.closed_campaign.status = "open"  # the 2018 campaign, where the member visited P1
    survey.closed_campaign.save()
    assert visible(Enterprise, member) == {survey.enterprises[0].pk, survey.enterprises[1].pk}


def test_department_reads_its_firms_concerns_and_handles_routed_ones(survey):
    dept = survey.users[Role.DEPARTMENT]
    c0, c1, _c2, _c3 = survey.concerns
    assert c0.enterprise.department == dept.department and c0.department != dept.department
    assert c1.enterprise.department != dept.department and c1.department == dept.department
    assert visible(Concern, dept) == {c0.pk, c1.pk}
    assert visible(Concern, dept, Action.CHANGE) == {c1.pk}
    assert visible(Concern, dept, Action.DELETE) == set()


def test_the_scope_is_one_subquery(survey, django_assert_num_queries):
    member = survey.users[Role.SURVEY]
    with django_assert_num_queries(1):
        list(Enterprise.objects.visible_to(member))
    with django_assert_num_queries(1):
        list(EnterpriseYear.objects.visible_to(member).select_related("enterprise"))


def test_without_the_surveys_registration_survey_members_see_nothing(survey):
    member = survey.users[Role.SURVEY]
    registered = scoping._survey_scope
    scoping.register_survey_scope(None)
    try:
        assert visible(Enterprise, member) == set()
        assert member.scope_description() == "none"
    finally:
        scoping.register_survey_scope(registered)
    assert visible(Enterprise, member) == survey.expected[Role.SURVEY]


def test_scope_description(survey):
    assert survey.users[Role.SURVEY].scope_description() == "teams:2019年度企业全面调查/调查二组"
    loner = UserFactory(role=Role.SURVEY, park=survey.parks[0])
    assert loner.scope_description() == "none"
    assert not hasattr(User, "phases")
