"""The newcomer's walk: every page of the navigation, for each demo role, in Chinese and
in English, on the demo park, in a real browser at 1366 px, and every page the buttons
of a page's header open (``data-testid=page-actions``: evaluation results and schemes,
investors, a new record's form…). From each list the first record's detail page is
opened too (the first link of the list's table), and every tab of a page with tabs (an
enterprise's file, a project, a parcel, a campaign, an assignment, the land and
administration sections): each tab the role is offered.

A page fails on: a status of 400 or more (the page's own or any of its requests), a
console error, an outside request, internal names on screen (``snake_case`` words,
``groups[0]`` paths, dict, list or object reprs and, in Chinese, English words that are
not names of things: units, formats, codes), a unit in the wrong case, a table narrower
than its card or wider than it (reaching past it, scrolled or cut off inside it), a
page wider than the window, or a chart that drew nothing. Every finding of every page
is listed, then the test fails once. A screenshot of each page is kept under
``DATA_DIR/walk/{role}-{lang}-{slug}.jpg``.

It walks on SQLite (the README's test command, CI's first run); on another database
only with ``PARKBASE_WALK=1``."""

from __future__ import annotations

import csv
import os
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import connection

from parkbase.core.services import ROLE_ZH
from parkbase.demo.loader import DATA
from tests.demo_copy import demo_data
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

pytestmark = [pytest.mark.e2e, pytest.mark.walk, pytest.mark.django_db(transaction=True)]

WIDTH = 1366
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}
ROLE_ORDER = ("admin", "leader", "staff", "survey", "department", "enterprise")

# what the Chinese interface may show in Latin letters: names of formats, standards and
# units, and the product's name; anything with a digit is a code (credit codes, parcel
# codes, GB/T 4754 sections) and passes, and so does text marked as another language
# (``lang="en"``: the language switch's "English") or as not to be translated
# (``translate="no"``: identifiers such as user names)
LATIN_IN_CHINESE = {
    *("API", "XLSX", "DOCX", "Excel", "Word", "GeoJSON", "GB/T", "GB", "parkbase", "m²", "kWh"),
    # formats and encodings a file may come in, and their extensions
    *("YAML", "JSON", "xlsx", "xls", "ods", "csv", "docx", "GBK"),
    *("PDF", "JPEG", "JPG", "PNG", "OpenDocument", "odt", "doc", "txt", "pdf", "KB", "MB"),
    # the geometry types of GeoJSON, and the GIS program that exports it
    *("Polygon", "MultiPolygon", "Feature", "QGIS"),
}

SNAKE = re.compile(r"(?<![A-Za-z0-9_.@/-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![A-Za-z0-9_])")
PATH = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*\[\d+\]")
REPR = re.compile(
    r"[{\[]\s*['\"][^'\"\n]{0,40}['\"]\s*[:,\]}]|(?<![\w\]])(?:\{\}|\[\])(?!\w)"
    r"|Decimal\('|datetime\.date\(| object at 0x|<[A-Z]\w+: "
)
# units read in their own case: Tabler's upper-case headers make "m²" "M²", "kWh" "KWH"
UNITS = {"m²": "m²", "kwh": "kWh", "tce": "tce", "10k yuan": "10k yuan", "mu": "mu"}
UNIT = re.compile(r"(?<![A-Za-z])(?:m²|kwh|tce|10k yuan|mu)(?![A-Za-z])", re.IGNORECASE)
LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_²³/+.-]*")

