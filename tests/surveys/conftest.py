"""The survey desk on top of ``world``: last year's figures, a campaign in park B, and
one concern per kind of visibility.

world (tests/conftest.py): park A has phases P1, P2 and departments D1, D2, enterprises
企业11 (P1 D1), 企业12 (P1 D2), 企业21 (P2 D1), 企业22 (P2 D2); the open campaign
"2019年度企业全面调查" gives P1 to 调查一组 (no members) and P2 to 调查二组 (the
survey user); a closed 2018 campaign had the survey user visit P1. The department user
is D1's, the enterprise user is 企业22's."""

from __future__ import annotations

import datetime as dt

import pytest

from parkbase.core.choices import Role
from parkbase.surveys.models import Concern
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    ConcernFactory,
    EnterpriseYearFactory,
    TeamFactory,
)

ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE]
WRITERS = {Role.ADMIN, Role.STAFF}
OVERDUE_DUE = dt.date(2019, 6, 1)


@pytest.fixture
def survey(world):
    """Adds to ``world``: 2018 figures of every enterprise; park B's own open campaign
    with its enterprise assigned; four concerns:

    * c0 about 企业11 (supervised by D1), routed to D2 — open, overdue;
    * c1 about 企业12 (supervised by D2), routed to D1 — in progress, not yet due;
    * c2 about 企业22, raised in its visit, routed to D2 — resolved;
    * c3 about park B's enterprise.
    """
    ents = world.enterprises
    d1, d2 = world.departments
    world.years_2018 = {
        e.pk: EnterpriseYearFactory(enterprise=e, year=2018) for e in [*ents, world.other]
    }
    campaign_b = CampaignFactory(park=world.parks[1], name="乙园2019年度调查")
    team_b = TeamFactory(campaign=campaign_b, name="乙组")
    world.assignment_b = AssignmentFactory(campaign=campaign_b, team=team_b, enterprise=world.other)
    world.campaign_b = campaign_b
    by_enterprise = {a.enterprise_id: a for a in world.assignments}
    world.concerns = [
        ConcernFactory(enterprise=ents[0], department=d2, category="land", due_on=OVERDUE_DUE),
        ConcernFactory(
            enterprise=ents[1],
            department=d1,
            category="orders",
            status="in_progress",
            due_on=dt.date.today() + dt.timedelta(days=30),
        ),
        ConcernFactory(
            enterprise=ents[3],
            assignment=by_enterprise[ents[3].pk],
            department=d2,
            category="orders",
            status="resolved",
            resolution="已对接订单",
            resolved_on=dt.date(2019, 7, 1),
            due_on=OVERDUE_DUE,
        ),
        ConcernFactory(
            enterprise=world.other, department=world.other.department, category="financing"
        ),
    ]
    c0, c1, c2, c3 = (c.pk for c in world.concerns)
    park_a = {c0, c1, c2}
    world.expected_concerns = {
        Role.ADMIN: park_a | {c3},
        Role.LEADER: park_a,
        Role.STAFF: park_a,
        Role.DEPARTMENT: {c0, c1},
        Role.ENTERPRISE: {c2},
        Role.SURVEY: {c2},
    }
    world.changeable_concerns = {
        Role.ADMIN: park_a | {c3},
        Role.STAFF: park_a,
        Role.DEPARTMENT: {c1},
    }
    a = {e.pk: by_enterprise[e.pk].pk for e in ents}
    closed = set(
        world.closed_campaign.assignments.values_list("pk", flat=True)
    )  # 企业11, 企业12 in 2018
    closed_of = {x.enterprise_id: x.pk for x in world.closed_campaign.assignments.all()}
    park_a_assignments = set(a.values()) | closed
    world.expected_assignments = {
        Role.ADMIN: park_a_assignments | {world.assignment_b.pk},
        Role.LEADER: park_a_assignments,
        Role.STAFF: park_a_assignments,
        Role.DEPARTMENT: {a[ents[0].pk], a[ents[2].pk], closed_of[ents[0].pk]},
        Role.ENTERPRISE: {a[ents[3].pk]},
        Role.SURVEY: {a[ents[2].pk], a[ents[3].pk]},
    }
    world.changeable_assignments = {
        Role.ADMIN: world.expected_assignments[Role.ADMIN],
        Role.STAFF: park_a_assignments,
        Role.SURVEY: {a[ents[2].pk], a[ents[3].pk]},
        Role.ENTERPRISE: {a[ents[3].pk]},
    }
    park_a_campaigns = {world.campaign.pk, world.closed_campaign.pk}
    world.expected_campaigns = {
        role: park_a_campaigns | ({campaign_b.pk} if role == Role.ADMIN else set())
        for role in ROLES
    }
    assert Concern.objects.count() == 4
    return world
