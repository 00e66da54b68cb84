"""Refusals are the site's own pages, in the user's language: 404 for what lies outside
the user's scope (or a module the role has no part in), 403 for an action the role may
not do."""

from __future__ import annotations

import pytest

from parkbase.core.choices import Role
from tests.clients import page_client


@pytest.mark.parametrize(
    ("language", "title", "home"), [("zh-hans", "未找到", "返回首页"), ("en", "Not found", "Back")]
)
def test_not_found_is_the_sites_page_in_the_users_language(world, language, title, home):
    client = page_client(world.users[Role.DEPARTMENT], language)
    response = client.get("/projects/")  # a department has no part in the pipeline
    assert response.status_code == 404
    page = response.content.decode()
    assert title in page and home in page
    assert 'data-testid="whoami"' in page  # the site's layout, the user still signed in
    assert "The requested resource was not found" not in page


@pytest.mark.parametrize(("language", "title"), [("zh-hans", "无权操作"), ("en", "Not allowed")])
def test_not_allowed_is_the_sites_page_in_the_users_language(world, language, title):
    client = page_client(world.users[Role.LEADER], language)
    enterprise = world.enterprises[0]
    response = client.get(f"/enterprises/{enterprise.pk}/edit/")  # leaders only read
    assert response.status_code == 403
    assert title in response.content.decode()


def test_the_api_link_is_shown_only_to_roles_that_may_use_the_api(world):
    staff = page_client(world.users[Role.STAFF]).get("/").content.decode()
    dept = page_client(world.users[Role.DEPARTMENT]).get("/").content.decode()
    assert "/api/docs/" in staff and "/api/docs/" not in dept
