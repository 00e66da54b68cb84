"""The buttons of a page's header (``data-testid=page-actions``: evaluation results,
schemes, class policies, redevelopment candidates; investors, activities, funding,
pipeline; the monthly returns' reporting calendar; a new record's form) lead each role to a page it may open: a role that may
not open a page is not shown its button (no 404, no 403 behind a button)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from tests.clients import page_client

pytestmark = pytest.mark.django_db

# the pages whose headers hold buttons to other pages
PAGES = (
    "evaluation-runs",
    "evaluation-results",
    "evaluation-decisions",
    "evaluation-candidates",
    "evaluation-policies",
    "projects",
    "investors",
    "project-activities",
    "concern-list",
    "land-buildings",
    "land-map",
    "monthly-return-list",
    "monthly-late-list",
)


class ActionLinks(HTMLParser):
    """The links inside the element marked ``data-testid=page-actions``."""

    def __init__(self):
        super().__init__()
        self.depth, self.links = 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += tag not in ("input", "br", "img")
            if tag == "a" and attrs.get("href"):
                self.links.append(attrs["href"])
        elif attrs.get("data-testid") == "page-actions":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1


def action_links(page: str) -> list[str]:
    parser = ActionLinks()
    parser.feed(page)
    return [
        href
        for href in parser.links
        if not {"export", "download"} & set(parse_qs(urlsplit(href).query))
    ]


@pytest.mark.parametrize("role", list(Role))
def test_every_header_button_opens_its_page_for_the_role_shown_it(world, role):
    client = page_client(world.users[role], "en")
    followed = 0
    for name in PAGES:
        url = reverse(name)
        response = client.get(url)
        if response.status_code != 200:  # a page the role does not reach at all
            assert response.status_code in (403, 404), (url, response.status_code)
            continue
        for href in action_links(response.content.decode()):
            answer = client.get(href)
            assert answer.status_code == 200, (role, url, href, answer.status_code)
            followed += 1
    assert followed  # every role has some header button (the evaluation's results)
