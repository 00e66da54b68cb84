"""The park's clock: a real park runs on today; a data directory fixed as of a date
(the demo, as of its story's end) counts every age, overdue list and default date from
that date, and every page says so in a banner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from parkbase.core import clock
from parkbase.core.choices import Role
from parkbase.projects.tables import blocker_days_open, blocker_overdue
from tests.clients import page_client

STORY_ENDS = dt.date(2020, 12, 31)


class Blocker:
    raised_on = dt.date(2020, 6, 30)
    deadline = dt.date(2020, 12, 1)


def test_a_real_park_runs_on_today():
    assert settings.AS_OF is None
    assert clock.today() == timezone.localdate()


@override_settings(AS_OF=STORY_ENDS)
def test_a_fixed_park_counts_from_its_date():
    assert clock.today() == STORY_ENDS
    assert blocker_days_open(Blocker) == 184  # not thousands of days
    assert blocker_overdue(Blocker)


def test_the_date_comes_from_the_environment_or_the_data_directory(tmp_path):
    assert clock.read_as_of(tmp_path) is None
    (tmp_path / clock.AS_OF_FILE).write_text("2020-12-31\n")
    assert clock.read_as_of(tmp_path) == STORY_ENDS
    assert clock.read_as_of(tmp_path, "2019-06-01") == dt.date(2019, 6, 1)  # the environment wins
    (tmp_path / clock.AS_OF_FILE).write_text("年底")
    with pytest.raises(ValueError, match="年底.*2020-12-31"):
        clock.read_as_of(tmp_path)


def test_fixing_the_date_writes_the_data_directory(tmp_path):
    with override_settings(DATA_DIR=tmp_path, AS_OF=None):
        clock.fix_as_of(STORY_ENDS)
        assert clock.today() == STORY_ENDS
        assert clock.read_as_of(tmp_path) == STORY_ENDS  # a process started later reads it
        clock.fix_as_of(None)
        assert clock.read_as_of(tmp_path) is None
        assert clock.today() == timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("zh-hans", "演示数据 · 截至 2020-12-31"), ("en", "Demo data · as of 2020-12-31")],
)
def test_every_page_says_the_date_it_runs_as_of(world, language, text):
    client = page_client(world.users[Role.STAFF], language=language)
    assert text not in client.get("/").content.decode()
    with override_settings(AS_OF=STORY_ENDS):
        page = client.get("/").content.decode()
    assert text in page
