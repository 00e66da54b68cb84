"""A park with no projects (the test world: enterprises and a survey, nothing else)
gets a draft whose investment stream says it has no records, invents no figure, and
still reports what it has (its 2019 survey); the page and the Word download work for
it, and another park's records never enter it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.reports import selectors
from tests.clients import page_client

pytestmark = pytest.mark.django_db


def test_a_park_without_projects_says_so_and_invents_nothing(world):
    park, staff = world.parks[0], world.users[Role.STAFF]
    with translation.override("zh-hans"):
        draft = selectors.annual_draft(park, 2019, staff)
    sections = {s.key: s for s in draft.sections}
    assert sections["investment"].empty
    assert sections["investment"].paragraphs[0].text == "本年度没有招商引资项目的记录。"
    assert sections["plan.projects"].empty and sections["indicators"].empty
    survey = sections["old"]
    assert not survey.empty and "2019年度企业全面调查组织2个调查组" in survey.paragraphs[0].text
    assert {f.value for f in draft.figures} <= {0, 1, 2, 4}  # the survey's, nothing more


def test_the_page_and_the_download_of_an_empty_park(world):
    client = page_client(world.users[Role.LEADER], "zh-hans")
    page = client.get(reverse("report-annual", args=[2030]))
    assert page.status_code == 200
    assert 'data-testid="report-empty"' in page.content.decode()
    download = client.get(reverse("report-annual-docx", args=[2030]))
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_the_command_drafts_for_the_park_named(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "annual", "--year", "2019", "--park", "b", stdout=out, stderr=err)
    assert "乙园区2019年工作总结" in out.getvalue()
    assert "甲园区" not in out.getvalue() and "企业全面调查" not in out.getvalue()
