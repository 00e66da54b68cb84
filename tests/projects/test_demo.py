"""The demo park holds the seed's investment stories (招商引资), loaded through the
projects services: the medical industrial park lost to 东陵区 and 新城子区 for want of an
approved land acquisition plan and carried on with the city's start-up funds and two
partner companies, 东基集团's idle land held up by three blockers, the old-park
reorganisation, the confidential aircraft base, and some forty other projects of
2018–2020 so that the funnel, the money and the loss analysis mean something."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from parkbase.core.choices import Role
from parkbase.core.models import Park, User
from parkbase.demo import projects as demo_projects
from parkbase.demo.loader import load_demo
from parkbase.projects import engine, selectors
from parkbase.projects.choices import (
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    InvestorRole,
    KeyLevel,
    LossReason,
    PlaceLevel,
    ProjectStatus,
)
from parkbase.projects.models import (
    MILESTONES,
    Activity,
    Blocker,
    Funding,
    Investor,
    Loss,
    LossDestination,
    Project,
    ProjectInvestor,
    StageChange,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_once):
    return demo_once


FIRST_DAY, LAST_DAY = dt.date(2018, 1, 1), dt.date(2020, 12, 31)
PROJECT_COUNTS = (
    "projects",
    "project_moves",
    "project_losses",
    "investors",
    "project_investors",
    "project_activities",
    "project_blockers",
    "project_funding",
)


def _project(name: str) -> Project:
    return Project.objects.select_related("stage", "park").get(name=name)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _park() -> Park:
    return Park.objects.get(code="shendong")


# ---------------------------------------------------------------- the seed's stories


def test_the_medical_park_was_lost_to_two_districts_for_want_of_land(demo):
    """GIVEN the seed: investors agreed and raised money, the district's land
    acquisition plan was not approved in time, the projects and money moved to 东陵区
    and 新城子区. THEN the project is lost for land, to exactly those two districts."""
    project = _project("医疗产业园项目")
    assert project.status == ProjectStatus.LOST
    assert project.stage.code == "negotiation" and project.framework_signed_on is not None
    loss = project.loss
    assert loss.reason == LossReason.LAND
    assert loss.lost_on.year == 2019
    destinations = list(loss.destinations.all())
    assert {d.place for d in destinations} == {"东陵区", "新城子区"}
    assert {d.level for d in destinations} == {PlaceLevel.DISTRICT}
    assert "土地征用计划" in loss.detail and "土地征用计划" in loss.would_have_kept
    # the investors (three provincial private medical firms) and the money they raised
    assert project.investor_links.count() == 3
    planned = project.funding.get(kind=FundKind.PLANNED)
    assert planned.amount == Decimal("650000000.00")  # 65,000 万元
    # the blocker: the land acquisition plan, escalated to the city, dropped with the loss
    blocker = project.blockers.get(category=BlockerCategory.LAND_QUOTA)
    assert blocker.authority == "市自然资源局"
    assert blocker.escalation == Escalation.CITY
    assert blocker.status == BlockerStatus.DROPPED and blocker.resolved_on == loss.lost_on
    assert blocker.history.count() == 2  # raised open, then dropped


def test_the_medical_parks_loss_is_in_the_loss_analysis(demo):
    staff = _user("staff")
    analysis = selectors.loss_analysis(staff, _park())
    assert analysis.total == Loss.objects.count() == 7
    # land comes first, as the seed's land bottleneck says
    assert analysis.by_reason[0]["reason"] == LossReason.LAND
    assert analysis.by_reason[0]["count"] == 3
    assert len(analysis.by_reason) >= 5
    places = {d["place"]: d for d in analysis.by_destination}
    assert {"东陵区", "新城子区"} <= set(places)
    assert places["东陵区"]["level"] == PlaceLevel.DISTRICT
    assert {row["level"] for row in analysis.by_level} >= {
        PlaceLevel.DISTRICT,
        PlaceLevel.CITY,
        PlaceLevel.ABROAD,
    }
    medical = selectors.loss_analysis(staff, _park(), year=2019, reason=LossReason.LAND)
    assert {d["place"] for d in medical.by_destination} >= {"东陵区", "新城子区"}


def test_the_medical_park_carries_on_with_city_funds_and_two_partners(demo):
    """GIVEN the seed: the request reported to the city early in the year won partial
    start-up funds from the government, and 市医药有限公司 and 亚泰集团's subsidiary are
    sharing the rest. THEN the carried-on project is open, with government money planned
    and in place and each partner's share recorded against it."""
    project = _project("医疗产业园续建项目")
    assert project.is_open and project.key_level == KeyLevel.CITY
    partners = set(project.investor_links.values_list("investor__name", "role"))
    assert partners == {
        ("市医药有限公司", InvestorRole.PARTNER),
        ("亚泰集团", InvestorRole.PARTNER),
    }
    funding = project.funding.all()
    government = funding.filter(source=FundSource.GOVERNMENT)
    assert set(government.values_list("kind", flat=True)) == {FundKind.PLANNED, FundKind.IN_PLACE}
    shares = funding.filter(source=FundSource.PARTNER)
    assert set(shares.values_list("investor__name", flat=True)) == {"市医药有限公司", "亚泰集团"}
    # the request (请示) to the city early in 2019
    request = project.activities.get(kind="request", occurred_on__month=2)
    assert request.occurred_on.year == 2019 and request.done_on is not None
    # each funder's planned share counts once and the shares add up to 5亿 (the city's
    # 3,000万 and the two partners' rest); the city's money in place adds up
    totals = engine.fund_totals(r.as_record() for r in funding)
    assert totals.planned == Decimal("500000000.00")
    assert totals.in_place == Decimal("15000000.00")
    assert project.blockers.filter(status=BlockerStatus.OPEN, authority="市自然资源局").exists()


