"""The park's monthly reporting calendar on its own page: staff set the deadlines (days
1–28, in order), leaders read them, everyone else finds nothing; the service keeps the
history; the late list and the reminders follow what was set."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.enterprises import monthly_calendar, monthly_services
from parkbase.enterprises.models import ReportingCalendar
from tests.clients import page_client

URL = reverse("monthly-calendar")


def days(data_by, checked_by, reported_by, **more):
    return {"data_by": data_by, "checked_by": checked_by, "reported_by": reported_by, **more}


def test_staff_see_the_defaults_then_set_the_parks_own_with_history(world):
    park = world.parks[0]
    client = page_client(world.users[Role.STAFF])
    page = client.get(URL)
    assert page.status_code == 200 and 'data-testid="calendar-form"' in page.text
    assert 'value="18"' in page.text and 'value="20"' in page.text and 'value="25"' in page.text
    assert "these are the defaults" in page.text
    saved = client.post(URL, days(10, 12, 15))
    assert saved.status_code == 302
    calendar = ReportingCalendar.objects.get(park=park)
    assert (calendar.data_by, calendar.checked_by, calendar.reported_by) == (10, 12, 15)
    assert monthly_calendar.deadlines(park.pk) == days(10, 12, 15)
    assert monthly_calendar.owed(park.pk, dt.date(2019, 5, 11)).late  # past the 10th
    assert not ReportingCalendar.objects.filter(park=world.parks[1]).exists()
    # a change goes at the version read, and the history names who made it
    page = client.get(URL)
    assert f'name="version" value="{calendar.version}"' in page.text
    client.post(URL, days(11, 12, 15, version=calendar.version))
    calendar.refresh_from_db()
    assert (calendar.data_by, calendar.version) == (11, 2)
    page = client.get(URL)
    assert 'data-testid="history"' in page.text and "staff" in page.text
    assert calendar.history.first().history_user == world.users[Role.STAFF]
    # the version the editor read has moved on: refused, nothing changed
    stale = client.post(URL, days(5, 12, 15, version=1))
    assert stale.status_code == 400 and "changed by someone else" in stale.text
    calendar.refresh_from_db()
    assert calendar.data_by == 11


@pytest.mark.parametrize(
    ("posted", "field", "english", "chinese"),
    [
        (
            days(0, 20, 25),
            "data_by",
            "enterprises' data by (day) 0 is outside 1–28.",
            "企业报数截止日（日） 0 超出 1–28 的范围。",
        ),
        (
            days(18, 20, 31),
            "reported_by",
            "reported by (day) 31 is outside 1–28.",
            "上报截止日（日） 31 超出 1–28 的范围。",
        ),
        (
            days(18, 15, 25),
            "checked_by",
            "checked by (day) (day 15) may not come before enterprises' data by (day) (day 18).",
            "审核截止日（日）（15日）不得早于企业报数截止日（日）（18日）。",
        ),
        (
            days(18, 20, 19),
            "reported_by",
            "reported by (day) (day 19) may not come before checked by (day) (day 20).",
            "上报截止日（日）（19日）不得早于审核截止日（日）（20日）。",
        ),
        (days("", 20, 25), "data_by", "enterprises' data by (day) is required.", None),
    ],
)
def test_a_bad_deadline_is_refused_naming_its_field_in_both_languages(
    world, posted, field, english, chinese
):
    client = page_client(world.users[Role.STAFF])
    refused = client.post(URL, posted)
    assert refused.status_code == 400
    assert f'data-field="{field}"' in refused.text
    assert english.replace("'", "&#x27;") in refused.text
    if chinese:
        refused = page_client(world.users[Role.STAFF], "zh-hans").post(URL, posted)
        assert chinese in refused.text
    assert not ReportingCalendar.objects.exists()


def test_leaders_read_the_calendar_and_the_others_find_no_page(world):
    ReportingCalendar.objects.create(park=world.parks[0], data_by=10, checked_by=12, reported_by=15)
    leader = page_client(world.users[Role.LEADER])
    page = leader.get(URL)
    assert page.status_code == 200 and 'data-testid="calendar"' in page.text
    assert (
        'data-testid="calendar-form"' not in page.text and '<dd class="col-4">12</dd>' in page.text
    )
    assert leader.post(URL, days(1, 2, 3)).status_code == 403
    for role in (Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY):
        client = page_client(world.users[role])
        assert client.get(URL).status_code == 404, role
        assert client.post(URL, days(1, 2, 3)).status_code == 404, role
    assert ReportingCalendar.objects.get().data_by == 10


def test_an_administrator_of_every_park_chooses_the_park(world):
    admin = page_client(world.users[Role.ADMIN])
    other = world.parks[1]
    page = admin.get(URL, {"park": other.pk})
    assert page.status_code == 200 and other.name in page.text
    saved = admin.post(URL, days(5, 6, 7, park=other.pk))
    assert saved.status_code == 302 and saved.url == f"{URL}?park={other.pk}"
    assert ReportingCalendar.objects.get().park == other
    assert monthly_calendar.deadlines(world.parks[0].pk) == monthly_calendar.DEFAULTS


def test_the_service_refuses_other_parks_and_roles_that_may_not_change_it(world):
    staff, leader = world.users[Role.STAFF], world.users[Role.LEADER]
    with pytest.raises(Http404):
        monthly_services.reporting_calendar_save(user=staff, park=world.parks[1], **days(1, 2, 3))
    with pytest.raises(PermissionDenied):
        monthly_services.reporting_calendar_save(user=leader, park=world.parks[0], **days(1, 2, 3))
    with pytest.raises(ValidationError) as refused:
        monthly_services.reporting_calendar_save(user=None, park=world.parks[0], **days(3, 2, 1))
    assert set(refused.value.error_dict) == {"checked_by", "reported_by"}
    with pytest.raises(StaleEdit):  # a row the editor saw that is gone
        monthly_services.reporting_calendar_save(
            user=staff, park=world.parks[0], expected_version=1, **days(1, 2, 3)
        )
    saved = monthly_services.reporting_calendar_save(user=None, park=world.parks[0], data_by=19)
    assert (saved.data_by, saved.checked_by, saved.reported_by) == (19, 20, 25)
    assert not ReportingCalendar.objects.filter(park=world.parks[1]).exists()


def test_the_monthly_pages_lead_to_the_calendar_for_the_committee_only(world):
    for name in ("monthly-return-list", "monthly-late-list"):
        page = page_client(world.users[Role.STAFF]).get(reverse(name))
        assert 'data-testid="calendar-link"' in page.text, name
    leader = page_client(world.users[Role.LEADER]).get(reverse("monthly-late-list"))
    assert 'data-testid="calendar-link"' in leader.text
    for role in (Role.DEPARTMENT, Role.ENTERPRISE):
        page = page_client(world.users[role]).get(reverse("monthly-return-list"))
        assert page.status_code == 200 and 'data-testid="calendar-link"' not in page.text
    department = page_client(world.users[Role.DEPARTMENT]).get(reverse("monthly-late-list"))
    assert department.status_code == 200 and 'data-testid="calendar-link"' not in department.text
