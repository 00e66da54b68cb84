"""Park staff open the land map in a real browser with every request outside the live
server blocked: Leaflet comes from the site's own static files, each parcel with a
geometry is drawn (one SVG path each), the legend shows the statuses and switches to
the evaluation classes, and a click on a parcel opens its popup with the link to the
parcel's page; the popup writes status and class as badges in the legend's colours."""

from decimal import Decimal

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.land import services
from parkbase.projects import services as project_services
from parkbase.projects.models import Stage
from tests.land.conftest import DAY, area_of, square
from tests.land.test_geojson import publish_classes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/?next=/land/map/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def test_the_map_draws_every_parcel_offline(world, offline_page, live_server, settings):
    settings.PARKBASE_TILE_URL = ""
    staff = world.users[Role.STAFF]
    park = world.parks[0]
    parcels = [
        services.parcel_create(
            park=park,
            user=staff,
            today=DAY,
            code=f"M-{i:02d}",
            name=f"地图地块{i}",
            area=area_of(square(i, 0)),
            geometry=square(i, 0),
            owner_enterprise=world.enterprises[1] if i == 0 else None,
        )
        for i in range(4)
    ]
    # one without geometry: listed, not drawn; one of another park: never sent
    services.parcel_create(park=park, user=staff, code="M-99", name="无图斑", area=Decimal(900))
    services.parcel_create(park=world.parks[1], code="X-01", name="外园", area=Decimal(1))
    publish_classes(park, 2019, {world.enterprises[1]: "B"})

    page = offline_page
    log_in(page, live_server, staff.username)
    page.wait_for_selector("#land-map[data-ready='1']")
    assert page.get_attribute("#land-map", "data-features") == "4"
    assert page.locator("#land-map path.leaflet-interactive").count() == 4
    assert page.locator("#land-map .leaflet-tile").count() == 0  # no base map
    legend = page.locator("[data-testid=legend-status]")
    assert legend.is_visible()
    assert legend.locator("li").count() == 5
    assert not page.locator("[data-testid=legend-class]").is_visible()

    # colour by class: the legend follows, the first parcel takes class B's colour
    page.click("label[for=colour-class]")
    assert page.locator("[data-testid=legend-class]").is_visible()
    assert not legend.is_visible()
    swatch = page.locator("[data-testid=legend-class] li[data-value=B] .swatch")
    colour = swatch.evaluate("e => getComputedStyle(e).backgroundColor")
    fills = page.locator("#land-map path.leaflet-interactive").evaluate_all(
        "paths => paths.map(p => getComputedStyle(p).fill)"
    )
    assert fills.count(colour) == 1

    # a click on a parcel: its popup names it and links to its page
    page.locator("#land-map path.leaflet-interactive").first.click()
    popup = page.locator("[data-testid=parcel-popup]")
    popup.wait_for()
    text = popup.inner_text()
    code = next(p.code for p in parcels if p.code in text)
    parcel = next(p for p in parcels if p.code == code)
    assert parcel.name in text
    link = popup.locator("[data-testid=parcel-link]")
    assert link.get_attribute("href") == reverse("land-parcel", args=[parcel.pk])
    assert page.outside_requests == []


def test_the_popup_of_a_parcel_reserved_for_a_confidential_project_shows_its_code_name(
    world, offline_page, live_server, settings
):
    settings.PARKBASE_TILE_URL = ""
    staff, admin = world.users[Role.STAFF], world.users[Role.ADMIN]
    park = world.parks[0]
    project_services.pipeline_ensure(park)
    secret = project_services.project_create(
        park=park,
        user=staff,  # the insider; the administrator is outside it
        stage=Stage.objects.get(park=park, code="lead"),
        name="飞机制造基地",
        confidential=True,
        code_name="雏鹰项目",
        first_contact_on=DAY,
    )
    parcel = services.parcel_create(
        park=park,
        user=staff,
        code="S-01",
        name="靶场",
        area=area_of(square(0, 0)),
        geometry=square(0, 0),
        note="飞机跑道",
    )
    services.approval_create(
        park=park, user=staff, parcels=[parcel], kind="quota", name="审批", serves=secret
    )

    page = offline_page
    log_in(page, live_server, admin.username)
    page.wait_for_selector("#land-map[data-ready='1']")
    page.locator("#land-map path.leaflet-interactive").first.click()
    popup = page.locator("[data-testid=parcel-popup]")
    popup.wait_for()
    text = popup.inner_text()
    assert "雏鹰项目" in text and "飞机" not in text


def test_the_popup_shows_status_and_class_as_the_legend_colours_them(
    world, make_parcel, offline_page, live_server, settings
):
    settings.PARKBASE_TILE_URL = ""
    staff = world.users[Role.STAFF]
    park = world.parks[0]
    make_parcel(
        code="P-01",
        name="徽章地块",
        geometry=square(0, 0),
        owner_enterprise=world.enterprises[1],
        started_on=DAY,
    )
    publish_classes(park, 2019, {world.enterprises[1]: "B"})

    page = offline_page
    log_in(page, live_server, staff.username)
    page.wait_for_selector("#land-map[data-ready='1']")
    page.locator("#land-map path.leaflet-interactive").first.click()
    page.locator("[data-testid=parcel-popup]").wait_for()

    def background(selector):
        return page.locator(selector).evaluate("e => getComputedStyle(e).backgroundColor")

    status = page.locator("[data-testid=popup-status]")
    assert status.inner_text() == "在用"  # the reader's language
    assert background("[data-testid=popup-status]") == background(
        "[data-testid=legend-status] li[data-value=in_use] .swatch"
    )
    assert status.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    klass = page.locator("[data-testid=popup-class]")
    assert klass.inner_text() == "B"
    assert background("[data-testid=popup-class]") == background(
        "[data-testid=legend-class] li[data-value=B] .swatch"
    )
    assert klass.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
