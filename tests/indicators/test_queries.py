"""The progress table's queries do not grow with the indicators, the enterprises or
their returns (one read of the park's stored monthly totals for every indicator summed
from the returns, one for the values by hand, one per kind of project computation), and
what it reads that way is what each indicator's own series says."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core.choices import Role
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.indicators import selectors, services, sources
from tests.factories import EnterpriseFactory

WAN = D(10_000)


@pytest.fixture(autouse=True)
def as_of(settings):
    settings.AS_OF = dt.date(2020, 7, 20)


def file_year(enterprise, year, output):
    for end in (2, 4, 6):
        monthly_return_file(
            user=None,
            enterprise=enterprise,
            year=year,
            period_start=1 if end == 2 else end - 1,
            period_end=end,
            basis="ytd",
            values={"gross_output": output * end * WAN, "tax_total": output * end * 100},
            source="statistics",
            confirm_jumps=True,
        )


def progress_queries(park, user) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.progress_table(park, 2020, 6, user)
    return len(captured.captured_queries), rows


def test_the_progress_tables_queries_do_not_grow_with_indicators_or_enterprises(
    world, library, park
):
    leader = world.users[Role.LEADER]
    for n, enterprise in enumerate(world.enterprises[:2], 1):
        file_year(enterprise, 2019, n)
        file_year(enterprise, 2020, n + 1)
    services.target_save(indicator=library["gross_output"], year=2020, kind="level", value=WAN)
    first, rows = progress_queries(park, leader)
    assert len(rows) == len(library)

    for n in range(6):  # more enterprises with returns
        enterprise = EnterpriseFactory(park=park)
        file_year(enterprise, 2019, n + 3)
        file_year(enterprise, 2020, n + 4)
    for code, field in (("profit_sum", "profit"), ("energy", "energy_tce"), ("tax2", "tax_total")):
        services.indicator_create(
            park=park,
            code=code,
            name=code,
            unit="yuan" if field != "energy_tce" else "tce",
            display_unit="万元" if field != "energy_tce" else "吨标煤",
            direction="higher",
            source="monthly",
            monthly_field=field,
        )
    services.indicator_create(
        park=park,
        code="signed_again",
        name="签约项目（再）",
        unit="count",
        display_unit="个",
        direction="higher",
        source="projects",
        computation="projects_signed",
    )
    services.indicator_create(
        park=park,
        code="by_hand",
        name="手工指标",
        unit="yuan",
        display_unit="万元",
        direction="higher",
        source="manual",
    )
    services.target_save(indicator=library["tax_total"], year=2020, kind="level", value=WAN)
    second, rows = progress_queries(park, leader)
    assert len(rows) == len(library) + 5
    assert second == first

    by_code = {r.indicator.code: r for r in rows}
    assert by_code["gross_output"].ytd == sum(6 * (n + 1) for n in range(1, 9)) * WAN
    # each row reads what the indicator's own series says, one indicator at a time
    for row in rows:
        own = sources.series(row.indicator, 2020, user=leader, through=6)
        last = sources.series(row.indicator, 2019, user=leader, through=12)
        months = [m for m in own if m <= 6]
        assert row.ytd == (own[max(months)] if months else None), row.indicator.code
        assert row.last_total == last.get(12), row.indicator.code
