"""``scope_q`` / ``visible_to``: the one place that decides which rows a user may see
or change, checked directly for every role and every scoped model."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from parkbase.core.choices import Action, Role
from parkbase.core.models import Department, Park, Phase, User
from parkbase.core.scoping import NOTHING, role_allows, scope_q
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from tests.factories import EnterpriseYearFactory, UserFactory

ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE]
WRITERS = {Role.ADMIN, Role.STAFF}
MODELS = [Enterprise, EnterpriseYear, Phase, Department, Park]


@pytest.fixture
def years(world):
    """Two years for every enterprise, so yearly data is not one row per enterprise."""
    for e in [*world.enterprises, world.other]:
        EnterpriseYearFactory(enterprise=e, year=2018)
        EnterpriseYearFactory(enterprise=e, year=2019)


def every(model) -> set[int]:
    return set(model.objects.values_list("pk", flat=True))


def expected_ids(world, role, model) -> set[int]:
    """What ``role`` may see of ``model``, worked out from the world by hand."""
    park_a = world.parks[0]
    if role == Role.ADMIN:
        return every(model)
    if model is Enterprise:
        return world.expected[role]
    if model is EnterpriseYear:
        return set(
            EnterpriseYear.objects.all()
            .filter(enterprise_id__in=world.expected[role])
            .values_list("pk", flat=True)
        )
    # reference data: every role that works inside park A sees park A's, nothing else
    if model is Park:
        return {park_a.pk}
    return set(model.objects.filter(park=park_a).values_list("pk", flat=True))


def visible(model, user, action=Action.VIEW) -> set[int]:
    return set(model.objects.visible_to(user, action).values_list("pk", flat=True))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", ROLES)
def test_visible_to_every_role_and_model(world, years, role, model):
    user = world.users[role]
    wanted = expected_ids(world, role, model)
    assert wanted  # every role sees something of every model in this world
    assert visible(model, user) == wanted
    # scope_q is the same filter, usable in any queryset
    assert set(model.objects.filter(scope_q(model, user)).values_list("pk", flat=True)) == wanted


@pytest.mark.parametrize("role", ROLES)
def test_write_actions_only_for_writers(world, years, role):
    user = world.users[role]
    for model in MODELS:
        for action in (Action.ADD, Action.CHANGE, Action.DELETE):
            if role in WRITERS:
                assert visible(model, user, action) == expected_ids(world, role, model)
                assert role_allows(user, action)
            else:
                assert visible(model, user, action) == set(), (model, action)
                assert scope_q(model, user, action) == NOTHING
                assert not role_allows(user, action)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_leader_may_change_nothing(world, years, model):
    leader = world.users[Role.LEADER]
    assert visible(model, leader, Action.CHANGE) == set()
    assert visible(model, leader) == expected_ids(world, Role.LEADER, model)


@pytest.mark.parametrize("role", ROLES)
def test_inactive_user_sees_nothing(world, years, role):
    user = world.users[role]
    user.is_active = False
    user.save()
    user = User.objects.get(pk=user.pk)
    for model in MODELS:
        for action in Action.values:
            assert visible(model, user, action) == set(), (model, action)
    assert not role_allows(user, Action.VIEW)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_sees_nothing(world, years, model):
    assert visible(model, AnonymousUser()) == set()
    assert scope_q(model, AnonymousUser()) == NOTHING


@pytest.mark.parametrize("model", [Enterprise, EnterpriseYear], ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    "role,missing",
    [
        (Role.DEPARTMENT, "department"),
        (Role.ENTERPRISE, "enterprise"),
        (Role.SURVEY, "teams"),
        (Role.LEADER, "park"),
        (Role.STAFF, "park"),
    ],
)
def test_role_without_its_scope_sees_no_enterprise_data(world, years, model, role, missing):
    """A department user with no department, an enterprise user with no enterprise,
    a survey member in no team, a leader or staff with no park: no enterprise rows."""
    user = UserFactory(role=role, park=None if missing == "park" else world.parks[0])
    assert visible(model, user) == set()
    assert visible(model, user, Action.CHANGE) == set()


@pytest.mark.parametrize("model", [Phase, Department, Park], ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_role_without_its_scope_keeps_only_its_parks_reference_data(world, years, model, role):
    """What the code does: reference data (phases, departments, the park itself) is
    scoped by park, so a scoped role with a park but no department/enterprise/team
    still sees its park's reference data — and nothing of another park; with no park,
    nothing at all."""
    user = UserFactory(role=role, park=world.parks[0])
    assert visible(model, user) == expected_ids(world, Role.LEADER, model)
    parkless = UserFactory(role=role, park=None)
    assert visible(model, parkless) == set()


def test_department_user_sees_only_supervised_enterprises(world, years):
    dept = world.departments[1]
    user = UserFactory(role=Role.DEPARTMENT, park=world.parks[0], department=dept)
    assert visible(Enterprise, user) == {e.pk for e in world.enterprises if e.department == dept}
    # a department of park B supervises park B's enterprise only
    user_b = UserFactory(
        role=Role.DEPARTMENT, park=world.parks[1], department=world.other.department
    )
    assert visible(Enterprise, user_b) == {world.other.pk}
    assert visible(Phase, user_b) == {world.other.phase_id}


def test_survey_member_follows_team_assignments(world, years):
    """The survey member sees what their teams are assigned in open campaigns: joining
    team 1 adds phase 1; closing the campaign or leaving the teams removes it all."""
    survey = world.users[Role.SURVEY]
    team_1, team_2 = world.teams
    team_1.members.add(survey)
    assert visible(Enterprise, survey) == {e.pk for e in world.enterprises}
    team_1.members.remove(survey)
    assert visible(Enterprise, survey) == world.expected[Role.SURVEY]
    world.campaign.status = "closed"
    world.campaign.save()
    assert visible(Enterprise, survey) == set()
    assert visible(EnterpriseYear, survey) == set()
    world.campaign.status = "open"
    world.campaign.save()
    team_2.members.clear()
    assert visible(Enterprise, survey) == set()
    assert visible(EnterpriseYear, survey) == set()


def test_staff_of_park_b_sees_only_park_b(world, years):
    staff_b = UserFactory(role=Role.STAFF, park=world.parks[1])
    assert visible(Enterprise, staff_b) == {world.other.pk}
    assert visible(Enterprise, staff_b, Action.CHANGE) == {world.other.pk}
    assert visible(EnterpriseYear, staff_b) == set(world.other.years.values_list("pk", flat=True))
    assert visible(Park, staff_b) == {world.parks[1].pk}


def test_enterprise_user_sees_only_its_enterprise_and_its_years(world, years):
    user = world.users[Role.ENTERPRISE]
    assert visible(Enterprise, user) == {user.enterprise_id}
    assert visible(EnterpriseYear, user) == set(
        EnterpriseYear.objects.all()
        .filter(enterprise_id=user.enterprise_id)
        .values_list("pk", flat=True)
    )
    assert len(visible(EnterpriseYear, user)) == 2


@pytest.mark.parametrize("role", [Role.LEADER, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE])
def test_superuser_flag_overrides_a_read_only_role(world, years, role):
    user = UserFactory(role=role, park=world.parks[0], is_superuser=True)
    for model in MODELS:
        assert visible(model, user, Action.CHANGE) == every(model)


def test_users_are_scoped_by_park(world):
    staff = world.users[Role.STAFF]
    park_a_users = set(User.objects.filter(park=world.parks[0]).values_list("pk", flat=True))
    assert visible(User, staff) == park_a_users
    assert visible(User, world.users[Role.ADMIN]) == every(User)
