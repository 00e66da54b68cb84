"""The to-do page: what waits for each user across the modules, each panel through
the user's scoped querysets, overdue against ``clock.today()``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.evaluation import services as evaluation
from parkbase.projects import services as projects
from parkbase.projects.models import Stage
from parkbase.surveys.choices import AssignmentStatus, ConcernStatus
from parkbase.surveys.models import Assignment
from tests.clients import page_client
from tests.evaluation.conftest import simple_definition
from tests.factories import ConcernFactory, EnterpriseYearFactory, ObjectionFactory

TODAY = dt.date(2019, 6, 1)
DAY = dt.date(2019, 3, 1)
# the evaluation tests' one-indicator scheme, with its own class cut and no forced rule
DEFINITION = simple_definition(
    classes=[{"name": "A", "upto": 0.5}, {"name": "B", "upto": 1.0}], forced=[]
)


def todo(user):
    response = page_client(user).get(reverse("todo"))
    assert response.status_code == 200
    return response


def panels(user) -> dict:
    return {p["key"]: p for p in todo(user).context["panels"]}


def step(project, user, *, due_on, owner=None, done_on=None, next_step="回访投资方"):
    return projects.activity_create(
        project=project,
        user=user,
        kind="visit",
        summary="走访",
        occurred_on=dt.date(2019, 5, 1),
        next_step=next_step,
        due_on=due_on,
        owner=owner or user,
        done_on=done_on,
    )


@pytest.fixture
def waiting(world, settings):
    """Park A as of 2019-06-01: staff's next steps (one overdue, one due later, one
    undated, one done, one the leader's), concerns (one open routed to D1 and overdue,
    one resolved, one routed to D2, one unrouted), one survey form filled, one
    objection open."""
    settings.AS_OF = TODAY
    park = world.parks[0]
    staff, leader = world.users[Role.STAFF], world.users[Role.LEADER]
    projects.pipeline_ensure(park)
    lead = Stage.objects.get(park=park, code="lead")
    project = projects.project_create(
        park=park, user=staff, stage=lead, name="飞机制造基地", first_contact_on=DAY
    )
    step(project, staff, due_on=dt.date(2019, 5, 20))
    step(project, staff, due_on=dt.date(2019, 6, 10))
    step(project, staff, due_on=None)
    step(project, staff, due_on=dt.date(2019, 5, 10), done_on=dt.date(2019, 5, 9))
    step(project, staff, due_on=dt.date(2019, 5, 10), owner=leader)
    d1, d2 = world.departments
    e = world.enterprises
    ConcernFactory(enterprise=e[0], department=d1, due_on=dt.date(2019, 5, 15))
    ConcernFactory(enterprise=e[2], department=d1, status=ConcernStatus.RESOLVED)
    ConcernFactory(enterprise=e[1], department=d2)
    ConcernFactory(enterprise=e[1], department=None)
    # the survey user's team visits e[2] and e[3]; e[3]'s form is filled
    Assignment.objects.filter(pk=world.assignments[3].pk).update(status=AssignmentStatus.FILLED)
    for enterprise in e:
        EnterpriseYearFactory(enterprise=enterprise, year=2019, land_area=20000, tax_total=10**6)
    scheme = evaluation.scheme_create(park=park, definition=DEFINITION, user=staff)
    run = evaluation.run_create(scheme=scheme, user=staff)
    ObjectionFactory(run=run, enterprise=e[0])
    return {"project": project, "run": run}


def test_staff_sees_its_steps_the_concerns_to_route_the_forms_to_verify_and_objections(
    world, waiting
):
    found = panels(world.users[Role.STAFF])
    assert {k: p["count"] for k, p in found.items()} == {
        "next-steps": 2,
        "unrouted": 1,
        "verify": 1,
        "objections": 1,
    }
    steps = found["next-steps"]["rows"]
    assert [(r["due_on"], r["late"]) for r in steps] == [
        (dt.date(2019, 5, 20), True),
        (dt.date(2019, 6, 10), False),
    ]
    assert steps[0]["url"] == reverse("project", args=[waiting["project"].pk])
    assert found["verify"]["rows"][0]["name"] == world.enterprises[3].name
    assert found["objections"]["rows"][0]["url"] == reverse(
        "evaluation-run", args=[waiting["run"].pk]
    )
    page = todo(world.users[Role.STAFF]).content.decode()
    assert "2019-05-20" in page and "overdue" in page


def test_a_department_sees_the_open_concerns_routed_to_it(world, waiting):
    found = panels(world.users[Role.DEPARTMENT])
    assert set(found) == {"concerns"}
    concerns = found["concerns"]
    assert concerns["count"] == 1
    assert concerns["rows"][0]["name"] == world.enterprises[0].name
    assert concerns["rows"][0]["late"] is True


def test_a_survey_member_sees_the_visits_of_its_teams_still_to_make(world, waiting):
    found = panels(world.users[Role.SURVEY])
    assert set(found) == {"visits"}
    assert found["visits"]["count"] == 1  # e[3] is filled already; team 1's are not theirs
    assert found["visits"]["rows"][0]["name"] == world.enterprises[2].name


def test_the_leader_reads_its_own_steps_and_answers_nothing(world, waiting):
    found = panels(world.users[Role.LEADER])
    assert set(found) == {"next-steps"}
    assert found["next-steps"]["count"] == 1


def test_an_enterprise_user_has_nothing_to_do_here(world, waiting):
    response = todo(world.users[Role.ENTERPRISE])
    assert response.context["panels"] == []
    assert 'data-testid="todo-none"' in response.content.decode()


def test_the_navbar_links_the_page_for_every_role(world):
    for role, user in world.users.items():
        if role == Role.ENTERPRISE:
            continue  # its home sends it to its file; the bar is the same
        page = page_client(user).get(reverse("enterprise-list")).content.decode()
        assert f'href="{reverse("todo")}"' in page, role
        assert f'action="{reverse("search")}"' in page, role


def test_the_query_count_does_not_grow_with_the_rows(world, waiting):
    staff, dept = world.users[Role.STAFF], world.users[Role.DEPARTMENT]

    def queries(user):
        client = page_client(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("todo")).status_code == 200
        return len(captured)

    before = queries(staff), queries(dept)
    for _ in range(4):
        step(waiting["project"], staff, due_on=dt.date(2019, 5, 25))
        ConcernFactory(enterprise=world.enterprises[0], department=world.departments[0])
        ConcernFactory(enterprise=world.enterprises[2], department=None)
    assert panels(staff)["next-steps"]["count"] == 6
    assert (queries(staff), queries(dept)) == before
