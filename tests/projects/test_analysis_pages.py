"""The analysis pages of the investment pipeline through the test client: who may open
them, what they show, confidential names and investors masked in pages and exports,
other parks invisible, and a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from parkbase.core.choices import Role
from parkbase.projects import selectors, services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    Escalation,
    FundKind,
    FundSource,
    KeyLevel,
    LossReason,
    PlaceLevel,
)
from parkbase.projects.models import Stage
from tests.clients import page_client
from tests.xlsx_parts import read_rows

pytestmark = pytest.mark.django_db

PAGES = (
    "projects-funnel",
    "projects-money",
    "projects-lost",
    "projects-key",
    "projects-blockers",
    "projects-tasks",
)
SECRET_NAME = "绝密真名项目"
SECRET_CODE = "代号甲"
SECRET_INVESTOR = "保密投资集团"
OTHER_PARK_NAME = "乙园区的项目"


def ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def lose(project, **values):
    project.refresh_from_db()
    return services.project_lose(project=project, expected_version=project.version, **values)


@pytest.fixture
def scene(world, pipeline, make_project):
    """Park A: the medical park lost to 东陵区 and 新城子区; a confidential key project
    (recorded by the administrator, so only the administrator is its insider) with an
    investor, an open overdue blocker, an overdue next step of the staff user and money
    in place; a public key project. Park B: a key project with a blocker and a loss."""
    park_a, park_b = world.parks
    admin, staff, leader = (world.users[r] for r in (Role.ADMIN, Role.STAFF, Role.LEADER))
    start = ago(400)
    medical = make_project(
        "沈阳医药产业园项目", first_contact_on=start, total_investment=Decimal("500000000")
    )
    lose(
        medical,
        reason=LossReason.LAND,
        lost_on=ago(300),
        destinations=[
            {"place": "东陵区", "level": PlaceLevel.DISTRICT, "winner": "东陵区医药园"},
            {"place": "新城子区", "level": PlaceLevel.DISTRICT},
        ],
        detail="投资方已同意，土地征收方案未获批准",
        would_have_kept="征地方案及时获批",
    )
    secret = make_project(
        SECRET_NAME,
        confidential=True,
        code_name=SECRET_CODE,
        key_level=KeyLevel.CITY,
        first_contact_on=start,
        user=admin,
    )
    investor = services.investor_create(park=park_a, name=SECRET_INVESTOR, origin="out_of_city")
    services.project_investor_add(project=secret, investor=investor)
    services.blocker_create(
        project=secret,
        category=BlockerCategory.LAND_QUOTA,
        description="用地指标未落实",
        authority="市自然资源局",
        raised_on=ago(200),
        deadline=ago(100),
        escalation=Escalation.CITY,
    )
    services.activity_create(
        project=secret,
        kind=ActivityKind.VISIT,
        summary="走访",
        occurred_on=ago(150),
        next_step="报送用地申请",
        due_on=ago(120),
        user=staff,
    )
    services.funding_add(
        project=secret,
        kind=FundKind.IN_PLACE,
        amount=Decimal("3000000"),
        dated_on=ago(140),
        source=FundSource.GOVERNMENT,
    )
    public = make_project("公开重点项目", key_level=KeyLevel.PROVINCE, first_contact_on=start)
    lead = make_project("新线索", first_contact_on=ago(2))
    # park B
    services.pipeline_ensure(park_b)
    stage_b = Stage.objects.get(park=park_b, code="lead")
    other = services.project_create(
        park=park_b,
        stage=stage_b,
        name=OTHER_PARK_NAME,
        key_level=KeyLevel.CITY,
        first_contact_on=start,
    )
    services.blocker_create(
        project=other,
        category=BlockerCategory.TAX,
        description="乙园区税收问题",
        authority="乙区税务局",
        raised_on=ago(300),
    )
    services.activity_create(
        project=other,
        kind=ActivityKind.CALL,
        summary="电话",
        occurred_on=ago(200),
        next_step="乙园区的下一步",
        due_on=ago(190),
    )
    lose(
        other,
        reason=LossReason.COST,
        lost_on=ago(100),
        destinations=[{"place": "乙园区去向", "level": PlaceLevel.CITY}],
    )
    return {"medical": medical, "secret": secret, "public": public, "lead": lead, "other": other}


# --- who may open the pages ---------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_other_roles_find_no_page(world, scene, name, role):
    """A role that sees no project finds none of their pages (404, as with land)."""
    response = page_client(world.users[role], "zh-hans").get(reverse(name))
    assert response.status_code == 404
    assert SECRET_CODE not in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_login(world, name):
    response = page_client(language=None).get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [Role.LEADER, Role.STAFF])
def test_confidential_names_and_other_parks_hidden(world, scene, name, role):
    """GIVEN a confidential project of which the reader is not an insider and another
    park's project THEN no page shows the real name, the investor or the other park."""
    response = page_client(world.users[role], "zh-hans").get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET_NAME not in html
    assert SECRET_INVESTOR not in html
    for text in (OTHER_PARK_NAME, "乙园区税收问题", "乙园区的下一步", "乙园区去向"):
        assert text not in html
    if name in ("projects-key", "projects-blockers", "projects-tasks"):
        assert SECRET_CODE in html


