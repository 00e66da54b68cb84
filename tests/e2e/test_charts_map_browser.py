"""The charts and maps as a reader sees them, in a real browser, offline: the land map
names its parcels without a hover (as many as fit without one label on another) and
opens fitted to them; a parcel's page draws its outline among its neighbours; the
class chart paints each class in its colour; a scorecard of two indicators draws bars,
not a flat radar; the funnel's labels do not sit on each other."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parkbase.core import charts
from parkbase.core.choices import Role
from parkbase.evaluation.choices import RunStatus
from parkbase.evaluation.models import Result, Run, Scheme
from parkbase.evaluation.services import default_scheme_definition
from parkbase.projects import services as projects
from tests.land.conftest import square

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# the boxes of the elements a selector finds, relative to the page
BOXES = """selector => [...document.querySelectorAll(selector)].map(e => {
  const r = e.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          text: e.textContent.trim()};
})"""


def log_in(page, live_server, username, then):
    page.goto(f"{live_server.url}/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def boxes(page, selector) -> list[dict]:
    return page.evaluate(BOXES, selector)


def overlap(a, b) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and b["top"] < a["bottom"] - 0.5
    )


def union(shapes: list[dict]) -> dict:
    return {
        "left": min(s["left"] for s in shapes),
        "top": min(s["top"] for s in shapes),
        "right": max(s["right"] for s in shapes),
        "bottom": max(s["bottom"] for s in shapes),
    }


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_map_names_its_parcels_without_hover_and_fits_them(
    world, make_parcel, offline_page, live_server, settings
):
    settings.PARKBASE_TILE_URL = ""
    staff = world.users[Role.STAFF]
    big = [(0, 0), (2, 0), (4, 0)]
    for i, (col, row) in enumerate(big):
        make_parcel(code=f"大-{i}", name=f"大地块{i}", geometry=square(col, row))
    # a row of small parcels side by side: their labels would cover each other
    small = 0.00012
    for i in range(10):
        geometry = square(0, 2, side=small)
        geometry["coordinates"] = [[[x + i * small, y] for x, y in geometry["coordinates"][0]]]
        make_parcel(code=f"小-{i}", name=f"小地块{i}", geometry=geometry)

    page = offline_page
    log_in(page, live_server, staff.username, "/land/map/")
    page.wait_for_selector("#land-map[data-ready='1']")
    the_map = boxes(page, "#land-map")[0]
    shapes = boxes(page, "#land-map path.leaflet-interactive")
    assert len(shapes) == 13

    # fitted: every parcel inside the map, and together they span it (less its margin)
    drawn = union(shapes)
    assert drawn["left"] >= the_map["left"] and drawn["right"] <= the_map["right"]
    assert drawn["top"] >= the_map["top"] and drawn["bottom"] <= the_map["bottom"]
    width_share = (drawn["right"] - drawn["left"]) / (the_map["right"] - the_map["left"] - 40)
    height_share = (drawn["bottom"] - drawn["top"]) / (the_map["bottom"] - the_map["top"] - 40)
    assert max(width_share, height_share) > 0.9

    # labels without any hover: every big parcel's code, and no label on another
    labels = boxes(page, "#land-map .parcel-label")
    texts = [label["text"] for label in labels]
    assert {"大-0", "大-1", "大-2"} <= set(texts)
    assert all(page.locator("#land-map .parcel-label").nth(i).is_visible() for i in range(3))
    assert not any(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    assert len(labels) < 13  # the small ones' labels would collide: not all are shown
    assert page.outside_requests == []


def test_a_parcels_page_draws_its_outline_among_its_neighbours(
    world, make_parcel, offline_page, live_server, settings
):
    settings.PARKBASE_TILE_URL = ""
    parcel = make_parcel(code="P-01", name="本宗地", geometry=square(0, 0))
    make_parcel(code="P-02", name="邻宗地", geometry=square(1, 0))
    make_parcel(  # another park's, on the same spot: never drawn
        park=world.parks[1], user=None, code="X-01", name="外园", geometry=square(0, 0)
    )

    page = offline_page
    log_in(page, live_server, world.users[Role.LEADER].username, f"/land/parcels/{parcel.pk}/")
    page.wait_for_selector("#parcel-map[data-ready='1']")
    outline = page.locator("#parcel-map path.parcel-outline")
    assert outline.count() == 1
    assert outline.get_attribute("d").startswith("M")
    assert page.locator("#parcel-map path.parcel-neighbour").count() == 1
    assert page.locator("#parcel-map .leaflet-tile").count() == 0
    # fitted: the outline lies inside the small map and fills a good part of it
    (box,) = boxes(page, "#parcel-map path.parcel-outline")
    frame = boxes(page, "#parcel-map")[0]
    assert frame["left"] <= box["left"] and box["right"] <= frame["right"]
    assert frame["top"] <= box["top"] and box["bottom"] <= frame["bottom"]
    assert (box["bottom"] - box["top"]) > 0.5 * (frame["bottom"] - frame["top"])
    assert page.outside_requests == []


def two_indicator_run(park, enterprises) -> tuple[Run, Result]:
    """A published run of the default scheme with a class count each and a result in
    the group of two indicators."""
    definition = default_scheme_definition()
    group = next(g for g in definition["groups"] if len(g["indicators"]) == 2)
    scheme = Scheme.objects.create(park=park, name="默认", year=2019, definition=definition)
    run = Run.objects.create(
        park=park,
        scheme=scheme,
        year=2019,
        scheme_version=1,
        scheme_definition=definition,
        status=RunStatus.PUBLISHED,
        computed_at=timezone.now(),
        published_at=timezone.now(),
        summary={
            "classes": {"D": 1, "C": 2, "B": 3, "A": 4},
            "groups": {group["code"]: 1},
            "median_scores": {f"{group['code']}|{i['code']}": 20 for i in group["indicators"]},
        },
    )
    result = Result.objects.create(
        run=run,
        enterprise=enterprises[0],
        group=group["code"],
        klass="C",
        computed_class="C",
        scores={i["code"]: 0 if n else 30 for n, i in enumerate(group["indicators"])},
    )
    return run, result


def test_the_charts_draw_classes_in_their_colours_and_two_indicators_as_bars(
    world, offline_page, live_server
):
    run, result = two_indicator_run(world.parks[0], world.enterprises)
    page = offline_page
    log_in(page, live_server, world.users[Role.LEADER].username, f"/evaluation/runs/{run.pk}/")
    chart = page.locator("[data-testid=class-chart] svg")
    chart.wait_for()
    fills = chart.locator("path").evaluate_all("paths => paths.map(p => getComputedStyle(p).fill)")
    for colour in charts.class_colours(["A", "B", "C", "D"]).values():
        assert rgb(colour) in fills

    page.goto(f"{live_server.url}/evaluation/results/{result.pk}/")
    page.locator("[data-testid=radar] svg").wait_for()
    drawn = page.evaluate(
        """() => {
          const option = echarts.getInstanceByDom(document.querySelector('[data-testid=radar]'))
            .getOption();
          return {series: option.series.map(s => s.type), radars: (option.radar || []).length};
        }"""
    )
    assert drawn == {"series": ["bar", "bar"], "radars": 0}
    # the enterprise's bar and the median's: something drawn, with the indicators named
    text = page.locator("[data-testid=radar] svg").text_content()
    assert "亩均税收" in text
    assert page.outside_requests == []


def test_the_funnels_labels_do_not_sit_on_each_other(world, offline_page, live_server):
    staff, park = world.users[Role.STAFF], world.parks[0]
    projects.pipeline_ensure(park)
    for i in range(5):
        projects.project_create(park=park, user=staff, name=f"项目{i}")

    page = offline_page
    log_in(page, live_server, staff.username, "/projects/funnel/")
    page.locator("#chart-funnel svg").wait_for()
    stages = page.locator("[data-testid=funnel] tbody tr").count()
    labels = [b for b in boxes(page, "#chart-funnel svg text") if b["text"]]
    assert len(labels) == stages >= 10
    assert not any(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :])
    frame = boxes(page, "#chart-funnel")[0]
    assert all(frame["right"] >= b["right"] and frame["bottom"] >= b["bottom"] for b in labels)
    assert page.outside_requests == []
