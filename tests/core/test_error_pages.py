"""Error pages are the site's own, in the user's language, with a way back: 403, 404,
an expired form (CSRF), 400 and 500 (which renders with no request context: both
languages, the dashboard link)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from parkbase.core.choices import Role
from tests.clients import log_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "text"), [("zh-hans", "页面已过期"), ("en", "The page expired")]
)
def test_an_expired_form_is_the_site_page(world, language, text):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    log_in(client, world.users[Role.STAFF], language)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    page = response.content.decode()
    assert text in page and 'data-testid="csrf-failure"' in page
    assert reverse("dashboard") in page


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "未找到"), ("en", "Not found")])
def test_not_found_is_the_site_page(world, language, text):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    log_in(client, world.users[Role.STAFF], language)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()
    assert 'class="navbar' in response.content.decode()  # with the navigation


@pytest.mark.parametrize(
    ("language", "text", "back"),
    [("zh-hans", "无权操作", "返回首页"), ("en", "Not allowed", "Back to the dashboard")],
)
def test_not_allowed_is_the_site_page(world, language, text, back):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    log_in(client, world.users[Role.LEADER], language)
    enterprise = world.enterprises[0]
    response = client.get(reverse("enterprise-edit", args=[enterprise.pk]))  # leaders read
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="not-allowed"' in page and text in page and back in page
    assert 'class="navbar' in page and 'data-testid="whoami"' in page  # with the navigation
    assert "403 Forbidden" not in page


def test_a_server_error_page_speaks_both_languages(rf):
    response = defaults.server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in page and "Something went wrong" in page and 'href="/"' in page


@pytest.mark.parametrize(("language", "text"), [("zh-hans", "请求有误"), ("en", "Bad request")])
def test_a_bad_request_page(rf, world, language, text):
    request = rf.get("/")
    request.user = world.users[Role.STAFF]
    with translation.override(language):
        response = defaults.bad_request(request, Exception())
        page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="bad-request"' in page and text in page
    assert reverse("dashboard") in page
