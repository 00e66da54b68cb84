"""The committee's dashboard in a real browser, offline, on the demo park: a click on
a chart's bar opens the enterprises it counts, a card's bar opens its records, and the
page prints on one A4 page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import override_settings

from tests.demo_copy import demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# the centre of a bar of the chart in ``selector``, in page coordinates
BAR_CENTRE = """([selector, index]) => {
  const el = document.querySelector(selector);
  el.scrollIntoView({block: "center", behavior: "instant"});
  const chart = echarts.getInstanceByDom(el);
  const option = chart.getOption();
  const item = option.series[0].data[index];
  const value = typeof item === "object" ? item.value : item;
  const horizontal = option.yAxis[0].type === "category";
  const point = chart.convertToPixel({seriesIndex: 0},
    horizontal ? [value / 2, index] : [index, value / 2]);
  const box = el.getBoundingClientRect();
  return {x: box.left + point[0], y: box.top + point[1], value: value};
}"""


# the bar is drawn under the point: the chart's entry animation is over (a busy machine
# draws it late, and a click on the empty axis opens nothing)
BAR_DRAWN = """([selector, x, y]) => {
  const hit = document.elementFromPoint(x, y);
  return !!hit && hit.tagName === "path" && hit.closest(".chart") === document.querySelector(selector);
}"""


def click_bar(page, selector: str, index: int) -> dict:
    bar = page.evaluate(BAR_CENTRE, [selector, index])
    page.wait_for_function(BAR_DRAWN, arg=[selector, bar["x"], bar["y"]])
    page.mouse.click(bar["x"], bar["y"])
    return bar


def log_in(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "leader")
    page.fill("#id_password", "demo-leader")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.wait_for_selector("#chart-phase svg")


def test_a_click_on_a_phase_bar_opens_that_phases_enterprises(offline_page, live_server):
    demo_data()
    page = offline_page
    log_in(page, live_server)
    bar = click_bar(page, "#chart-phase", 1)  # 二期
    page.wait_for_url(re.compile(r"/enterprises/\?phase=\d+$"))
    count = page.inner_text("[data-testid=result-count]")
    assert re.search(rf"\b{bar['value']}\b", count), count
    phases = page.locator("table tbody tr td:has-text('期')").all_inner_texts()
    assert phases and set(phases) == {"二期"}
    assert page.outside_requests == []


def test_a_card_bar_opens_its_records_and_the_page_prints_on_one_a4_page(offline_page, live_server):
    demo_data()
    page = offline_page
    log_in(page, live_server)
    cards = page.locator("[data-testid=dashboard-cards] .card")
    assert cards.count() == 4
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")
    # the evaluation card: the class bars, A first
    chart = "[data-testid=dashboard-cards] .col-md-6:nth-child(2) .chart"
    bar = click_bar(page, chart, 0)
    page.wait_for_url(re.compile(r"/evaluation/results/\?run=\d+&klass=A$"))
    count = page.inner_text("[data-testid=result-count]")
    assert re.search(rf"\b{bar['value']}\b", count), count
    assert page.outside_requests == []


@override_settings(AS_OF=dt.date(2020, 12, 31))  # the demo's story ends
def test_a_key_indicator_opens_its_page_and_late_tasks_their_list(offline_page, live_server):
    demo_data()
    page = offline_page
    log_in(page, live_server)
    part = page.locator("[data-testid=indicator-dashboard]")
    # first on the page, above the park's totals
    above = page.evaluate(
        """() => document.querySelector('[data-testid=indicator-dashboard]').getBoundingClientRect().top
        < document.querySelector('[data-testid=totals]').getBoundingClientRect().top"""
    )
    assert above
    late = part.locator("[data-testid=late-task-count]")
    count = late.inner_text()
    assert count == "4"  # the 2020 plan's tasks due by November, not done
    late.click()
    page.wait_for_url(re.compile(r"/indicators/tasks/\?late=true$"))
    assert re.search(rf"\b{count}\b", page.inner_text("[data-testid=result-count]"))
    page.go_back()
    row = page.locator("[data-testid=key-indicator]").first
    name, href = row.inner_text(), row.get_attribute("href")
    # the latest month with returns: the demo's November 2020 (three firms still late)
    assert re.fullmatch(r"/indicators/\d+/\?year=2020&month=11", href), href
    row.click()
    page.wait_for_url(f"{live_server.url}{href}")
    assert name in page.inner_text("h2.page-title")
    assert page.outside_requests == []
