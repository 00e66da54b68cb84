"""The month the progress table is read at when none is asked for: the latest month with
the park's monthly returns, not after the as-of date (a year's end has all twelve),
on the page, the API and the command line alike; the last month over without any."""

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.indicators import selectors
from tests.clients import api_client, page_client

WAN = D(10_000)
YEAR_END = dt.date(2020, 12, 31)


@pytest.fixture
def file_through(world, staff):
    """File the first enterprise's returns of ``year`` up to ``last`` (year to date)."""

    def file(year: int, last: int):
        with override_settings(AS_OF=dt.date(year + 1, 1, 10)):  # every month over
            for end in [2, *range(3, last + 1)]:
                monthly_return_file(
                    user=staff,
                    enterprise=world.enterprises[0],
                    year=year,
                    period_start=1 if end == 2 else end,
                    period_end=end,
                    basis="ytd",
                    values={"gross_output": 100 * end * WAN},
                    source="statistics",
                    confirm_jumps=True,
                )

    return file


def page_period(user, **params) -> tuple[int, int]:
    response = page_client(user).get("/indicators/", params)
    assert response.status_code == 200
    return response.context["year"], response.context["month"]


def command_month(year: int) -> int:
    out = StringIO()
    call_command("indicators", "status", "--year", str(year), "--park", "a", "--json", stdout=out)
    return {r["month"] for r in json.loads(out.getvalue())}.pop()


@override_settings(AS_OF=YEAR_END)
def test_at_a_years_end_the_table_reads_the_latest_month_with_returns(
    world, library, park, file_through
):
    file_through(2020, 10)
    leader = world.users[Role.LEADER]
    assert selectors.default_month(park, 2020) == 10
    assert page_period(leader) == (2020, 10)
    assert page_period(leader, year=2020) == (2020, 10)
    assert page_period(leader, year=2020, month=7) == (2020, 7)  # asked for: kept
    assert command_month(2020) == 10
    rows = api_client(leader).get("/api/indicator-progress/").json()
    assert {r["month"] for r in rows} == {10}
    gross = next(
        r for r in selectors.progress_table(park, 2020) if r.indicator.code == "gross_output"
    )
    assert gross.month == gross.data_month == 10 and gross.ytd == 1000 * WAN
    # the indicator's own page opens at the same month
    page = page_client(leader).get(f"/indicators/{library['gross_output'].pk}/")
    assert page.context["month"] == 10


@override_settings(AS_OF=YEAR_END)
def test_december_counts_on_the_years_last_day_and_not_before(world, library, park, file_through):
    file_through(2020, 12)
    assert selectors.default_month(park, 2020) == 12
    assert page_period(world.users[Role.STAFF]) == (2020, 12)
    assert command_month(2020) == 12
    with override_settings(AS_OF=dt.date(2020, 12, 30)):  # December ends after it
        assert selectors.default_month(park, 2020) == 11
        assert page_period(world.users[Role.STAFF]) == (2020, 11)
    with override_settings(AS_OF=dt.date(2020, 8, 31)):  # a month's last day
        assert selectors.default_month(park, 2020) == 8
    with override_settings(AS_OF=dt.date(2020, 8, 30)):
        assert selectors.default_month(park, 2020) == 7


@override_settings(AS_OF=YEAR_END)
def test_without_returns_this_year_the_page_opens_on_the_latest_ones(
    world, library, park, file_through
):
    """Returns of 2019 only, read as of the end of 2020. The page opens on
    December 2019, as the dashboard does; a year without returns reads its last month
    over."""
    file_through(2019, 12)
    leader = world.users[Role.LEADER]
    assert page_period(leader) == (2019, 12)
    assert selectors.data_period(park, leader) == (2019, 12)
    assert page_period(leader, year=2020) == (2020, 11)
    assert command_month(2020) == 11 and command_month(2019) == 12
