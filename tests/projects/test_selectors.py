"""The analysis reads of the investment pipeline (projects.selectors), over data built
through the services: the funnel, money without double counting, lost projects, the
key-projects and blockers boards, stalls, lead deadlines and the working lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core.choices import Role
from parkbase.projects import engine, selectors, services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    KeyLevel,
    LossReason,
    PlaceLevel,
    ProjectSource,
)
from parkbase.projects.models import Funding, Pipeline, Project, Stage

from .conftest import DAY

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


@pytest.fixture
def move(pipeline):
    def move(project, code, on, **values):
        project.refresh_from_db()
        return services.project_move(
            project=project,
            stage=pipeline[code],
            expected_version=project.version,
            on=on,
            **values,
        )

    return move


def lose(project, *, reason, lost_on, destinations, **values):
    project.refresh_from_db()
    return services.project_lose(
        project=project,
        expected_version=project.version,
        reason=reason,
        lost_on=lost_on,
        destinations=destinations,
        **values,
    )


@pytest.fixture
def park_b_project(world):
    park_b = world.parks[1]
    services.pipeline_ensure(park_b)
    stage = Stage.objects.get(park=park_b, code="lead")
    return services.project_create(
        park=park_b, stage=stage, name="乙园区项目", first_contact_on=DAY
    )


# --- funnel -------------------------------------------------------------------------


@pytest.fixture
def funnel_set(world, pipeline, make_project, move, park_b_project):
    """Five projects of park A (and one of park B that must never count):
    p1 stays a lead; p2 lead 10 d → screening 20 d → negotiation; p3 jumps from lead
    (30 d) to negotiation; p4 lead 4 d → screening, then lost; p5 starts in screening
    (40 d) and signs."""
    staff = world.users[Role.STAFF]
    p1 = make_project("一号", industry_code="34")
    p2 = make_project("二号", source=ProjectSource.PROMOTION, industry_code="27")
    move(p2, "screening", days(10), screened_on=days(10))
    move(p2, "negotiation", days(30))
    p3 = make_project("三号", officer=staff)
    move(p3, "negotiation", days(30))
    p4 = make_project("四号")
    move(p4, "screening", days(4), screened_on=days(4))
    lose(
        p4,
        reason=LossReason.POLICY,
        lost_on=days(50),
        destinations=[{"place": "和平区", "level": PlaceLevel.DISTRICT}],
    )
    p5 = make_project("五号", stage="screening", screened_on=DAY)
    move(p5, "signed", days(40), signed_on=days(40), contracted_amount=Decimal("1000"))
    return [p1, p2, p3, p4, p5]


def _by_code(rows):
    return {r.stage.code: r for r in rows}


def test_funnel_counts_conversion_and_medians(world, funnel_set):
    """GIVEN five projects (one jumped a stage, one started in screening)
    WHEN the funnel is read THEN each stage counts the projects that reached it or
    went past it, conversion is against the stage before, and the median days are
    over finished stays (odd and even counts)."""
    park = world.parks[0]
    rows = selectors.funnel(world.users[Role.STAFF], park)
    assert [r.stage.code for r in rows][:5] == [
        "lead",
        "screening",
        "negotiation",
        "signed",
        "registered",
    ]
    by = _by_code(rows)
    assert [
        by[c].reached for c in ("lead", "screening", "negotiation", "signed", "registered")
    ] == [
        5,
        4,
        3,
        1,
        0,
    ]
    assert by["lead"].conversion is None
    assert by["screening"].conversion == pytest.approx(0.8)
    assert by["negotiation"].conversion == pytest.approx(0.75)
    assert by["signed"].conversion == pytest.approx(1 / 3)
    assert by["registered"].conversion == 0
    assert by["land"].conversion is None  # nobody reached the stage before
    # lead stays: 10, 30, 4 → 10; screening stays: 20, 40 → 30
    assert (by["lead"].median_days, by["lead"].stays) == (10, 3)
    assert (by["screening"].median_days, by["screening"].stays) == (30, 2)
    assert by["negotiation"].median_days is None and by["negotiation"].stays == 0
    # open projects now: p1 in lead, p2 and p3 in negotiation, p5 signed (p4 is lost)
    assert (by["lead"].current, by["screening"].current, by["negotiation"].current) == (1, 0, 2)
    assert by["signed"].current == 1


def test_funnel_agrees_with_the_engine(world, pipeline, funnel_set):
    park = world.parks[0]
    codes = [s.code for s in sorted(pipeline.values(), key=lambda s: s.order)]
    by_order = {s.order: s.code for s in pipeline.values()}
    furthest = [by_order[p.furthest_order] for p in Project.objects.filter(park=park)]
    expected = engine.funnel(codes, furthest, [])
    rows = selectors.funnel(world.users[Role.LEADER], park)
    assert [(r.stage.code, r.reached, r.conversion) for r in rows] == [
        (s.stage, s.reached, s.conversion) for s in expected
    ]


def test_funnel_filters(world, funnel_set, make_project):
    park, staff = world.parks[0], world.users[Role.STAFF]
    make_project("去年项目", first_contact_on=dt.date(2018, 6, 1))
    lead = lambda f: _by_code(selectors.funnel(staff, park, f))["lead"].reached  # noqa: E731
    assert lead(selectors.ProjectFilter()) == 6
    assert lead(selectors.ProjectFilter(year=2019)) == 5
    assert lead(selectors.ProjectFilter(year=2018)) == 1
    assert lead(selectors.ProjectFilter(industry="3")) == 1
    assert lead(selectors.ProjectFilter(industry="27")) == 1
    assert lead(selectors.ProjectFilter(source=ProjectSource.PROMOTION)) == 1
    assert lead(selectors.ProjectFilter(officer=staff.pk)) == 1
    # the medians follow the filter: only p2's stays
    rows = _by_code(selectors.funnel(staff, park, selectors.ProjectFilter(industry="27")))
    assert (rows["lead"].median_days, rows["screening"].median_days) == (10, 20)


def test_funnel_scoped_to_the_park(world, funnel_set, park_b_project):
    park_a, park_b = world.parks
    admin = world.users[Role.ADMIN]
    screening_b = Stage.objects.get(park=park_b, code="screening")
    services.project_move(
        project=park_b_project,
        stage=screening_b,
        expected_version=park_b_project.version,
        on=days(2),
        screened_on=days(2),
    )
    # park B's 2-day lead stay is in neither park A's medians, filtered or not
    for f in (selectors.ProjectFilter(), selectors.ProjectFilter(year=2019)):
        lead = _by_code(selectors.funnel(admin, park_a, f))["lead"]
        assert (lead.median_days, lead.stays) == (10, 3)
    lead_b = _by_code(selectors.funnel(admin, park_b))["lead"]
    assert (lead_b.reached, lead_b.median_days, lead_b.stays) == (1, 2, 1)
    assert _by_code(selectors.funnel(admin, park_a))["lead"].reached == 5
    # a park-A user asking for park B sees nothing of it
    assert all(r.reached == 0 for r in selectors.funnel(world.users[Role.STAFF], park_b))
    assert selectors.funnel(world.users[Role.DEPARTMENT], park_a) == []


def test_funnel_query_count_does_not_grow(world, pipeline, make_project, move):
    park, staff = world.parks[0], world.users[Role.STAFF]

    def build(n):
        for i in range(n):
            p = make_project(f"批量{n}-{i}")
            move(p, "screening", days(3 + i), screened_on=days(3 + i))
            move(p, "negotiation", days(20 + i))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.funnel(staff, park)
            selectors.money_summary(staff, park)
        return len(ctx.captured_queries)

    build(2)
    small = count()
    build(10)
    assert count() == small


# --- money --------------------------------------------------------------------------


def _fund(project, kind, amount, on, source=FundSource.INVESTOR, **kw):
    return services.funding_add(
        project=project, kind=kind, amount=Decimal(amount), dated_on=on, source=source, **kw
    )


@pytest.fixture
def money_set(world, make_project):
    """m1 is announced at two promotion events in two years (planned 100 in 2018, 120
    in 2019), contracted 90, and 30 + 20 arrive in 2019 and 2020; m2 (confidential) is
    contracted twice on the same day (the later record counts)."""
    admin = world.users[Role.ADMIN]
    m1 = make_project("医药项目", first_contact_on=dt.date(2018, 1, 10))
    _fund(m1, FundKind.PLANNED, "100", dt.date(2018, 5, 1), event="2018年沈阳招商推介会")
    _fund(m1, FundKind.PLANNED, "120", dt.date(2019, 6, 1), event="2019年辽宁投资洽谈会")
    _fund(m1, FundKind.CONTRACTED, "90", dt.date(2019, 7, 1))
    _fund(m1, FundKind.IN_PLACE, "30", dt.date(2019, 8, 1))
    _fund(m1, FundKind.IN_PLACE, "20", dt.date(2020, 1, 10), source=FundSource.GOVERNMENT)
    m2 = make_project(
        "保密项目",
        first_contact_on=dt.date(2019, 1, 5),
        confidential=True,
        code_name="代号乙",
        user=admin,
    )
    _fund(m2, FundKind.CONTRACTED, "50", dt.date(2019, 2, 1), source=FundSource.PARTNER)
    _fund(m2, FundKind.CONTRACTED, "60", dt.date(2019, 2, 1), source=FundSource.PARTNER)
    return m1, m2


def test_planned_shares_of_several_funders_add_up_by_source(world, money_set):
    """GIVEN the city's start-up funds and a partner company's share planned for m1 beside
    the investor's plan, the partner's share announced twice
    THEN the shares add up, each once, each under its own source."""
    m1, _m2 = money_set
    _fund(
        m1,
        FundKind.PLANNED,
        "30",
        dt.date(2019, 11, 20),
        source=FundSource.GOVERNMENT,
        source_name="市财政",
    )
    for on in (dt.date(2019, 12, 10), dt.date(2020, 5, 18)):
        _fund(m1, FundKind.PLANNED, "45", on, source=FundSource.PARTNER, source_name="亚泰集团")
    money = selectors.money_summary(world.users[Role.STAFF], world.parks[0])
    assert money.total.planned == Decimal("195")  # 120 + 30 + 45
    assert money.total.planned_projects == 1
    by_source = {r.key: r.planned for r in money.by_source}
    assert by_source[FundSource.INVESTOR] == Decimal("120")
    assert by_source[FundSource.GOVERNMENT] == Decimal("30")
    assert by_source[FundSource.PARTNER] == Decimal("45")


def test_money_counts_a_project_once_across_events_and_years(world, money_set):
    """GIVEN a project announced at two promotion events in two years
    THEN its planned total counts once (the latest figure, in the year first planned)."""
    money = selectors.money_summary(world.users[Role.LEADER], world.parks[0])
    years = {r.key: r for r in money.by_year}
    assert money.total.planned == Decimal("120")
    assert (years[2018].planned, years[2018].planned_projects) == (Decimal("120"), 1)
    assert years[2019].planned == 0 and years[2019].planned_projects == 0
    assert money.total.contracted == Decimal("150")  # 90 + m2's later 60 (confidential counts)
    assert years[2019].contracted == Decimal("150")
    assert (years[2019].in_place, years[2020].in_place) == (Decimal("30"), Decimal("20"))
    assert money.total.in_place == Decimal("50")
    assert (years[2019].in_place_projects, years[2020].in_place_projects) == (1, 1)
    sources = {r.key: r for r in money.by_source}
    assert sources[FundSource.INVESTOR].planned == Decimal("120")
    assert sources[FundSource.INVESTOR].contracted == Decimal("90")
    assert sources[FundSource.PARTNER].contracted == Decimal("60")
    assert sources[FundSource.GOVERNMENT].in_place == Decimal("20")
    for kind in ("planned", "contracted", "in_place"):
        assert sum(getattr(r, kind) for r in money.by_source) == getattr(money.total, kind)
        assert sum(getattr(r, kind) for r in money.by_year) == getattr(money.total, kind)


def test_money_matches_engine_fund_totals(world, money_set, make_project):
    extra = make_project("另一项目", first_contact_on=dt.date(2018, 2, 1))
    _fund(extra, FundKind.CONTRACTED, "10", dt.date(2018, 3, 1))
    _fund(extra, FundKind.CONTRACTED, "15", dt.date(2020, 3, 1))  # restated two years on
    _fund(extra, FundKind.PLANNED, "40", dt.date(2019, 4, 1))
    _fund(extra, FundKind.IN_PLACE, "5", dt.date(2018, 9, 1))
    records = [f.as_record() for f in Funding.objects.order_by("dated_on", "id")]
    money = selectors.money_summary(world.users[Role.STAFF], world.parks[0])
    whole = engine.fund_totals(records)
    assert (money.total.planned, money.total.contracted, money.total.in_place) == (
        whole.planned,
        whole.contracted,
        whole.in_place,
    )
    years = {r.key: r for r in money.by_year}
    assert set(years) == {2018, 2019, 2020}
    for year, row in years.items():
        expected = engine.fund_totals(records, year)
        assert (row.planned, row.contracted, row.in_place) == (
            expected.planned,
            expected.contracted,
            expected.in_place,
        ), year


def test_money_follows_the_funnel_filter_and_the_park(world, money_set):
    staff = world.users[Role.STAFF]
    money = selectors.money_summary(staff, world.parks[0], selectors.ProjectFilter(year=2018))
    assert (money.total.planned, money.total.contracted) == (Decimal("120"), Decimal("90"))
    other = selectors.money_summary(staff, world.parks[1])
    assert other.by_year == [] and other.total.in_place == 0


# --- lost projects ------------------------------------------------------------------


@pytest.fixture
def losses(world, make_project):
    """The medical park (land acquisition plan not approved; money went to 东陵区 and
    新城子区), a project lost to 东陵区 for its policy, and a confidential one lost to
    Dalian."""
    admin = world.users[Role.ADMIN]
    medical = make_project("沈阳医药产业园项目", total_investment=Decimal("500000000"))
    lose(
        medical,
        reason=LossReason.LAND,
        lost_on=dt.date(2019, 9, 1),
        destinations=[
            {"place": "东陵区", "level": PlaceLevel.DISTRICT, "winner": "东陵区医药园"},
            {"place": "新城子区", "level": PlaceLevel.DISTRICT},
        ],
        detail="投资方已同意，土地征收方案未获批准",
        would_have_kept="征地方案及时获批",
    )
    policy = make_project(
        "装备制造项目", total_investment=Decimal("80000000"), first_contact_on=dt.date(2018, 5, 1)
    )
    lose(
        policy,
        reason=LossReason.POLICY,
        lost_on=dt.date(2018, 11, 1),
        destinations=[{"place": "东陵区", "level": PlaceLevel.DISTRICT}],
    )
    secret = make_project(
        "绝密项目真名",
        confidential=True,
        code_name="代号丙",
        total_investment=Decimal("20000000"),
        user=admin,
    )
    lose(
        secret,
        reason=LossReason.LAND,
        lost_on=dt.date(2019, 10, 1),
        destinations=[{"place": "大连市", "level": PlaceLevel.CITY, "winner": "大连高新区"}],
    )
    return medical, policy, secret


def test_loss_analysis_by_reason_destination_and_year(world, losses):
    analysis = selectors.loss_analysis(world.users[Role.LEADER], world.parks[0])
    assert analysis.total == 3
    reasons = {r["reason"]: r for r in analysis.by_reason}
    assert reasons[LossReason.LAND]["count"] == 2  # the medical park once, not per place
    assert reasons[LossReason.LAND]["investment"] == Decimal("520000000")
    assert reasons[LossReason.POLICY]["count"] == 1
    places = {d["place"]: d["count"] for d in analysis.by_destination}
    assert places == {"东陵区": 2, "新城子区": 1, "大连市": 1}
    levels = {d["level"]: d["count"] for d in analysis.by_level}
    assert levels == {PlaceLevel.DISTRICT: 2, PlaceLevel.CITY: 1}
    assert [(y["year"], y["count"]) for y in analysis.by_year] == [(2018, 1), (2019, 2)]
    assert analysis.by_year[1]["reasons"] == {LossReason.LAND: 2}
    assert selectors.loss_years(world.users[Role.LEADER], world.parks[0]) == [2019, 2018]


def test_loss_analysis_filters(world, losses):
    leader, park = world.users[Role.LEADER], world.parks[0]
    analysis = selectors.loss_analysis(leader, park, year=2019)
    assert analysis.total == 2
    assert {d["place"]: d["count"] for d in analysis.by_destination} == {
        "东陵区": 1,
        "新城子区": 1,
        "大连市": 1,
    }
    assert selectors.loss_analysis(leader, park, reason=LossReason.POLICY).total == 1


def test_lost_projects_list_masks_the_confidential_one(world, losses):
    medical, policy, secret = losses
    investor = services.investor_create(
        park=world.parks[0], name="保密投资集团", origin="out_of_city"
    )
    services.project_investor_add(project=secret, investor=investor)
    leader = world.users[Role.LEADER]
    with CaptureQueriesContext(connection) as ctx:
        rows = list(selectors.lost_projects(leader, world.parks[0]))
    assert len(ctx.captured_queries) == 3  # losses, destinations, investors
    assert [r.project_id for r in rows] == [secret.pk, medical.pk, policy.pk]
    assert [r.project_name for r in rows] == ["代号丙", "沈阳医药产业园项目", "装备制造项目"]
    assert [d.place for d in rows[1].destination_rows] == ["东陵区", "新城子区"]
    assert selectors.investors_shown(rows[0].project, rows[0].insider) == []
    admin_rows = list(selectors.lost_projects(world.users[Role.ADMIN], world.parks[0]))
    assert admin_rows[0].project_name == "绝密项目真名"
    assert selectors.investors_shown(admin_rows[0].project, admin_rows[0].insider) == [
        "保密投资集团"
    ]


# --- key projects -------------------------------------------------------------------


def _key_set(world, make_project, n_extra=0):
    staff = world.users[Role.STAFF]
    k1 = make_project("市重点项目", key_level=KeyLevel.CITY)
    for i, status in enumerate((BlockerStatus.OPEN, BlockerStatus.OPEN, BlockerStatus.RESOLVED)):
        blocker = services.blocker_create(
            project=k1,
            category=BlockerCategory.LAND_QUOTA,
            description=f"用地指标{i}",
            authority="市自然资源局",
            raised_on=days(i),
        )
        if status == BlockerStatus.RESOLVED:
            services.blocker_update(
                blocker=blocker,
                expected_version=blocker.version,
                status=status,
                resolution="已解决",
                resolved_on=days(5),
            )
    services.activity_create(
        project=k1, kind=ActivityKind.VISIT, occurred_on=days(31), summary="走访"
    )
    services.activity_create(
        project=k1, kind=ActivityKind.CALL, occurred_on=days(61), summary="电话"
    )
    _fund(k1, FundKind.IN_PLACE, "30", days(40))
    _fund(k1, FundKind.IN_PLACE, "20", days(70), source=FundSource.GOVERNMENT)
    k2 = make_project("国家重点项目", key_level=KeyLevel.NATIONAL, officer=staff)
    k3 = make_project("流失的区重点", key_level=KeyLevel.DISTRICT)
    lose(
        k3,
        reason=LossReason.COST,
        lost_on=days(9),
        destinations=[{"place": "铁西区", "level": "district"}],
    )
    make_project("非重点项目")
    for i in range(n_extra):
        extra = make_project(f"省重点{i}", key_level=KeyLevel.PROVINCE)
        services.blocker_create(
            project=extra, category=BlockerCategory.FUNDS, description="资金", authority="市财政局"
        )
        services.activity_create(
            project=extra, kind=ActivityKind.CALL, summary="电话", occurred_on=days(2)
        )
    return k1, k2


def test_key_projects_board(world, make_project):
    k1, k2 = _key_set(world, make_project)
    today = days(100)
    groups = selectors.key_projects(world.users[Role.LEADER], world.parks[0], today)
    assert [g.level for g in groups] == [KeyLevel.NATIONAL, KeyLevel.CITY]
    assert [p.pk for p in groups[0].projects] == [k2.pk]
    row = groups[1].projects[0]
    assert row.pk == k1.pk
    assert row.open_blockers == 2
    assert row.last_activity == days(61)
    assert row.money_in_place == Decimal("50")
    assert row.days_in_stage == 100
    national = groups[0].projects[0]
    assert (national.open_blockers, national.last_activity, national.money_in_place) == (
        0,
        None,
        None,
    )


def test_key_projects_query_count_does_not_grow(world, make_project):
    leader, park = world.users[Role.LEADER], world.parks[0]
    _key_set(world, make_project, n_extra=1)
    with CaptureQueriesContext(connection) as small:
        selectors.key_projects(leader, park, days(100))
    _key_set_more = [make_project(f"省重点b{i}", key_level=KeyLevel.PROVINCE) for i in range(6)]
    for p in _key_set_more:
        services.blocker_create(project=p, category="tax", description="税收", authority="税务局")
    with CaptureQueriesContext(connection) as large:
        groups = selectors.key_projects(leader, park, days(100))
    assert sum(len(g.projects) for g in groups) == 9
    assert len(large.captured_queries) == len(small.captured_queries) == 3
    capped = selectors.key_projects(leader, park, days(100), limit=3)
    province = next(g for g in capped if g.level == KeyLevel.PROVINCE)
    assert (len(province.projects), province.count) == (3, 7)


# --- blockers -----------------------------------------------------------------------


@pytest.fixture
def blockers(world, make_project, park_b_project):
    project = make_project("受阻项目")
    other = make_project(
        "另一个受阻项目", confidential=True, code_name="代号丁", user=world.users[Role.ADMIN]
    )

    def block(p, raised, deadline=None, **kw):
        kw.setdefault("category", BlockerCategory.PLANNING)
        return services.blocker_create(
            project=p,
            description=kw.pop("description", "规划调整"),
            authority=kw.pop("authority", "市规划局"),
            raised_on=raised,
            deadline=deadline,
            **kw,
        )

    late = block(project, days(20), days(30), escalation=Escalation.CITY)
    oldest = block(other, days(5), category=BlockerCategory.LAND_POLICY)
    fresh = block(project, days(40), days(200), category=BlockerCategory.TAX)
    done = block(project, days(1))
    services.blocker_update(
        blocker=done, expected_version=1, status=BlockerStatus.RESOLVED, resolution="已协调"
    )
    block(park_b_project, days(2))
    return oldest, late, fresh


def test_blockers_board_open_oldest_first(world, blockers):
    oldest, late, fresh = blockers
    rows = list(selectors.open_blockers(world.users[Role.STAFF], world.parks[0]))
    assert [b.pk for b in rows] == [oldest.pk, late.pk, fresh.pk]
    assert rows[0].project_name == "代号丁"
    summary = selectors.blocker_summary(world.users[Role.STAFF], world.parks[0], today=days(100))
    assert (summary["total"], summary["overdue"]) == (3, 1)
    assert {c["category"]: c["count"] for c in summary["by_category"]} == {
        BlockerCategory.PLANNING: 1,
        BlockerCategory.LAND_POLICY: 1,
        BlockerCategory.TAX: 1,
    }
    assert summary["by_escalation"][0] == {
        "escalation": Escalation.CITY,
        "label": str(Escalation.CITY.label),
        "count": 1,
    }
    assert list(selectors.open_blockers(world.users[Role.DEPARTMENT], world.parks[0])) == []


# --- stalls -------------------------------------------------------------------------


def test_stall_flags_at_the_thresholds(world, pipeline, make_project, move):
    """GIVEN the default rules (a talk after 91 days without progress, dropping after
    273) THEN a project is flagged exactly at the thresholds; an activity or a move is
    progress; closed and landed projects are never flagged."""
    staff, park = world.users[Role.STAFF], world.parks[0]
    rules = Pipeline.objects.get(park=park)
    assert (rules.talk_after_days, rules.drop_after_days) == (91, 273)
    make_project("无进展项目")
    visited = make_project("有走访项目")
    services.activity_create(
        project=visited, kind=ActivityKind.VISIT, summary="走访", occurred_on=days(100)
    )
    moved = make_project("有推进项目")
    move(moved, "negotiation", days(150))
    paused = make_project("暂停项目")
    services.project_set_status(
        project=paused,
        status="paused",
        expected_version=paused.version,
        note="投资方调整",
        on=days(10),
    )
    lost = make_project("已流失项目")
    lose(
        lost,
        reason=LossReason.OTHER,
        lost_on=days(1),
        destinations=[{"place": "外省", "level": "province"}],
    )
    landed = make_project("已落地项目")
    landed = move(landed, "signed", days(2), signed_on=days(2), contracted_amount=Decimal("10"))
    landed = services.project_update(
        project=landed,
        expected_version=landed.version,
        registered_on=days(2),
        land_paid_on=days(2),
        construction_started_on=days(3),
    )
    assert landed.status == "landed"

    def flags(today):
        rows = selectors.with_stall(selectors.stalled_projects(staff, park, today), today, rules)
        return {p.name: p.stall for p in rows}

    assert flags(days(90)) == {}
    assert flags(days(91)) == {"无进展项目": "talk"}
    assert flags(days(190)) == {"无进展项目": "talk", "暂停项目": "talk"}
    assert flags(days(100)) == {"无进展项目": "talk"}
    assert flags(days(101)) == {"无进展项目": "talk", "暂停项目": "talk"}  # paused counts
    assert flags(days(191)) == {"无进展项目": "talk", "有走访项目": "talk", "暂停项目": "talk"}
    assert set(flags(days(241))) == {"无进展项目", "有走访项目", "有推进项目", "暂停项目"}
    assert flags(days(272))["无进展项目"] == "talk"
    assert flags(days(273))["无进展项目"] == "drop"
    assert flags(days(373)) == {
        "无进展项目": "drop",
        "暂停项目": "drop",
        "有走访项目": "drop",
        "有推进项目": "talk",
    }
    stalled = selectors.stalled_projects(staff, park, days(373))
    assert [p.name for p in stalled] == ["无进展项目", "暂停项目", "有走访项目", "有推进项目"]
    assert selectors.stall_counts(stalled, days(373), rules) == {"total": 4, "talk": 1, "drop": 3}


def test_stall_thresholds_follow_the_park_pipeline(world, make_project):
    staff, park = world.users[Role.STAFF], world.parks[0]
    make_project("无进展项目")
    rules = Pipeline.objects.get(park=park)
    services.pipeline_update(
        pipeline=rules, expected_version=rules.version, talk_after_days=30, drop_after_days=60
    )
    rules.refresh_from_db()
    assert selectors.pipeline_rules(staff, park).talk_after_days == 30
    rows = selectors.with_stall(selectors.stalled_projects(staff, park, days(60)), days(60), rules)
    assert [p.stall for p in rows] == ["drop"]
    assert list(selectors.stalled_projects(staff, park, days(29))) == []


# --- lead deadlines -----------------------------------------------------------------


def test_lead_deadlines(world, pipeline, make_project, move):
    staff, park = world.users[Role.STAFF], world.parks[0]
    answered_late = make_project("回复晚了", screened_on=days(3))
    services.activity_create(
        project=answered_late, kind=ActivityKind.CALL, summary="回电", occurred_on=days(2)
    )
    services.activity_create(
        project=answered_late, kind=ActivityKind.FEEDBACK, summary="反馈", occurred_on=days(5)
    )
    waiting = make_project("刚来的线索", first_contact_on=days(8))
    in_time = make_project("按时处理", screened_on=days(1))
    services.activity_create(
        project=in_time, kind=ActivityKind.CALL, summary="回电", occurred_on=days(1)
    )
    services.activity_create(
        project=in_time, kind=ActivityKind.FEEDBACK, summary="反馈", occurred_on=days(7)
    )
    make_project("老线索", first_contact_on=DAY - dt.timedelta(days=200))  # stalled, not new
    past_screening = make_project("已进入洽谈")
    move(past_screening, "negotiation", days(2))

    rows = {r.project.pk: r for r in selectors.lead_deadlines(staff, park, days(10))}
    assert set(rows) == {answered_late.pk, waiting.pk}
    late = dict((d.step, state) for d, state in rows[answered_late.pk].cells())
    assert late == {"answer": "done_late", "screen": "done", "feedback": "done"}
    assert rows[answered_late.pk].late
    fresh = dict((d.step, state) for d, state in rows[waiting.pk].cells())
    assert fresh == {"answer": "overdue", "screen": "open", "feedback": "open"}
    order = [r.project.pk for r in selectors.lead_deadlines(staff, park, days(10))]
    assert order == [waiting.pk, answered_late.pk]  # an overdue deadline first
    # a lead that just moved past screening stays while its feedback is due
    assert past_screening.pk in {
        r.project.pk for r in selectors.lead_deadlines(staff, park, days(6))
    }


# --- my tasks and overdue next steps ------------------------------------------------


def test_my_tasks_only_the_users_own(world, make_project):
    staff, leader, park = world.users[Role.STAFF], world.users[Role.LEADER], world.parks[0]
    project = make_project("跟进项目")
    mine_late = services.activity_create(
        project=project,
        kind=ActivityKind.VISIT,
        summary="走访",
        occurred_on=days(1),
        next_step="发送政策材料",
        due_on=days(5),
        user=staff,
    )
    mine_undated = services.activity_create(
        project=project,
        kind=ActivityKind.CALL,
        summary="电话",
        occurred_on=days(2),
        next_step="约见面",
        user=staff,
    )
    mine_soon = services.activity_create(
        project=project,
        kind=ActivityKind.CALL,
        summary="电话",
        occurred_on=days(2),
        next_step="报送材料",
        due_on=days(60),
        user=staff,
    )
    services.activity_create(
        project=project,
        kind=ActivityKind.CALL,
        summary="已办",
        occurred_on=days(2),
        next_step="已完成的",
        due_on=days(3),
        done_on=days(3),
        user=staff,
    )
    theirs = services.activity_create(
        project=project,
        kind=ActivityKind.MEETING,
        summary="会议",
        occurred_on=days(3),
        next_step="领导协调",
        due_on=days(4),
        user=leader,
    )
    services.activity_create(
        project=project, kind=ActivityKind.CALL, summary="没有下一步", user=staff
    )
    lost = make_project("已流失")
    services.activity_create(
        project=lost,
        kind=ActivityKind.CALL,
        summary="电话",
        occurred_on=days(2),
        next_step="不再需要",
        due_on=days(4),
        user=staff,
    )
    lose(
        lost,
        reason=LossReason.OTHER,
        lost_on=days(5),
        destinations=[{"place": "外省", "level": "province"}],
    )

    mine = list(selectors.my_tasks(staff, park))
    assert [a.pk for a in mine] == [mine_late.pk, mine_soon.pk, mine_undated.pk]
    assert [a.pk for a in selectors.my_tasks(leader, park)] == [theirs.pk]
    overdue = list(selectors.overdue_steps(leader, park, days(10)))
    assert [a.pk for a in overdue] == [theirs.pk, mine_late.pk]
    assert list(selectors.my_tasks(world.users[Role.DEPARTMENT], park)) == []
