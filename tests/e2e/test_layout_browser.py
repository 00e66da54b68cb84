"""A 1366 px laptop in a real browser, on the demo park, in Chinese and in English: the
wide lists (yearly data, investment projects) fit their card instead of scrolling
sideways, their tables still fill the card; and at 1280 px the navigation stays on one
line with the language box wide enough to read its language."""

from __future__ import annotations

import csv
import os

import pytest

from parkbase.demo.loader import DATA
from tests.demo_copy import demo_data
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"zh": "zh-CN", "en": "en-US"}
WIDE_LISTS = ("/enterprises/years/", "/projects/")

MEASURE_LIST = """() => {
  const table = document.querySelector("#results .card table");
  const wrapper = table.parentElement;
  const card = table.closest(".card");
  return {
    page: document.documentElement.scrollWidth,
    window: document.documentElement.clientWidth,
    table: Math.round(table.getBoundingClientRect().width),
    shown: wrapper.clientWidth,
    scrolls: wrapper.scrollWidth - wrapper.clientWidth,
    card: card.clientWidth,
  };
}"""

MEASURE_NAVBAR = """() => {
  const items = [...document.querySelectorAll("header.navbar .nav-link, header.navbar select")];
  const tops = items.filter((el) => el.offsetParent !== null)
    .map((el) => { const box = el.getBoundingClientRect(); return box.top + box.height / 2; });
  const select = document.querySelector("header.navbar select[name=language]");
  const style = getComputedStyle(select);
  const probe = document.createElement("span");
  probe.style.font = style.font;
  probe.style.whiteSpace = "pre";
  probe.textContent = select.options[select.selectedIndex].text;
  document.body.appendChild(probe);
  const text = probe.getBoundingClientRect().width;
  probe.remove();
  // Tabler's select draws its arrow in the right padding
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {lines: Math.round(Math.max(...tops) - Math.min(...tops)), text: text, room: room,
          page: document.documentElement.scrollWidth};
}"""


def password_of(username: str) -> str:
    with open(DATA / "users.csv", encoding="utf-8-sig") as f:
        return next(row["密码"] for row in csv.DictReader(f) if row["用户名"] == username)


@pytest.fixture
def demo_browser(live_server):
    """The demo park in a headless chromium; the pages are opened through ``open``."""
    chromium = chromium_path()
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    demo_data()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)

        def open_as(username, lang, width):
            context = browser.new_context(
                viewport={"width": width, "height": 900}, locale=LANGUAGES[lang]
            )
            page = context.new_page()
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", password_of(username))
            page.click("button[type=submit]")
            page.wait_for_selector("[data-testid=whoami]")
            return page

        yield open_as, live_server.url
        browser.close()


def test_the_wide_lists_fit_a_1366_px_screen_as_the_leader(demo_browser):
    open_as, base = demo_browser
    findings = []
    for lang in LANGUAGES:
        page = open_as("leader", lang, 1366)
        for url in WIDE_LISTS:
            page.goto(base + url)
            seen = page.evaluate(MEASURE_LIST)
            where = f"{lang} {url}: {seen}"
            if seen["page"] > seen["window"]:
                findings.append(f"page wider than the window: {where}")
            if seen["scrolls"] > 1 or seen["table"] > seen["shown"] + 1:
                findings.append(f"table scrolls sideways in its card: {where}")
            if seen["table"] < seen["card"] - 2:
                findings.append(f"table narrower than its card: {where}")
        page.context.close()
    assert not findings, "\n".join(findings)


def test_the_navigation_stays_on_one_line_at_1280_px(demo_browser):
    open_as, base = demo_browser
    for lang in LANGUAGES:
        page = open_as("admin", lang, 1280)  # the longest menu
        seen = page.evaluate(MEASURE_NAVBAR)
        assert seen["lines"] <= 4, (lang, seen)  # every item on the same line
        assert seen["room"] >= seen["text"], (lang, seen)  # "English", not "E…"
        assert seen["page"] <= 1280, (lang, seen)
        page.context.close()
