"""The enterprise's page is its whole file: beside its overview, yearly data and
history, a tab (with a count) for each app that keeps records about it — land,
survey visits, concerns, evaluation results, redevelopment decisions, projects — each
counted and listed for the reader's scope, on factory data."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core import clock
from parkbase.core.choices import Role
from parkbase.evaluation import services as evaluation
from parkbase.evaluation.choices import DecisionKind
from parkbase.land.choices import UnitStatus
from parkbase.land.services import buildings as land
from parkbase.projects import services as projects
from parkbase.projects.choices import InvestorOrigin, InvestorRole
from tests.clients import page_client
from tests.evaluation.conftest import simple_definition
from tests.factories import (
    ComplianceRecordFactory,
    ConcernFactory,
    EnterpriseYearFactory,
    ParcelFactory,
    TenancyFactory,
    UserFactory,
)

CODE = "青松行动"
COUNT = re.compile(r'data-testid="count-([a-z]+)">(\d+)<')


def counts(html: str) -> dict[str, int]:
    """The tabs the page offers, each with its count."""
    return {key: int(n) for key, n in COUNT.findall(html)}


def page(user, enterprise, tab=None, language="en"):
    address = f"/enterprises/{enterprise.pk}/" + (f"?tab={tab}" if tab else "")
    return page_client(user, language).get(address)


def make_runs(world):
    """Park A's 2019 figures evaluated twice: one run published, one left a draft."""
    for enterprise, tax in zip(world.enterprises, (4, 3, 2, 1), strict=True):
        EnterpriseYearFactory(
            enterprise=enterprise, year=2019, land_area=20000, tax_total=tax * 1_000_000
        )
    scheme = evaluation.scheme_create(park=world.parks[0], definition=simple_definition())
    published = evaluation.run_create(scheme=scheme)
    published = evaluation.run_start_notice(
        run=published, ends_on=clock.today(), expected_version=published.version
    )
    evaluation.run_publish(run=published, expected_version=published.version)
    evaluation.run_create(scheme=scheme)  # a draft: only the park's staff see it


def make_project(world, name, **values):
    """A project of park A recorded by its staff (an insider of it)."""
    values.setdefault("first_contact_on", dt.date(2019, 3, 1))
    return projects.project_create(
        park=world.parks[0], user=world.users[Role.STAFF], name=name, **values
    )


def make_units(world, enterprise, how_many: int, code: str = "B1"):
    staff = world.users[Role.STAFF]
    building = land.building_create(
        park=world.parks[0],
        user=staff,
        code=code,
        name=f"标准厂房{code}",
        floors=3,
        floor_area=Decimal("9000"),
    )
    for i in range(how_many):
        land.unit_create(
            building=building,
            user=staff,
            floor=1 + i % 3,
            code=f"{code}-{i + 1:02d}",
            area=Decimal("200"),
            status=UnitStatus.OCCUPIED,
            tenant=enterprise,
            rent=Decimal("15"),
        )


@pytest.fixture
def file(world):
    """Park A's first enterprise (phase 1, the department user's) with a record of
    every kind; the enterprise user's own enterprise with a concern."""
    park, staff = world.parks[0], world.users[Role.STAFF]
    target = world.enterprises[0]
    make_runs(world)
    ConcernFactory(enterprise=target, department=world.departments[1])
    ConcernFactory(enterprise=world.enterprises[3])
    ComplianceRecordFactory(enterprise=target, note="排污超标")
    evaluation.decision_create(
        enterprise=target,
        user=staff,
        kind=DecisionKind.UPGRADE,
        decided_on=dt.date(2020, 3, 1),
        land_freed=Decimal("2000"),
    )
    ParcelFactory(park=park, owner_enterprise=target, code="F-100", area=Decimal("40000"))
    TenancyFactory(parcel=ParcelFactory(park=park, code="F-200"), enterprise=target)
    make_units(world, target, 1)
    # projects: registered for one; its investor (same credit code) in an open one and
    # in a confidential one recorded by staff (its insider)
    make_project(world, "数控机床扩产项目", enterprise=target)
    open_project = make_project(world, "智能装备产业园")
    secret = make_project(world, "飞机零部件基地", confidential=True, code_name=CODE)
    registered_secret = make_project(
        world, "航空发动机项目", confidential=True, code_name="白杨", enterprise=target
    )
    investor = projects.investor_create(
        park=park, name=target.name, origin=InvestorOrigin.LOCAL, uscc=target.uscc
    )
    projects.project_investor_add(project=open_project, investor=investor)
    projects.project_investor_add(
        project=secret, investor=investor, role=InvestorRole.PARTNER, note="配套"
    )
    world.target, world.secret, world.registered_secret = target, secret, registered_secret
    return world


def test_staff_sees_every_tab_with_its_count(file):
    response = page(file.users[Role.STAFF], file.target)
    assert response.status_code == 200
    assert counts(response.content.decode()) == {
        "years": 1,
        "monthly": 0,  # no monthly returns filed yet: the tab offers to file one
        "land": 3,  # a parcel it holds, one it rents land on, a unit
        "surveys": 2,  # the open campaign and the closed one
        "concerns": 1,
        "evaluation": 2,  # the published run and the draft
        "decisions": 1,
        "projects": 4,  # registered for two, invests in two (staff is an insider)
        "documents": 0,  # none linked yet: the tab offers to attach one
    }


