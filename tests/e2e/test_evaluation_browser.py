"""A park leader reads the published evaluation in a real browser, offline: the class
chart of the run and an enterprise's scorecard with its radar and explanation."""

import pytest

from parkbase.evaluation.models import Result
from tests.demo_copy import demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_run_and_a_scorecard(offline_page, live_server):
    demo_data()
    polluter = Result.objects.get(run__year=2019, enterprise__name="沈阳华冶耐火材料有限公司")
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", "demo-leader")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/evaluation/runs/{polluter.run_id}/")
    page.locator("[data-testid=class-chart] svg").wait_for()
    assert page.locator("[data-testid=class-chart] svg path").count() >= 4

    page.goto(f"{live_server.url}/evaluation/results/{polluter.pk}/")
    page.locator("[data-testid=radar] svg").wait_for()
    assert page.inner_text("[data-testid=class]") == "D"
    assert "污染物排放不达标" in page.inner_text("[data-testid=explanation]")
    assert page.locator("[data-testid=override]").count() == 0  # leaders read only
    assert page.outside_requests == []
