"""The leaders' dashboard part of the indicators: the key indicators on the latest
period with data, each row and bar opening the indicator at that month, the
enterprises behind the change, late key tasks; only the committee sees the park's
totals, a department's home sums its own enterprises only."""

import datetime as dt
import html
import json
import re
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.indicators import selectors, services
from tests.clients import page_client

WAN = D(10_000)
AS_OF = dt.date(2020, 7, 20)


@pytest.fixture
def returns(world, library, staff):
    """Gross output, year to date at June: enterprise 1 (department 1) 600万 in 2019,
    450万 in 2020; enterprise 2 (department 2) 400万 → 700万; enterprise 3
    (department 1) 100万 in 2020 only. The park: 1000万 → 1250万 (+25%); department
    1: 600万 → 550万. A 2020 target of 2000万 for gross output."""
    one, two, three = world.enterprises[:3]
    filings = [
        (one, 2019, 600),
        (one, 2020, 450),
        (two, 2019, 400),
        (two, 2020, 700),
        (three, 2020, 100),
    ]
    with override_settings(AS_OF=AS_OF):
        for enterprise, year, ytd in filings:
            monthly_return_file(
                user=staff,
                enterprise=enterprise,
                year=year,
                period_start=1,
                period_end=6,
                basis="ytd",
                values={"gross_output": ytd * WAN, "revenue": ytd * 2 * WAN},
                source="statistics",
                confirm_jumps=True,
            )
    services.target_save(
        indicator=library["gross_output"], year=2020, kind="level", value=2000 * WAN, user=staff
    )
    return library


@pytest.fixture
def late_task(park, staff, units):
    return services.key_task_create(
        park=park,
        user=staff,
        year=2020,
        title="医疗产业园用地报批",
        deadline=dt.date(2020, 6, 30),
        status="in_progress",
        unit=units[0],
    )


@override_settings(AS_OF=AS_OF)
def test_the_dashboard_reads_the_latest_month_with_returns(world, returns):
    board = selectors.dashboard(world.parks[0], world.users[Role.LEADER])
    assert (board.year, board.month) == (2020, 6)
    # only the indicators with a target this year are key
    assert [r.indicator.code for r in board.rows] == ["gross_output"]
    row = board.rows[0]
    assert row.ytd == 1250 * WAN and row.growth == 25
    assert row.completion == D("0.625")
    assert [c.name for c in board.headline.decliners] == [world.enterprises[0].name]


@override_settings(AS_OF=dt.date(2021, 3, 10))
def test_without_returns_this_year_the_dashboard_reads_last_years_latest(world, returns):
    board = selectors.dashboard(world.parks[0], world.users[Role.STAFF])
    assert (board.year, board.month) == (2020, 6)


@override_settings(AS_OF=AS_OF)
@pytest.mark.parametrize("role", [Role.LEADER, Role.STAFF, Role.ADMIN])
def test_the_committee_sees_the_indicators_first_each_linking_to_its_records(
    world, returns, late_task, role
):
    gross = returns["gross_output"]
    page = page_client(world.users[role]).get("/")
    text = page.content.decode()
    assert page.status_code == 200
    part = text.index('data-testid="indicator-dashboard"')
    assert part < text.index('data-testid="totals"')  # first, above the park's totals
    link = f'href="/indicators/{gross.pk}/?year=2020&amp;month=6" data-testid="key-indicator"'
    assert link in text
    assert ">62.5%<" in text and ">25%<" in text  # completion, year on year
    # the trend's bars open the indicator at their month
    found = re.search(r"id=\"chart-indicator-trend\"[^>]*data-option='([^']*)'", text)
    option = json.loads(html.unescape(found[1]))
    urls = [item["url"] for item in option["series"][0]["data"] if isinstance(item, dict)]
    assert f"/indicators/{gross.pk}/?year=2020&month=6" in urls
    # the decliner opens the enterprise, the late task its page
    decliners = text[text.index('data-testid="decliners"') :]
    assert f'href="/enterprises/{world.enterprises[0].pk}/"' in decliners.split("</ul>")[0]
    late = text[text.index('data-testid="late-tasks"') :].split("</ul>")[0]
    assert f'href="/indicators/tasks/{late_task.pk}/"' in late and "医疗产业园用地报批" in late
    assert 'href="/indicators/tasks/?late=true" data-testid="late-task-count">1<' in text


@override_settings(AS_OF=AS_OF)
def test_a_department_home_sums_its_own_enterprises_never_the_parks(world, returns):
    page = page_client(world.users[Role.DEPARTMENT]).get("/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="indicator-dashboard"' not in text
    figures = text[text.index('data-testid="department-figures"') :].split("</table>")[0]
    # department 1: enterprises 1 and 3, 550万 against 600万; never the park's 1,250
    assert "550" in figures and "600" in figures and "-8.3%" in figures
    assert "1,250" not in text and "1,000" not in figures
    decliners = text[text.index('data-testid="department-decliners"') :].split("</ul>")[0]
    assert world.enterprises[0].name in decliners
    assert world.enterprises[1].name not in text  # department 2's enterprise


@override_settings(AS_OF=AS_OF)
@pytest.mark.parametrize("role", [Role.SURVEY, Role.ENTERPRISE])
def test_other_roles_get_no_indicator_part(world, returns, role):
    client = page_client(world.users[role])
    text = client.get("/", follow=True).content.decode()
    assert 'data-testid="indicator-dashboard"' not in text
    assert 'data-testid="department-indicators"' not in text
