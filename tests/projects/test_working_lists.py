"""The tasks page's lists read the way that stays fast at scale (``selectors.
stalled_page`` and ``selectors.first_rows``) and give what the plain querysets give:
the same rows in the same order, the same counts; and the page's number of queries
does not grow with the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.projects import selectors, services
from parkbase.projects.choices import ActivityKind
from parkbase.projects.models import Activity, Pipeline, Project
from tests.clients import page_client

from .conftest import DAY

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


def moved(project, stage, on):
    project.refresh_from_db()
    return services.project_move(
        project=project, stage=stage, expected_version=project.version, on=on
    )


@pytest.fixture
def idle(world, pipeline, make_project):
    """Projects of park A with their last progress spread over a year: none, an
    activity, a move, both, paused, closed, confidential, one recorded before its first
    contact date was moved later (imported data), and one of park B."""
    made = []
    for i in range(6):
        project = make_project(f"项目{i}", first_contact_on=days(i))
        if i % 2:
            services.activity_create(
                project=project, kind=ActivityKind.VISIT, summary="走访", occurred_on=days(40 * i)
            )
        if i % 3 == 0:
            project = moved(project, pipeline["negotiation"], days(35 * i + 3))
        made.append(project)
    paused = make_project("暂停项目")
    services.project_set_status(
        project=paused, status="paused", expected_version=1, note="调整", on=days(20)
    )
    make_project(  # recorded by the administrator: the staff user is no insider
        "保密项目",
        user=world.users[Role.ADMIN],
        confidential=True,
        code_name="代号甲",
        first_contact_on=days(2),
    )
    closed = make_project("终止项目")
    services.project_set_status(
        project=closed, status="terminated", expected_version=1, note="终止", on=days(5)
    )
    late = make_project("补录项目")
    services.activity_create(
        project=late, kind=ActivityKind.CALL, summary="电话", occurred_on=days(10)
    )
    Project.objects.filter(pk=late.pk).update(first_contact_on=days(150))
    park_b = world.parks[1]
    services.pipeline_ensure(park_b)
    return made


@pytest.mark.parametrize("limit", [100, 3])
def test_stalled_page_is_the_stalled_list_and_its_counts(world, idle, limit):
    staff, park = world.users[Role.STAFF], world.parks[0]
    rules = Pipeline.objects.get(park=park)
    for n in (60, 120, 200, 300, 330, 400, 500):
        today = days(n)
        plain = selectors.stalled_projects(staff, park, today, rules)
        expected = selectors.with_stall(plain, today, rules)[:limit]
        rows, counts = selectors.stalled_page(staff, park, today, rules, limit)
        assert [(p.pk, p.last_progress, p.idle_days, p.stall) for p in rows] == [
            (p.pk, p.last_progress, p.idle_days, p.stall) for p in expected
        ], today
        assert counts == selectors.stall_counts(plain, today, rules), today
        assert "保密项目" not in [p.shown_name for p in rows]
    rows, counts = selectors.stalled_page(staff, park, days(500), rules)
    assert counts["drop"] > 0 and "代号甲" in [p.shown_name for p in rows]
    assert selectors.stalled_page(staff, park, days(10), rules, limit) == (
        [],
        {"total": 0, "talk": 0, "drop": 0},
    )
    assert selectors.stalled_page(world.users[Role.DEPARTMENT], park, days(500), rules)[0] == []


def test_first_rows_keeps_the_order_and_counts_all(world, make_project):
    staff, park = world.users[Role.STAFF], world.parks[0]
    project = make_project()
    for i in range(7):
        services.activity_create(
            project=project,
            kind=ActivityKind.MEETING,
            summary="会议",
            occurred_on=days(10 - i),
            next_step=f"第{i}步",
            due_on=days(30 + (i * 5) % 7),
            user=staff,
        )
    mine = selectors.my_tasks(staff, park)
    rows, total = selectors.first_rows(mine, 4)
    assert [a.pk for a in rows] == [a.pk for a in mine[:4]] and total == 7
    assert rows[0].project.name == project.name and rows[0].owner == staff
    assert selectors.first_rows(mine.none(), 4) == ([], 0)
    assert selectors.first_rows(Activity.objects.visible_to(staff).order_by("id"), 100)[1] == 7


def test_tasks_page_query_count_does_not_grow(world, pipeline, make_project):
    staff = world.users[Role.STAFF]
    client = page_client(staff, None)
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            project = make_project(f"项目{n}-{i}", first_contact_on=today - dt.timedelta(400))
            services.activity_create(
                project=project,
                kind=ActivityKind.VISIT,
                summary="走访",
                occurred_on=today - dt.timedelta(200 + i),
                next_step="报送材料",
                due_on=today - dt.timedelta(100),
                user=staff,
            )
            make_project(f"线索{n}-{i}", first_contact_on=today - dt.timedelta(1))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("projects-tasks"))
        assert response.status_code == 200
        return len(ctx.captured_queries), response.context

    add(2)
    client.get(reverse("projects-tasks"))  # warm up
    few, context = queries()
    assert (context["mine_count"], context["overdue_count"]) == (2, 2)
    assert context["stall_counts"]["total"] == 2 and context["leads_count"] == 2
    add(110)
    many, context = queries()
    assert many == few
    assert (context["mine_count"], context["overdue_count"]) == (112, 112)
    assert len(context["mine"]) == len(context["stalled"]) == selectors.LIST_LIMIT
    assert context["stall_counts"]["total"] == 112
