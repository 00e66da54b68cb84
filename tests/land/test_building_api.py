"""The building and unit API: writes through the services (their rules answered as 400
naming the field, versions as 409), the same scope as the pages (leaders read only;
departments, enterprises and other parks see nothing and cannot point at what they do
not see), and the letting totals of the list summed in SQL: the same figures as a
single building's letting table, at a query count that does not grow with the list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core.choices import Role
from parkbase.land.choices import BuildingKind, UnitStatus
from parkbase.land.models import Building, Unit
from parkbase.land.services import buildings as services
from tests.clients import api_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BUILDINGS = "/api/land-buildings/"
UNITS = "/api/land-units/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def staff(world):
    return world.users[Role.STAFF]


@pytest.fixture
def other_park_staff(world):
    return UserFactory(username="staff_b", role=Role.STAFF, park=world.parks[1])


def make_building(park, user, code, *, floors=3, floor_area="3000", units=(), **fields):
    """A building through the service, with units given as (floor, code, area, status,
    extra fields)."""
    building = services.building_create(
        park=park,
        user=user,
        code=code,
        name=f"厂房{code}",
        floors=floors,
        floor_area=Decimal(floor_area),
        **fields,
    )
    for floor, unit_code, area, status, extra in units:
        services.unit_create(
            building=building,
            user=user,
            floor=floor,
            code=unit_code,
            area=Decimal(area),
            status=status,
            **extra,
        )
    return building


@pytest.fixture
def b1(world, staff):
    """3 floors, 3,000 m²: 301 occupied (500), 201 vacant (400), 202 reserved (600),
    101 occupied (1,000)."""
    ents = world.enterprises
    return make_building(
        world.parks[0],
        staff,
        "B1",
        units=[
            (3, "301", "500", UnitStatus.OCCUPIED, {"tenant": ents[0]}),
            (2, "201", "400", UnitStatus.VACANT, {}),
            (2, "202", "600", UnitStatus.RESERVED, {"reserved_for": "医药项目"}),
            (1, "101", "1000", UnitStatus.OCCUPIED, {"tenant": ents[1]}),
        ],
    )


@pytest.fixture
def b_other(world):
    """A building of park B with one vacant unit."""
    return make_building(
        world.parks[1],
        None,
        "X1",
        floors=1,
        floor_area="800",
        units=[(1, "101", "800", UnitStatus.VACANT, {})],
    )


# ---------------------------------------------------------------- writes


def test_staff_creates_a_building_and_its_units(world, staff, make_parcel):
    parcel = make_parcel(code="P-9")
    client = api_client(staff)
    created = client.post(
        BUILDINGS,
        {
            "code": "N1",
            "name": "新厂房",
            "kind": BuildingKind.OFFICE,
            "parcel": parcel.pk,
            "floors": 2,
            "floor_area": "1200.50",
            "rent_guidance": "15元/m²·月",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["park"] == world.parks[0].pk and data["parcel_code"] == "P-9"
    assert data["version"] == 1 and data["kind_display"] == "Office building"
    assert data["letting"] == {
        "total_area": "0.00",
        "occupied_area": "0.00",
        "vacant_area": "0.00",
        "reserved_area": "0.00",
        "occupancy_rate": None,
        "unit_count": 0,
    }
    building = Building.objects.get(pk=data["id"])
    assert building.floor_area == Decimal("1200.50")
    assert building.history.latest().history_user == staff  # written by the service

    occupied = client.post(
        UNITS,
        {
            "building": building.pk,
            "code": "201",
            "floor": 2,
            "area": "700.50",
            "status": "occupied",
            "tenant": world.enterprises[2].pk,
            "rent": "15.00",
            "lease_from": "2019-01-01",
            "lease_until": "2021-12-31",
        },
        format="json",
    )
    assert occupied.status_code == 201, occupied.content
    unit = occupied.json()
    assert unit["building_code"] == "N1" and unit["tenant_name"] == world.enterprises[2].name
    assert unit["status_display"] == "Occupied" and unit["version"] == 1
    vacant = client.post(
        UNITS, {"building": building.pk, "code": "101", "area": "500"}, format="json"
    )
    assert vacant.status_code == 201, vacant.content
    assert vacant.json()["status"] == "vacant" and vacant.json()["floor"] == 1  # defaults
    assert Unit.objects.get(pk=unit["id"]).history.latest().history_user == staff

    letting = client.get(f"{BUILDINGS}{building.pk}/").json()["letting"]
    assert letting["total_area"] == "1200.50" and letting["occupied_area"] == "700.50"
    assert letting["vacant_area"] == "500.00" and letting["unit_count"] == 2
    assert letting["occupancy_rate"] == pytest.approx(700.5 / 1200.5)

    # the unit list filters by building, status, floor and tenant
    assert ids(client.get(UNITS, {"building": building.pk})) == {unit["id"], vacant.json()["id"]}
    assert ids(client.get(UNITS, {"status": "occupied"})) == {unit["id"]}
    assert ids(client.get(UNITS, {"floor": 1})) == {vacant.json()["id"]}
    assert ids(client.get(UNITS, {"tenant": world.enterprises[2].pk})) == {unit["id"]}
    assert client.get(UNITS, {"colour": "red"}).status_code == 400


def test_building_list_filters(world, staff, b1, make_parcel):
    parcel = make_parcel(code="P-7")
    full = make_building(
        world.parks[0],
        staff,
        "B2",
        floors=1,
        floor_area="100",
        kind=BuildingKind.WAREHOUSE,
        parcel=parcel,
        units=[(1, "1", "100", UnitStatus.RESERVED, {"reserved_for": "仓储项目"})],
    )
    client = api_client(staff)
    assert ids(client.get(BUILDINGS)) == {b1.pk, full.pk}
    assert ids(client.get(BUILDINGS, {"kind": "warehouse"})) == {full.pk}
    assert ids(client.get(BUILDINGS, {"parcel": parcel.pk})) == {full.pk}
    assert ids(client.get(BUILDINGS, {"has_vacant": "true"})) == {b1.pk}
    assert ids(client.get(BUILDINGS, {"has_vacant": "false"})) == {full.pk}
    assert client.get(BUILDINGS, {"has_vacant": "maybe"}).status_code == 400


def test_unit_area_above_the_floor_area_is_refused_naming_the_field(staff, b1):
    client = api_client(staff)
    response = client.post(
        UNITS, {"building": b1.pk, "code": "102", "floor": 1, "area": "600.50"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == ["area"]
    assert "3,100.50" in errors["area"][0] and "3,000.00" in errors["area"][0]
    assert not Unit.objects.filter(building=b1, code="102").exists()
    # the same rule on a change, and the building's own floor area below its units
    unit = Unit.objects.get(building=b1, code="201")
    grown = client.patch(f"{UNITS}{unit.pk}/", {"area": "1000.01", "version": 1}, format="json")
    assert grown.status_code == 400 and "area" in grown.json()
    shrunk = client.patch(
        f"{BUILDINGS}{b1.pk}/", {"floor_area": "2000", "version": 1}, format="json"
    )
    assert shrunk.status_code == 400 and "floor_area" in shrunk.json()
    assert Building.objects.get(pk=b1.pk).floor_area == Decimal("3000")


def test_a_unit_does_not_move_to_another_building(world, staff, b1):
    b2 = make_building(world.parks[0], staff, "B2")
    unit = Unit.objects.get(building=b1, code="201")
    client = api_client(staff)
    moved = client.patch(f"{UNITS}{unit.pk}/", {"building": b2.pk, "version": 1}, format="json")
    assert moved.status_code == 400 and "building" in moved.json()
    assert Unit.objects.get(pk=unit.pk).building_id == b1.pk
    same = client.patch(
        f"{UNITS}{unit.pk}/", {"building": b1.pk, "note": "朝南", "version": 1}, format="json"
    )
    assert same.status_code == 200, same.content
    assert same.json()["note"] == "朝南" and same.json()["version"] == 2


def test_admin_names_the_park(world):
    client = api_client(world.users[Role.ADMIN])
    body = {"code": "Z1", "name": "Z", "floor_area": "10"}
    assert client.post(BUILDINGS, body, format="json").status_code == 400
    park_b = world.parks[1]
    created = client.post(BUILDINGS, body | {"park": park_b.pk}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["park"] == park_b.pk


# ---------------------------------------------------------------- versions


def test_a_stale_version_is_answered_409(staff, b1):
    client = api_client(staff)
    url = f"{BUILDINGS}{b1.pk}/"
    assert client.patch(url, {"name": "改名"}, format="json").status_code == 400  # no version
    changed = client.patch(url, {"name": "改名", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.patch(url, {"name": "旧名", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Building.objects.get(pk=b1.pk).name == "改名"

    unit = Unit.objects.get(building=b1, code="201")
    unit_url = f"{UNITS}{unit.pk}/"
    assert client.patch(unit_url, {"note": "a", "version": 1}, format="json").status_code == 200
    stale = client.patch(unit_url, {"note": "b", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Unit.objects.get(pk=unit.pk).note == "a"


def test_delete_needs_the_version(staff, b1):
    client = api_client(staff)
    unit = Unit.objects.get(building=b1, code="201")
    unit_url = f"{UNITS}{unit.pk}/"
    assert client.delete(unit_url).status_code == 400
    assert client.delete(unit_url, {"version": 7}, format="json").status_code == 409
    assert client.delete(unit_url, {"version": 1}, format="json").status_code == 204
    assert not Unit.objects.filter(pk=unit.pk).exists()

    url = f"{BUILDINGS}{b1.pk}/"
    assert client.delete(url, {"version": "x"}, format="json").status_code == 400
    assert client.delete(url, {"version": 2}, format="json").status_code == 409
    assert client.delete(url, {"version": 1}, format="json").status_code == 204
    assert not Building.objects.filter(pk=b1.pk).exists()
    assert not Unit.objects.filter(building_id=b1.pk).exists()


# ---------------------------------------------------------------- scope


def test_leader_reads_but_cannot_write(world, b1):
    client = api_client(world.users[Role.LEADER])
    assert ids(client.get(BUILDINGS)) == {b1.pk}
    assert client.get(f"{BUILDINGS}{b1.pk}/").status_code == 200
    assert len(ids(client.get(UNITS, {"building": b1.pk}))) == 4
    unit = Unit.objects.get(building=b1, code="201")
    refused = [
        client.post(BUILDINGS, {"code": "L", "name": "L", "floor_area": "1"}, format="json"),
        client.patch(f"{BUILDINGS}{b1.pk}/", {"name": "L", "version": 1}, format="json"),
        client.delete(f"{BUILDINGS}{b1.pk}/", {"version": 1}, format="json"),
        client.post(UNITS, {"building": b1.pk, "code": "9", "area": "1"}, format="json"),
        client.patch(f"{UNITS}{unit.pk}/", {"note": "L", "version": 1}, format="json"),
        client.delete(f"{UNITS}{unit.pk}/", {"version": 1}, format="json"),
    ]
    assert [r.status_code for r in refused] == [403] * 6
    assert Building.objects.get(pk=b1.pk).name == "厂房B1"
    assert Unit.objects.filter(building=b1).count() == 4


@pytest.mark.parametrize("who", [Role.DEPARTMENT, Role.ENTERPRISE, "other_park"])
def test_others_see_empty_lists_and_no_details(world, b1, b_other, other_park_staff, who):
    user = other_park_staff if who == "other_park" else world.users[who]
    client = api_client(user)
    unit = Unit.objects.filter(building=b1).first()
    if who == "other_park":
        assert ids(client.get(BUILDINGS)) == {b_other.pk}
        units = Unit.objects.filter(building=b_other).values_list("pk", flat=True)
        assert ids(client.get(UNITS)) == set(units)
    else:  # land is the committee's: the other roles find no list (404)
        assert client.get(BUILDINGS).status_code == 404
        assert client.get(UNITS).status_code == 404
    assert client.get(f"{BUILDINGS}{b1.pk}/").status_code == 404
    assert client.get(f"{UNITS}{unit.pk}/").status_code == 404


def test_other_park_staff_cannot_reach_or_change_park_a(b1, other_park_staff):
    client = api_client(other_park_staff)
    unit = Unit.objects.filter(building=b1).first()
    assert (
        client.patch(f"{BUILDINGS}{b1.pk}/", {"name": "x", "version": 1}, format="json")
    ).status_code == 404
    assert client.delete(f"{BUILDINGS}{b1.pk}/", {"version": 1}, format="json").status_code == 404
    assert (
        client.patch(f"{UNITS}{unit.pk}/", {"note": "x", "version": 1}, format="json")
    ).status_code == 404
    assert client.delete(f"{UNITS}{unit.pk}/", {"version": 1}, format="json").status_code == 404
    assert Building.objects.get(pk=b1.pk).name == "厂房B1"


def test_out_of_scope_ids_answer_does_not_exist(world, staff, b1, b_other, make_parcel):
    """Another park's building, parcel or tenant is refused with the very answer a
    missing id gets: the API does not admit it exists."""
    client = api_client(staff)
    missing = 10**8

    def error(url, body, field, pk):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, response.content
        return response.json()[field][0].replace(str(pk), "<id>")

    unit = {"code": "9", "area": "10"}
    assert error(UNITS, unit | {"building": b_other.pk}, "building", b_other.pk) == error(
        UNITS, unit | {"building": missing}, "building", missing
    )
    occupied = unit | {"building": b1.pk, "status": "occupied"}
    other = world.other.pk
    assert error(UNITS, occupied | {"tenant": other}, "tenant", other) == error(
        UNITS, occupied | {"tenant": missing}, "tenant", missing
    )
    parcel_b = make_parcel(park=world.parks[1], user=None, code="PB")
    building = {"code": "N", "name": "N", "floor_area": "10"}
    assert error(BUILDINGS, building | {"parcel": parcel_b.pk}, "parcel", parcel_b.pk) == error(
        BUILDINGS, building | {"parcel": missing}, "parcel", missing
    )
    assert not Unit.objects.filter(code="9").exists()
    assert not Building.objects.filter(code="N").exists()


# ---------------------------------------------------------------- letting figures


@pytest.fixture
def estate(world, staff, b1):
    """B1 and three more buildings of park A: one without units, one all vacant, one
    with a fractional mix."""
    ents = world.enterprises
    return [
        b1,
        make_building(world.parks[0], staff, "B2", floors=1, floor_area="500"),
        make_building(
            world.parks[0],
            staff,
            "B3",
            floors=2,
            floor_area="900",
            units=[
                (1, "101", "450", UnitStatus.VACANT, {}),
                (2, "201", "450", UnitStatus.VACANT, {}),
            ],
        ),
        make_building(
            world.parks[0],
            staff,
            "B4",
            floors=2,
            floor_area="1000",
            units=[
                (1, "101", "333.33", UnitStatus.OCCUPIED, {"tenant": ents[2]}),
                (1, "102", "120.25", UnitStatus.RESERVED, {"reserved_for": "孵化项目"}),
                (2, "201", "200.10", UnitStatus.OCCUPIED, {"tenant": ents[3]}),
                (2, "202", "46.32", UnitStatus.VACANT, {}),
            ],
        ),
    ]


def hand_sums(building) -> dict:
    units = list(Unit.objects.filter(building=building))
    total = sum((u.area for u in units), Decimal(0))

    def of(status):
        return sum((u.area for u in units if u.status == status), Decimal(0))

    occupied = of(UnitStatus.OCCUPIED)
    return {
        "total_area": f"{total:.2f}",
        "occupied_area": f"{occupied:.2f}",
        "vacant_area": f"{of(UnitStatus.VACANT):.2f}",
        "reserved_area": f"{of(UnitStatus.RESERVED):.2f}",
        "occupancy_rate": float(occupied / total) if total else None,
        "unit_count": len(units),
    }


def test_the_lists_letting_figures_match_hand_computed_sums(staff, estate):
    client = api_client(staff)
    rows = {row["code"]: row["letting"] for row in client.get(BUILDINGS).json()["results"]}
    assert rows["B1"] == {
        "total_area": "2500.00",
        "occupied_area": "1500.00",
        "vacant_area": "400.00",
        "reserved_area": "600.00",
        "occupancy_rate": pytest.approx(0.6),
        "unit_count": 4,
    }
    assert rows["B2"]["total_area"] == "0.00" and rows["B2"]["occupancy_rate"] is None
    assert rows["B3"]["occupancy_rate"] == 0.0 and rows["B3"]["vacant_area"] == "900.00"
    assert rows["B4"]["occupied_area"] == "533.43" and rows["B4"]["total_area"] == "700.00"
    for building in estate:
        expected = hand_sums(building)
        assert rows[building.code] == expected | {
            "occupancy_rate": pytest.approx(expected["occupancy_rate"])
        }
        # a single building reads its units' letting table: the same figures
        detail = client.get(f"{BUILDINGS}{building.pk}/").json()["letting"]
        assert detail == rows[building.code]


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BUILDINGS)
    assert response.status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow_with_the_buildings(world, staff, b1, make_parcel):
    client = api_client(staff)
    parcel = make_parcel(code="P-Q")
    one = list_queries(client)
    for n in range(2, 7):
        make_building(
            world.parks[0],
            staff,
            f"Q{n}",
            floors=1,
            floor_area="100",
            parcel=parcel,
            units=[(1, "1", "40", UnitStatus.VACANT, {}), (1, "2", "60", UnitStatus.VACANT, {})],
        )
    many = client.get(BUILDINGS).json()
    assert many["count"] == 6 and all(row["letting"]["unit_count"] for row in many["results"])
    assert list_queries(client) == one
    unit_queries = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(UNITS).status_code == 200
        unit_queries.append(len(queries))
        make_building(
            world.parks[0],
            staff,
            f"R{len(unit_queries)}",
            floors=1,
            floor_area="10",
            units=[(1, "1", "10", UnitStatus.OCCUPIED, {"tenant": world.enterprises[0]})],
        )
    assert unit_queries[0] == unit_queries[1]


def test_schema_names_the_endpoints(staff):
    response = api_client(staff).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert "/api/land-buildings/{id}/" in paths and "/api/land-units/" in paths
    assert "409" in paths["/api/land-units/{id}/"]["patch"]["responses"]
    parameters = {p["name"] for p in paths["/api/land-buildings/"]["get"]["parameters"]}
    assert {"kind", "parcel", "has_vacant"} <= parameters
    parameters = {p["name"] for p in paths["/api/land-units/"]["get"]["parameters"]}
    assert {"building", "status", "floor", "tenant"} <= parameters
    names = schema["components"]["schemas"]
    assert "BuildingKindEnum" in names and "UnitStatusEnum" in names
    letting = names["LettingSummary"]["properties"]
    assert letting["occupied_area"]["type"] == "string"
