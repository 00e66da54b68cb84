"""Project pages: every page renders for staff; leaders read but do not change; other
roles and other parks are kept out; confidential projects show their code name to
outsiders everywhere (list, search, detail, board, export, history); the board costs
the same number of queries however many projects there are."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.projects import services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    FundKind,
    FundSource,
    InvestorOrigin,
    ProjectStatus,
)
from parkbase.projects.models import Investor, Pipeline, Project, Stage, StageChange
from tests.clients import page_client

from .conftest import DAY

pytestmark = pytest.mark.django_db


def later(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


@pytest.fixture
def staff(world):
    return world.users[Role.STAFF]


@pytest.fixture
def full_project(world, pipeline, make_project, staff):
    """A project with something of everything: an investor, an activity with a next
    step, an open blocker, money planned and in place."""
    project = make_project(
        name="沈阳医药产业园项目",
        total_investment=Decimal("500000000"),
        contracted_amount=Decimal("300000000"),
        industry_code="27",
        land_area=Decimal("66666.67"),
        officer=staff,
    )
    investor = services.investor_create(
        park=world.parks[0], name="市医药有限公司", origin=InvestorOrigin.LOCAL
    )
    services.project_investor_add(project=project, investor=investor)
    services.activity_create(
        project=project,
        kind=ActivityKind.VISIT,
        occurred_on=later(3),
        summary="走访投资方，介绍用地条件",
        next_step="报送用地预审材料",
        due_on=later(10),
        user=staff,
    )
    services.blocker_create(
        project=project,
        category=BlockerCategory.LAND_QUOTA,
        description="土地征收方案未获批",
        authority="市自然资源局",
        raised_on=later(5),
    )
    services.funding_add(
        project=project,
        kind=FundKind.PLANNED,
        amount=Decimal("500000000"),
        dated_on=later(1),
        source=FundSource.INVESTOR,
    )
    services.funding_add(
        project=project,
        kind=FundKind.IN_PLACE,
        amount=Decimal("20000000"),
        dated_on=later(20),
        source=FundSource.GOVERNMENT,
        source_name="市财政",
    )
    project.refresh_from_db()
    return project


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_renders_for_staff(world, full_project, staff, language):
    client = page_client(staff, language)
    pk = full_project.pk
    activity = full_project.activities.get()
    blocker = full_project.blockers.get()
    investor = Investor.objects.get()
    pages = {
        "/projects/": "沈阳医药产业园项目",
        "/projects/board/": 'data-testid="column-lead"',
        "/projects/new/": f'name="first_contact_on" value="{timezone.localdate().isoformat()}"',
        f"/projects/{pk}/": "走访投资方",
        f"/projects/{pk}/?tab=history": 'data-testid="history"',
        f"/projects/{pk}/edit/": 'value="50000"',  # 5亿元 shown in 万元
        f"/projects/{pk}/move/": 'data-testid="move-form"',
        f"/projects/{pk}/status/": 'name="note"',
        f"/projects/{pk}/lose/": 'name="place"',
        f"/projects/{pk}/activities/new/": 'name="next_step"',
        f"/projects/activities/{activity.pk}/edit/": "报送用地预审材料",
        f"/projects/{pk}/blockers/new/": 'name="authority"',
        f"/projects/blockers/{blocker.pk}/edit/": "市自然资源局",
        f"/projects/{pk}/funding/": 'name="amount"',
        "/projects/investors/": "市医药有限公司",
        "/projects/investors/new/": 'name="uscc"',
        f"/projects/investors/{investor.pk}/": "沈阳医药产业园项目",
        "/projects/pipeline/": 'data-testid="stages"',
    }
    for url, expected in pages.items():
        page = client.get(url)
        assert page.status_code == 200, url
        assert expected in page.content.decode(), url


def test_the_detail_page_shows_the_timeline_money_and_time_in_stage(full_project, staff):
    html = page_client(staff).get(f"/projects/{full_project.pk}/").content.decode()
    timeline = html.split('data-testid="timeline"')[1]
    # newest first: the money in place (day 20), the blocker (5), the visit (3)
    assert timeline.index("土地征收方案未获批") < timeline.index("走访投资方")
    assert timeline.index("2,000.00") < timeline.index("土地征收方案未获批")
    money = html.split('data-testid="money"')[1].split("</dl>")[0]
    assert "50,000.00" in money and "2,000.00" in money  # planned 5亿, in place 2000万
    assert 'data-testid="stage-days"' in html and "Lead" in html
    assert "市医药有限公司" in html.split('data-testid="investors"')[1]
    assert "100.0 mu" in html  # 66,666.67 m²


def test_a_leader_reads_but_does_not_change(world, full_project):
    leader = page_client(world.users[Role.LEADER])
    pk = full_project.pk
    for url in ("/projects/", "/projects/board/", f"/projects/{pk}/", "/projects/pipeline/"):
        assert leader.get(url).status_code == 200, url
    detail = leader.get(f"/projects/{pk}/").content.decode()
    assert 'data-testid="move"' not in detail and f"/projects/{pk}/edit/" not in detail
    board = leader.get("/projects/board/").content.decode()
    assert 'draggable="true"' not in board
    for url in ("/projects/new/", f"/projects/{pk}/edit/", f"/projects/{pk}/move/"):
        assert leader.get(url).status_code == 403, url
    signed = Stage.objects.get(park=full_project.park, code="screening")
    posts = {
        f"/projects/{pk}/move/": {"stage": signed.pk, "version": 1, "screened_on": "2019-03-05"},
        f"/projects/{pk}/status/": {"status": "paused", "note": "x", "version": 1},
        f"/projects/{pk}/funding/": {"kind": "in_place", "amount": "1", "source": "investor"},
        "/projects/pipeline/": {"action": "save_stage", "code": "x", "name": "x"},
        f"/projects/{pk}/investors/": {"remove": 1},
    }
    for url, data in posts.items():
        assert leader.post(url, data).status_code == 403, url
    full_project.refresh_from_db()
    assert full_project.stage.code == "lead" and full_project.status == ProjectStatus.ACTIVE


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_other_roles_are_kept_out(world, full_project, role):
    client = page_client(world.users[role])
    pk = full_project.pk
    for url in (
        "/projects/",
        "/projects/board/",
        f"/projects/{pk}/",
        "/projects/investors/",
        "/projects/pipeline/",
        "/projects/?export=xlsx",
    ):
        assert client.get(url).status_code in (403, 404), url
    assert "沈阳医药产业园项目" not in client.get("/projects/").content.decode()
    nav = client.get("/enterprises/").content.decode()
    assert 'data-testid="whoami"' in nav and 'href="/projects/"' not in nav


def test_the_nav_links_the_projects_for_the_committee(world, staff):
    for role in (Role.STAFF, Role.LEADER, Role.ADMIN):
        page = page_client(world.users[role]).get("/enterprises/").content.decode()
        assert 'href="/projects/"' in page


def test_another_parks_project_is_not_found(world, pipeline, staff):
    other = services.project_create(park=world.parks[1], name="外园项目", first_contact_on=DAY)
    client = page_client(staff)
    assert client.get(f"/projects/{other.pk}/").status_code == 404
    assert client.get(f"/projects/{other.pk}/edit/").status_code == 404
    stage = Stage.objects.get(park=world.parks[1], code="negotiation")
    answer = client.post(f"/projects/{other.pk}/move/", {"stage": stage.pk, "version": 1})
    assert answer.status_code == 404
    other.refresh_from_db()
    assert other.stage.code == "lead"
    assert "外园项目" not in client.get("/projects/").content.decode()
    assert "外园项目" not in client.get("/projects/board/").content.decode()


@pytest.fixture
def secret(world, make_project):
    """A confidential project recorded by the administrator: staff and leader are
    outsiders."""
    return make_project(
        name="飞机制造基地项目",
        confidential=True,
        code_name="代号鲲鹏",
        description="两大集团洽谈，4平方公里",
        referrer="省国资委",
        user=world.users[Role.ADMIN],
    )


def test_outsiders_see_only_the_code_name_everywhere(world, secret, staff):
    investor = services.investor_create(
        park=world.parks[0], name="某航空工业集团", origin=InvestorOrigin.OUT_OF_PROVINCE
    )
    services.project_investor_add(project=secret, investor=investor)
    services.project_update(project=secret, expected_version=1, name="飞机制造基地二期项目")
    for user in (staff, world.users[Role.LEADER]):
        client = page_client(user)
        pages = [
            client.get("/projects/"),
            client.get("/projects/", {"q": "代号"}),
            client.get("/projects/board/"),
            client.get(f"/projects/{secret.pk}/"),
            client.get(f"/projects/{secret.pk}/?tab=history"),
        ]
        # an investor only the confidential project names is the insiders' to know
        assert client.get(f"/projects/investors/{investor.pk}/").status_code == 404
        assert "某航空工业集团" not in client.get("/projects/investors/").content.decode()
        for page in pages:
            html = page.content.decode()
            assert page.status_code == 200
            for real in ("飞机制造基地", "两大集团洽谈", "省国资委"):
                assert real not in html
        assert "代号鲲鹏" in pages[1].content.decode()
        assert "代号鲲鹏" in pages[2].content.decode()
        assert "某航空工业集团" not in pages[3].content.decode()
        # searching the real name finds nothing
        found = client.get("/projects/", {"q": "飞机"}).content.decode()
        assert "代号鲲鹏" not in found
        rows = sheet_rows(client.get("/projects/", {"export": "xlsx"}))
        flat = " ".join(str(v) for row in rows for v in row)
        assert "代号鲲鹏" in flat
        assert "飞机制造基地" not in flat and "两大集团" not in flat and "省国资委" not in flat
    admin = page_client(world.users[Role.ADMIN])
    assert "飞机制造基地二期项目" in admin.get(f"/projects/{secret.pk}/").content.decode()
    assert "飞机制造基地二期项目" in admin.get("/projects/board/").content.decode()
    rows = sheet_rows(admin.get("/projects/", {"export": "xlsx"}))
    assert "飞机制造基地二期项目" in {row[0] for row in rows}


def test_an_insider_sees_the_real_name(world, secret, staff):
    services.project_update(project=secret, expected_version=1, insiders=[staff])
    client = page_client(staff)
    assert "飞机制造基地项目" in client.get("/projects/").content.decode()
    assert "飞机制造基地项目" in client.get("/projects/", {"q": "飞机"}).content.decode()
    assert "两大集团洽谈" in client.get(f"/projects/{secret.pk}/").content.decode()
    assert client.get(f"/projects/{secret.pk}/edit/").status_code == 200


def test_an_outsider_may_not_edit_a_confidential_project(world, secret, staff):
    client = page_client(staff)
    page = client.get(f"/projects/{secret.pk}/edit/", follow=True)
    html = page.content.decode()
    assert "only its insiders" in html and "飞机制造基地" not in html
    answer = client.post(
        f"/projects/{secret.pk}/edit/",
        {"name": "改名", "first_contact_on": "2019-03-01", "version": 1},
    )
    assert answer.status_code == 302
    secret.refresh_from_db()
    assert secret.name == "飞机制造基地项目" and secret.version == 1
    investor = services.investor_create(park=world.parks[0], name="某集团", origin="local")
    client.post(f"/projects/{secret.pk}/investors/", {"investor": investor.pk, "role": "lead"})
    assert not secret.investor_links.exists()


def test_the_board_columns_count_and_cap_and_the_query_count_is_constant(
    world, pipeline, make_project, staff
):
    client = page_client(staff)
    make_project(name="项目甲")
    client.get("/projects/board/")  # warm up (the pipeline exists, caches are filled)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/projects/board/").status_code == 200
    for i in range(35):
        make_project(name=f"线索{i}")
    for i in range(3):
        make_project(name=f"洽谈{i}", stage="negotiation")
    lost = make_project(name="已流失项目")
    services.project_lose(
        project=lost,
        expected_version=1,
        reason="land",
        lost_on=later(30),
        destinations=[{"place": "东陵区", "level": "district"}],
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/projects/board/")
    assert len(many) == len(few)
    html = page.content.decode()
    lead = html.split('data-testid="column-lead"')[1].split("</section>")[0]
    assert '<span class="badge bg-secondary-lt ms-auto" data-testid="count"' in lead
    assert ">36<" in lead  # 36 open projects in the lead column
    assert lead.count('data-testid="card"') == 30 and 'data-testid="more"' in lead
    negotiation = html.split('data-testid="column-negotiation"')[1].split("</section>")[0]
    assert negotiation.count('data-testid="card"') == 3 and 'data-testid="more"' not in negotiation
    assert "已流失项目" not in html


def test_the_list_filters_sorts_and_exports_the_same_rows(world, pipeline, make_project, staff):
    make_project(name="化工新材料项目", industry_code="26", key_level="city")
    make_project(name="汽车零部件项目", industry_code="36", first_contact_on=later(400))
    make_project(name="物流园项目", stage="negotiation")
    client = page_client(staff)
    html = client.get("/projects/", {"industry": "26"}).content.decode()
    assert "化工新材料项目" in html and "汽车零部件项目" not in html
    html = client.get("/projects/", {"key_level": "city"}).content.decode()
    assert "化工新材料项目" in html and "物流园项目" not in html
    html = client.get("/projects/", {"year": later(400).year}).content.decode()
    assert "汽车零部件项目" in html and "化工新材料项目" not in html
    stage = pipeline["negotiation"]
    html = client.get("/projects/", {"stage": stage.pk, "status": "active"}).content.decode()
    assert "物流园项目" in html and "化工新材料项目" not in html
    html = client.get("/projects/", {"q": "汽车"}).content.decode()
    assert "汽车零部件项目" in html and "物流园项目" not in html
    ordered = client.get("/projects/", {"ordering": "name"}).content.decode()
    assert ordered.index("化工新材料项目") < ordered.index("汽车零部件项目")
    rows = sheet_rows(client.get("/projects/", {"industry": "26", "export": "xlsx"}))
    assert [r[0] for r in rows[1:]] == ["化工新材料项目"]
    assert client.get("/projects/", {"status": "nonsense"}).status_code == 200


def test_a_move_with_the_gate_fields_records_a_stage_change(pipeline, make_project, staff):
    project = make_project()
    client = page_client(staff)
    page = client.get(f"/projects/{project.pk}/move/", {"stage": pipeline["signed"].pk})
    html = page.content.decode()
    assert 'name="signed_on"' in html and 'name="contracted_amount"' in html
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {
            "stage": pipeline["signed"].pk,
            "version": 1,
            "on": later(10).isoformat(),
            "note": "签订投资合同",
            "signed_on": later(10).isoformat(),
            "contracted_amount": "30,000",  # 万元
        },
    )
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.stage.code == "signed" and project.contracted_amount == Decimal("300000000")
    move = StageChange.objects.filter(project=project).latest("id")
    assert move.stage.code == "signed" and move.changed_on == later(10)
    assert move.note == "签订投资合同" and move.user == staff


def test_the_board_moves_with_htmx(pipeline, make_project, staff):
    project = make_project(name="可研项目")
    client = page_client(staff)
    refused = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["signed"].pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422
    text = refused.content.decode()
    assert 'data-testid="move-refused"' in text
    assert "“Contract signed”" in text and "“Contracted amount”" in text
    assert f"?stage={pipeline['signed'].pk}" in text  # the way to fill them in
    moved = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["negotiation"].pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert moved.status_code == 200
    assert 'data-testid="card"' in moved.content.decode() and 'data-version="2"' in (
        moved.content.decode()
    )
    stale = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["lead"].pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()
    project.refresh_from_db()
    assert project.stage.code == "negotiation"


def test_pause_and_reopen_with_a_note(make_project, staff):
    project = make_project()
    client = page_client(staff)
    refused = client.post(
        f"/projects/{project.pk}/status/", {"status": "paused", "note": "", "version": 1}
    )
    assert refused.status_code == 400 and "is required" in refused.content.decode()
    answer = client.post(
        f"/projects/{project.pk}/status/",
        {"status": "paused", "note": "投资方资金未落实", "version": 1},
    )
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.PAUSED
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert "投资方资金未落实" in html


def test_activities_blockers_and_investors_from_the_pages(world, make_project, staff):
    project = make_project()
    client = page_client(staff)
    answer = client.post(
        f"/projects/{project.pk}/activities/new/",
        {
            "kind": "meeting",
            "occurred_on": later(2).isoformat(),
            "summary": "与投资方座谈",
            "next_step": "提交项目建议书",
            "due_on": later(9).isoformat(),
        },
    )
    assert answer.status_code == 302
    activity = project.activities.get()
    assert activity.owner == staff
    client.post(f"/projects/activities/{activity.pk}/done/", {"version": activity.version})
    activity.refresh_from_db()
    assert activity.done_on is not None
    answer = client.post(
        f"/projects/{project.pk}/blockers/new/",
        {
            "category": "land_quota",
            "description": "用地指标不足",
            "authority": "市自然资源局",
            "raised_on": later(3).isoformat(),
            "escalation": "2",
        },
    )
    assert answer.status_code == 302
    blocker = project.blockers.get()
    assert blocker.escalation == 2 and blocker.status == "open"
    investor = services.investor_create(park=world.parks[0], name="甲集团", origin="local")
    client.post(f"/projects/{project.pk}/investors/", {"investor": investor.pk, "role": "lead"})
    link = project.investor_links.get()
    client.post(f"/projects/{project.pk}/investors/", {"remove": link.pk})
    assert not project.investor_links.exists()


def test_investors_list_form_and_export(world, staff):
    client = page_client(staff)
    answer = client.post(
        "/projects/investors/new/",
        {"name": "沈阳某投资公司", "kind": "company", "origin": "local", "region": "沈阳"},
    )
    assert answer.status_code == 302
    investor = Investor.objects.get()
    assert investor.park == world.parks[0]
    html = client.get("/projects/investors/", {"origin": "local"}).content.decode()
    assert "沈阳某投资公司" in html
    rows = sheet_rows(client.get("/projects/investors/", {"export": "xlsx"}))
    assert rows[1][0] == "沈阳某投资公司"
    refused = client.post(
        f"/projects/investors/{investor.pk}/",
        {"name": "沈阳某投资公司", "kind": "company", "origin": "local", "version": 0},
    )
    assert refused.status_code == 400 and "changed by someone else" in refused.content.decode()


def test_the_pipeline_page_edits_stages_and_rules(world, pipeline, staff):
    client = page_client(staff)
    answer = client.post(
        "/projects/pipeline/",
        {
            "action": "save_stage",
            "code": "visit",
            "name": "考察",
            "name_en": "Site visit",
            "order": "3",
            "required_fields": ["screened_on", "officer"],
        },
    )
    assert answer.status_code == 302
    stage = Stage.objects.get(park=world.parks[0], code="visit")
    assert stage.required_fields == ["screened_on", "officer"]
    board = client.get("/projects/board/").content.decode()
    assert 'data-testid="column-visit"' in board
    pipeline_row = Pipeline.objects.get(park=world.parks[0])
    refused = client.post(
        "/projects/pipeline/",
        {
            "action": "rules",
            "version": pipeline_row.version,
            "landed_rule": ["signed_on", "registered_on"],
            "answer_days": "1",
            "screen_days": "3",
            "feedback_days": "7",
            "progress_days": "14",
            "talk_after_days": "100",
            "drop_after_days": "90",
        },
    )
    assert refused.status_code == 400 and "must be more than" in refused.content.decode()
    answer = client.post(
        "/projects/pipeline/",
        {
            "action": "rules",
            "version": pipeline_row.version,
            "landed_rule": ["signed_on", "registered_on"],
            "answer_days": "2",
            "screen_days": "3",
            "feedback_days": "7",
            "progress_days": "14",
            "talk_after_days": "91",
            "drop_after_days": "273",
        },
    )
    assert answer.status_code == 302
    pipeline_row.refresh_from_db()
    assert pipeline_row.landed_rule == ["signed_on", "registered_on"]
    assert pipeline_row.answer_days == 2
    client.post("/projects/pipeline/", {"action": "delete_stage", "stage": stage.pk})
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_an_administrator_of_no_park_chooses_the_park(world, pipeline, make_project):
    make_project(name="甲园项目")
    other = world.parks[1]
    services.project_create(park=other, name="乙园项目", first_contact_on=DAY)
    admin = page_client(world.users[Role.ADMIN])
    board = admin.get("/projects/board/", {"park": other.pk}).content.decode()
    assert "乙园项目" in board and "甲园项目" not in board
    assert admin.get("/projects/new/", {"park": other.pk}).status_code == 200
    answer = admin.post(
        "/projects/new/",
        {
            "park": other.pk,
            "name": "乙园新项目",
            "stage": Stage.objects.get(park=other, code="lead").pk,
            "first_contact_on": DAY.isoformat(),
        },
    )
    assert answer.status_code == 302
    assert Project.objects.get(name="乙园新项目").park == other
    both = admin.get("/projects/").content.decode()
    assert "甲园项目" in both and "乙园项目" in both


def test_the_exports_work_in_chinese(full_project, staff):
    client = page_client(staff, "zh-hans")
    rows = sheet_rows(client.get("/projects/", {"export": "xlsx"}))
    assert rows[1][0] == "沈阳医药产业园项目"
    assert 50000 in rows[1]  # total investment in 万元, as a number
    rows = sheet_rows(client.get("/projects/investors/", {"export": "xlsx"}))
    assert rows[1][0] == "市医药有限公司"
