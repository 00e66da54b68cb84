"""Markup typed into names is shown as text wherever the browser builds HTML: the land
map's tooltips, popups and legend, the projects board (its cards, columns and the
messages a drag brings back) and the ECharts labels, legends and tooltips of the pages
that draw charts. Each name holds an image whose error handler would set
``window.__xss``, or bold tags; neither may take effect, and each must read literally."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.evaluation.choices import RunStatus
from parkbase.evaluation.models import Result, Run, Scheme
from parkbase.evaluation.services import default_scheme_definition
from parkbase.land import services as land
from parkbase.projects import services as projects
from parkbase.projects.choices import LossReason, PlaceLevel
from parkbase.projects.models import Stage
from tests.land.conftest import area_of, square

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IMG = '<img src=x onerror="window.__xss=1">'
BOLD = "<b>bold</b>"
KLASS = "<b>B</b>"  # a class name fits in eight characters

# ECharts' own tooltip of one data item (the same content a hover shows), read back
# as text: the tooltip is the chart's child element that is not the drawing.
TOOLTIP = """([selector, series, index]) => {
  const element = document.querySelector(selector);
  echarts.getInstanceByDom(element).dispatchAction(
    {type: "showTip", seriesIndex: series, dataIndex: index});
  const tip = [...element.children].find(c => c.tagName === "DIV" && !c.querySelector("svg"));
  return tip ? tip.textContent : "";
}"""


def log_in(page, live_server, username, then):
    page.goto(f"{live_server.url}/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def assert_inert(page):
    """No markup of the names took effect on the page."""
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("b").count() == 0
    assert page.outside_requests == []


def drawn_text(page, selector) -> str:
    """The chart's labels, axes and legend: the text of its SVG."""
    page.locator(f"{selector} svg").first.wait_for()
    return page.locator(f"{selector} svg").first.text_content()


def tooltip(page, selector, index, series=0) -> str:
    return page.evaluate(TOOLTIP, [selector, series, index])


def publish_marked_classes(park, enterprise, year=2019) -> Run:
    """A published run whose scheme names class B ``KLASS`` and its first indicator
    ``IMG``, grading ``enterprise`` in that class."""
    definition = default_scheme_definition()
    definition["classes"][1]["name"] = KLASS
    group = definition["groups"][0]
    group["indicators"][0]["name"] = IMG
    scheme = Scheme.objects.create(park=park, name="marked", year=year, definition=definition)
    run = Run.objects.create(
        park=park,
        scheme=scheme,
        year=year,
        scheme_version=1,
        scheme_definition=definition,
        status=RunStatus.PUBLISHED,
        computed_at=timezone.now(),
        published_at=timezone.now(),
        summary={"classes": {"A": 0, KLASS: 1, "C": 0, "D": 0}, "groups": {group["code"]: 1}},
    )
    Result.objects.create(
        run=run, enterprise=enterprise, group=group["code"], klass=KLASS, computed_class=KLASS
    )
    return run


def test_the_land_map_shows_names_as_text(world, offline_page, live_server, settings):
    settings.PARKBASE_TILE_URL = ""
    staff, park = world.users[Role.STAFF], world.parks[0]
    land.parcel_create(
        park=park,
        user=staff,
        code=IMG,
        name=BOLD,
        area=area_of(square(0, 0)),
        geometry=square(0, 0),
        owner_enterprise=world.enterprises[0],
    )
    publish_marked_classes(park, world.enterprises[0])

    page = offline_page
    log_in(page, live_server, staff.username, "/land/map/?colour=class")
    page.wait_for_selector("#land-map[data-ready='1']")
    shape = page.locator("#land-map path.leaflet-interactive")
    # the code written on the parcel without a hover, and its hover tooltip
    label = page.locator(".parcel-label")
    assert label.text_content() == IMG
    shape.hover()
    hint = page.locator(".leaflet-tooltip:not(.parcel-label)")
    hint.wait_for()
    assert hint.text_content() == IMG

    shape.click()
    popup = page.locator("[data-testid=parcel-popup]")
    popup.wait_for()
    assert f"{IMG} {BOLD}" in popup.text_content()
    assert KLASS in popup.text_content()
    assert KLASS in page.text_content(f"[data-testid=legend-class] li[data-value='{KLASS}']")
    page.wait_for_load_state("networkidle")  # an image would have failed to load by now
    assert_inert(page)


