import pytest

from parkbase.core.choices import Role
from parkbase.core.services import industry_codes_load
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    ParkFactory,
    PhaseFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def industry_codes(db):
    industry_codes_load()


@pytest.fixture
def world(db, industry_codes):
    """Two parks. Park A: two phases, two departments, four enterprises (one per
    phase × department); park B: one enterprise. One user per role in park A."""
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
    users[Role.SURVEY].phases.set([phases[1]])

    class World:
        pass

    w = World()
    w.parks, w.phases, w.departments = (park_a, park_b), phases, depts
    w.enterprises, w.other, w.users = ents, other, users
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
