import pytest
from django.db import transaction
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.imports.reference import industry_codes_load
from parkbase.surveys.choices import CampaignStatus
from tests.demo_copy import demo_data
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    DepartmentFactory,
    EnterpriseFactory,
    ParkFactory,
    PhaseFactory,
    TeamFactory,
    UserFactory,
)


def pytest_configure(config):
    # Fixtures and assertions read the database directly, as the system; what the
    # tests exercise through the test client runs strict (ScopeMiddleware), so a view
    # that forgets to scope a query fails here.
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("tests: fixtures and assertions read the database directly")
    # the tests run on today, even in a data directory the demo fixed as of its
    # story's end (the README's two commands share ./var)
    from django.conf import settings

    settings.AS_OF = None


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language (Chinese), whatever the test before it
    (or a request it made) left active in the thread."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo park, loaded once for a module (loading takes a while) inside a
    transaction rolled back at the end, so the tests of other modules start empty."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        result = demo_data()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def en(client):
    """pytest-django's page client, asking for English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def industry_codes(db):
    industry_codes_load()


@pytest.fixture
def world(db, industry_codes):
    """Two parks. Park A: two phases, two departments, four enterprises (one per
    phase × department); park B: one enterprise. One user per role in park A. Park A
    has an open survey campaign whose team 2 (the survey user's) visits phase 2."""
    park_a, park_b = ParkFactory(code="a", name="甲园区"), ParkFactory(code="b", name="乙园区")
    phases = [PhaseFactory(park=park_a, code=f"P{i}", order=i) for i in (1, 2)]
    depts = [DepartmentFactory(park=park_a, code=f"D{i}") for i in (1, 2)]
    ents = [
        EnterpriseFactory(park=park_a, phase=phase, department=dept, name=f"企业{p}{d}")
        for p, phase in enumerate(phases, 1)
        for d, dept in enumerate(depts, 1)
    ]
    other = EnterpriseFactory(
        park=park_b,
        name="外园企业",
        phase=PhaseFactory(park=park_b, code="X1"),
        department=DepartmentFactory(park=park_b, code="X1"),
    )
    users = {
        Role.ADMIN: UserFactory(
            username="admin", role=Role.ADMIN, is_superuser=True, is_staff=True
        ),
        Role.LEADER: UserFactory(username="leader", role=Role.LEADER, park=park_a),
        Role.STAFF: UserFactory(username="staff", role=Role.STAFF, park=park_a),
        Role.DEPARTMENT: UserFactory(
            username="dept", role=Role.DEPARTMENT, park=park_a, department=depts[0]
        ),
        Role.ENTERPRISE: UserFactory(
            username="ent", role=Role.ENTERPRISE, park=park_a, enterprise=ents[3]
        ),
        Role.SURVEY: UserFactory(username="survey", role=Role.SURVEY, park=park_a),
    }
    # Park A's open campaign: team 1 (no members) visits phase 1, team 2 (the survey
    # user, its leader) phase 2. The survey user also led a team in a closed campaign
    # that visited phase 1: closed campaigns give no scope.
    survey = users[Role.SURVEY]
    campaign = CampaignFactory(park=park_a, name="2019年度企业全面调查", year=2019)
    team_1 = TeamFactory(campaign=campaign, name="调查一组")
    team_2 = TeamFactory(campaign=campaign, name="调查二组", leader=survey, members=[survey])
    assignments = [
        AssignmentFactory(
            campaign=campaign, team=team_2 if e.phase == phases[1] else team_1, enterprise=e
        )
        for e in ents
    ]
    closed = CampaignFactory(
        park=park_a, name="2018年度企业全面调查", year=2018, status=CampaignStatus.CLOSED
    )
    closed_team = TeamFactory(campaign=closed, name="调查一组", leader=survey, members=[survey])
    for e in ents[:2]:
        AssignmentFactory(campaign=closed, team=closed_team, enterprise=e)

    class World:
        pass

    w = World()
    w.parks, w.phases, w.departments = (park_a, park_b), phases, depts
    w.enterprises, w.other, w.users = ents, other, users
    w.campaign, w.teams, w.assignments = campaign, (team_1, team_2), assignments
    w.closed_campaign = closed
    # what each role must see in park A's enterprise list
    w.expected = {
        Role.ADMIN: {e.pk for e in ents} | {other.pk},
        Role.LEADER: {e.pk for e in ents},
        Role.STAFF: {e.pk for e in ents},
        Role.DEPARTMENT: {ents[0].pk, ents[2].pk},
        Role.ENTERPRISE: {ents[3].pk},
        Role.SURVEY: {ents[2].pk, ents[3].pk},
    }
    return w