# everything the checks read from the page, in one round trip
INSPECT = """() => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const nameOf = (el) => {
    const card = el.closest(".card");
    const title = card && card.querySelector(".card-title, .card-header");
    return (title ? title.innerText.trim() : "") || el.id || el.getAttribute("data-testid") || "";
  };
  const narrow = [], wide = [];
  document.querySelectorAll(".card table").forEach((table) => {
    if (!visible(table)) return;
    const box = table.closest(".card-body, .list-group-item, .card");
    const style = getComputedStyle(box);
    const inner = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const width = table.getBoundingClientRect().width;
    if (width < inner - 2) narrow.push(`${nameOf(table)} (${Math.round(width)} < ${Math.round(inner)} px)`);
    // wider: a box between the table and its card scrolls or clips it, or the table
    // reaches past its card
    const card = table.closest(".card");
    for (let el = table.parentElement; el && el !== card.parentElement; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX !== "visible") {
        wide.push(`${nameOf(table)} (${el.scrollWidth} px in ${el.clientWidth} px, scrolled or cut off)`);
        return;
      }
    }
    if (width > card.clientWidth + 2) {
      wide.push(`${nameOf(table)} (${Math.round(width)} > ${card.clientWidth} px)`);
    }
  });
  const blank = [];
  new Set(document.querySelectorAll(".chart, [_echarts_instance_]")).forEach((el) => {
    if (!visible(el)) { if (el.offsetParent !== null) blank.push(`${nameOf(el)} (no size)`); return; }
    const svg = el.querySelector("svg");
    const drawn = svg
      ? svg.querySelectorAll("path, text, rect, circle, polyline, polygon, line").length > 0
      : !!el.querySelector("canvas");
    if (!drawn) blank.push(nameOf(el));
  });
  return {
    text: document.body.innerText,
    foreign: [...document.querySelectorAll("body [lang], body [translate=no]")]
      .filter((el) => el.lang !== document.documentElement.lang || el.translate === false)
      .map((el) => el.innerText),
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    narrow: narrow,
    wide: wide,
    blank: blank,
    firstLink: (() => {
      const a = document.querySelector(
        ".card table tbody a[href]:not([download]), table tbody a[href]:not([download])");
      return a ? a.href : null;
    })(),
    nav: [...document.querySelectorAll("header.navbar a[href]")].map((a) => a.href),
    // a header's buttons that open a page (not a file: an export, a download)
    actions: [...document.querySelectorAll("[data-testid=page-actions] a[href]:not([download])")]
      .filter((a) => !/[?&](export|download)=/.test(a.search)).map((a) => a.href),
    tabs: [...document.querySelectorAll(".nav-tabs a.nav-link[href]")].map((a) => a.href),
    activeTabs: [...document.querySelectorAll(".nav-tabs a.nav-link.active[href]")].map((a) => a.href),
  };
}"""


