import os
import shutil

import pytest

from tests.land.conftest import make_parcel  # noqa: F401 (the land tests' parcels)

CHROMIUM = os.environ.get("PARKBASE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if path:
        return path
    message = (
        f"Debian's chromium is needed for browser tests ({CHROMIUM} not found): "
        "apt-get install chromium, or set PARKBASE_CHROMIUM"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def browser():
    path = chromium_path()
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the test itself happen before or between page actions, never concurrently.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser, live_server):
    """A page that may load only from the live server: anything else is blocked and
    recorded, so the test proves the site needs no internet."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.outside_requests = []

    def guard(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
