"""Test clients logged in as a user: pages (Django's ``Client``, a session login) and
the API (DRF's ``APIClient``, authenticated without a token), in a language.

``language`` is sent as ``Accept-Language``; ``None`` sends none, so the site's default
(zh-hans) applies. Anonymous clients: pass no user."""

from __future__ import annotations

from django.test import Client
from rest_framework.test import APIClient


def log_in(client, user, language: str | None = None):
    """Logs ``client`` (a page or API client, e.g. pytest-django's ``client``) in as
    ``user``, asking for ``language`` when given (else as the client asked before);
    returns the user."""
    if isinstance(client, APIClient):
        client.force_authenticate(user)
    else:
        client.force_login(user)
    if language is not None:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return user


def page_client(user=None, language: str | None = "en") -> Client:
    """A browser-like client, logged in as ``user`` (anonymous without one)."""
    client = Client()
    if user is not None:
        log_in(client, user, language)
    elif language is not None:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def api_client(user=None, language: str | None = "en") -> APIClient:
    """An API client, authenticated as ``user`` (anonymous without one)."""
    client = APIClient()
    if user is not None:
        log_in(client, user, language)
    elif language is not None:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client
