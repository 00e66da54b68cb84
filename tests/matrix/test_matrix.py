"""The permission matrix: every page route and every API route, for every demo role and a
user of another park, for each action that applies, against the declared table
(``tests/matrix/tables.py``). A route without its row fails; so does a row of a route
that is gone.

Each route is one test: it asks, for each user, with an object in the user's scope and
(when there is one) with one out of it; writes run in a transaction rolled back at once.
The demo is loaded once for the module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from parkbase.core.choices import Action
from parkbase.core.testing import (
    HIDDEN,
    PAGE_ACTIONS,
    REFUSED,
    Check,
    routes,
    url,
)
from tests.clients import page_client
from tests.matrix.tables import API, PAGES
from tests.matrix.world import USERS, MatrixWorld, quiet

pytestmark = [pytest.mark.matrix, pytest.mark.django_db]

PAGE_ROUTES, API_ROUTES, ADMIN_ROUTES = routes()
ACTION_OF = {"get": Action.VIEW, "delete": Action.DELETE}  # any other method: change
PAGE_ACTION_OF = {"create": Action.CHANGE, "edit": Action.CHANGE, "change": Action.CHANGE}
PAGE_ACTION_OF["delete"] = Action.DELETE
FRESH_CLIENT = {"logout"}  # logging out would end the shared session


@pytest.fixture(scope="module")
def world(demo_once, django_db_blocker):
    with django_db_blocker.unblock():
        yield MatrixWorld()


def _checks(world, name: str, api: bool) -> Iterator[tuple[str, Check]]:
    route = (API_ROUTES if api else PAGE_ROUTES)[name]
    row = (API if api else PAGES)[name]
    for action, expected in row.actions.items():
        assert len(expected) == len(USERS), f"{name} {action}: one answer per user"
        if api:
            asks = ((action, {}),)
            scope_action = ACTION_OF.get(action, Action.CHANGE)
        else:
            asks = tuple(
                (method, row.data if method == "post" else data)
                for method, data in PAGE_ACTIONS[action]
                if route.answers(method)
            )
            scope_action = PAGE_ACTION_OF.get(action, Action.VIEW)
        for username, answer in zip(USERS, expected, strict=True):
            if row.kind is None:
                targets = [({}, answer)]
            else:
                inside, outside = world.objects(row.kind, username, scope_action)
                targets = [(inside, answer)]
                if outside is not None and outside != inside:
                    # a role that may not do the action at all is refused at the door,
                    # before anything is looked up
                    targets.append((outside, REFUSED if answer == REFUSED else HIDDEN))
            for arguments, want in targets:
                path = url(route, arguments)
                for method, data in asks:
                    yield username, Check(name, action, username, method, path, data, want, api)


def _run(world, name: str, api: bool) -> list[str]:
    clients = world.apis if api else world.pages
    wrong = []
    for username, check in _checks(world, name, api):
        client = clients[username]
        if name in FRESH_CLIENT:
            client = quiet(page_client(world.users[username]))
        problem = check.run(client)
        if problem:
            wrong.append(problem)
    return wrong


def test_every_page_route_has_its_row():
    assert set(PAGE_ROUTES) - set(PAGES) == set(), "routes with no row in the table"
    assert set(PAGES) - set(PAGE_ROUTES) == set(), "rows of routes that do not exist"
    for name, row in PAGES.items():
        assert set(row.actions) <= set(PAGE_ACTIONS), name
        assert (row.kind is None) == (not PAGE_ROUTES[name].arguments), name


def test_every_api_route_and_method_has_its_row():
    assert set(API_ROUTES) - set(API) == set(), "API routes with no row in the table"
    assert set(API) - set(API_ROUTES) == set(), "rows of API routes that do not exist"
    for name, row in API.items():
        assert set(row.actions) == set(API_ROUTES[name].methods), name


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page(world, name):
    assert _run(world, name, api=False) == []


@pytest.mark.parametrize("name", sorted(API))
def test_api(world, name):
    assert _run(world, name, api=True) == []


def test_admin_site_is_for_administrators_only(world):
    """Django's admin site (every ``admin:`` route, one row for all): the administrator
    gets each model's list; every other user is sent to the admin login."""
    changelists = sorted(n for n in ADMIN_ROUTES if n.endswith("_changelist"))
    assert changelists
    wrong = []
    for username in USERS:
        client = world.pages[username]
        for name in ["admin:index", *changelists]:
            response = client.get(reverse(name))
            if username == "admin":
                ok = response.status_code == 200
            else:
                ok = response.status_code == 302 and "/admin/login/" in response["Location"]
            if not ok:
                wrong.append(f"{name} as {username}: {response.status_code}")
    assert wrong == []