@pytest.mark.parametrize("name", ("projects-key", "projects-blockers", "projects-tasks"))
def test_the_insider_sees_the_real_name(world, scene, name):
    html = page_client(world.users[Role.ADMIN], "zh-hans").get(reverse(name)).content.decode()
    assert SECRET_NAME in html
    if name == "projects-key":
        assert SECRET_INVESTOR in html


def test_administrator_switches_park(world, scene):
    admin = world.users[Role.ADMIN]
    park_b = world.parks[1]
    html = (
        page_client(admin, "zh-hans")
        .get(reverse("projects-lost"), {"park": park_b.pk})
        .content.decode()
    )
    assert "乙园区去向" in html and "东陵区" not in html
    html = page_client(admin, "zh-hans").get(reverse("projects-lost")).content.decode()
    assert "东陵区" in html and "乙园区去向" not in html


# --- funnel -------------------------------------------------------------------------


def _cells(html: str, testid: str) -> list[str]:
    import re

    return re.findall(rf'data-testid="{testid}">([^<]*)<', html)


def test_funnel_page(world, scene):
    response = page_client(world.users[Role.LEADER], "zh-hans").get(reverse("projects-funnel"))
    html = response.content.decode()
    # four projects of park A, all in the lead stage (the lost one too)
    assert [r.reached for r in response.context["rows"]][:2] == [4, 0]
    assert _cells(html, "reached")[:2] == ["4", "0"]
    assert "chart-funnel" in html and '"type": "funnel"' in html.replace("&quot;", '"')
    # the money summary is loaded under the funnel once the page is there, with its filters
    assert 'data-testid="money-loader"' in html and reverse("projects-money") in html
    money = page_client(world.users[Role.LEADER], "zh-hans").get(
        reverse("projects-money"), headers={"HX-Request": "true"}
    )
    assert money.context["money"].total.in_place == Decimal("3000000")
    fragment = money.content.decode()
    assert "300.00" in fragment  # 3,000,000 yuan in place = 300 万元
    assert "<html" not in fragment and 'data-testid="money-by-year"' in fragment
    page = (
        page_client(world.users[Role.LEADER], "zh-hans")
        .get(reverse("projects-money"))
        .content.decode()
    )
    assert "<html" in page and 'data-testid="money-by-source"' in page


