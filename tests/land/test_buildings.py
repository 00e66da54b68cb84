"""Buildings and units: the rules of a unit (areas within the floor area, floors within
the building, tenants and reservations, lease dates, codes), locking and the audit
trail; the pages (list with filters and export, the letting control table with its
totals and rates, the forms) and their scope."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.land.choices import BuildingKind, UnitStatus
from parkbase.land.models import Building, Unit
from parkbase.land.services import buildings as services
from tests.clients import page_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}


@pytest.fixture(autouse=True)
def english():
    """Service messages in English (pages choose theirs by Accept-Language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(world):
    return world.users[Role.STAFF]


@pytest.fixture
def building(world, staff):
    """B1: 3 floors, 3,000 m²; units 301 occupied (500), 201 vacant (400), 202 reserved
    (600), 101 occupied (1,000): 2,500 m² let out of 3,000."""
    b = services.building_create(
        park=world.parks[0],
        user=staff,
        code="B1",
        name="一号标准厂房",
        floors=3,
        floor_area=Decimal("3000"),
        rent_guidance="15元/m²·月",
        contact="招商局 024-1234",
    )
    ents = world.enterprises
    for floor, code, area, status, extra in (
        (3, "301", "500", UnitStatus.OCCUPIED, {"tenant": ents[0]}),
        (2, "201", "400", UnitStatus.VACANT, {}),
        (2, "202", "600", UnitStatus.RESERVED, {"reserved_for": "医药产业园项目"}),
        (1, "101", "1000", UnitStatus.OCCUPIED, {"tenant": ents[1]}),
    ):
        services.unit_create(
            building=b,
            user=staff,
            floor=floor,
            code=code,
            area=Decimal(area),
            status=status,
            **extra,
        )
    return b


@pytest.fixture
def other_staff(world):
    return UserFactory(username="staff_b", role=Role.STAFF, park=world.parks[1])


# ---------------------------------------------------------------- services


def test_units_above_the_floor_area_are_refused_naming_sum_and_floor_area(building, staff):
    with pytest.raises(ValidationError) as caught:
        services.unit_create(
            building=building, user=staff, code="102", floor=1, area=Decimal("600.50")
        )
    text = messages_of(caught.value)["area"][0]
    assert "3,100.50" in text and "3,000.00" in text
    assert not Unit.objects.filter(code="102").exists()
    # exactly filling the building is fine; changing a unit's own area counts it once
    services.unit_create(building=building, user=staff, code="102", floor=1, area=Decimal("500"))
    unit = Unit.objects.get(code="101")
    updated = services.unit_update(
        unit=unit, expected_version=unit.version, user=staff, area=Decimal("1000")
    )
    assert updated.version == 2


@pytest.mark.parametrize("floor", [0, -1, 4])
def test_a_unit_floor_must_be_within_the_building(building, staff, floor):
    with pytest.raises(ValidationError) as caught:
        services.unit_create(building=building, code="X", floor=floor, area=Decimal("10"))
    text = messages_of(caught.value)["floor"][0]
    assert str(floor) in text and "1–3" in text


def test_a_building_of_more_floors_than_any_is_refused(world, staff):
    with pytest.raises(ValidationError) as caught:
        services.building_create(
            park=world.parks[0], code="T", name="塔", floors=99_999, floor_area=Decimal("100")
        )
    assert "200" in messages_of(caught.value)["floors"][0]


def test_status_rules_tenant_and_reservation(world, building, staff):
    cases = [
        ({"status": UnitStatus.OCCUPIED}, "tenant", "required when the unit is Occupied"),
        ({"status": UnitStatus.OCCUPIED, "tenant": world.other}, "tenant", "another park"),
        ({"status": UnitStatus.RESERVED}, "reserved_for", "required when the unit is Reserved"),
        (
            {"status": UnitStatus.VACANT, "tenant": world.enterprises[0]},
            "tenant",
            "only an occupied unit has a tenant",
        ),
    ]
    for values, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            services.unit_create(
                building=building, code="N1", floor=1, area=Decimal("10"), **values
            )
        assert words in " ".join(messages_of(caught.value)[field]), (values, caught.value)
    assert not Unit.objects.filter(code="N1").exists()


def test_lease_dates_and_duplicate_codes(world, building, staff):
    with pytest.raises(ValidationError) as caught:
        services.unit_create(
            building=building,
            code="N2",
            floor=1,
            area=Decimal("10"),
            lease_from=dt.date(2020, 1, 1),
            lease_until=dt.date(2019, 12, 31),
        )
    assert "may not be earlier than lease from" in messages_of(caught.value)["lease_until"][0]
    with pytest.raises(ValidationError) as caught:
        services.unit_create(building=building, code="201", floor=1, area=Decimal("10"))
    assert "201 is already used by another unit" in messages_of(caught.value)["code"][0]
    with pytest.raises(ValidationError) as caught:
        services.building_create(park=world.parks[0], code="B1", name="x", floor_area=Decimal(1))
    assert "B1 is already used by another building" in messages_of(caught.value)["code"][0]
    # the same code in another park is another building
    other = services.building_create(
        park=world.parks[1], code="B1", name="外园厂房", floor_area=Decimal("100")
    )
    assert other.park == world.parks[1]


def test_building_rules(world, building, staff):
    with pytest.raises(ValidationError) as caught:
        services.building_create(
            park=world.parks[0], code="", name="", floors=0, floor_area=Decimal("-1")
        )
    found = messages_of(caught.value)
    assert set(found) >= {"code", "name", "floors", "floor_area"}
    # shrinking below the units is refused, naming the units' area / top floor
    with pytest.raises(ValidationError) as caught:
        services.building_update(
            building=building,
            expected_version=building.version,
            floor_area=Decimal("2000"),
            floors=2,
        )
    found = messages_of(caught.value)
    assert "2,500.00" in found["floor_area"][0]
    assert "(3)" in found["floors"][0]
    building.refresh_from_db()
    assert (building.floors, building.floor_area) == (3, Decimal("3000"))


def test_stale_edits_are_refused_and_history_records_the_user(building, staff):
    unit = Unit.objects.get(code="201")
    services.unit_update(unit=unit, expected_version=1, user=staff, rent=Decimal("15"))
    with pytest.raises(StaleEdit):
        services.unit_update(unit=unit, expected_version=1, user=staff, rent=Decimal("99"))
    unit.refresh_from_db()
    assert unit.rent == Decimal("15") and unit.version == 2
    assert unit.history.first().history_user == staff
    with pytest.raises(StaleEdit):
        services.building_update(building=building, expected_version=7, name="x")
    with pytest.raises(StaleEdit):
        services.unit_delete(unit=unit, expected_version=1, user=staff)
    services.unit_delete(unit=unit, expected_version=2, user=staff)
    assert Unit.history.filter(id=unit.pk, history_type="-").get().history_user == staff
    services.building_delete(building=building, expected_version=1, user=staff)
    assert not Unit.objects.filter(building_id=building.pk).exists()
    assert Unit.history.filter(history_type="-", history_user=staff).count() == 4


# ---------------------------------------------------------------- pages


def cell_text(html: str, testid: str, status: str) -> str:
    row = re.search(rf'<tr data-status="{status}">(.*?)</tr>', html, re.S).group(1)
    return re.search(rf'data-testid="{testid}">([^<]*)<', row).group(1).strip()


def test_building_page_shows_the_letting_table_with_totals_and_rates(building, staff):
    response = page_client(staff).get(reverse("land-building", args=[building.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # floors top down, units in code order on their floor
    assert re.findall(r'<tr data-floor="(\d+)">', html) == ["3", "2", "1"]
    assert re.findall(r'data-unit="([^"]+)" data-status="([^"]+)"', html) == [
        ("301", "occupied"),
        ("201", "vacant"),
        ("202", "reserved"),
        ("101", "occupied"),
    ]
    assert "企业11" in html and "医药产业园项目" in html  # tenant and reservation shown
    # 1,500 / 400 / 600 of 2,500 m²: 60 %, 16 %, 24 %
    assert cell_text(html, "total-area", "occupied") == "1,500.00"
    assert cell_text(html, "total-rate", "occupied") == "60.0%"
    assert cell_text(html, "total-area", "vacant") == "400.00"
    assert cell_text(html, "total-rate", "vacant") == "16.0%"
    assert cell_text(html, "total-area", "reserved") == "600.00"
    assert cell_text(html, "total-rate", "reserved") == "24.0%"
    assert reverse("land-building-sheet", args=[building.pk]) in html


def test_list_filters_and_exports(world, building, staff):
    full = services.building_create(
        park=world.parks[0],
        code="B2",
        name="二号厂房",
        kind=BuildingKind.OFFICE,
        floor_area=Decimal("100"),
    )
    services.unit_create(
        building=full,
        code="1",
        area=Decimal("100"),
        status=UnitStatus.OCCUPIED,
        tenant=world.enterprises[2],
    )
    client = page_client(staff)
    url = reverse("land-buildings")
    html = client.get(url, {"has_vacant": "true"}).content.decode()
    assert "一号标准厂房" in html and "二号厂房" not in html
    html = client.get(url, {"kind": BuildingKind.OFFICE}).content.decode()
    assert "二号厂房" in html and "一号标准厂房" not in html
    assert client.get(url, {"has_vacant": "maybe"}).status_code == 200  # refused, not all
    response = client.get(url, {"ordering": "-vacant_area", "export": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = rows.get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["楼宇编号", "名称"]
    assert [r[0] for r in rows[1:]] == ["B1", "B2"]
    header = rows[0]
    b1 = dict(zip(header, rows[1], strict=True))
    assert b1["空置面积(平方米)"] == 400 and b1["出租率"] == "60.0%"


def test_forms_create_edit_and_refuse_bad_input(world, building, staff):
    client = page_client(staff)
    response = client.post(
        reverse("land-building-create"),
        {
            "code": "B3",
            "name": "三号厂房",
            "kind": "standard_factory",
            "floors": "2",
            "floor_area": "1200",
        },
    )
    created = Building.objects.get(code="B3")
    assert response.status_code == 302 and created.floors == 2
    # a unit too large: 400 with the rule's message, nothing written
    response = client.post(
        reverse("land-unit-create", args=[created.pk]),
        {"code": "101", "floor": "1", "area": "1500", "status": "vacant"},
    )
    assert response.status_code == 400
    assert "1,500.00" in response.content.decode() and "1,200.00" in response.content.decode()
    assert not created.units.exists()
    response = client.post(
        reverse("land-unit-create", args=[created.pk]),
        {"code": "101", "floor": "1", "area": "800", "status": "vacant"},
    )
    assert response.status_code == 302
    unit = created.units.get()
    # an edit from an old version is refused with the stale message
    form = {"code": "101", "floor": "1", "area": "800", "status": "vacant", "version": "1"}
    assert client.post(reverse("land-unit-edit", args=[unit.pk]), form).status_code == 302
    response = client.post(reverse("land-unit-edit", args=[unit.pk]), form)
    assert response.status_code == 400 and "changed by someone else" in response.content.decode()
    response = client.post(reverse("land-unit-delete", args=[unit.pk]), {"version": "2"})
    assert response.status_code == 302 and not created.units.exists()


def test_leaders_read_but_do_not_change(world, building):
    leader = page_client(world.users[Role.LEADER])
    assert leader.get(reverse("land-building", args=[building.pk])).status_code == 200
    assert leader.get(reverse("land-building-edit", args=[building.pk])).status_code == 403
    response = leader.post(reverse("land-building-delete", args=[building.pk]), {"version": "1"})
    assert response.status_code == 403
    assert Building.objects.filter(pk=building.pk).exists()


@pytest.mark.parametrize("who", ["other_park", Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_out_of_scope_users_see_nothing(world, building, other_staff, who):
    user = other_staff if who == "other_park" else world.users[who]
    client = page_client(user)
    unit = building.units.first()
    for name, pk in (
        ("land-building", building.pk),
        ("land-building-sheet", building.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    if who != "other_park":  # roles that see no land record: nothing here at all
        assert client.get(reverse("land-buildings")).status_code == 404
        assert client.get(reverse("land-buildings"), {"export": "xlsx"}).status_code == 404
        return
    listing = client.get(reverse("land-buildings")).content.decode()
    assert "一号标准厂房" not in listing
    export = client.get(reverse("land-buildings"), {"export": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    assert all(r[0] != "B1" for r in rows.to_python()[1:])
    if who == "other_park":  # staff elsewhere may change, but not this park's records
        assert client.get(reverse("land-unit-edit", args=[unit.pk])).status_code == 404
        response = client.post(reverse("land-unit-delete", args=[unit.pk]), {"version": "1"})
        assert response.status_code == 404
        response = client.post(
            reverse("land-unit-create", args=[building.pk]),
            {"code": "9", "floor": "1", "area": "1", "status": "vacant"},
        )
        assert response.status_code == 404
        assert Unit.objects.filter(building=building).count() == 4
