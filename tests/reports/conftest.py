"""Fixtures of the report tests: the demo park (loaded once per module, as of its
story's end), its users (leader and staff are insiders of the confidential aircraft
base; an added staff member is not), drafts in either language for either reader,
and the demo's own files to check the figures against."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.core.models import Park, User
from parkbase.demo.loader import DATA
from parkbase.reports import selectors
from tests.factories import UserFactory

STORY_ENDS = dt.date(2020, 12, 31)
YEAR = 2019


@pytest.fixture(autouse=True)
def as_of_story_end():
    """The demo runs as of its story's end."""
    with override_settings(AS_OF=STORY_ENDS):
        yield


@pytest.fixture(scope="module")
def demo(demo_once, django_db_blocker):
    """The demo park and its readers: ``leader`` and ``staff`` (insiders of the
    confidential project), ``outsider`` (park staff outside it), ``admin``."""
    with django_db_blocker.unblock():
        park = Park.objects.get(code="shendong")
        users = {
            u.username: u
            for u in User.objects.filter(username__in=["leader", "staff", "admin", "dept"])
        }
        users["outsider"] = UserFactory(username="outsider", role=Role.STAFF, park=park)
        yield park, users


def draft_of(park, user, language: str = "zh-hans", year: int = YEAR):
    with override_settings(AS_OF=STORY_ENDS), translation.override(language):
        return selectors.annual_draft(park, year, user)


@pytest.fixture(scope="module")
def drafts(demo, django_db_blocker):
    """The 2019 drafts: the outsider's and the insider's in Chinese, the outsider's
    in English, and the command line's (no user)."""
    park, users = demo
    with django_db_blocker.unblock():
        yield {
            "outsider": draft_of(park, users["outsider"]),
            "insider": draft_of(park, users["leader"]),
            "english": draft_of(park, users["outsider"], "en"),
            "nobody": draft_of(park, None),
        }


def rows(name: str) -> list[dict]:
    """The rows of a demo file (what the demo data gives)."""
    with (Path(DATA) / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
