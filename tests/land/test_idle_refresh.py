"""Idle land follows the calendar: the nightly task and ``parkbase land refresh-idle``
apply the rule again as of today and record each change in the audit trail."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from parkbase.land.models import Parcel
from parkbase.land.tasks import refresh_idle_land

from .conftest import DAY


def test_the_nightly_task_makes_land_idle_once_the_year_has_passed(make_parcel):
    # agreed to start 2019-07-01, a month after DAY: not idle then, idle a year later
    parcel = make_parcel(agreed_start_on=DAY + dt.timedelta(days=30), use_status="reserve")
    assert parcel.status == "reserve"
    assert timezone.localdate() > DAY + dt.timedelta(days=400)
    assert refresh_idle_land.call_local() == 1
    parcel = Parcel.objects.get(pk=parcel.pk)
    assert (parcel.status, parcel.idle_reason) == ("idle", "not_started")
    assert parcel.idle_since == dt.date(2020, 7, 2)  # the day after the anniversary
    latest = parcel.history.latest()
    assert latest.status == "idle" and "idle" in latest.history_change_reason
    assert refresh_idle_land.call_local() == 0  # nothing more to change


def test_the_command_refreshes_one_park(world, make_parcel):
    parcel = make_parcel(agreed_start_on=DAY, use_status="planned")
    out = io.StringIO()
    call_command("land", "refresh-idle", "--park", world.parks[1].code, stdout=out)
    assert out.getvalue().strip().endswith(": 0")
    assert Parcel.objects.get(pk=parcel.pk).status == "planned"
    call_command("land", "refresh-idle", "--park", world.parks[0].code, stdout=out)
    assert out.getvalue().strip().endswith(": 1")
    assert Parcel.objects.get(pk=parcel.pk).status == "idle"