def test_funnel_page_filters_and_english(world, scene, make_project):
    make_project("去年的项目", first_contact_on=ago(800).replace(month=6, day=1))
    client = page_client(world.users[Role.STAFF], "en")
    this_year = ago(400).year
    response = client.get(reverse("projects-funnel"), {"year": this_year})
    assert response.status_code == 200
    # the medical park, the confidential and the public project (400 days ago); not the
    # new lead (2 days ago) nor last year's project (800 days ago)
    assert response.context["rows"][0].reached == 3
    html = response.content.decode()
    assert "Screening" in html and "研判" not in html
    bad = client.get(reverse("projects-funnel"), {"industry": "<x>"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_funnel_page_query_count_does_not_grow(world, pipeline, make_project):
    client = page_client(world.users[Role.STAFF], "zh-hans")
    url = reverse("projects-funnel")

    def build(n, tag):
        for i in range(n):
            p = make_project(f"{tag}{i}", first_contact_on=ago(60))
            services.project_move(
                project=p,
                stage=pipeline["screening"],
                expected_version=p.version,
                on=ago(50),
                screened_on=ago(50),
            )
            services.funding_add(
                project=p,
                kind=FundKind.PLANNED,
                amount=Decimal("10"),
                dated_on=ago(40),
                source=FundSource.INVESTOR,
            )
            services.funding_add(
                project=p,
                kind=FundKind.IN_PLACE,
                amount=Decimal("1"),
                dated_on=ago(30),
                source=FundSource.INVESTOR,
            )

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    build(2, "小")
    small = queries()
    build(12, "大")
    assert queries() == small


# --- lost projects ------------------------------------------------------------------


def test_lost_page_shows_the_medical_park(world, scene):
    response = page_client(world.users[Role.LEADER], "zh-hans").get(reverse("projects-lost"))
    html = response.content.decode()
    analysis = response.context["analysis"]
    assert analysis.total == 1
    assert {d["place"]: d["count"] for d in analysis.by_destination} == {"东陵区": 1, "新城子区": 1}
    assert "沈阳医药产业园项目" in html and "东陵区医药园" in html and "征地方案及时获批" in html


def test_lost_export(world, scene, make_project):
    secret_lost = make_project(
        "保密流失项目真名",
        confidential=True,
        code_name="代号流失",
        user=world.users[Role.ADMIN],
        first_contact_on=ago(30),
    )
    investor = services.investor_create(park=world.parks[0], name="流失项目投资方", origin="local")
    services.project_investor_add(project=secret_lost, investor=investor)
    lose(
        secret_lost,
        reason=LossReason.POLICY,
        lost_on=ago(10),
        destinations=[{"place": "大连市", "level": PlaceLevel.CITY, "winner": "大连高新区"}],
    )
    response = page_client(world.users[Role.LEADER], "zh-hans").get(
        reverse("projects-lost"), {"export": "xlsx"}
    )
    assert response.status_code == 200
    rows = read_rows(response.content)
    body = {row[0]: row for row in rows[1:]}
    assert set(body) == {"沈阳医药产业园项目", "代号流失"}
    with translation.override("zh-hans"):
        district = str(PlaceLevel.DISTRICT.label)
    assert body["沈阳医药产业园项目"][4] == f"东陵区（{district}）；新城子区（{district}）"
    assert body["沈阳医药产业园项目"][5] == "东陵区医药园"
    flat = repr(rows)
    assert "保密流失项目真名" not in flat and "流失项目投资方" not in flat
    admin_rows = read_rows(
        page_client(world.users[Role.ADMIN], "zh-hans")
        .get(reverse("projects-lost"), {"export": "xlsx"})
        .content
    )
    assert "保密流失项目真名" in repr(admin_rows) and "流失项目投资方" in repr(admin_rows)
    # the export follows the filter
    filtered = read_rows(
        page_client(world.users[Role.LEADER], "zh-hans")
        .get(reverse("projects-lost"), {"export": "xlsx", "reason": LossReason.LAND})
        .content
    )
    assert [r[0] for r in filtered[1:]] == ["沈阳医药产业园项目"]


# --- key projects -------------------------------------------------------------------


def test_key_page(world, scene):
    response = page_client(world.users[Role.LEADER], "zh-hans").get(reverse("projects-key"))
    groups = response.context["groups"]
    assert [g.level for g in groups] == [KeyLevel.PROVINCE, KeyLevel.CITY]
    secret = groups[1].projects[0]
    assert secret.shown_name == SECRET_CODE
    assert (secret.open_blockers, secret.money_in_place) == (1, Decimal("3000000"))
    assert secret.last_activity == ago(150)
    html = response.content.decode()
    assert "300.00" in html


def test_key_page_shows_the_furthest_of_a_large_level(world, scene, make_project, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_LIMIT", 1)
    make_project("另一个市重点", key_level=KeyLevel.CITY, first_contact_on=ago(20))
    response = page_client(world.users[Role.LEADER], "zh-hans").get(reverse("projects-key"))
    city = next(g for g in response.context["groups"] if g.level == KeyLevel.CITY)
    assert (len(city.projects), city.count) == (1, 2)
    assert city.projects[0].shown_name == SECRET_CODE  # the longest in the stage first
    html = response.content.decode()
    assert 'data-testid="group-count">2<' in html and "共 2 个，显示进展最靠前的 1 个" in html


def test_key_page_query_count_does_not_grow(world, scene, make_project):
    client = page_client(world.users[Role.LEADER], "zh-hans")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("projects-key")).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    for i in range(8):
        p = make_project(f"区重点{i}", key_level=KeyLevel.DISTRICT, first_contact_on=ago(20))
        services.blocker_create(
            project=p, category="funds", description="资金", authority="区财政局"
        )
        services.activity_create(
            project=p, kind=ActivityKind.CALL, summary="电话", occurred_on=ago(3)
        )
    assert queries() == small


# --- blockers board -----------------------------------------------------------------


def test_blockers_page_order_overdue_and_filters(world, scene, make_project):
    project = make_project("受阻项目", first_contact_on=ago(100))
    fresh = services.blocker_create(
        project=project,
        category=BlockerCategory.PLANNING,
        description="规划调整",
        authority="市规划局",
        raised_on=ago(10),
        deadline=ago(-30),
    )
    client = page_client(world.users[Role.STAFF], "zh-hans")
    response = client.get(reverse("projects-blockers"))
    rows = list(response.context["page"].object_list)
    assert [b.project_name for b in rows] == [SECRET_CODE, "受阻项目"]  # oldest first
    assert [b.overdue for b in rows] == [True, False]
    assert rows[0].days_open == 200
    html = response.content.decode()
    assert html.count('data-overdue="1"') == 1
    assert response.context["summary"]["overdue"] == 1

    def shown(**params):
        page = client.get(reverse("projects-blockers"), params).context["page"]
        return [b.pk for b in page.object_list]

    assert shown(overdue="true") == [rows[0].pk]
    assert shown(overdue="false") == [fresh.pk]
    assert shown(category=BlockerCategory.PLANNING) == [fresh.pk]
    assert shown(escalation=Escalation.CITY) == [rows[0].pk]
    assert shown(authority="规划") == [fresh.pk]
    assert shown(ordering="-raised_on") == [fresh.pk, rows[0].pk]
    partial = client.get(reverse("projects-blockers"), {"overdue": "true"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and SECRET_CODE in partial.content.decode()


def test_blockers_export_masks_and_follows_the_filter(world, scene):
    response = page_client(world.users[Role.LEADER], "zh-hans").get(
        reverse("projects-blockers"), {"export": "xlsx", "overdue": "true"}
    )
    rows = read_rows(response.content)
    assert len(rows) == 2
    assert rows[0][:5] == ["编号", "项目名称", "问题类别", "问题描述", "责任单位"]  # the template's
    assert rows[1][1] == SECRET_CODE and rows[1][4] == "市自然资源局"
    assert SECRET_NAME not in repr(rows)
    admin = read_rows(
        page_client(world.users[Role.ADMIN], "zh-hans")
        .get(reverse("projects-blockers"), {"export": "xlsx"})
        .content
    )
    assert admin[1][1] == SECRET_NAME and len(admin) == 2  # park A only


def test_blockers_page_query_count_does_not_grow_and_pages(world, scene, make_project):
    client = page_client(world.users[Role.STAFF], "zh-hans")

    def queries(params=None):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("projects-blockers"), params or {}).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    project = make_project("受阻很多的项目", first_contact_on=ago(100))
    for i in range(60):
        services.blocker_create(
            project=project,
            category=BlockerCategory.OTHER,
            description=f"问题{i}",
            authority="区政府",
            raised_on=ago(90 - i),
        )
    assert queries() == small
    page2 = client.get(reverse("projects-blockers"), {"page": 2, "page_size": 25}).context["page"]
    assert page2.paginator.count == 61 and len(page2.object_list) == 25


# --- tasks --------------------------------------------------------------------------


def test_tasks_page(world, scene, make_project):
    staff, leader = world.users[Role.STAFF], world.users[Role.LEADER]
    services.activity_create(
        project=make_project("协调项目", first_contact_on=ago(30)),
        kind=ActivityKind.MEETING,
        summary="会议",
        occurred_on=ago(5),
        next_step="领导协调会",
        due_on=ago(-5),
        user=leader,
    )
    response = page_client(staff, "zh-hans").get(reverse("projects-tasks"))
    context = response.context
    assert [a.next_step for a in context["mine"]] == ["报送用地申请"]
    assert context["mine"][0].project_name == SECRET_CODE
    assert [a.next_step for a in context["overdue"]] == ["报送用地申请"]
    leader_view = page_client(leader, "zh-hans").get(reverse("projects-tasks")).context
    assert [a.next_step for a in leader_view["mine"]] == ["领导协调会"]
    assert [a.next_step for a in leader_view["overdue"]] == ["报送用地申请"]  # everyone's
    # stalled: the public project (no activity for 400 days) is proposed for dropping;
    # the confidential one (activity 150 days ago) for a talk
    stalls = {p.pk: p.stall for p in context["stalled"]}
    assert stalls[scene["public"].pk] == "drop" and stalls[scene["secret"].pk] == "talk"
    assert scene["lead"].pk not in stalls
    # the new lead has not been answered within a day
    leads = {row.project.pk: dict((d.step, s) for d, s in row.cells()) for row in context["leads"]}
    assert leads[scene["lead"].pk]["answer"] == "overdue"
    html = response.content.decode()
    assert 'data-stall="drop"' in html and 'data-state="overdue"' in html
