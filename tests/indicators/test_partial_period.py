"""A month not every above-size enterprise has filed for yet: the pages say how many of
those expected filed ("已报 1/4 家"), and the year-on-year comparison is like with
like: the enterprises that have not filed yet are left out of last year's figure and
of the enterprises behind the change, so that a late return does not read as a fall.
An enterprise that is no longer above size and stopped filing still counts as one."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.indicators import selectors, services
from tests.clients import api_client, page_client
from tests.factories import EnterpriseFactory

WAN = D(10_000)
AS_OF = dt.date(2020, 7, 20)  # June's returns were due by 18 July


def _file(enterprise, year, end, output):
    monthly_return_file(
        user=None,
        enterprise=enterprise,
        year=year,
        period_start=1,
        period_end=end,
        basis="ytd",
        values={"gross_output": output * WAN},
        source="statistics",
        confirm_jumps=True,
    )


@pytest.fixture
def late(world, library):
    """Park A's four enterprises are above size, each 100万 of output by June 2019. For
    June 2020 only the first (department 1) filed, 110万; the other three filed May
    (90万) and are late for June. A fifth enterprise (department 1), not above size,
    filed 50万 by June 2019 and nothing since: it left. The park by June: 110万 against
    450万 of every enterprise last year, 150万 of the same ones (−26.7 %, not −75.6 %)."""
    world.enterprises[0].__class__.objects.filter(
        pk__in=[e.pk for e in world.enterprises[:4]]
    ).update(is_above_size=True)
    gone = EnterpriseFactory(
        park=world.parks[0],
        phase=world.phases[0],
        department=world.departments[0],
        name="已退出企业",
    )
    with override_settings(AS_OF=AS_OF):
        for enterprise in world.enterprises[:4]:
            _file(enterprise, 2019, 6, 100)
        _file(gone, 2019, 6, 50)
        _file(world.enterprises[0], 2020, 6, 110)
        for enterprise in world.enterprises[1:4]:
            _file(enterprise, 2020, 5, 90)
    services.target_save(
        indicator=library["gross_output"], year=2020, kind="level", value=500 * WAN
    )
    return gone


@override_settings(AS_OF=AS_OF)
def test_the_growth_compares_the_same_enterprises_not_the_late_ones(world, library, late):
    board = selectors.dashboard(world.parks[0], world.users[Role.LEADER])
    assert (board.year, board.month) == (2020, 6)
    assert (board.filing.filed, board.filing.expected, board.filing.late) == (1, 4, 3)
    row = board.rows[0]
    assert row.ytd == 110 * WAN and row.partial
    assert row.last_ytd_all == 450 * WAN  # every enterprise's June 2019
    assert row.last_ytd == 150 * WAN  # the three late ones left out
    assert round(row.growth, 2) == D("-26.67")  # not −75.56 %: the missing firms' drop
    # the enterprises behind the change: the one that left, never the late ones
    detail = board.headline
    assert [c.name for c in detail.decliners] == ["已退出企业"]
    assert [c.pk for c in detail.risers] == [world.enterprises[0].pk]
    assert detail.total_change == row.ytd - row.last_ytd
    # the progress table reads the same
    table = selectors.progress_table(world.parks[0], 2020, 6, world.users[Role.STAFF])
    same = next(r for r in table if r.indicator.code == "gross_output")
    assert same.last_ytd == 150 * WAN and same.growth == row.growth


@override_settings(AS_OF=AS_OF)
def test_once_everyone_filed_every_enterprise_counts_again(world, library, late):
    with override_settings(AS_OF=AS_OF):
        for enterprise in world.enterprises[1:4]:
            _file(enterprise, 2020, 6, 100)
    board = selectors.dashboard(world.parks[0], world.users[Role.LEADER])
    row = board.rows[0]
    assert (board.filing.filed, board.filing.expected) == (4, 4) and not row.partial
    assert row.last_ytd == row.last_ytd_all == 450 * WAN
    assert row.ytd == 410 * WAN and round(row.growth, 2) == D("-8.89")
    # the three at 100 → 100 do not change: the one that left is the only fall
    assert [c.name for c in board.headline.decliners] == ["已退出企业"]


@override_settings(AS_OF=AS_OF)
@pytest.mark.parametrize(
    ("language", "filed", "note"),
    [
        ("zh-hans", "已报 1/4 家", "同比按同口径计算"),
        ("en", "1 of 4 filed", "Year on year compares the same enterprises"),
    ],
)
def test_the_dashboard_and_the_progress_page_say_who_filed(
    world, library, late, language, filed, note
):
    client = page_client(world.users[Role.LEADER], language)
    home = client.get("/").content.decode()
    part = home[home.index('data-testid="indicator-dashboard"') :]
    assert filed in part.split('data-testid="key-indicators"')[0]
    assert note in part[part.index('data-testid="partial-note"') :]
    assert "-26.7%" in part and "-75.6%" not in part
    assert 'href="/enterprises/monthly/late/"' in part.split('data-testid="key-indicators"')[0]
    progress = client.get("/indicators/", {"year": 2020, "month": 6}).content.decode()
    assert filed in progress and note in progress
    gross = library["gross_output"].pk
    page = client.get(f"/indicators/{gross}/", {"year": 2020, "month": 6}).content.decode()
    figures = page[page.index('data-testid="indicator-figures"') :]
    assert ">1/4<" in figures and note in figures and "-26.7%" in figures


@override_settings(AS_OF=AS_OF)
def test_the_api_gives_the_filers_and_both_figures_of_last_year(world, late):
    rows = api_client(world.users[Role.LEADER]).get(
        "/api/indicator-progress/", {"year": 2020, "month": 6}
    )
    assert rows.status_code == 200
    gross = next(r for r in rows.json() if r["code"] == "gross_output")
    assert (gross["filed"], gross["expected"]) == (1, 4)
    assert gross["last_ytd"] == 1_500_000 and gross["last_ytd_all"] == 4_500_000
    assert gross["growth_percent"] == -26.67
    manual = next(r for r in rows.json() if r["code"] == "fixed_investment")
    assert manual["filed"] is None and manual["expected"] is None


@override_settings(AS_OF=AS_OF)
def test_a_departments_home_compares_its_own_enterprises_like_with_like(world, late):
    # department 1: the first enterprise (filed), the third (late) and the one that left
    page = page_client(world.users[Role.DEPARTMENT], "zh-hans").get("/").content.decode()
    part = page[page.index('data-testid="department-indicators"') :]
    assert "已报 1/2 家" in part and "同比按同口径计算" in part
    figures = part[part.index('data-testid="department-figures"') :].split("</table>")[0]
    assert "110" in figures and "150" in figures and "-26.7%" in figures
    decliners = part[part.index('data-testid="department-decliners"') :].split("</ul>")[0]
    assert "已退出企业" in decliners and world.enterprises[2].name not in decliners