def test_the_projects_board_and_analyses_show_names_as_text(world, offline_page, live_server):
    staff, park = world.users[Role.STAFF], world.parks[0]
    staff.first_name, staff.last_name = BOLD, ""
    staff.save()
    projects.pipeline_ensure(park)
    stages = {s.code: s for s in Stage.objects.filter(park=park)}
    for code, name in (("lead", IMG), ("negotiation", BOLD)):
        Stage.objects.filter(pk=stages[code].pk).update(name=name, name_en=name)
    start = timezone.localdate() - dt.timedelta(days=60)
    name = f"{BOLD} {IMG}"
    projects.project_create(
        park=park,
        user=staff,
        stage=stages["lead"],
        name=name,
        officer=staff,
        first_contact_on=start,
        total_investment=Decimal("100000000"),
    )
    lost = projects.project_create(
        park=park, user=staff, stage=stages["lead"], name="流失项目", first_contact_on=start
    )
    investor = projects.investor_create(park=park, name=BOLD, origin="out_of_city")
    projects.project_investor_add(project=lost, investor=investor)
    lost.refresh_from_db()
    projects.project_lose(
        project=lost,
        expected_version=lost.version,
        reason=LossReason.LAND,
        lost_on=timezone.localdate(),
        destinations=[{"place": IMG, "level": PlaceLevel.CITY, "winner": BOLD}],
    )

    page = offline_page
    log_in(page, live_server, staff.username, "/projects/board/")
    card = page.locator("[data-testid=column-lead] [data-testid=card]")
    assert card.locator("[data-testid=card-name]").text_content() == name
    assert BOLD in card.text_content()  # the officer
    assert page.text_content("[data-testid=column-lead] .kanban-stage") == IMG
    assert page.text_content("[data-testid=column-negotiation] .kanban-stage") == BOLD
    # the server's refusal and the moved card come back as HTML the script puts in
    card.drag_to(page.locator("[data-testid=column-signed]"))
    page.locator("[data-testid=move-refused]").wait_for()
    assert name in page.text_content("[data-testid=move-refused]")
    card.drag_to(page.locator("[data-testid=column-negotiation]"))
    page.locator("[data-testid=move-done]").wait_for()
    moved = page.locator("[data-testid=column-negotiation] [data-testid=card-name]")
    assert moved.text_content() == name
    assert_inert(page)

    # the funnel: stage names in its labels and in its tooltip's "{b}: {c}"
    page.goto(f"{live_server.url}/projects/funnel/")
    drawn = drawn_text(page, "#chart-funnel")
    assert IMG in drawn and BOLD in drawn
    assert tooltip(page, "#chart-funnel", 0).startswith(f"{IMG}: ")
    assert_inert(page)

    # the lost projects: the destination on the axis and in the tooltip
    page.goto(f"{live_server.url}/projects/lost/")
    assert IMG in drawn_text(page, "#chart-destination")
    assert IMG in tooltip(page, "#chart-destination", 0)
    assert BOLD in page.text_content("body")  # investor and winner in the table
    assert_inert(page)


def test_charts_show_names_as_text(world, offline_page, live_server):
    park, leader = world.parks[0], world.users[Role.LEADER]
    for team, name in zip(world.teams, (IMG, BOLD), strict=True):
        team.name = name
        team.save()
    for phase, name in zip(world.phases, (IMG, BOLD), strict=True):
        phase.name = name
        phase.save()
    for department, name in zip(world.departments, (BOLD, IMG), strict=True):
        department.name = name
        department.save()
    run = publish_marked_classes(park, world.enterprises[0])
    result = Result.objects.get(run=run)

    page = offline_page
    log_in(page, live_server, leader.username, f"/surveys/{world.campaign.pk}/progress/")
    drawn = drawn_text(page, "[data-testid=progress-chart]")
    assert IMG in drawn and BOLD in drawn
    tips = [tooltip(page, "[data-testid=progress-chart]", i) for i in (0, 1)]
    assert any(t.startswith(IMG) for t in tips) and any(t.startswith(BOLD) for t in tips)
    assert_inert(page)

    # the enterprises dashboard: phases and departments on the axes and in tooltips
    page.goto(f"{live_server.url}/")
    for chart in ("#chart-phase", "#chart-department"):
        drawn = drawn_text(page, chart)
        assert IMG in drawn and BOLD in drawn
        tips = tooltip(page, chart, 0) + tooltip(page, chart, 1)
        assert IMG in tips and BOLD in tips
    assert_inert(page)

    # the evaluation run's class chart and a scorecard's radar
    page.goto(f"{live_server.url}/evaluation/runs/{run.pk}/")
    assert KLASS in drawn_text(page, "[data-testid=class-chart]")
    # PostgreSQL's JSON keeps the summary's classes in its own key order: any bar
    tips = [tooltip(page, "[data-testid=class-chart]", i) for i in range(4)]
    assert any(KLASS in tip for tip in tips)
    assert_inert(page)
    page.goto(f"{live_server.url}/evaluation/results/{result.pk}/")
    assert IMG in drawn_text(page, "[data-testid=radar]")
    assert IMG in tooltip(page, "[data-testid=radar]", 0)
    assert_inert(page)
