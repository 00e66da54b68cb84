"""The land API: the same scoping as the pages (other parks, departments, enterprises
see nothing; leaders read only), writes through the services (idle status, geometry,
overlap confirmation, versions), the same filters, and the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest

from parkbase.core.choices import Role
from parkbase.land.models import Approval, Parcel
from tests.clients import api_client

from .conftest import square

pytestmark = pytest.mark.django_db
PARCELS = "/api/land-parcels/"
APPROVALS = "/api/land-approvals/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_staff_reads_parcels_with_constraints_and_tenants(land_world):
    client = api_client(land_world.staff)
    assert ids(client.get(PARCELS)) == {land_world.a1.pk, land_world.a2.pk}
    a1 = client.get(f"{PARCELS}{land_world.a1.pk}/").json()
    assert a1["status"] == "idle" and a1["idle_reason"] == "not_started"
    assert a1["constraints"][0]["kind"] == "no_certificate"
    assert a1["geometry"]["type"] == "Polygon"
    a2 = client.get(f"{PARCELS}{land_world.a2.pk}/").json()
    assert a2["tenancies"][0]["enterprise"] == land_world.world.enterprises[0].pk
    assert ids(client.get(PARCELS, {"status": "idle"})) == {land_world.a1.pk}
    assert ids(client.get(PARCELS, {"q": "A-02"})) == {land_world.a2.pk}
    assert client.get(PARCELS, {"colour": "red"}).status_code == 400


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_other_roles_see_nothing(land_world, role):
    """Land is the committee's: the other roles find no list (404), as on the pages."""
    client = api_client(land_world.world.users[role])
    for url in (PARCELS, APPROVALS):
        assert client.get(url).status_code == 404
    assert client.get(f"{PARCELS}{land_world.a1.pk}/").status_code == 404
    assert client.get(f"{APPROVALS}{land_world.approval.pk}/").status_code == 404


def test_other_park_not_found(land_world):
    client = api_client(land_world.staff)
    b1 = land_world.b1
    assert client.get(f"{PARCELS}{b1.pk}/").status_code == 404
    assert client.patch(f"{PARCELS}{b1.pk}/", {"name": "x", "version": 1}).status_code == 404
    assert client.delete(f"{PARCELS}{b1.pk}/", {"version": 1}).status_code == 404
    # another park's parcel or phase cannot be pointed at either
    response = client.post(
        APPROVALS, {"kind": "quota", "name": "x", "parcels": [b1.pk]}, format="json"
    )
    assert response.status_code == 400 and "parcels" in response.json()


def test_leader_reads_only(land_world):
    client = api_client(land_world.world.users[Role.LEADER])
    assert ids(client.get(PARCELS)) == {land_world.a1.pk, land_world.a2.pk}
    assert client.patch(f"{PARCELS}{land_world.a1.pk}/", {"version": 1}).status_code == 403
    assert client.post(PARCELS, {"code": "L", "name": "L", "area": "1"}).status_code == 403


def test_create_update_through_the_services(land_world):
    client = api_client(land_world.staff)
    body = {
        "code": "N-1",
        "name": "新地块",
        "area": "9000",
        "geometry": square(0, 0, side=0.0005),  # inside A-01
        "agreed_start_on": "2017-01-01",
    }
    refused = client.post(PARCELS, body, format="json")
    assert refused.status_code == 400
    assert "A-01" in refused.json()["geometry"][0]
    assert not Parcel.objects.filter(code="N-1").exists()
    created = client.post(PARCELS, body | {"confirm_overlap": True}, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "idle" and data["version"] == 1
    assert data["geometry_area"] is not None and data["min_lon"] == pytest.approx(123.45)
    changed = client.patch(
        f"{PARCELS}{data['id']}/", {"started_on": str(dt.date.today()), "version": 1}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["status"] == "in_use" and changed.json()["version"] == 2
    stale = client.patch(f"{PARCELS}{data['id']}/", {"name": "旧", "version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    no_version = client.patch(f"{PARCELS}{data['id']}/", {"name": "旧"})
    assert no_version.status_code == 400


def test_bad_geometry_answered_with_the_rule(land_world):
    response = api_client(land_world.staff).post(
        PARCELS,
        {"code": "G", "name": "G", "area": "1", "geometry": '{"type": "Point"}'},
        format="json",
    )
    assert response.status_code == 400
    assert "geometry" in response.json()


def test_delete_needs_the_version(land_world):
    client = api_client(land_world.staff)
    url = f"{PARCELS}{land_world.a2.pk}/"
    assert client.delete(url).status_code == 400
    assert client.delete(url, {"version": 9}, format="json").status_code == 409
    assert client.delete(url, {"version": 1}, format="json").status_code == 204
    assert not Parcel.objects.filter(pk=land_world.a2.pk).exists()


def test_approvals_api(land_world):
    client = api_client(land_world.staff)
    assert ids(client.get(APPROVALS)) == {land_world.approval.pk}
    assert ids(client.get(APPROVALS, {"parcel": "A-02"})) == set()
    created = client.post(
        APPROVALS,
        {"kind": "supply", "name": "供地", "parcels": [land_world.a2.pk]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["parcels"] == [land_world.a2.pk]
    pk = created.json()["id"]
    refused = client.patch(f"{APPROVALS}{pk}/", {"status": "approved", "version": 1})
    assert refused.status_code == 400 and "decided_on" in refused.json()
    ok = client.patch(
        f"{APPROVALS}{pk}/",
        {"status": "rejected", "decided_on": "2019-05-01", "version": 1},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    assert Approval.objects.get(pk=pk).status == "rejected"


def test_admin_names_the_park(land_world):
    client = api_client(land_world.world.users[Role.ADMIN])
    body = {"code": "Z-1", "name": "Z", "area": "10"}
    assert client.post(PARCELS, body, format="json").status_code == 400
    park_b = land_world.world.parks[1]
    created = client.post(PARCELS, body | {"park": park_b.pk}, format="json")
    assert created.status_code == 201 and created.json()["park"] == park_b.pk


def test_schema_names_the_endpoints(land_world):
    response = api_client(land_world.staff).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/land-parcels/{id}/" in paths and "/api/land-approvals/" in paths