def test_each_tab_lists_its_records_with_links(file):
    staff = file.users[Role.STAFF]
    html = page(staff, file.target, "land").content.decode()
    assert "F-100" in html and "F-200" in html and "B1-01" in html
    assert "60.00 mu" in html  # 40,000 m² held, shown in mu
    assert re.search(r'href="/land/buildings/\d+/"', html)
    assert len(re.findall(r'href="/land/parcels/\d+/"', html)) == 2
    html = page(staff, file.target, "surveys").content.decode()
    assert "2019年度企业全面调查" in html and "2018年度企业全面调查" in html
    assert len(re.findall(r'href="/surveys/assignments/\d+/"', html)) == 2
    html = page(staff, file.target, "concerns").content.decode()
    assert re.search(r'href="/surveys/concerns/\d+/"', html) and "生产任务不足" in html
    html = page(staff, file.target, "evaluation").content.decode()
    assert html.count('data-testid="result-class"') == 2
    assert "Draft" in html and "Published" in html
    # the scheme's per-mu indicator, by the one name it has, in the reader's unit
    assert "亩均税收" in html and "10k yuan/mu" in html
    assert "排污超标" in html  # the compliance record
    html = page(staff, file.target, "decisions").content.decode()
    assert (
        re.search(r'href="/evaluation/decisions/\d+/"', html) and "3.00 mu" in html
    )  # 2,000 m² freed
    html = page(staff, file.target, "projects").content.decode()
    assert "数控机床扩产项目" in html and "智能装备产业园" in html
    assert "Lead investor" in html and "Partner" in html


def test_an_unknown_tab_shows_the_overview(file):
    html = page(file.users[Role.STAFF], file.target, "nothing").content.decode()
    assert 'data-testid="enterprise-chart"' in html


def test_a_department_user_sees_what_its_scope_allows(file):
    dept = file.users[Role.DEPARTMENT]
    response = page(dept, file.target)
    assert response.status_code == 200
    # no land and no projects (the park's own records); no draft results
    assert counts(response.content.decode()) == {
        "years": 1,
        "monthly": 0,  # the monthly returns of the enterprises it supervises
        "surveys": 2,
        "concerns": 1,
        "evaluation": 1,
        "decisions": 1,
        "documents": 0,
    }
    html = page(dept, file.target, "evaluation").content.decode()
    assert html.count('data-testid="result-class"') == 1 and "Draft" not in html
    assert "排污超标" in html
    html = page(dept, file.target, "land").content.decode()
    assert "F-100" not in html  # no such tab: the overview
    # an enterprise it does not supervise is not found
    assert page(dept, file.enterprises[1]).status_code == 404


def test_an_enterprise_user_sees_its_own_file_only(file):
    user = file.users[Role.ENTERPRISE]
    own = file.enterprises[3]
    response = page(user, own)
    assert response.status_code == 200
    assert counts(response.content.decode()) == {
        "years": 1,
        "monthly": 0,  # the returns it files
        "surveys": 1,
        "concerns": 1,
        "evaluation": 1,
        "documents": 0,
    }
    html = page(user, own, "evaluation").content.decode()
    assert 'data-testid="enterprise-compliance"' not in html  # the park's register
    assert page(user, file.target).status_code == 404
    assert page(user, file.target, "projects").status_code == 404


def test_a_survey_member_sees_the_visits_of_its_team(file):
    member = file.users[Role.SURVEY]
    assert page(member, file.target).status_code == 404  # phase 1: not its team's
    found = counts(page(member, file.enterprises[3]).content.decode())
    assert found["surveys"] == 1 and "land" not in found and "projects" not in found


def test_a_confidential_project_shows_its_code_name_to_an_outsider(file):
    outsider = UserFactory(username="staff2", role=Role.STAFF, park=file.parks[0])
    response = page(outsider, file.target)
    # who invests in the secret project stays its insiders' to know
    assert counts(response.content.decode())["projects"] == 3
    html = page(outsider, file.target, "projects").content.decode()
    assert "白杨" in html and "航空发动机项目" not in html
    assert CODE not in html and "飞机零部件基地" not in html
    insider = page(file.users[Role.STAFF], file.target, "projects").content.decode()
    assert "航空发动机项目" in insider and "飞机零部件基地" in insider


def test_the_chinese_page_names_its_tabs_in_chinese(file):
    html = page(file.users[Role.STAFF], file.target, "land", language="zh-hans").content
    html = html.decode()
    for label in ("土地与建筑", "调查走访", "诉求", "亩均效益综合评价", "腾笼换鸟处置决定"):
        assert label in html
    assert "亩" in html and "Parcels it holds" not in html


TABS = ("overview", "land", "surveys", "concerns", "evaluation", "decisions", "projects")


def queries_per_tab(user, enterprise) -> dict[str, int]:
    client = page_client(user)
    found = {}
    for tab in TABS:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/enterprises/{enterprise.pk}/?tab={tab}").status_code == 200
        found[tab] = len(captured)
    return found


def test_queries_do_not_grow_with_the_rows(file):
    staff = file.users[Role.STAFF]
    before = queries_per_tab(staff, file.target)
    park, target = file.parks[0], file.target
    for i in range(3):
        ConcernFactory(enterprise=target, department=file.departments[i % 2])
        ComplianceRecordFactory(enterprise=target, year=2016 + i)
        evaluation.decision_create(
            enterprise=target,
            user=staff,
            kind=DecisionKind.TRANSFER,
            decided_on=dt.date(2020, 4, 1 + i),
        )
        ParcelFactory(park=park, owner_enterprise=target)
        TenancyFactory(parcel=ParcelFactory(park=park), enterprise=target)
        make_project(file, f"扩产项目{i}", enterprise=target)
    make_units(file, target, 4, code="B2")
    after = queries_per_tab(staff, file.target)
    assert counts(page(staff, target).content.decode())["projects"] == 7
    assert after == before
