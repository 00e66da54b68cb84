"""core.contributions: a lower app asks, a higher app answers, nothing answers empty."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from parkbase.core import contributions
from parkbase.core.contributions import Panels, Value


def test_a_value_nobody_provides_answers_its_empty_value():
    point = Value("nothing here", dict)
    assert not point.provided
    assert point("any", argument=1) == {}


def test_a_value_answers_what_its_provider_returns_and_takes_one_provider():
    point = Value("classes", dict)

    def provider(ids, park, user=None):
        return {i: park for i in ids}

    point.provide(provider)
    point.provide(provider)  # ready() run again changes nothing
    assert point([1, 2], "A") == {1: "A", 2: "A"}
    with pytest.raises(ImproperlyConfigured, match="classes is provided already"):
        point.provide(lambda *args: {})


def test_panels_are_listed_in_the_order_given_without_the_empty_ones():
    point = Panels("enterprise page")
    assert point(object()) == []
    first = point.provide(lambda record: f"surveys of {record}")
    point.provide(lambda record: None)
    point.provide(lambda record: f"projects of {record}")
    point.provide(first)
    assert point("E1") == ["surveys of E1", "projects of E1"]


def test_evaluation_provides_what_the_land_pages_ask_for():
    assert contributions.ENTERPRISE_CLASSES.provided
    assert contributions.CLASS_NAMES.provided
    assert contributions.LAND_FREED.provided


def test_every_app_that_keeps_an_enterprise_s_records_adds_a_tab_to_its_page():
    modules = {f.__module__ for f in contributions.ENTERPRISE_TABS._functions}
    assert modules == {
        "parkbase.surveys.contributions",
        "parkbase.evaluation.contributions",
        "parkbase.projects.contributions",
        "parkbase.land.contributions",
        "parkbase.documents.contributions",
    }
