"""Indicators summed from the monthly returns (through the enterprises app's
selectors): the park's year to date with a combined 1–2月 return, growth against the
same period last year, new above-size enterprises, and the enterprises that explain
the change."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.indicators import selectors, sources

WAN = D(10_000)


@pytest.fixture
@override_settings(AS_OF=dt.date(2020, 7, 20))
def returns(world, library):
    """Enterprise 1 files year-to-date output: 2019 1–2月 200万, 1–6月 600万; 2020 1–2月
    150万, 1–6月 450万. Enterprise 2 files 2019 1–6月 400万, 2020 1–6月 700万;
    enterprise 3 files only in 2020 (1–6月 100万): new above size."""
    staff = world.users[Role.STAFF]
    one, two, three = world.enterprises[:3]
    filings = [
        (one, 2019, 1, 2, 200),
        (one, 2019, 3, 6, 600),
        (one, 2020, 1, 2, 150),
        (one, 2020, 3, 6, 450),
        (two, 2019, 1, 6, 400),
        (two, 2020, 1, 6, 700),
        (three, 2020, 1, 6, 100),
    ]
    with override_settings(AS_OF=dt.date(2020, 7, 20)):
        for enterprise, year, start, end, ytd in filings:
            monthly_return_file(
                user=staff,
                enterprise=enterprise,
                year=year,
                period_start=1 if end == 2 else start,
                period_end=end,
                basis="ytd",
                values={"gross_output": ytd * WAN},
                source="statistics",
                confirm_jumps=True,
            )
    return library


def test_the_park_total_is_the_sum_of_year_to_date_figures(returns):
    series = sources.series(returns["gross_output"], 2020, through=6)
    assert series[2] == 150 * WAN and series[6] == 1250 * WAN
    row = selectors.progress_row(returns["gross_output"], None, 2020, 6, selectors.SeriesCache())
    assert row.last_ytd == 1000 * WAN and row.growth == 25


def test_new_above_size_enterprises_file_first_this_year(returns):
    # no enterprise filed for December 2019: all three filing in 2020 are new
    new = sources.series(returns["new_above_size"], 2020, through=6)
    assert new[1] == 0 and new[2] == 1 and new[6] == 3  # two filed 1–6月 at once


def test_contributions_name_the_enterprises(returns, world):
    detail = selectors.indicator_detail(returns["gross_output"], 2020, 6)
    assert detail.total_change == 250 * WAN
    assert [c.name for c in detail.decliners] == [world.enterprises[0].name]
    assert detail.decliners[0].change == -150 * WAN
    assert detail.decliners[0].share == D("-0.6")
    assert [c.name for c in detail.risers] == [world.enterprises[1].name, world.enterprises[2].name]
