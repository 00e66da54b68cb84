"""Each role's navigation bar shows what the role may open, and only that: every link
of the bar answers; the committee reaches the project analysis pages (funnel, money,
key projects, blockers, tasks, lost projects) from every page; the search box and the
to-do page are there for every role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from tests.clients import page_client

pytestmark = pytest.mark.django_db

ANALYSIS = (
    "projects-funnel",
    "projects-money",
    "projects-key",
    "projects-blockers",
    "projects-tasks",
    "projects-lost",
)
COMMITTEE = (Role.ADMIN, Role.LEADER, Role.STAFF)


def navbar(client) -> str:
    page = client.get(reverse("enterprise-list")).content.decode()
    found = re.search(r'<header class="navbar.*?</header>', page, re.S)
    assert found
    return found.group(0)


def links(bar: str) -> list[str]:
    return sorted({h for h in re.findall(r'href="([^"#]+)"', bar) if h.startswith("/")})


@pytest.mark.parametrize("role", list(Role))
def test_every_link_of_a_roles_navbar_opens(world, role):
    client = page_client(world.users[role], "zh-hans")
    bar = navbar(client)
    assert f'action="{reverse("search")}"' in bar and reverse("todo") in bar
    hrefs = links(bar)
    assert len(hrefs) >= 4, hrefs
    for href in hrefs:
        response = client.get(href, follow=True)
        assert response.status_code == 200, (role, href, response.status_code)


def test_the_committee_reaches_the_project_analyses_from_every_page(world):
    for role in COMMITTEE:
        bar = navbar(page_client(world.users[role]))
        for name in ANALYSIS:
            assert f'href="{reverse(name)}"' in bar, (role, name)


@pytest.mark.parametrize("role", [Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE])
def test_other_roles_see_no_link_they_may_not_open(world, role):
    bar = navbar(page_client(world.users[role]))
    for name in (*ANALYSIS, "projects", "land-parcels", "import-list", "manage-users"):
        assert f'href="{reverse(name)}"' not in bar, (role, name)