def demo_users() -> dict[str, tuple[str, str]]:
    """The first demo user of each role: role → (username, password)."""
    users: dict[str, tuple[str, str]] = {}
    with open(DATA / "users.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            users.setdefault(str(ROLE_ZH[row["角色"]]), (row["用户名"], row["密码"]))
    return {role: users[role] for role in ROLE_ORDER}


def identifiers(text: str, lang: str, foreign=()) -> list[str]:
    """The internal names a page shows: each once, with the words around it. Text marked
    as another language (``foreign``) is not read as Chinese."""
    found: dict[str, str] = {}

    def add(kind, match):
        token = match.group(0)
        around = text[max(0, match.start() - 12) : match.end() + 12].replace("\n", " ")
        found.setdefault(f"{kind} {token!r}", f"…{around.strip()}…")

    for kind, pattern in (("identifier", SNAKE), ("path", PATH), ("repr", REPR)):
        for match in pattern.finditer(text):
            add(kind, match)
    for match in UNIT.finditer(text):
        if match.group(0) != UNITS[match.group(0).lower()]:
            add("unit", match)
    if lang == "zh":
        for part in sorted(foreign, key=len, reverse=True):  # a part may hold a shorter one
            text = text.replace(part, " ")
        for match in LATIN.finditer(text):
            token = match.group(0).rstrip(".-/")
            if any(c.isdigit() for c in token) or token in LATIN_IN_CHINESE or "_" in token:
                continue
            if len(token) < 2:  # a class letter
                continue
            add("English", match)
    return [f"{kind} in {around}" for kind, around in found.items()]


def slug_of(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.strip("/") + (f"-{parts.query}" if parts.query else "")
    return re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-") or "dashboard"


def place_of(url: str) -> str:
    """A page's path, with its query when it names a tab."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def kind_of(url: str) -> str:
    """The kind of page a tab is: its place with record numbers left out."""
    return re.sub(r"\d+", "N", place_of(url))


@dataclass
class Walk:
    """One role in one language: one browser context, its findings page by page."""

    live_server: object
    role: str
    lang: str
    shots: object
    page: object = None
    problems: list = field(default_factory=list)
    findings: dict = field(default_factory=dict)
    pending: set = field(default_factory=set)
    visited: list = field(default_factory=list)
    tab_kinds: set = field(default_factory=set)
    slow: list = field(default_factory=list)

    def open(self, browser):
        self.context = browser.new_context(
            viewport={"width": WIDTH, "height": 900}, locale=LANGUAGES[self.lang]
        )
        page = self.page = self.context.new_page()
        # a page's content is checked, not its speed: on a busy machine a page may
        # take its time (each slow one is printed)
        page.set_default_timeout(120_000)
        base = self.live_server.url
        page.route("**/*", self.guard)
        page.on(
            "console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}")
        )
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("response", self.answered)
        page.on("request", lambda r: r.resource_type in ("xhr", "fetch") and self.pending.add(r))
        page.on("requestfinished", lambda r: self.pending.discard(r))
        page.on("requestfailed", lambda r: self.pending.discard(r))
        self.base = base
        return self

    def close(self):
        self.context.close()

    def guard(self, route):
        if route.request.url.startswith(self.live_server.url):
            route.continue_()
        else:
            self.problems.append(f"outside request: {route.request.url}")
            route.abort()

    def answered(self, response):
        if response.status >= 400:
            self.problems.append(f"status {response.status}: {urlsplit(response.url).path}")

    def settle(self):
        """Wait for the page's own requests (htmx, the API docs' schema) to end; never
        for the network to be idle."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            busy = self.pending or self.page.evaluate(
                "() => !!document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
            )
            if not busy:
                return
            self.page.wait_for_timeout(50)
        self.problems.append("requests still running after 15 s")

    def log_in(self, username, password):
        self.visit(f"{self.base}/login/", "login")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_selector("[data-testid=whoami]")

    def visit(self, url, slug=None) -> dict:
        self.problems = []
        started = time.monotonic()
        self.page.goto(url, wait_until="load")
        loaded = time.monotonic() - started
        self.settle()
        seen = self.page.evaluate(INSPECT)
        path = place_of(url)
        if not path.startswith("/api/"):  # the API's reference shows the API's names
            self.problems += identifiers(seen["text"], self.lang, seen["foreign"])
        if seen["scrollWidth"] > WIDTH:
            self.problems.append(f"page wider than {WIDTH} px: {seen['scrollWidth']} px")
        self.problems += [f"table narrower than its card: {t}" for t in seen["narrow"]]
        self.problems += [f"table wider than its card: {t}" for t in seen["wide"]]
        self.problems += [f"chart drew nothing: {c}" for c in seen["blank"]]
        slug = slug or slug_of(url)
        self.page.screenshot(
            path=str(self.shots / f"{self.role}-{self.lang}-{slug}.jpg"),
            full_page=True,
            type="jpeg",  # a third quicker to take than PNG, over 700 pages
            quality=70,
        )
        self.visited.append(path)
        took = time.monotonic() - started
        if took > 10:
            self.slow.append(f"{path} {loaded:.0f} s to load, {took:.0f} s in all")
        if self.problems:
            self.findings[path] = self.problems
        return seen

    def ours(self, href) -> bool:
        return href.startswith(self.base) and "#" not in href

    def visit_with_tabs(self, url, slug=None) -> dict:
        """A page, then each of its tabs: each tab of a kind of page once (the history
        tab of the first project met, not of every project a list leads to)."""
        seen = self.visit(url, slug)
        self.tab_kinds.update(kind_of(href) for href in seen["activeTabs"])  # this page's
        for tab in seen["tabs"]:
            if self.ours(tab) and kind_of(tab) not in self.tab_kinds:
                self.tab_kinds.add(kind_of(tab))
                self.visit(tab)
        return seen

    def walk(self, username, password):
        self.log_in(username, password)
        seen = self.visit_with_tabs(f"{self.base}/")
        nav = []
        for href in seen["nav"]:
            if self.ours(href) and href not in nav:
                nav.append(href)
        # the navigation's pages, then the pages their headers' buttons open (results,
        # schemes, investors, a new record's form…), each with its first record
        queue = list(nav)
        while queue:
            href = queue.pop(0)
            if urlsplit(href).path == "/" or place_of(href) in self.visited:
                continue
            seen = self.visit_with_tabs(href)
            first = seen["firstLink"]
            if first and self.ours(first) and first not in nav and first not in queue:
                seen["actions"] += self.visit_with_tabs(first, f"{slug_of(href)}-first")["actions"]
            queue += [a for a in seen["actions"] if self.ours(a) and a not in queue]


# a walk per role and language: twelve tests of half a minute that the suite's workers
# share out among the others, rather than two of minutes each at its tail
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("role", ROLE_ORDER)
def test_every_page_of_every_role_reads_well_in_both_languages(live_server, settings, lang, role):
    if connection.vendor != "sqlite" and os.environ.get("PARKBASE_WALK") != "1":
        pytest.skip("the walk runs on SQLite (or with PARKBASE_WALK=1)")
    path = chromium_path()
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    demo_data()
    shots = settings.DATA_DIR / "walk"
    shots.mkdir(parents=True, exist_ok=True)
    username, password = demo_users()[role]
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        walk = Walk(live_server, role, lang, shots).open(browser)
        try:
            walk.walk(username, password)
        finally:
            walk.close()
            browser.close()
    tabs = sum("tab=" in place for place in walk.visited)
    print(f"{role} {lang}: walked {len(walk.visited)} pages in {time.monotonic() - started:.0f} s")
    if walk.slow:
        print("slow pages:", *walk.slow, sep="\n    ")
    report = []
    for page_path, problems in walk.findings.items():
        report.append(f"{role} {lang} {page_path}")
        report += [f"    {problem}" for problem in problems]
    assert len(walk.visited) > 5
    # every role opens the tabs of a record's page (the enterprise user: its own file)
    assert tabs >= 3, walk.visited
    assert not report, f"{len(report)} lines of findings:\n" + "\n".join(report)
