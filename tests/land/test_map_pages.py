"""The map page, the GeoJSON endpoint (filters, download, classes, a fixed number of
queries) and the GeoJSON upload (preview, confirm, overlaps), each through the scope:
another park's staff, a department user and an enterprise user find nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkbase.core import charts
from parkbase.core.choices import Role
from parkbase.evaluation.choices import RunStatus
from parkbase.land.choices import STATUS_COLOURS, LowEfficiency
from parkbase.land.models import Parcel
from tests.clients import page_client
from tests.factories import UserFactory
from tests.land.conftest import square
from tests.land.test_geojson import collection, feature, publish_classes


def features_of(response) -> dict[str, dict]:
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return {f["properties"]["code"]: f for f in data["features"]}


def map_config(response) -> dict:
    html = response.content.decode()
    start = html.index('<script id="land-map-config" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture
def other_staff(land_world):
    return UserFactory(username="staff_b", role=Role.STAFF, park=land_world.world.parks[1])


# --------------------------------------------------------------------------- map page


def test_map_page_draws_from_static_leaflet_and_no_tiles(land_world, settings):
    settings.PARKBASE_TILE_URL = ""
    response = page_client(land_world.staff, "zh-hans").get(reverse("land-map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in html and "vendor/leaflet/leaflet.css" in html
    assert "land/map.js" in html
    for cdn in ("unpkg", "cdnjs", "jsdelivr", "openstreetmap", "//cdn"):
        assert cdn not in html
    assert 'data-testid="land-nav"' in html and 'data-testid="legend"' in html
    config = map_config(response)
    assert config["tiles"] == ""
    assert config["geojson"] == reverse("land-geojson")
    assert set(config["statuses"]) == {"in_use", "idle", "reserve", "planned", "transferred"}
    assert list(config["classes"]) == ["A", "B", "C", "D"]
    # the class layer's colours are the class chart's; the status layer shares none
    assert config["classes"] == charts.class_colours(["A", "B", "C", "D"])
    assert config["noClass"] == charts.NO_CLASS_COLOUR
    status_colours = {s["colour"] for s in config["statuses"].values()}
    assert status_colours == set(STATUS_COLOURS.values())
    assert status_colours.isdisjoint({*config["classes"].values(), config["noClass"]})
    # the popup and the empty map speak the interface's language
    assert config["text"]["open"] == "打开宗地"
    assert config["text"]["empty"] == "没有符合筛选条件且已绘制边界的宗地。"
    assert response.context["counts"] == {"total": 2, "drawn": 2}
    assert 'data-testid="geojson-import"' in html  # staff may import


def test_map_page_with_a_tile_server_and_filters(land_world, settings):
    settings.PARKBASE_TILE_URL = "http://tiles.intranet/{z}/{x}/{y}.png"
    phase = land_world.world.phases[0]
    response = page_client(land_world.staff, "zh-hans").get(
        reverse("land-map"), {"phase": phase.pk, "status": "idle", "colour": "class"}
    )
    config = map_config(response)
    assert config["tiles"] == "http://tiles.intranet/{z}/{x}/{y}.png"
    assert config["colour"] == "class"
    assert config["geojson"] == f"{reverse('land-geojson')}?phase={phase.pk}&status=idle"
    assert response.context["counts"] == {"total": 1, "drawn": 1}


def test_leader_sees_the_map_but_may_not_import(land_world):
    leader = page_client(land_world.world.users[Role.LEADER], "zh-hans")
    response = leader.get(reverse("land-map"))
    assert response.status_code == 200
    assert 'data-testid="geojson-import"' not in response.content.decode()
    assert leader.get(reverse("land-geojson-import")).status_code == 403


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE])
def test_other_roles_find_nothing(land_world, role):
    client = page_client(land_world.world.users[role], "zh-hans")
    for name in ("land-map", "land-geojson", "land-geojson-import"):
        assert client.get(reverse(name)).status_code == 404
    upload = SimpleUploadedFile("x.geojson", json.dumps(collection()).encode())
    assert client.post(reverse("land-geojson-import"), {"file": upload}).status_code == 404


def test_anonymous_is_sent_to_log_in(land_world):
    response = page_client(language=None).get(reverse("land-geojson"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --------------------------------------------------------------------------- GeoJSON


def test_geojson_of_the_users_park_only(land_world, other_staff):
    response = page_client(land_world.staff, "zh-hans").get(reverse("land-geojson"))
    assert response["Content-Type"].startswith("application/geo+json")
    assert "Content-Disposition" not in response
    by_code = features_of(response)
    assert set(by_code) == {"A-01", "A-02"}
    assert by_code["A-01"]["properties"]["url"] == reverse("land-parcel", args=[land_world.a1.pk])
    assert set(features_of(page_client(other_staff, "zh-hans").get(reverse("land-geojson")))) == {
        "B-01"
    }
    # asking for park A changes nothing for park B's staff
    response = page_client(other_staff, "zh-hans").get(
        reverse("land-geojson"), {"park": land_world.a1.park_id}
    )
    assert set(features_of(response)) == {"B-01"}


def test_admin_chooses_the_park(land_world):
    admin = page_client(land_world.world.users[Role.ADMIN], "zh-hans")
    park_b = land_world.world.parks[1]
    assert set(features_of(admin.get(reverse("land-geojson"), {"park": park_b.pk}))) == {"B-01"}
    response = admin.get(reverse("land-map"), {"park": park_b.pk})
    assert map_config(response)["geojson"] == f"{reverse('land-geojson')}?park={park_b.pk}"


def test_geojson_filters_and_download(land_world, make_parcel):
    world = land_world.world
    make_parcel(
        code="A-03",
        geometry=square(2, 0),
        current_use="warehouse",
        low_efficiency=LowEfficiency.BUILT_NOT_PRODUCING,
        phase=world.phases[1],
    )
    staff = page_client(land_world.staff, "zh-hans")
    url = reverse("land-geojson")

    def codes(**params):
        return set(features_of(staff.get(url, params)))

    assert codes() == {"A-01", "A-02", "A-03"}
    assert codes(status="idle") == {"A-01"}
    assert codes(phase=world.phases[1].pk) == {"A-02", "A-03"}
    assert codes(use="warehouse") == {"A-03"}
    assert codes(use="industrial") == {"A-01", "A-02"}  # planned use when no current use
    assert codes(low_efficiency="built_not_producing") == {"A-03"}
    assert codes(phase=world.phases[1].pk, status="in_use", use="industrial") == {"A-02"}
    assert codes(status="nonsense") == set()
    # a phase of another park is no choice
    assert codes(phase=world.other.phase_id) == set()
    response = staff.get(url, {"status": "idle", "download": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="parcels-a.geojson"'
    assert set(features_of(response)) == {"A-01"}


def test_geojson_classes_and_a_fixed_number_of_queries(land_world, make_parcel):
    world = land_world.world
    publish_classes(world.parks[0], 2019, {world.enterprises[1]: "A", world.enterprises[2]: "D"})
    publish_classes(world.parks[0], 2020, {world.enterprises[1]: "C"}, status=RunStatus.NOTICE)
    staff = page_client(land_world.staff, "zh-hans")
    url = reverse("land-geojson")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff.get(url)
        return response, len(captured)

    _response, few = queries()
    for i in range(20):
        make_parcel(geometry=square(3 + i, 3), owner_enterprise=world.enterprises[2])
    response, many = queries()
    assert many == few <= 5  # session, user, park, parcels, classes
    by_code = features_of(response)
    assert len(by_code) == 22
    assert by_code["A-02"]["properties"]["class"] == "A"
    assert {f["properties"]["class"] for c, f in by_code.items() if c.startswith("T-")} == {"D"}
    assert by_code["A-01"]["properties"]["class"] is None


# --------------------------------------------------------------------------- import page


def upload(client, data, **extra):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    file = SimpleUploadedFile("parcels.geojson", body, content_type="application/geo+json")
    return client.post(reverse("land-geojson-import"), {"file": file, **extra})


def test_upload_preview_then_confirm(land_world):
    staff = page_client(land_world.staff, "zh-hans")
    data = collection(feature("A-01", square(0, 5)), feature("A-50", square(50, 50), name="新"))
    response = upload(staff, data)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.errors) == (1, 1, [])
    assert not Parcel.objects.filter(code="A-50").exists()  # a preview only
    html = response.content.decode()
    assert 'data-testid="confirm-form"' in html and 'data-action="created"' in html
    token = response.context["token"]
    assert token
    response = staff.post(
        reverse("land-geojson-import"), {"token": token, "park": land_world.a1.park_id}
    )
    assert response.status_code == 302 and response["Location"] == reverse("land-map")
    assert Parcel.objects.get(code="A-50").name == "新"
    assert Parcel.objects.get(pk=land_world.a1.pk).geometry == square(0, 5)
    # the token is spent
    again = staff.post(reverse("land-geojson-import"), {"token": token})
    assert again.status_code == 404


def test_upload_with_errors_offers_no_confirmation(land_world):
    staff = page_client(land_world.staff, "zh-hans")
    bad = {"type": "Polygon", "coordinates": [[[500000.0, 4600000.0], [500100.0, 4600000.0]]]}
    response = upload(staff, collection(feature("A-60", square(60, 60)), feature("A-61", bad)))
    html = response.content.decode()
    assert response.context["token"] == ""
    assert 'data-testid="confirm-form"' not in html
    assert 'data-rule="coordinates_projected"' in html and "A-61" in html
    assert not Parcel.objects.filter(code="A-60").exists()
    response = upload(staff, b"PK\x03\x04 a zip, not json")
    assert response.context["report"].unusable is not None
    assert 'data-testid="unusable"' in response.content.decode()


def test_upload_overlap_needs_the_box_ticked(land_world):
    staff = page_client(land_world.staff, "zh-hans")
    response = upload(staff, collection(feature("A-70", square(1, 0))))  # on top of A-02
    html = response.content.decode()
    assert 'data-rule="parcel_overlap"' in html and 'data-testid="confirm-overlap"' in html
    token = response.context["token"]
    response = staff.post(reverse("land-geojson-import"), {"token": token})
    assert response.status_code == 200 and response.context["report"].needs_confirmation
    assert not Parcel.objects.filter(code="A-70").exists()
    response = staff.post(reverse("land-geojson-import"), {"token": token, "confirm_overlap": "on"})
    assert response.status_code == 302
    assert Parcel.objects.filter(code="A-70").exists()


def test_a_token_belongs_to_its_session(land_world):
    staff = page_client(land_world.staff, "zh-hans")
    token = upload(staff, collection(feature("A-80", square(80, 80)))).context["token"]
    other = page_client(
        UserFactory(username="staff2", role=Role.STAFF, park=land_world.a1.park), "zh-hans"
    )
    assert other.post(reverse("land-geojson-import"), {"token": token}).status_code == 404
    assert other.post(reverse("land-geojson-import"), {"token": "../../etc"}).status_code == 404
    assert not Parcel.objects.filter(code="A-80").exists()


def test_upload_writes_only_into_the_users_park(land_world, other_staff):
    client = page_client(other_staff, "zh-hans")
    response = upload(client, collection(feature("A-01", square(90, 90))))
    # park B has no A-01: it would be a new parcel of park B
    assert response.context["report"].created == 1
    client.post(reverse("land-geojson-import"), {"token": response.context["token"]})
    assert Parcel.objects.get(pk=land_world.a1.pk).geometry == square(0, 0)
    assert Parcel.objects.get(code="A-01", park=land_world.world.parks[1])


def test_checked_uploads_nobody_confirmed_are_removed_after_a_day(land_world):
    import os
    import time

    from django.core.files.storage import default_storage

    from parkbase.land.views.map import UPLOAD_FOLDER

    staff = page_client(land_world.staff, "zh-hans")
    data = collection(feature("A-60", square(60, 60)))
    first = upload(staff, data).context["token"]
    second = upload(staff, data).context["token"]
    old, recent = (f"{UPLOAD_FOLDER}/{token}.json" for token in (first, second))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(old), (two_days_ago, two_days_ago))
    third = upload(staff, data).context["token"]  # each new upload tidies up
    assert not default_storage.exists(old) and default_storage.exists(recent)
    assert staff.post(reverse("land-geojson-import"), {"token": first}).status_code == 404
    for token in (second, third):
        default_storage.delete(f"{UPLOAD_FOLDER}/{token}.json")
