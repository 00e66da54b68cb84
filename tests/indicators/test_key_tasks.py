"""Key tasks of the work plan (重点工作) and values entered by hand, on their pages:
staff create and edit a task with milestones and the records it moves, the list
filters late tasks and exports them, a confidential project shows its code name to
outsiders; values by hand are entered, corrected with history, refused for a month
not over; leaders read, departments find nothing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.indicators import services
from parkbase.indicators.models import KeyTask, ManualValue
from parkbase.projects import services as project_services
from parkbase.projects.models import Stage
from tests.clients import api_client, page_client
from tests.xlsx_parts import read_rows

AS_OF = dt.date(2020, 7, 20)


@pytest.fixture
def secret(world, park):
    """A confidential project made by the administrator: staff are outside it."""
    project_services.pipeline_ensure(park)
    return project_services.project_create(
        park=park,
        user=world.users[Role.ADMIN],
        stage=Stage.objects.get(park=park, code="lead"),
        name="沈飞小飞机试飞基地",
        confidential=True,
        code_name="代号鲲鹏",
        first_contact_on=dt.date(2019, 3, 1),
    )


@pytest.fixture
def tasks(park, staff, units, library, secret):
    late = services.key_task_create(
        park=park,
        user=staff,
        year=2020,
        title="飞机制造基地项目报批",
        stream="工业龙头项目",
        deadline=dt.date(2020, 6, 30),
        status="in_progress",
        unit=units[0],
        milestones=[
            {"what": "可研报告", "due": "2020-03-31", "done": "2020-03-20"},
            {"what": "上报审批", "due": "2020-05-31", "done": None},
        ],
        projects=[secret],
        indicators=[library["signed_amount"]],
    )
    on_time = services.key_task_create(
        park=park,
        user=staff,
        year=2020,
        title="完成主要经济指标",
        deadline=dt.date(2020, 12, 31),
        unit=units[1],
    )
    return late, on_time


@override_settings(AS_OF=AS_OF)
def test_staff_create_a_task_with_milestones_and_links(world, park, staff, units, secret):
    client = page_client(staff)
    assert client.get("/indicators/tasks/new/").status_code == 200
    form = {
        "year": "2020",
        "title": "东基集团闲置土地招商",
        "stream": "土地开发",
        "deadline": "2020-10-31",
        "status": "in_progress",
        "unit": units[0].pk,
        "milestones_text": "政策研究 | 2020-04-30 | 2020-04-28\n引进物流项目 | 2020-09-30",
        "projects": [secret.pk],
    }
    response = client.post("/indicators/tasks/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    task = KeyTask.objects.get(title="东基集团闲置土地招商")
    assert task.milestones == [
        {"what": "政策研究", "due": "2020-04-30", "done": "2020-04-28"},
        {"what": "引进物流项目", "due": "2020-09-30", "done": None},
    ]
    assert list(task.projects.all()) == [secret]
    page = client.get(response.url).content.decode()
    # staff are outside the confidential project: its code name only
    assert "代号鲲鹏" in page and "沈飞小飞机试飞基地" not in page
    assert 'data-testid="history"' in page


@override_settings(AS_OF=AS_OF)
def test_a_milestone_date_that_cannot_be_read_names_its_line(world, staff):
    form = {
        "year": "2020",
        "title": "任务",
        "deadline": "2020-10-31",
        "status": "not_started",
        "milestones_text": "第一步 | 2020-04-30\n第二步 | 30.9.2020",
    }
    response = page_client(staff).post("/indicators/tasks/new/", form)
    assert response.status_code == 400
    assert "Line 2: due date “30.9.2020” is not a date" in response.content.decode()
    assert not KeyTask.objects.filter(title="任务").exists()


@override_settings(AS_OF=AS_OF)
def test_the_list_filters_late_tasks_sorts_and_exports(world, tasks):
    late, on_time = tasks
    client = page_client(world.users[Role.LEADER])
    page = client.get("/indicators/tasks/?late=true").content.decode()
    assert late.title in page and on_time.title not in page
    assert 'data-testid="late-badge"' in page
    page = client.get(f"/indicators/tasks/?unit={on_time.unit_id}&year=2020").content.decode()
    assert on_time.title in page and late.title not in page
    page = client.get("/indicators/tasks/?ordering=-deadline").content.decode()
    assert page.index(on_time.title) < page.index(late.title)
    rows = read_rows(client.get("/indicators/tasks/?late=true&export=xlsx").content)
    headers = [h.lower() for h in rows[0]]
    assert headers[0] == "title" and [r[0] for r in rows[1:]] == [late.title]
    assert rows[1][headers.index("milestones done")] == "1/2"


@override_settings(AS_OF=AS_OF)
def test_the_task_page_marks_late_milestones_and_links_what_it_moves(world, tasks, library):
    late, _on_time = tasks
    admin = page_client(world.users[Role.ADMIN]).get(f"/indicators/tasks/{late.pk}/")
    text = admin.content.decode()
    assert "沈飞小飞机试飞基地" in text  # the administrator is an insider
    assert text.count('data-late="1"') == 1  # 上报审批, due 2020-05-31, not done
    assert f'href="/indicators/{library["signed_amount"].pk}/?year=2020"' in text


@override_settings(AS_OF=AS_OF)
def test_the_api_names_linked_projects_as_the_reader_may_see_them(world, tasks, secret):
    """Staff and leaders are outside the confidential project: the key-task API gives its
    code name, never its real name, like the task's page; its insider (the
    administrator who recorded it) reads the real name."""
    late, on_time = tasks
    for role in (Role.STAFF, Role.LEADER):
        api = api_client(world.users[role])
        detail = api.get(f"/api/key-tasks/{late.pk}/")
        assert detail.status_code == 200
        body = detail.json()
        assert body["projects"] == [secret.pk]
        assert body["linked_projects"] == [{"id": secret.pk, "name": "代号鲲鹏"}]
        listed = api.get("/api/key-tasks/?year=2020")
        assert "沈飞小飞机试飞基地" not in listed.content.decode()
        by_id = {t["id"]: t for t in listed.json()["results"]}
        assert by_id[late.pk]["linked_projects"] == [{"id": secret.pk, "name": "代号鲲鹏"}]
        assert by_id[on_time.pk]["linked_projects"] == []
        page = page_client(world.users[role]).get(f"/indicators/tasks/{late.pk}/")
        assert "代号鲲鹏" in page.content.decode()
        assert "沈飞小飞机试飞基地" not in page.content.decode()
    insider = api_client(world.users[Role.ADMIN]).get(f"/api/key-tasks/{late.pk}/").json()
    assert insider["linked_projects"] == [{"id": secret.pk, "name": "沈飞小飞机试飞基地"}]


@override_settings(AS_OF=AS_OF)
def test_leaders_read_tasks_and_departments_find_none(world, tasks):
    late, _ = tasks
    leader = page_client(world.users[Role.LEADER])
    assert leader.get(f"/indicators/tasks/{late.pk}/").status_code == 200
    assert leader.get("/indicators/tasks/new/").status_code == 403
    assert leader.get(f"/indicators/tasks/{late.pk}/edit/").status_code == 403
    for role in (Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY):
        client = page_client(world.users[role])
        assert client.get("/indicators/tasks/").status_code == 404
        assert client.get(f"/indicators/tasks/{late.pk}/").status_code == 404


@override_settings(AS_OF=AS_OF)
def test_values_by_hand_are_entered_and_corrected_with_history(world, library, staff):
    fai = library["fixed_investment"]
    client = page_client(staff)
    url = f"/indicators/{fai.pk}/values/"
    assert client.get(url).status_code == 200
    form = {"year": "2020", "period_end": "6", "value": "2.2", "source": "区统计局"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form | {"value": "2.35", "note": "统计局更正"}).status_code == 302
    value = ManualValue.objects.get(indicator=fai, year=2020, period_end=6)
    assert value.value == D("235000000") and value.version == 2
    page = client.get(url).content.decode()
    assert "2.35" in page and "统计局更正" in page
    history = page[page.index('data-testid="history"') :]
    assert "235000000" in history.replace(",", "") or "2.35" in history
    # July is not over on 20 July: refused by name, nothing saved
    refused = client.post(url, form | {"period_end": "7"})
    assert refused.status_code == 400 and "2020-07" in refused.content.decode()
    assert not ManualValue.objects.filter(indicator=fai, period_end=7).exists()


@override_settings(AS_OF=AS_OF)
def test_leaders_read_values_by_hand_but_do_not_enter_them(world, library):
    fai = library["fixed_investment"]
    leader = page_client(world.users[Role.LEADER])
    url = f"/indicators/{fai.pk}/values/"
    page = leader.get(url)
    assert (
        page.status_code == 200 and 'data-testid="manual-value-form"' not in page.content.decode()
    )
    assert leader.post(url, {"year": "2020", "period_end": "6", "value": "1"}).status_code == 403
    assert page_client(world.users[Role.DEPARTMENT]).get(url).status_code == 404
