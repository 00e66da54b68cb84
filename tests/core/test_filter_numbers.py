"""Numbers in list filters: a number the database cannot compare (an id of 2⁶³ or more)
or a date cannot hold (year 0) is refused with an error naming the filter, on every
filterset-backed list of the pages and of the API, never answered with a 500.

The lists are found by walking the URL patterns and the API router, so a new list or a
new filter is checked without being named here."""

from __future__ import annotations

import django_filters
import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from rest_framework.test import APIClient

from parkbase.api_urls import router
from parkbase.core.choices import Role
from parkbase.core.views import as_int

HUGE = "99999999999999999999"  # > 2**63 - 1
NUMERIC = (
    django_filters.ModelChoiceFilter,
    django_filters.ModelMultipleChoiceFilter,
    django_filters.NumberFilter,
)
YEAR_LOOKUPS = {"year", "iso_year"}


def _page_lists(patterns, prefix="/"):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _page_lists(pattern.url_patterns, prefix + str(pattern.pattern))
            continue
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and getattr(view, "filterset_class", None) is not None:
            yield prefix + str(pattern.pattern), view.filterset_class


PAGE_LISTS = sorted(_page_lists(get_resolver().url_patterns), key=lambda x: x[0])
API_LISTS = sorted(
    (f"/api/{prefix}/", viewset.filterset_class)
    for prefix, viewset, _basename in router.registry
    if getattr(viewset, "filterset_class", None) is not None
)


def bad_values(filterset_class):
    """(parameter, value, whether the filter must refuse it) for every filter: a huge
    number everywhere (only numeric filters must refuse it, none may fail), year 0
    where the filter matches a date's year."""
    for name, filter_ in filterset_class.base_filters.items():
        yield name, HUGE, isinstance(filter_, NUMERIC)
        if isinstance(filter_, django_filters.NumberFilter) and filter_.lookup_expr in YEAR_LOOKUPS:
            yield name, "0", True


def test_the_walk_finds_the_lists_and_their_numeric_filters():
    pages = {url for url, _ in PAGE_LISTS}
    apis = {url for url, _ in API_LISTS}
    assert {"/enterprises/", "/surveys/concerns/", "/projects/", "/land/"} <= pages
    assert {"/api/enterprises/", "/api/concerns/", "/api/project-funding/"} <= apis
    refused = {
        (url, name, value) for url, fs in API_LISTS for name, value, r in bad_values(fs) if r
    }
    assert ("/api/enterprises/", "department", HUGE) in refused
    assert ("/api/enterprise-years/", "enterprise", HUGE) in refused
    assert ("/api/project-funding/", "year", "0") in refused


@pytest.mark.parametrize(("url", "filterset_class"), API_LISTS, ids=[u for u, _ in API_LISTS])
def test_every_api_list_refuses_out_of_range_numbers_naming_the_parameter(
    world, url, filterset_class
):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users[Role.ADMIN])
    assert client.get(url).status_code == 200
    for name, value, refused in bad_values(filterset_class):
        response = client.get(url, {name: value})
        assert response.status_code != 500, (name, value)
        if refused:
            assert response.status_code == 400, (name, value, response.content)
            assert name in response.json(), (name, value, response.json())
            (message,) = response.json()[name]
            assert value in message and ("id" in message or "year" in message or "whole" in message)


@pytest.mark.parametrize(("url", "filterset_class"), PAGE_LISTS, ids=[u for u, _ in PAGE_LISTS])
def test_every_list_page_shows_out_of_range_numbers_as_an_error_of_the_filter(
    world, url, filterset_class
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users[Role.ADMIN])
    assert client.get(url).status_code == 200
    for name, value, refused in bad_values(filterset_class):
        response = client.get(url, {name: value})
        assert response.status_code != 500, (name, value)
        if refused:
            assert response.status_code == 200, (name, value)
            errors = response.context["filterset"].errors
            assert name in errors, (name, value, errors)
            assert value in errors[name][0]
            assert f"“{value}”" in response.content.decode()
            # and nothing is listed on a filter that was refused
            assert not response.context["page"].object_list


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_the_refusal_is_the_same_for_every_role_and_speaks_the_users_language(world, role):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(world.users[role])
    response = client.get("/api/enterprises/", {"department": HUGE, "phase": HUGE})
    assert response.status_code == 400
    assert set(response.json()) == {"department", "phase"}
    assert "编号" in response.json()["department"][0]
    english = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    english.force_authenticate(world.users[role])
    message = english.get("/api/concerns/", {"enterprise": HUGE}).json()["enterprise"][0]
    assert (
        message == f"enterprise “{HUGE}” is not an id: ids are whole numbers from 1 to {2**63 - 1}."
    )


def test_numbers_in_range_still_filter(world):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users[Role.ADMIN])
    department = world.departments[0]
    response = client.get("/api/enterprises/", {"department": department.pk, "page_size": 100})
    assert response.status_code == 200
    assert {row["department"] for row in response.json()["results"]} == {department.pk}
    # the largest id there can be is a valid question with no answer
    response = client.get("/api/enterprise-years/", {"enterprise": 2**63 - 1})
    assert response.status_code == 200 and response.json()["count"] == 0
    # a year is a whole number: 2019.5 is refused, not read as 2019
    response = client.get("/api/survey-campaigns/", {"year": "2019.5"})
    assert response.status_code == 400 and "year" in response.json()
    response = client.get("/api/survey-campaigns/", {"year": "2019"})
    assert response.status_code == 200 and response.json()["count"] == 1


def test_a_page_parameter_too_large_for_the_database_is_no_number():
    assert as_int("42") == 42
    assert as_int(str(2**63 - 1)) == 2**63 - 1
    assert as_int(HUGE) is None and as_int(str(-(2**63) - 1)) is None


def test_a_park_too_large_for_the_database_falls_back_to_the_first_park(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.users[Role.ADMIN])
    assert client.get("/land/", {"park": HUGE}).status_code == 200
