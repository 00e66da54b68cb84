"""A class shown as a badge takes the colour the charts and the land map give it
(``charts.class_colours`` of its run's classes), with a text colour that reads on it:
on the scorecard, in the results and runs lists, on the enterprise's file and on the
redevelopment candidates."""

from __future__ import annotations

import pytest

from parkbase.core import charts
from parkbase.core.badges import text_colour
from parkbase.core.choices import Role
from parkbase.evaluation import services
from parkbase.evaluation.models import Result
from tests.badges import badges
from tests.clients import page_client
from tests.evaluation.conftest import simple_definition

COLOURS = charts.class_colours(["A", "B"])


def make_run(world, **overrides):
    scheme = services.scheme_create(park=world.parks[0], definition=simple_definition(**overrides))
    return services.run_create(scheme=scheme)


def assert_painted(badge, colour):
    assert badge.background == colour.upper()
    assert badge.colour == text_colour(colour).upper()


@pytest.fixture
def run(figures):
    return make_run(figures)


def test_the_scorecard_shows_the_class_in_its_colour(figures, run):
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    assert result.klass == "B"
    html = page_client(figures.users[Role.LEADER]).get(f"/evaluation/results/{result.pk}/")
    [shown] = badges(html.content.decode(), "class")
    assert shown.text == "B"
    assert_painted(shown, COLOURS["B"])


def test_an_overridden_scorecard_shows_both_classes_in_their_colours(figures, run):
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    services.result_override(result=result, klass="A", reason="会议决定", expected_version=1)
    html = page_client(figures.users[Role.STAFF]).get(f"/evaluation/results/{result.pk}/")
    html = html.content.decode()
    [shown] = badges(html, "class")
    [computed] = badges(html, "computed-class")
    assert (shown.text, computed.text) == ("A", "B")
    assert_painted(shown, COLOURS["A"])
    assert_painted(computed, COLOURS["B"])


def test_classes_of_other_names_take_the_colours_of_their_place_in_the_scheme(figures):
    run = make_run(
        figures,
        classes=[{"name": "优", "upto": 0.25}, {"name": "良", "upto": 1.0}],
        forced=[],
    )
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    html = page_client(figures.users[Role.LEADER]).get(f"/evaluation/results/{result.pk}/")
    [shown] = badges(html.content.decode(), "class")
    assert shown.text == "良"
    # the chart's colour of the scheme's second class
    assert_painted(shown, charts.class_colours(["优", "良"])["良"])


def test_the_results_list_paints_each_class_in_its_colour(figures, run):
    page = page_client(figures.users[Role.STAFF]).get("/evaluation/results/", {"run": run.pk})
    shown = badges(page.content.decode(), "result-class")
    assert sorted(b.text for b in shown) == ["A", "B", "B", "B"]
    for badge in shown:
        assert_painted(badge, COLOURS[badge.text])


def test_the_runs_list_shows_each_class_count_in_its_colour(figures, run):
    page = page_client(figures.users[Role.STAFF]).get("/evaluation/")
    counts = [b for b in badges(page.content.decode()) if b.text[:1] in COLOURS]
    assert [b.text for b in counts] == ["A 1", "B 3"]
    assert_painted(counts[0], COLOURS["A"])
    assert_painted(counts[1], COLOURS["B"])


def test_the_enterprise_file_shows_its_classes_in_their_colours(figures, run):
    enterprise = figures.enterprises[0]
    page = page_client(figures.users[Role.STAFF]).get(
        f"/enterprises/{enterprise.pk}/", {"tab": "evaluation"}
    )
    [shown] = badges(page.content.decode(), "result-class")
    assert shown.text == "A"
    assert_painted(shown, COLOURS["A"])