def test_dongji_idle_land_is_held_up_by_three_open_blockers(demo):
    project = _project("东基集团闲置国有土地开发项目")
    assert project.is_open and project.stage.code == "negotiation"
    assert project.land_area == Decimal("400000.00")  # 600 亩, the seed's 40余万平方米
    blockers = project.blockers.filter(status=BlockerStatus.OPEN)
    assert blockers.count() == project.blockers.count() == 3
    assert set(blockers.values_list("category", flat=True)) == {
        BlockerCategory.LAND_POLICY,  # transfer policy: no ownership with operation
        BlockerCategory.TAX,  # double taxation
        BlockerCategory.FINANCING,  # no land-use certificate, no mainstream financing
    }
    assert all(b.escalation >= Escalation.DISTRICT for b in blockers)
    assert project.investor_links.get().investor.name == "东基集团"
    # the logistics project being explored on the land
    assert "物流" in project.issues
    logistics = _project("东基地块超级物流园项目")
    assert logistics.is_open and logistics.industry_code == "59"


def test_the_aircraft_base_is_confidential(demo):
    project = _project("小飞机制造与试飞基地项目")
    assert project.confidential and project.code_name == "雏鹰项目"
    assert set(project.insiders.values_list("username", flat=True)) == {"leader", "staff"}
    assert project.key_level == KeyLevel.PROVINCE
    assert project.land_area == Decimal("4000000.00")  # the 4 km² range
    names = set(project.investor_links.values_list("investor__name", flat=True))
    assert names == {"沈飞集团", "东基集团"}
    assert project.blockers.filter(status=BlockerStatus.OPEN, escalation=Escalation.PROVINCE)
    # an insider sees the real name; another staff member only the code name
    for insider in (_user("leader"), _user("staff")):
        assert Project.objects.visible_to(insider).get(pk=project.pk).shown_name == project.name
    outsider = UserFactory(username="staff2", role=Role.STAFF, park=project.park)
    seen = Project.objects.visible_to(outsider)
    assert seen.get(pk=project.pk).shown_name == "雏鹰项目"
    assert not seen.search("飞机").filter(pk=project.pk).exists()
    assert seen.search("雏鹰").get().pk == project.pk
    # what outsiders may read of it in the working lists (next steps, blockers, moves)
    # names neither its investors nor the aircraft
    texts = [
        *project.activities.values_list("summary", "participants", "next_step"),
        *project.blockers.values_list("description", "authority"),
        *project.stage_changes.values_list("note"),
        (project.issues,),
    ]
    words = " ".join(text for row in texts for text in row)
    assert not any(word in words for word in ("沈飞", "东基", "飞机"))


def test_the_old_park_reorganisation(demo):
    project = _project("老园区整合改造项目（腾笼换鸟）")
    assert project.is_open
    summaries = " ".join(project.activities.values_list("summary", flat=True))
    assert "59家企业" in summaries and "沈东自动化研究所" in summaries
    joint_venture = _project("东联机床附件厂合资合作项目")
    assert joint_venture.enterprise.name == "沈阳东联机床附件厂"


# ---------------------------------------------------------------- enough for the analyses


def test_the_funnel_means_something(demo):
    rows = selectors.funnel(_user("staff"), _park())
    reached = [row.reached for row in rows]
    assert reached[0] == Project.objects.count() >= 40
    assert all(reached) and reached == sorted(reached, reverse=True)
    assert any(0 < row.conversion < 1 for row in rows[1:])
    assert sum(row.median_days is not None for row in rows) >= 8
    assert sum(row.current for row in rows) >= 15
    finished = StageChange.objects.filter(entered=True, days__isnull=False)
    assert finished.count() >= 100 and finished.filter(days__gt=30).exists()


