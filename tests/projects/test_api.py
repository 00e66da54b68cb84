"""The investment-project API: scoping by role, confidentiality on every endpoint,
writes through the services (gates, locking, status rules), filters, and the schema.

Two projects in park A: an open one recorded by staff, and a confidential one recorded
by the administrator (so staff and the leader are not its insiders), each with an
investor, an activity, a blocker and funding; one project in park B."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core.choices import Role
from parkbase.projects import services
from parkbase.projects.choices import (
    BlockerCategory,
    FundKind,
    FundSource,
    InvestorOrigin,
    ProjectStatus,
)
from parkbase.projects.models import Activity, Blocker, Funding, Investor, Project
from tests.clients import api_client
from tests.factories import ApprovalFactory

from .conftest import DAY

pytestmark = pytest.mark.django_db

ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE]
PROJECT_ROLES = {Role.ADMIN, Role.LEADER, Role.STAFF}
WRITERS = {Role.ADMIN, Role.STAFF}

REAL = "真实机密医药项目"
CODE = "代号甲"
SECRETS = (REAL, "机密描述内容", "机密引荐人", "机密投资集团", "机密合作伙伴公司")


def rows(client, url, **params) -> list[dict]:
    response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.data["results"]


def body(response) -> str:
    return json.dumps(response.data, ensure_ascii=False, default=str)


@pytest.fixture
def data(world, pipeline, make_project):
    admin, staff = world.users[Role.ADMIN], world.users[Role.STAFF]
    park = world.parks[0]
    open_investor = services.investor_create(
        park=park, name="公开投资公司", origin=InvestorOrigin.OUT_OF_PROVINCE
    )
    secret_investor = services.investor_create(
        park=park, name="机密投资集团", origin=InvestorOrigin.FOREIGN
    )
    plain = make_project(
        name="沈阳医药产业园项目",
        description="公开描述",
        referrer="公开引荐人",
        enterprise=world.enterprises[0],
        contracted_amount=Decimal("50000000"),
    )
    secret = make_project(
        name=REAL,
        confidential=True,
        code_name=CODE,
        description="机密描述内容",
        referrer="机密引荐人",
        enterprise=world.enterprises[1],
        user=admin,
        contracted_amount=Decimal("80000000"),
    )
    for project, investor in ((plain, open_investor), (secret, secret_investor)):
        services.project_investor_add(project=project, investor=investor)
        services.activity_create(
            project=project, kind="visit", occurred_on=DAY, summary="走访洽谈", user=staff
        )
        services.blocker_create(
            project=project,
            category=BlockerCategory.LAND_QUOTA,
            description="用地指标未批",
            authority="市自然资源局",
            raised_on=DAY,
        )
        services.funding_add(
            project=project,
            kind=FundKind.IN_PLACE,
            amount=Decimal("1000000"),
            dated_on=DAY,
            source=FundSource.PARTNER,
            investor=investor,
            source_name="机密合作伙伴公司" if project is secret else "公开合作公司",
        )
    other_park = world.parks[1]
    services.pipeline_ensure(other_park)
    elsewhere = services.project_create(
        park=other_park, name="外园项目", first_contact_on=DAY, user=admin
    )
    return {
        "plain": plain,
        "secret": secret,
        "elsewhere": elsewhere,
        "open_investor": open_investor,
        "secret_investor": secret_investor,
    }


# ------------------------------------------------------------------ scoping

LISTS = [
    "/api/projects/",
    "/api/project-activities/",
    "/api/project-blockers/",
    "/api/project-funding/",
]
MODELS = dict(zip(LISTS, (Project, Activity, Blocker, Funding), strict=True))


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_the_park_to_admin_leader_and_staff_only(world, data, role, url):
    client = api_client(world.users[role])
    if role not in PROJECT_ROLES:  # a role that sees no project finds no list (404)
        assert client.get(url).status_code == 404
        return
    got = {r["id"] for r in rows(client, url)}
    every = MODELS[url].objects.all()
    park_a = every.filter(**{"park" if url == LISTS[0] else "project__park": world.parks[0]})
    expected = {Role.ADMIN: every, Role.LEADER: park_a, Role.STAFF: park_a}.get(role)
    assert got == (set(expected.values_list("pk", flat=True)) if expected is not None else set())
    if role in PROJECT_ROLES:
        assert got


@pytest.mark.parametrize("role", [Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE])
def test_other_roles_find_no_project_and_cannot_write(world, data, role):
    client = api_client(world.users[role])
    plain = data["plain"]
    assert client.get(f"/api/projects/{plain.pk}/").status_code == 404
    assert client.get(f"/api/projects/{plain.pk}/timeline/").status_code == 404
    assert client.post("/api/projects/", {"name": "x"}, format="json").status_code == 404
    assert client.get("/api/project-stages/").status_code == 404
    assert client.get("/api/project-investors/").status_code == 404


def test_leader_reads_but_never_writes(world, data):
    leader = api_client(world.users[Role.LEADER])
    plain = data["plain"]
    assert leader.get(f"/api/projects/{plain.pk}/").status_code == 200
    assert leader.post("/api/projects/", {"name": "新项目"}, format="json").status_code == 403
    patch = {"issues": "x", "version": plain.version}
    assert leader.patch(f"/api/projects/{plain.pk}/", patch, format="json").status_code == 403
    for action in ("move", "status", "lose", "investors"):
        response = leader.post(f"/api/projects/{plain.pk}/{action}/", {}, format="json")
        assert response.status_code == 403, action
    assert leader.post("/api/project-investors/", {"name": "x"}, format="json").status_code == 403
    funding = Funding.objects.filter(project=plain, kind=FundKind.IN_PLACE).get()
    assert leader.delete(f"/api/project-funding/{funding.pk}/").status_code == 403
    plain.refresh_from_db()
    assert plain.issues == "" and plain.version == 1


def test_another_parks_project_is_not_found_for_staff(world, data):
    staff = api_client(world.users[Role.STAFF])
    elsewhere = data["elsewhere"]
    assert staff.get(f"/api/projects/{elsewhere.pk}/").status_code == 404
    patch = {"issues": "x", "version": 1}
    assert staff.patch(f"/api/projects/{elsewhere.pk}/", patch, format="json").status_code == 404
    activity = {"project": elsewhere.pk, "kind": "call", "summary": "电话", "occurred_on": DAY}
    response = staff.post("/api/project-activities/", activity, format="json")
    assert response.status_code == 400 and "project" in response.data


# ------------------------------------------------------------------ confidentiality


def test_a_non_insider_sees_the_code_name_and_nothing_hidden(world, data):
    staff = api_client(world.users[Role.STAFF])
    secret = data["secret"]
    listed = {r["id"]: r for r in rows(staff, "/api/projects/")}
    response = staff.get(f"/api/projects/{secret.pk}/")
    for row in (listed[secret.pk], response.data):
        assert row["name"] == CODE
        assert row["insider"] is False
        assert row["description"] == "" and row["referrer"] == ""
        assert row["investors"] == [] and row["insiders"] == []
        assert row["enterprise"] is None and row["enterprise_name"] is None
        assert row["contracted_amount"] == "80000000.00"  # yuan, as a decimal string
    assert not any(s in body(response) for s in SECRETS)
    plain = listed[data["plain"].pk]
    assert plain["name"] == "沈阳医药产业园项目" and plain["insider"] is True
    assert plain["description"] == "公开描述"
    assert [i["investor_name"] for i in plain["investors"]] == ["公开投资公司"]
    assert plain["enterprise"] == world.enterprises[0].pk


def test_an_insider_sees_everything(world, data):
    admin = api_client(world.users[Role.ADMIN])  # recorded it
    row = admin.get(f"/api/projects/{data['secret'].pk}/").data
    assert row["name"] == REAL and row["insider"] is True
    assert row["description"] == "机密描述内容" and row["referrer"] == "机密引荐人"
    assert [i["investor_name"] for i in row["investors"]] == ["机密投资集团"]
    assert row["enterprise"] == world.enterprises[1].pk


@pytest.mark.parametrize("url", [*LISTS, "/api/project-investors/"], ids=lambda u: u.split("/")[2])
def test_no_endpoint_reveals_a_confidential_project_to_a_non_insider(world, data, url):
    staff, admin = api_client(world.users[Role.STAFF]), api_client(world.users[Role.ADMIN])
    response = staff.get(url, {"page_size": 100})
    assert response.status_code == 200
    assert not any(s in body(response) for s in SECRETS)
    assert any(s in body(admin.get(url, {"page_size": 100})) for s in SECRETS)
    for row in response.data["results"]:
        detail = staff.get(f"{url}{row['id']}/")
        assert detail.status_code == 200
        assert not any(s in body(detail) for s in SECRETS)


@pytest.mark.parametrize("url", LISTS, ids=lambda u: u.split("/")[2])
def test_searching_the_real_name_finds_nothing_for_a_non_insider(world, data, url):
    staff, admin = api_client(world.users[Role.STAFF]), api_client(world.users[Role.ADMIN])
    assert rows(staff, url, q="真实机密") == []
    assert rows(staff, url, q="医药项目") == []  # part of the real name, not of the code name
    secret = data["secret"]
    by_code = rows(staff, url, q=CODE)
    assert {r.get("project", r["id"]) for r in by_code} == {secret.pk}
    assert {r.get("project_name", r.get("name")) for r in by_code} == {CODE}
    insider_rows = rows(admin, url, q="真实机密")
    assert len(insider_rows) == len(by_code)
    assert {r.get("project_name", r.get("name")) for r in insider_rows} == {REAL}


def test_parts_show_the_project_name_as_the_caller_may_see_it(world, data):
    staff = api_client(world.users[Role.STAFF])
    secret = data["secret"]
    for url in LISTS[1:]:
        got = {r["project"]: r["project_name"] for r in rows(staff, url)}
        assert got == {secret.pk: CODE, data["plain"].pk: "沈阳医药产业园项目"}
    funding = rows(staff, "/api/project-funding/", project=secret.pk, kind="in_place")[0]
    assert funding["investor"] is None and funding["investor_name"] is None
    assert funding["source_name"] == "" and funding["amount"] == "1000000.00"
    insider = rows(
        api_client(world.users[Role.ADMIN]),
        "/api/project-funding/",
        project=secret.pk,
        kind="in_place",
    )
    assert insider[0]["investor_name"] == "机密投资集团"
    assert insider[0]["source_name"] == "机密合作伙伴公司"


def test_filters_by_hidden_links_match_only_for_insiders(world, data):
    staff, admin = api_client(world.users[Role.STAFF]), api_client(world.users[Role.ADMIN])
    secret, investor = data["secret"], data["secret_investor"]
    hidden_enterprise = world.enterprises[1].pk
    assert rows(staff, "/api/projects/", enterprise=hidden_enterprise) == []
    assert [r["id"] for r in rows(admin, "/api/projects/", enterprise=hidden_enterprise)] == [
        secret.pk
    ]
    # an investor only the confidential project names is unknown to an outsider: the
    # filter refuses it exactly as it refuses an id that does not exist
    for url in ("/api/projects/", "/api/project-funding/"):
        hidden = staff.get(url, {"investor": investor.pk})
        missing = staff.get(url, {"investor": 999_999})
        assert hidden.status_code == missing.status_code == 400
        assert hidden.json() == missing.json()
    assert [r["id"] for r in rows(admin, "/api/projects/", investor=investor.pk)] == [secret.pk]
    assert len(rows(admin, "/api/project-funding/", investor=investor.pk)) == 1
    assert len(rows(staff, "/api/project-funding/", investor=data["open_investor"].pk)) == 1
    open_ones = rows(staff, "/api/projects/", enterprise=world.enterprises[0].pk)
    assert [r["id"] for r in open_ones] == [data["plain"].pk]


def test_an_investor_only_confidential_projects_name_is_not_listed(world, data):
    staff, admin = api_client(world.users[Role.STAFF]), api_client(world.users[Role.ADMIN])
    secret_investor = data["secret_investor"]
    names = {r["name"] for r in rows(staff, "/api/project-investors/")}
    assert names == {"公开投资公司"}
    assert staff.get(f"/api/project-investors/{secret_investor.pk}/").status_code == 404
    names = {r["name"] for r in rows(admin, "/api/project-investors/")}
    assert names == {"公开投资公司", "机密投资集团"}


def test_sorting_by_name_uses_the_shown_name(world, data):
    staff = api_client(world.users[Role.STAFF])
    names = [r["name"] for r in rows(staff, "/api/projects/", ordering="name")]
    assert names == sorted([CODE, "沈阳医药产业园项目"])


def test_a_non_insider_changes_only_what_they_can_see(world, data):
    staff = api_client(world.users[Role.STAFF])
    secret = data["secret"]
    url = f"/api/projects/{secret.pk}/"
    for change in (
        {"name": "改名"},
        {"description": "新描述"},
        {"confidential": False},
        {"insiders": [world.users[Role.STAFF].pk]},
    ):
        response = staff.patch(url, {**change, "version": 1}, format="json")
        assert response.status_code == 403, change
    secret.refresh_from_db()
    assert (secret.name, secret.confidential, secret.version) == (REAL, True, 1)
    # what a GET showed may go back unchanged (GET, edit, PUT)
    shown = staff.get(url).data
    response = staff.patch(
        url,
        {"name": shown["name"], "description": "", "issues": "土地指标", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.data["name"] == CODE and response.data["issues"] == "土地指标"
    secret.refresh_from_db()
    assert (secret.name, secret.description, secret.version) == (REAL, "机密描述内容", 2)
    response = staff.post(f"{url}investors/", {"investor": data["open_investor"].pk}, format="json")
    assert response.status_code == 403
    assert secret.investor_links.count() == 1


def test_actions_answer_a_non_insider_with_the_code_name(world, data):
    staff = api_client(world.users[Role.STAFF])
    secret = data["secret"]
    url = f"/api/projects/{secret.pk}/"
    moved = staff.post(f"{url}move/", {"stage": "screening", "version": 1}, format="json")
    assert moved.status_code == 400  # the gate: a screening date
    moved = staff.post(
        f"{url}move/",
        {"stage": "screening", "screened_on": "2019-03-04", "date": "2019-03-04", "version": 1},
        format="json",
    )
    assert moved.status_code == 200, moved.content
    paused = staff.post(
        f"{url}status/", {"status": "paused", "note": "等待批复", "version": 2}, format="json"
    )
    assert paused.status_code == 200
    timeline = staff.get(f"{url}timeline/")
    assert [t["stage_code"] for t in timeline.data] == ["lead", "screening", "screening"]
    for response in (moved, paused, timeline):
        assert not any(s in body(response) for s in SECRETS)
    assert moved.data["name"] == CODE and paused.data["name"] == CODE
    # a move may not carry what only insiders change
    hidden = staff.post(
        f"{url}move/", {"stage": "negotiation", "description": "x", "version": 3}, format="json"
    )
    assert hidden.status_code == 403
    secret.refresh_from_db()
    assert (secret.stage.code, secret.description) == ("screening", "机密描述内容")


def test_an_insider_adds_insiders_who_then_see_the_real_name(world, data):
    admin, staff_user = api_client(world.users[Role.ADMIN]), world.users[Role.STAFF]
    secret = data["secret"]
    response = admin.patch(
        f"/api/projects/{secret.pk}/",
        {"insiders": [staff_user.pk], "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.data["insiders"] == [staff_user.pk]
    row = api_client(staff_user).get(f"/api/projects/{secret.pk}/").data
    assert row["name"] == REAL and row["insider"] is True
    assert len(rows(api_client(staff_user), "/api/projects/", q="真实机密")) == 1


# ------------------------------------------------------------------ projects: writes


def test_create_in_a_stage_needs_its_gate(world, pipeline):
    staff = api_client(world.users[Role.STAFF])
    payload = {
        "name": "航空基地项目",
        "stage": "signed",
        "first_contact_on": "2019-03-01",
        "total_investment": "1200000000.00",
        "land_area": "2666666.67",
    }
    response = staff.post("/api/projects/", payload, format="json")
    assert response.status_code == 400
    assert response.data["stage"][0].code == "stage_gate"
    assert not Project.objects.filter(name="航空基地项目").exists()
    payload |= {"signed_on": "2019-05-10", "contracted_amount": "800000000"}
    response = staff.post("/api/projects/", payload, format="json")
    assert response.status_code == 201, response.content
    data = response.data
    assert (data["stage_code"], data["status"], data["version"]) == ("signed", "active", 1)
    assert data["total_investment"] == "1200000000.00"
    assert data["contracted_amount"] == "800000000.00"
    assert data["land_area"] == "2666666.67"
    assert data["insider"] is True and data["park"] == world.parks[0].pk
    project = Project.objects.get(pk=data["id"])
    assert project.created_by == world.users[Role.STAFF]
    assert project.history.first().history_user == world.users[Role.STAFF]


def test_create_defaults_to_the_first_stage_and_checks_rules(world, pipeline):
    staff = api_client(world.users[Role.STAFF])
    response = staff.post(
        "/api/projects/", {"name": "新线索", "first_contact_on": "2019-04-01"}, format="json"
    )
    assert response.status_code == 201
    assert response.data["stage_code"] == "lead"
    bad = {
        "name": "坏项目",
        "confidential": True,
        "total_investment": "100",
        "fixed_investment": "200",
        "stage": "nowhere",
    }
    response = staff.post("/api/projects/", bad, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"stage"}  # the stage is resolved first
    del bad["stage"]
    response = staff.post("/api/projects/", bad, format="json")
    assert response.status_code == 400
    assert response.data["code_name"][0].code == "required_when_confidential"
    assert response.data["fixed_investment"][0].code == "exceeds"
    admin = api_client(world.users[Role.ADMIN])
    response = admin.post("/api/projects/", {"name": "无园区"}, format="json")
    assert response.status_code == 400 and "park" in response.data


def test_patch_needs_the_version_and_answers_409_when_stale(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain = data["plain"]
    url = f"/api/projects/{plain.pk}/"
    assert staff.patch(url, {"issues": "a"}, format="json").status_code == 400
    response = staff.patch(url, {"issues": "用地", "version": 1}, format="json")
    assert response.status_code == 200 and response.data["version"] == 2
    response = staff.patch(url, {"issues": "旧的", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.data["current_version"] == 2
    plain.refresh_from_db()
    assert plain.issues == "用地"
    response = staff.patch(url, {"stage": pipeline_id(plain), "version": 2}, format="json")
    plain.refresh_from_db()
    assert plain.stage.code == "lead"  # the stage changes only by a move


def pipeline_id(project):
    return project.park.stages.get(code="signed").pk


def test_move_through_the_gate_with_its_values(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain = data["plain"]
    url = f"/api/projects/{plain.pk}/move/"
    response = staff.post(url, {"stage": "signed", "version": 1}, format="json")
    assert response.status_code == 400
    assert response.data["stage"][0].code == "stage_gate"
    response = staff.post(
        url, {"stage": "signed", "version": 1, "date": "2099-01-01"}, format="json"
    )
    assert "date" in response.data and response.data["date"][0].code == "future_date"
    response = staff.post(url, {"stage": "nowhere", "version": 1}, format="json")
    assert response.status_code == 400 and "stage" in response.data
    move = {
        "stage": "signed",
        "date": "2019-04-10",
        "note": "签约仪式",
        "signed_on": "2019-04-10",
        "contracted_amount": "60000000",
        "version": 1,
    }
    response = staff.post(url, move, format="json")
    assert response.status_code == 200, response.content
    assert response.data["stage_code"] == "signed" and response.data["version"] == 2
    assert response.data["stage_since"] == "2019-04-10"
    assert response.data["contracted_amount"] == "60000000.00"
    assert staff.post(url, move, format="json").status_code == 409
    by_id = {"stage": plain.park.stages.get(code="negotiation").pk, "version": 2}
    response = staff.post(url, by_id, format="json")
    assert response.status_code == 200 and response.data["stage_code"] == "negotiation"
    timeline = staff.get(f"/api/projects/{plain.pk}/timeline/").data
    assert [t["stage_code"] for t in timeline] == ["lead", "signed", "negotiation"]
    assert timeline[0]["days"] == (dt.date(2019, 4, 10) - DAY).days
    assert timeline[1]["note"] == "签约仪式" and timeline[1]["user"] == world.users[Role.STAFF].pk


def test_status_changes_need_a_note(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain = data["plain"]
    url = f"/api/projects/{plain.pk}/status/"
    response = staff.post(url, {"status": "paused", "note": "", "version": 1}, format="json")
    assert response.status_code == 400 and response.data["note"][0].code == "required"
    response = staff.post(url, {"status": "lost", "note": "x", "version": 1}, format="json")
    assert response.status_code == 400 and "status" in response.data
    response = staff.post(
        url, {"status": "paused", "note": "投资方资金紧张", "version": 1}, format="json"
    )
    assert response.status_code == 200 and response.data["status"] == "paused"
    response = staff.post(
        url, {"status": "active", "note": "恢复洽谈", "version": 2}, format="json"
    )
    assert response.status_code == 200 and response.data["status"] == "active"
    timeline = staff.get(f"/api/projects/{plain.pk}/timeline/").data
    assert [t["status"] for t in timeline] == ["active", "paused", "active"]


def test_lose_records_where_it_went(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain = data["plain"]
    url = f"/api/projects/{plain.pk}/lose/"
    loss = {
        "reason": "land",
        "lost_on": "2019-09-01",
        "detail": "土地征收方案未获批",
        "would_have_kept": "及时批复用地",
        "destinations": [],
        "version": 1,
    }
    response = staff.post(url, loss, format="json")
    assert response.status_code == 400
    assert response.data["destinations"][0].code == "destination_required"
    loss["destinations"] = [
        {"place": "东陵区", "level": "district", "winner": "东陵区政府"},
        {"place": "于洪区", "level": "district"},
    ]
    response = staff.post(url, loss, format="json")
    assert response.status_code == 200, response.content
    assert response.data["status"] == ProjectStatus.LOST
    assert response.data["loss"]["reason"] == "land"
    assert [d["place"] for d in response.data["loss"]["destinations"]] == ["东陵区", "于洪区"]
    again = staff.post(url, {**loss, "version": response.data["version"]}, format="json")
    assert again.status_code == 400 and again.data["status"][0].code == "project_closed"
    moved = staff.post(
        f"/api/projects/{plain.pk}/move/",
        {"stage": "negotiation", "version": response.data["version"]},
        format="json",
    )
    assert moved.status_code == 400 and moved.data["status"][0].code == "project_closed"


def test_investors_of_a_project_are_added_and_removed(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain, investor = data["plain"], data["open_investor"]
    other = services.investor_create(park=world.parks[0], name="合作方", origin="local")
    url = f"/api/projects/{plain.pk}/investors/"
    response = staff.post(url, {"investor": investor.pk}, format="json")
    assert response.status_code == 400 and response.data["investor"][0].code == "duplicate_name"
    response = staff.post(url, {"investor": other.pk, "role": "partner"}, format="json")
    assert response.status_code == 201 and response.data["investor_name"] == "合作方"
    link = response.data["id"]
    names = [i["investor_name"] for i in staff.get(f"/api/projects/{plain.pk}/").data["investors"]]
    assert sorted(names) == ["公开投资公司", "合作方"]
    assert staff.delete(f"{url}{link}/").status_code == 204
    assert staff.delete(f"{url}{link}/").status_code == 404
    assert plain.investor_links.count() == 1


# ------------------------------------------------------------------ investors, parts


def test_investors_are_created_and_edited_through_the_services(world, data):
    staff = api_client(world.users[Role.STAFF])
    response = staff.post(
        "/api/project-investors/",
        {"name": "辽宁航空集团", "origin": "local", "region": "沈阳"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.data["park"] == world.parks[0].pk and response.data["version"] == 1
    pk = response.data["id"]
    dup = staff.post("/api/project-investors/", {"name": "辽宁航空集团", "origin": "local"})
    assert dup.status_code == 400 and dup.data["name"][0].code == "duplicate_name"
    bad = staff.post("/api/project-investors/", {"name": "无来源"}, format="json")
    assert bad.status_code == 400 and "origin" in bad.data
    url = f"/api/project-investors/{pk}/"
    response = staff.patch(url, {"region": "大连", "version": 1}, format="json")
    assert response.status_code == 200 and response.data["version"] == 2
    assert staff.patch(url, {"region": "x", "version": 1}, format="json").status_code == 409
    assert Investor.objects.get(pk=pk).region == "大连"
    found = rows(staff, "/api/project-investors/", q="航空")
    assert [r["id"] for r in found] == [pk]


def test_activities_with_next_steps(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain = data["plain"]
    response = staff.post(
        "/api/project-activities/",
        {
            "project": plain.pk,
            "kind": "meeting",
            "occurred_on": "2019-03-05",
            "summary": "洽谈用地",
            "next_step": "报送用地方案",
            "due_on": "2019-03-20",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.data
    assert created["owner"] == world.users[Role.STAFF].pk  # the recorder owns the next step
    assert created["project_name"] == "沈阳医药产业园项目"
    bad = staff.post(
        "/api/project-activities/",
        {"project": plain.pk, "kind": "call", "summary": "电话", "occurred_on": "2019-02-01"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.data["occurred_on"][0].code == "before"  # before the first contact
    assert [r["id"] for r in rows(staff, "/api/project-activities/", overdue="true")] == [
        created["id"]
    ]
    url = f"/api/project-activities/{created['id']}/done/"
    response = staff.post(url, {"done_on": "2019-03-18", "version": 1}, format="json")
    assert response.status_code == 200 and response.data["done_on"] == "2019-03-18"
    assert staff.post(url, {"version": 1}, format="json").status_code == 409
    assert rows(staff, "/api/project-activities/", overdue="true") == []
    assert Activity.objects.get(pk=created["id"]).version == 2


def test_blockers_are_resolved_with_a_resolution(world, data):
    staff = api_client(world.users[Role.STAFF])
    blocker = rows(staff, "/api/project-blockers/", project=data["plain"].pk)[0]
    url = f"/api/project-blockers/{blocker['id']}/"
    response = staff.patch(url, {"status": "resolved", "version": 1}, format="json")
    assert response.status_code == 400
    assert response.data["resolution"][0].code == "resolution_required"
    response = staff.patch(
        url,
        {"status": "resolved", "resolution": "市里批复指标", "reason": "督办", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.data["status"] == "resolved" and response.data["resolved_on"]
    assert rows(staff, "/api/project-blockers/", status="open", project=data["plain"].pk) == []
    response = staff.post(
        "/api/project-blockers/",
        {
            "project": data["plain"].pk,
            "category": "tax",
            "description": "双重征税",
            "authority": "市税务局",
            "escalation": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.data["escalation_display"]
    assert [r["id"] for r in rows(staff, "/api/project-blockers/", escalation=3)] == [
        response.data["id"]
    ]


def test_funding_above_the_contract_needs_confirmation(world, data):
    staff = api_client(world.users[Role.STAFF])
    plain = data["plain"]  # contracted 50,000,000; 1,000,000 in place
    payload = {
        "project": plain.pk,
        "kind": "in_place",
        "amount": "49500000",
        "dated_on": "2019-06-01",
        "source": "government",
        "source_name": "市财政",
    }
    response = staff.post("/api/project-funding/", payload, format="json")
    assert response.status_code == 400
    assert response.data["amount"][0].code == "over_contract"
    response = staff.post(
        "/api/project-funding/", payload | {"confirm_over_contract": True}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.data["over_contract_confirmed"] is True
    assert response.data["amount"] == "49500000.00"
    in_place = rows(staff, "/api/project-funding/", project=plain.pk, kind="in_place", year=2019)
    assert len(in_place) == 2
    assert staff.delete(f"/api/project-funding/{response.data['id']}/").status_code == 204
    assert not Funding.objects.filter(pk=response.data["id"]).exists()
    assert staff.patch(f"/api/project-funding/{response.data['id']}/", {}).status_code == 405


def test_stages_come_in_order_with_their_gates(world, data):
    staff = api_client(world.users[Role.STAFF])
    got = rows(staff, "/api/project-stages/")
    assert [s["code"] for s in got][:4] == ["lead", "screening", "negotiation", "signed"]
    assert len(got) == 12
    signed = got[3]
    assert [g["field"] for g in signed["gate"]] == ["signed_on", "contracted_amount"]
    assert all(g["label"] for g in signed["gate"])
    assert [s["code"] for s in rows(staff, "/api/project-stages/", code="land")] == ["land"]


def test_unknown_filters_and_bad_values_answer_400(world, data):
    staff = api_client(world.users[Role.STAFF])
    assert staff.get("/api/projects/", {"nmae": "x"}).status_code == 400
    assert staff.get("/api/projects/", {"confidential": "maybe"}).status_code == 400
    assert staff.get("/api/projects/", {"status": "flying"}).status_code == 400
    got = rows(staff, "/api/projects/", confidential="true")
    assert [r["id"] for r in got] == [data["secret"].pk]
    got = rows(staff, "/api/projects/", stage_code="lead", status="active")
    assert len(got) == 2


def test_the_project_list_costs_the_same_queries_whatever_its_length(world, data, make_project):
    staff = api_client(world.users[Role.STAFF])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert staff.get("/api/projects/", {"page_size": 100}).status_code == 200
        return len(queries)

    before = count()
    for i in range(4):
        project = make_project(name=f"批量项目{i}", officer=world.users[Role.STAFF])
        services.project_investor_add(project=project, investor=data["open_investor"])
    assert count() == before


def test_the_schema_validates_and_documents_the_project_endpoints(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in (
        "/api/projects/",
        "/api/projects/{id}/move/",
        "/api/projects/{id}/status/",
        "/api/projects/{id}/lose/",
        "/api/projects/{id}/timeline/",
        "/api/project-investors/",
        "/api/project-activities/",
        "/api/project-blockers/",
        "/api/project-funding/",
        "/api/project-stages/",
    ):
        assert f"{path}:" in text, path


def test_a_blocker_points_to_a_land_approval_of_its_park_only(world, data):

    staff = api_client(world.users[Role.STAFF])
    plan = ApprovalFactory(park=world.parks[0], kind="acquisition_plan", name="征地计划")
    other = ApprovalFactory(park=world.parks[1], name="乙园区指标")
    blocker = rows(staff, "/api/project-blockers/", project=data["plain"].pk)[0]
    url = f"/api/project-blockers/{blocker['id']}/"
    response = staff.patch(url, {"approval": other.pk, "version": 1}, format="json")
    assert response.status_code == 400  # another park's approval: as if it did not exist
    assert response.data["approval"][0].code == "does_not_exist"
    response = staff.patch(url, {"approval": plan.pk, "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.data["approval"] == plan.pk
