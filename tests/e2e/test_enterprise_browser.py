"""A real browser (Debian's chromium driven by Playwright) on the demo park."""

import re

import pytest

from tests.demo_copy import demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_log_in_filter_open_an_enterprise_and_see_its_chart(offline_page, live_server):
    demo_data()
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "demo-staff")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#chart-status svg").count() == 1  # dashboard chart drawn

    page.goto(f"{live_server.url}/enterprises/")
    page.wait_for_selector("[data-testid=result-count]")
    assert re.search(r"\b59\b", page.inner_text("[data-testid=result-count]"))
    page.fill("#id_q", "中钞信达")  # the list's filter, not the navbar's search
    page.wait_for_function(
        "document.querySelector('[data-testid=result-count]').innerText.match(/\\b1\\b/)"
    )
    assert "q=" in page.url  # the filter is in the address, so it can be shared
    page.click("text=沈阳中钞信达金融设备有限公司")
    page.wait_for_selector("[data-testid=enterprise-name]")
    assert "中钞信达" in page.inner_text("[data-testid=enterprise-name]")
    chart = page.locator("[data-testid=enterprise-chart] svg")
    chart.wait_for()
    assert page.locator("[data-testid=enterprise-chart] svg path").count() > 3
    assert page.outside_requests == []


def test_the_department_user_sees_only_its_enterprises(offline_page, live_server):
    demo_data()
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "dept")
    page.fill("#id_password", "demo-dept")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/enterprises/")
    count = page.inner_text("[data-testid=result-count]")
    assert re.search(r"\b18\b", count), count
