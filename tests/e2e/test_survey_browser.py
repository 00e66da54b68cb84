"""A survey-team member in a real browser: sees only their team's work, verifies a
filled form, and the figures land in the enterprise's yearly data."""

import re

import pytest

from parkbase.enterprises.models import EnterpriseYear
from parkbase.surveys.models import Assignment
from tests.demo_copy import demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_team_member_verifies_a_filled_form(offline_page, live_server):
    demo_data()
    filled = Assignment.objects.get(team__name="调查一组", status="filled")
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "survey1")
    page.fill("#id_password", "demo-survey")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/surveys/assignments/")
    team_size = Assignment.objects.filter(team__name="调查一组").count()
    assert re.search(rf"\b{team_size}\b", page.inner_text("[data-testid=result-count]"))

    page.goto(f"{live_server.url}/surveys/assignments/{filled.pk}/")
    page.click("[data-testid=verify]")
    page.wait_for_selector("[data-testid=status]")
    filled.refresh_from_db()
    assert filled.status == "verified"
    year = EnterpriseYear.objects.get(enterprise=filled.enterprise, year=filled.campaign.year)
    assert year.source == "survey"
    assert page.outside_requests == []


def test_progress_chart_is_drawn(offline_page, live_server):
    demo_data()
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", "demo-leader")
    page.click("button[type=submit]")
    campaign = Assignment.objects.first().campaign
    page.goto(f"{live_server.url}/surveys/{campaign.pk}/progress/")
    page.locator("[data-testid=progress-chart] svg").wait_for()
    assert page.locator("[data-testid=progress-chart] svg path").count() > 3
    assert page.outside_requests == []
