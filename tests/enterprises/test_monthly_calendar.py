"""The reporting calendar: which month is owed and by when, the late list (scoped),
the reminders on the home and the enterprise page."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.enterprises import monthly_calendar, monthly_services
from parkbase.enterprises.models import Enterprise, ReportingCalendar
from tests.clients import page_client


@pytest.fixture(autouse=True)
def fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_month_owed_and_its_deadlines(world):
    park = world.parks[0].pk
    assert monthly_calendar.owed(park, dt.date(2019, 2, 10)) is None  # January: with February
    march = monthly_calendar.owed(park, dt.date(2019, 3, 18))
    assert (march.year, march.month, march.label, march.late) == (2019, 2, "2019年1–2月", False)
    assert (march.data_by, march.checked_by, march.reported_by) == (
        dt.date(2019, 3, 18),
        dt.date(2019, 3, 20),
        dt.date(2019, 3, 25),
    )
    assert monthly_calendar.owed(park, dt.date(2019, 3, 19)).late
    january = monthly_calendar.owed(park, dt.date(2020, 1, 5))
    assert (january.year, january.month) == (2019, 12)
    ReportingCalendar.objects.create(park=world.parks[0], data_by=10, checked_by=12, reported_by=15)
    assert monthly_calendar.owed(park, dt.date(2019, 5, 11)).late
    assert monthly_calendar.owed(world.parks[1].pk, dt.date(2019, 5, 11)).late is False


def test_the_late_list_is_scoped_and_filed_returns_leave_it(world, settings):
    settings.AS_OF = dt.date(2019, 5, 20)  # April owed, due 18 May: late
    Enterprise.objects.filter(pk__in=[e.pk for e in world.enterprises[:3]]).update(
        is_above_size=True
    )
    monthly_services.monthly_return_file(
        user=world.users[Role.STAFF],
        enterprise=world.enterprises[1],
        year=2019,
        period_start=4,
        period_end=4,
        basis="ytd",
        values={"gross_output": D(1)},
    )
    url = reverse("monthly-late-list")
    staff = page_client(world.users[Role.STAFF]).get(url)
    assert staff.status_code == 200
    assert "企业11" in staff.text and "企业21" in staff.text
    assert "企业12" not in staff.text  # filed
    assert "企业22" not in staff.text  # not above size
    department = page_client(world.users[Role.DEPARTMENT]).get(url)
    assert "企业11" in department.text and "企业21" in department.text
    other = page_client(world.users[Role.DEPARTMENT])
    assert page_client(world.users[Role.ENTERPRISE]).get(url).status_code == 404
    home = other.get(reverse("dashboard"))
    assert 'data-testid="monthly-home"' in home.text and "2 above-size enterprises" in home.text


def test_the_enterprise_sees_its_reminder_until_it_files(world, settings):
    settings.AS_OF = dt.date(2019, 5, 10)  # April owed, due 18 May
    mine = world.enterprises[3]
    Enterprise.objects.filter(pk=mine.pk).update(is_above_size=True)
    client = page_client(world.users[Role.ENTERPRISE])
    page = client.get(reverse("dashboard"), follow=True)
    assert 'data-testid="monthly-reminder"' in page.text and "is due by 2019-05-18" in page.text
    settings.AS_OF = dt.date(2019, 5, 19)
    page = client.get(reverse("enterprise-detail", args=[mine.pk]))
    assert "is late" in page.text
    client.post(
        reverse("monthly-return-file", args=[mine.pk]),
        {"year": 2019, "month": 4, "basis": "ytd", "gross_output": "10"},
    )
    page = client.get(reverse("enterprise-detail", args=[mine.pk]))
    assert 'data-testid="monthly-reminder"' not in page.text
