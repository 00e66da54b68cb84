"""The demo runs as of its story's end: ``parkbase demo`` fixes its data directory's
date, and the demo park's working lists (overdue next steps, stalled projects, open
blockers, a campaign's days) count from that date, so they read as they did then —
days and weeks, not thousands of days, and not every project proposed for dropping."""

from __future__ import annotations

import re
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from parkbase.core import clock
from parkbase.core.models import User
from parkbase.demo.land import STORY_ENDS
from parkbase.surveys.models import Campaign
from tests.clients import page_client

TWO_YEARS = 730


def test_the_demo_command_runs_its_data_directory_as_of_the_storys_end(tmp_path, monkeypatch):
    loaded = []
    monkeypatch.setattr(
        "parkbase.demo.management.commands.demo.load_demo",
        lambda: loaded.append(clock.today()) or SimpleNamespace(counts={}, users=[]),
    )
    monkeypatch.setattr("parkbase.demo.management.commands.demo.call_command", lambda *a, **k: None)
    with override_settings(DATA_DIR=tmp_path, AS_OF=None):
        out = StringIO()
        call_command("demo", "--no-serve", stdout=out)
        assert loaded == [STORY_ENDS]  # the demo is loaded on its own clock already
        assert clock.read_as_of(tmp_path) == STORY_ENDS  # and `parkbase serve` reads it
    assert STORY_ENDS.isoformat() in out.getvalue()


@pytest.fixture
def demo(demo_once, db):
    return demo_once


def lists_of(user, language="zh-hans") -> dict:
    """The ages the staff's working lists show."""
    client = page_client(user, language)
    tasks = client.get(reverse("projects-tasks")).context
    blockers = client.get(reverse("projects-blockers")).context
    campaign = Campaign.objects.filter(park=user.park).order_by("-year").first()
    progress = client.get(reverse("campaign-progress", args=[campaign.pk]))
    return {
        "overdue": [a.days_overdue for a in tasks["overdue"]],
        "idle": [p.idle_days for p in tasks["stalled"]],
        "stall": [p.stall for p in tasks["stalled"]],
        "blockers": [b.days_open for b in blockers["page"].object_list],
        "campaign": progress.context["progress"]["days_since_start"],
        "page": progress.content.decode(),
    }


def test_the_demos_lists_count_from_its_storys_end(demo):
    staff = User.objects.get(username="staff")
    with override_settings(AS_OF=STORY_ENDS):
        then = lists_of(staff)
    assert then["overdue"] and then["idle"] and then["blockers"]
    for ages in ("overdue", "idle", "blockers"):
        assert max(then[ages]) < TWO_YEARS, (ages, then[ages])
    assert 0 <= then["campaign"] < TWO_YEARS
    # a talk with the investor for some, not every stalled project proposed for dropping
    assert "talk" in then["stall"] and "drop" in then["stall"]
    assert f"演示数据 · 截至 {STORY_ENDS.isoformat()}" in then["page"]
    # on today's clock the same lists count thousands of days: the clock makes the difference
    now = lists_of(staff)
    assert min(now["overdue"]) > TWO_YEARS and now["campaign"] > TWO_YEARS
    assert not re.search("演示数据", now["page"])
