"""Moments read in the park's time zone (Asia/Shanghai) everywhere: lists, exports and
the API, never UTC in one place and local time in another."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.urls import reverse
from python_calamine import CalamineWorkbook
from rest_framework import serializers

from parkbase.core.choices import Role
from parkbase.core.exports import write_xlsx
from parkbase.core.tables import time_text
from parkbase.imports.choices import JobStatus
from parkbase.imports.models import ImportJob
from tests.clients import page_client

MOMENT = dt.datetime(2019, 6, 1, 22, 19, tzinfo=dt.UTC)  # 06:19 the next day in Shenyang


def test_the_park_runs_on_its_configured_zone():
    assert settings.TIME_ZONE == "Asia/Shanghai" and settings.USE_TZ


def test_lists_show_local_time():
    assert time_text(MOMENT) == "2019-06-02 06:19"
    assert time_text(None) == ""


def test_exports_write_local_time():
    content = write_xlsx(["时间"], [[MOMENT]])
    (cell,) = (
        CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()[1]
    )
    assert cell == dt.datetime(2019, 6, 2, 6, 19)


def test_the_api_writes_local_time_with_its_offset():
    assert serializers.DateTimeField().to_representation(MOMENT) == "2019-06-02T06:19:00+08:00"


@pytest.mark.django_db
def test_a_list_and_the_records_page_show_the_same_local_time(world):
    job = ImportJob.objects.create(
        park=world.parks[0],
        kind="enterprises",
        original_name="企业名录.xlsx",
        status=JobStatus.DONE,
        created_by=world.users[Role.STAFF],
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=MOMENT)
    client = page_client(world.users[Role.STAFF], "zh-hans")
    listed = client.get(reverse("import-list")).content.decode()
    shown = client.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert "2019-06-02 06:19" in listed and "2019-06-02 06:19" in shown
    assert "2019-06-01 22:19" not in listed + shown  # never UTC