def test_the_mix_of_projects(demo):
    projects = Project.objects.all()
    statuses = Counter(projects.values_list("status", flat=True))
    assert set(statuses) == set(ProjectStatus.values)
    assert statuses[ProjectStatus.LANDED] >= 8 and statuses[ProjectStatus.TERMINATED] >= 3
    assert {KeyLevel.DISTRICT, KeyLevel.CITY, KeyLevel.PROVINCE} <= set(
        projects.values_list("key_level", flat=True)
    )
    assert len(set(projects.values_list("industry_code", flat=True))) >= 12
    assert len(set(Investor.objects.values_list("origin", flat=True))) == 4
    # landed projects have money in place, never above the contract unless confirmed
    for project in projects.filter(status=ProjectStatus.LANDED):
        arrived = project.funding.filter(kind=FundKind.IN_PLACE)
        total = sum(arrived.values_list("amount", flat=True))
        assert total, project.name
        assert total <= project.contracted_amount or arrived.filter(over_contract_confirmed=True), (
            project.name
        )
    # every date of the story is in 2018–2020
    dates = [d for p in projects.values_list(*MILESTONES) for d in p if d is not None]
    dates += list(StageChange.objects.values_list("changed_on", flat=True))
    dates += list(Activity.objects.values_list("occurred_on", flat=True))
    dates += [d for d in Activity.objects.values_list("due_on", flat=True) if d]
    dates += list(Funding.objects.values_list("dated_on", flat=True))
    dates += list(Blocker.objects.values_list("raised_on", flat=True))
    assert min(dates) >= FIRST_DAY and max(dates) <= LAST_DAY


def test_the_working_lists_have_content(demo):
    staff, leader, park = _user("staff"), _user("leader"), _park()
    assert selectors.my_tasks(staff, park).count() >= 8
    assert selectors.my_tasks(leader, park).exists()
    assert selectors.overdue_steps(staff, park).exists()
    assert selectors.open_blockers(staff, park).count() >= 8
    key = {p.name for group in selectors.key_projects(leader, park) for p in group.projects}
    assert {"医疗产业园续建项目", "东基集团闲置国有土地开发项目"} <= key


def test_loading_twice_changes_nothing(demo):
    def state():
        return (
            Project.history.count(),
            StageChange.objects.count(),
            Investor.history.count(),
            ProjectInvestor.history.count(),
            Activity.history.count(),
            Blocker.history.count(),
            Funding.history.count(),
            Loss.history.count(),
            LossDestination.history.count(),
        )

    before = state()
    again = load_demo()
    for name in PROJECT_COUNTS:
        counts = again.counts[name]
        assert (counts.created, counts.updated) == (0, 0), name
        assert counts.unchanged == demo.counts[name].created, name
    assert state() == before


# ---------------------------------------------------------------- the files' rules


def test_a_file_with_an_unknown_column_or_word_is_refused(tmp_path):
    path = tmp_path / "project_losses.csv"
    path.write_text("项目名称,流失日期,流失原因,经过,本可留住,多余\n", encoding="utf-8")
    with pytest.raises(demo_projects.ProjectFileError, match="unknown or repeated column"):
        demo_projects._read(path, demo_projects.LOSS_COLUMNS)
    path.write_text(
        "项目名称,流失日期,流失原因,经过,本可留住的条件\n甲项目,2019-05-01,天气,,\n",
        encoding="utf-8",
    )
    with pytest.raises(demo_projects.ProjectFileError, match="row 2 column 流失原因"):
        demo_projects._read(path, demo_projects.LOSS_COLUMNS)


def test_money_and_land_are_read_in_the_headers_units(tmp_path):
    path = tmp_path / "project_funding.csv"
    path.write_text(
        "项目名称,类型,金额(亿元),日期,资金来源,投资方,来源名称,推介活动,超合同确认,说明\n"
        "甲项目,到位,1.5,2019-05-01,政府启动资金,,市财政，首批,,否,\n",
        encoding="utf-8",
    )
    (rec,) = demo_projects._read(path, demo_projects.FUNDING_COLUMNS)
    assert rec["amount"] == Decimal("150000000.00")
    assert rec["kind"] == FundKind.IN_PLACE and rec["source"] == FundSource.GOVERNMENT
    assert rec["source_name"] == "市财政，首批"  # text as written
    assert rec["confirmed"] is False
