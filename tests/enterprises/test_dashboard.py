"""The committee's dashboard drills down: each bar, slice and figure links to the
records it counts, and following the link shows exactly those records; the cards of
the apps above (surveys, evaluation, projects, land) show the committee only; a
department and an enterprise never see the park's cards."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from parkbase.core import charts
from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise
from parkbase.surveys.choices import AssignmentStatus
from tests.clients import page_client

pytestmark = pytest.mark.django_db


def _bars(option: str) -> list[dict]:
    """(name, value, url) of each element of a chart's first series."""
    option = json.loads(option)
    series = option["series"][0]
    axis = option["yAxis"] if option["yAxis"]["type"] == "category" else option["xAxis"]
    out = []
    for name, item in zip(axis["data"], series["data"], strict=True):
        item = item if isinstance(item, dict) else {"value": item}
        out.append({"name": name, "value": item["value"], "url": item.get("url")})
    return out


def test_a_bar_and_a_slice_carry_the_link_to_their_records():
    bars = json.loads(charts.bar([{"name": "一期", "value": 2, "url": "/e/?phase=1"}]))
    assert bars["series"][0]["data"] == [{"value": 2, "url": "/e/?phase=1"}]
    plain = json.loads(charts.bar([{"name": "一期", "value": 2}]))
    assert plain["series"][0]["data"] == [2]
    classes = json.loads(charts.class_bar({"A": 3}, ["A", "B"], {"A": "/r/?klass=A"}))
    assert classes["series"][0]["data"][0]["url"] == "/r/?klass=A"
    assert "url" not in classes["series"][0]["data"][1]


def test_each_phase_bar_opens_the_enterprises_of_its_phase(world):
    leader = world.users[Role.LEADER]
    client = page_client(leader, "zh-hans")
    context = client.get(reverse("dashboard")).context
    bars = _bars(context["phase_option"])
    assert [b["name"] for b in bars] == [p.name for p in world.phases]
    for bar, phase in zip(bars, world.phases, strict=True):
        assert parse_qs(urlsplit(bar["url"]).query) == {"phase": [str(phase.pk)]}
        listed = client.get(bar["url"]).context["page"].object_list
        names = sorted(e.name for e in listed)
        expected = sorted(e.name for e in world.enterprises if e.phase_id == phase.pk)
        assert names == expected and len(names) == bar["value"]


def test_each_department_and_status_links_to_its_enterprises(world):
    client = page_client(world.users[Role.STAFF], "zh-hans")
    context = client.get(reverse("dashboard")).context
    for bar in _bars(context["department_option"]):
        listed = client.get(bar["url"]).context["page"].object_list
        assert len(listed) == bar["value"]
        assert {e.department.name for e in listed} == {bar["name"]}
    slices = json.loads(context["status_option"])["series"][0]["data"]
    assert slices and all(s["url"].startswith(reverse("enterprise-list")) for s in slices)
    for s in slices:
        assert len(client.get(s["url"]).context["page"].object_list) == s["value"]


def test_an_industry_section_bar_opens_the_enterprises_of_that_section(world):
    a, b, c, d = world.enterprises
    Enterprise.objects.filter(pk__in=[a.pk, b.pk]).update(industry_code="3411")  # C
    Enterprise.objects.filter(pk=c.pk).update(industry_code="4411")  # D
    Enterprise.objects.filter(pk=d.pk).update(industry_code="1310")  # C
    client = page_client(world.users[Role.LEADER], "en")
    bars = _bars(client.get(reverse("dashboard")).context["industry_option"])
    by_name = {bar["name"]: bar for bar in bars}
    manufacturing = next(bar for bar in bars if bar["value"] == 3)
    assert parse_qs(urlsplit(manufacturing["url"]).query) == {"section": ["C"]}
    listed = client.get(manufacturing["url"]).context["page"].object_list
    assert sorted(e.pk for e in listed) == sorted([a.pk, b.pk, d.pk])
    assert len(by_name) == 2


def test_the_committee_sees_the_cards_of_the_work_apps_each_linking_to_its_records(world):
    client = page_client(world.users[Role.LEADER], "zh-hans")
    response = client.get(reverse("dashboard"))
    cards = response.context["cards"]
    titles = [str(card["title"]) for card in cards]
    assert titles[0] == world.campaign.name  # surveys first, then the others in order
    assert len(cards) == 4
    assert [card["order"] for card in cards] == sorted(card["order"] for card in cards)
    survey = cards[0]
    verified = survey["figures"][0]
    assert verified.value == f"0 / {len(world.assignments)}"
    bars = _bars(survey["option"])
    not_visited = next(b for b in bars if b["value"] == len(world.assignments))
    query = parse_qs(urlsplit(not_visited["url"]).query)
    assert query == {"campaign": [str(world.campaign.pk)], "status": [AssignmentStatus.NOT_VISITED]}
    listed = client.get(not_visited["url"]).context["page"].object_list
    assert len(listed) == len(world.assignments)
    page = response.content.decode()
    assert 'data-testid="dashboard-cards"' in page and "data-print" in page


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.SURVEY])
def test_outside_the_committee_no_park_card_shows(world, role):
    response = page_client(world.users[role], "zh-hans").get(reverse("dashboard"))
    assert response.context["cards"] == []
    assert 'data-testid="dashboard-cards"' not in response.content.decode()
