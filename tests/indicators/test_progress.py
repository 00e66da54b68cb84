"""The progress table from the projects and the values by hand, against hand-computed
figures: funds in place (内资 / 外资), projects signed and started, a level target
behind elapsed time, a growth target, the projection and the contributions."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.indicators import report, selectors, services, sources
from parkbase.projects import services as project_services

WAN, YI = D(10_000), D(100_000_000)


@pytest.fixture
def pipeline_data(park, staff, make_project):
    """Three projects: A signed March 2019 (4000万 in place from a local investor in
    April 2019, 5000万 in March 2020), B signed August 2019 (a foreign investor's 1000万
    in April 2020, the city's start-up 2000万 the same month), C signed February 2020
    and started in May 2020."""
    local = project_services.investor_create(
        park=park, user=staff, name="沈阳某集团", origin="local"
    )
    foreign = project_services.investor_create(
        park=park, user=staff, name="德国某公司", origin="foreign"
    )
    a = make_project("项目甲", signed_on=dt.date(2019, 3, 10), contracted_amount=3 * YI)
    b = make_project("项目乙", signed_on=dt.date(2019, 8, 1), contracted_amount=YI)
    c = make_project(
        "项目丙",
        signed_on=dt.date(2020, 2, 20),
        contracted_amount=2 * YI,
        construction_started_on=dt.date(2020, 5, 6),
    )

    def money(project, amount, on, source="investor", investor=None, name=""):
        project_services.funding_add(
            project=project,
            kind="in_place",
            amount=amount,
            dated_on=on,
            source=source,
            investor=investor,
            source_name=name,
            user=staff,
            confirm_over_contract=True,
        )

    money(a, 4000 * WAN, dt.date(2019, 4, 2), investor=local)
    money(a, 5000 * WAN, dt.date(2020, 3, 15), investor=local)
    money(b, 1000 * WAN, dt.date(2020, 4, 1), investor=foreign)
    money(b, 2000 * WAN, dt.date(2020, 4, 9), source="government", name="市财政")
    return {"a": a, "b": b, "c": c}


def test_funds_in_place_split_domestic_and_foreign(library, pipeline_data):
    domestic = sources.series(library["funds_domestic"], 2020, through=6)
    assert domestic[2] == 0 and domestic[3] == 5000 * WAN and domestic[6] == 5000 * WAN
    foreign = sources.series(library["funds_foreign"], 2020, through=6)
    assert foreign[3] == 0 and foreign[4] == 1000 * WAN
    assert sources.series(library["funds_domestic"], 2019)[12] == 4000 * WAN


def test_projects_signed_started_and_their_amount(library, pipeline_data):
    assert sources.series(library["projects_signed"], 2019)[12] == 2
    assert sources.series(library["projects_signed"], 2019)[7] == 1
    assert sources.series(library["projects_signed"], 2020, through=6)[6] == 1
    assert sources.series(library["signed_amount"], 2020, through=3)[3] == 2 * YI
    started = sources.series(library["projects_started"], 2020, through=6)
    assert started[4] == 0 and started[5] == 1


def test_a_level_target_on_time_with_growth_and_implied_growth(library, pipeline_data, staff):
    domestic = library["funds_domestic"]
    services.target_save(
        indicator=domestic,
        year=2020,
        kind="level",
        value=YI,
        threshold=5,
        months=[YI / 12 * 0 + D("8333333.33")] * 11 + [D("8333333.37")],
        user=staff,
    )
    row = selectors.progress_row(
        domestic, domestic.targets.get(year=2020), 2020, 6, selectors.SeriesCache()
    )
    assert row.data_month == 6 and row.ytd == 5000 * WAN
    assert row.completion == D("0.5") and row.lead == 0 and not row.behind
    assert row.last_ytd == 4000 * WAN and row.growth == 25
    assert row.implied_growth == 150  # 1亿 over last year's 4000万
    assert row.planned_ytd == D("8333333.33") * 6
    assert row.shown(row.ytd) == D("0.5")  # in 亿元


@override_settings(AS_OF=dt.date(2020, 7, 20))
def test_a_value_by_hand_behind_elapsed_time_alerts_and_is_projected(library, staff):
    fai = library["fixed_investment"]
    for year, month, value in ((2019, 6, 2 * YI), (2019, 12, 5 * YI), (2020, 6, D("2.2") * YI)):
        services.manual_value_save(
            indicator=fai, year=year, period_end=month, value=value, source="区统计局", user=staff
        )
    services.target_save(indicator=fai, year=2020, kind="level", value=6 * YI, user=staff)
    row = selectors.progress_row(fai, fai.targets.get(year=2020), 2020, 6, selectors.SeriesCache())
    # 2.2 of 6: 36.67 %, 13.33 points behind the 50 % of June: over the 5-point threshold
    assert round(row.completion * 100, 2) == D("36.67")
    assert round(row.lead, 2) == D("-13.33") and row.alert
    assert row.growth == 10 and row.implied_growth == 20
    # 2019 had done 40 % by June: 2.2 / 0.4 = 5.5, short of 6
    assert row.projection.central == D("5.5") * YI and row.projection.meets == "no"
    # the default month split follows 2019's shape: 40 % by June
    months = services.default_months(fai, 6 * YI, selectors.past_years_series(fai, 2020))
    assert sum(months[:6]) == D("2.4") * YI and sum(months) == 6 * YI
    assert selectors.latest_month(2020) == 6


@override_settings(AS_OF=dt.date(2020, 7, 20))
def test_a_growth_target_against_the_rate_published(library, staff):
    growth = library["value_added_growth"]
    services.manual_value_save(
        indicator=growth, year=2020, period_end=6, value=D("6.5"), user=staff
    )
    services.target_save(
        indicator=growth, year=2020, kind="growth", value=8, threshold=1, user=staff
    )
    row = selectors.progress_row(
        growth,
        growth.targets.get(year=2020),
        2020,
        selectors.latest_month(2020),
        selectors.SeriesCache(),
    )
    assert row.ytd == D("6.5") and row.lead == D("-1.5") and row.alert
    assert row.projection is None  # a rate is not projected


@override_settings(AS_OF=dt.date(2020, 7, 20))
def test_a_count_indicator_is_projected_in_whole_numbers(library, pipeline_data, staff):
    """One project started by May 2020 and none in the past years: 12/5 = 2.4 in a
    straight line, projected as 2 projects."""
    started = library["projects_started"]
    services.target_save(indicator=started, year=2020, kind="level", value=3, user=staff)
    row = selectors.progress_row(
        started, started.targets.get(year=2020), 2020, 5, selectors.SeriesCache()
    )
    assert row.ytd == 1 and row.projection.basis == "linear"
    assert row.projection.central == row.projection.low == row.projection.high == 2
    assert row.projection.meets == "no"
    assert report.cells(row)[10] == "2"
    table = {r.indicator.code: r for r in selectors.progress_table(started.park, 2020, 5)}
    assert table["projects_started"].projection.central == 2


def test_a_month_without_figures_reads_the_latest_before_it(library, staff):
    with override_settings(AS_OF=dt.date(2020, 12, 20)):
        services.manual_value_save(
            indicator=library["fixed_investment"], year=2020, period_end=3, value=YI, user=staff
        )
    row = selectors.progress_row(
        library["fixed_investment"], None, 2020, 5, selectors.SeriesCache()
    )
    assert row.data_month == 3 and row.elapsed == D(3) / 12


def test_contributions_name_the_projects_behind_the_change(library, pipeline_data):
    detail = selectors.indicator_detail(library["funds_domestic"], 2020, 6)
    assert detail.total_change == 1000 * WAN  # 5000万 against 4000万
    assert [c.name for c in detail.risers] == ["项目甲"]
    assert detail.risers[0].change == 1000 * WAN and detail.risers[0].share == 1
    assert detail.this_year[6] == 5000 * WAN and detail.last_year[6] == 4000 * WAN
    assert selectors.monthly_values({2: D(30), 3: D(45)}) == {2: 30, 3: 15}
