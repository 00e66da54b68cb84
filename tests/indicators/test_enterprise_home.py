"""An enterprise user's home (its own file) shows its indicator part: its own year to
date of output and revenue from its returns against the same period last year, and
its returns of the year that are late or due; never the park's totals nor another
enterprise's figures, and nobody else's page shows it."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.enterprises import monthly_calendar
from parkbase.enterprises.models import Enterprise
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.indicators import contributions
from tests.clients import page_client

WAN = D(10_000)


def file(staff, enterprise, year, end, output, revenue, start=None):
    with override_settings(AS_OF=dt.date(year + 1, 1, 10)):
        monthly_return_file(
            user=staff,
            enterprise=enterprise,
            year=year,
            period_start=start or end,
            period_end=end,
            basis="ytd",
            values={"gross_output": output * WAN, "revenue": revenue * WAN},
            source="statistics",
            confirm_jumps=True,
        )


@pytest.fixture
def returns(world, library, staff):
    """The enterprise user's enterprise (the fourth): 1–2月, 3月 and 5月 of 2020 filed
    (April missing), year to date in May 500万 of output against 400万 in May 2019,
    revenue 300万 against 400万. Another enterprise of the park: 9,000万 in May 2020."""
    mine, other = world.enterprises[3], world.enterprises[0]
    Enterprise.objects.filter(pk__in=[mine.pk, other.pk]).update(is_above_size=True)
    file(staff, mine, 2019, 5, 400, 400, start=1)
    file(staff, mine, 2020, 2, 150, 100, start=1)
    file(staff, mine, 2020, 3, 250, 150)
    file(staff, mine, 2020, 5, 500, 300)
    file(staff, other, 2020, 5, 9000, 8000, start=1)
    return Enterprise.objects.get(pk=mine.pk)


def panel_of(text: str) -> str:
    start = text.index('data-testid="enterprise-indicators"')
    return text[start : text.index("</table>", start)]


@override_settings(AS_OF=dt.date(2020, 6, 10))  # May owed, due by 18 June
def test_the_enterprise_sees_its_own_year_to_date_and_its_returns(world, returns):
    page = page_client(world.users[Role.ENTERPRISE]).get("/", follow=True)
    assert page.redirect_chain[-1][0] == f"/enterprises/{returns.pk}/"
    text = page.content.decode()
    figures = panel_of(text)
    assert "2020, January–May" in figures
    # output 500 against 400: +25 %; revenue 300 against 400: −25 %
    assert '<td class="text-end">500</td><td class="text-end">400</td>' in figures
    assert "25%" in figures and "-25%" in figures
    assert "9,000" not in text and "9,500" not in text and "8,300" not in text  # no park sums
    returns_card = text[text.index('data-testid="enterprise-returns"') :].split("</ul>")[0]
    # April's return was due by 18 May: late; May's is filed
    assert 'data-testid="return-late"' in returns_card and "April 2020" in returns_card
    assert "2020-05-18" in returns_card
    assert 'data-testid="return-due"' not in returns_card
    assert "3 filed" in returns_card


@override_settings(AS_OF=dt.date(2020, 7, 10))  # June owed, due by 18 July
def test_the_return_owed_now_is_due_until_its_deadline(world, returns):
    standing = monthly_calendar.enterprise_returns(returns)
    assert [o.month for o in standing.late] == [4]
    assert standing.due.month == 6 and standing.due.data_by == dt.date(2020, 7, 18)
    text = page_client(world.users[Role.ENTERPRISE]).get(f"/enterprises/{returns.pk}/").text
    assert 'data-testid="return-due"' in text and "2020-07-18" in text
    with override_settings(AS_OF=dt.date(2020, 7, 19)):
        assert [o.month for o in monthly_calendar.enterprise_returns(returns).late] == [4, 6]
    # in February nothing of the new year is owed yet: the year before's returns stand
    with override_settings(AS_OF=dt.date(2021, 2, 5)):
        standing = monthly_calendar.enterprise_returns(returns)
        assert standing.year == 2020 and [o.month for o in standing.late] == [
            4,
            6,
            7,
            8,
            9,
            10,
            11,
            12,
        ]


@override_settings(AS_OF=dt.date(2020, 6, 10))
def test_the_part_is_the_enterprise_users_own_and_nobody_elses(world, returns):
    assert contributions.enterprise_home(world.users[Role.ENTERPRISE])["figures"]
    for role in (Role.STAFF, Role.LEADER, Role.DEPARTMENT, Role.ADMIN):
        assert contributions.enterprise_home(world.users[role]) is None, role
        page = page_client(world.users[role]).get(f"/enterprises/{returns.pk}/")
        assert 'data-testid="enterprise-indicators"' not in page.text, role
    # the staff's own home panel (the late list) stays off the enterprise's page too
    staff_view = page_client(world.users[Role.STAFF]).get(f"/enterprises/{returns.pk}/").text
    assert 'data-testid="monthly-home"' not in staff_view


@override_settings(AS_OF=dt.date(2020, 6, 10))
def test_an_enterprise_with_no_return_is_told_so(world, library):
    mine = world.enterprises[3]
    Enterprise.objects.filter(pk=mine.pk).update(is_above_size=True)
    text = page_client(world.users[Role.ENTERPRISE]).get(f"/enterprises/{mine.pk}/").text
    assert 'data-testid="enterprise-indicators"' in text
    assert "No monthly return filed yet." in text and "0 filed" in text
    Enterprise.objects.filter(pk=mine.pk).update(is_above_size=False)
    text = page_client(world.users[Role.ENTERPRISE]).get(f"/enterprises/{mine.pk}/").text
    assert 'data-testid="enterprise-indicators"' not in text  # files nothing, has nothing
