"""The investors' inventory: idle and reserve parcels and the land done redevelopment
decisions freed (on a parcel or not yet mapped), never in-use land; vacant space by
building; filters; the XLSX export read back; the DOCX sheets opened and read; the
decision form naming the parcel it frees; and scope."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.evaluation import services as evaluation
from parkbase.evaluation.choices import DecisionKind, DecisionStatus
from parkbase.evaluation.models import Decision
from parkbase.land.choices import LandUse, ParcelStatus, UnitStatus, UseStatus
from parkbase.land.services import buildings
from parkbase.land.services.inventory import inventory
from tests.clients import page_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def decision(enterprise, *, status=DecisionStatus.DONE, land_freed="2000", parcel=None):
    done = status == DecisionStatus.DONE
    return evaluation.decision_create(
        enterprise=enterprise,
        kind=DecisionKind.EXIT,
        status=status,
        decided_on=dt.date(2019, 1, 10),
        completed_on=dt.date(2019, 5, 1) if done else None,
        land_freed=Decimal(land_freed),
        parcel=parcel,
    )


@pytest.fixture
def stock(land_world, make_parcel):
    """Park A: A-01 idle (a no-certificate constraint), A-02 in use, A-03 a reserve
    (commercial, phase 2, 20,000 m²), A-04 in use; a done decision freeing 2,000 m² of
    A-02, a done one freeing 1,500 m² on no parcel, a planned one on A-04; building B1
    with a vacant 400 m² unit, building B2 full. Park B: B-01 and a decision there."""
    w = land_world.world
    staff = land_world.staff
    ents = w.enterprises
    s = land_world
    s.a3 = make_parcel(
        code="A-03",
        name="储备地块",
        area=Decimal("20000"),
        use_status=UseStatus.RESERVE,
        planned_use=LandUse.COMMERCIAL,
        phase=w.phases[1],
        price_guidance="32万元/亩",
        contact="招商局 王",
    )
    s.a4 = make_parcel(code="A-04", name="在用地块")
    s.freed = decision(ents[0], parcel=s.a2)
    s.unmapped = decision(ents[2], land_freed="1500")
    s.planned = decision(ents[3], status=DecisionStatus.PLANNED, parcel=s.a4)
    s.elsewhere = decision(w.other, land_freed="800")
    s.bldg1 = buildings.building_create(
        park=w.parks[0],
        user=staff,
        code="B1",
        name="一号标准厂房",
        parcel=s.a2,
        floors=2,
        floor_area=Decimal("1000"),
        rent_guidance="15元/m²·月",
    )
    buildings.unit_create(building=s.bldg1, code="201", floor=2, area=Decimal("400"))
    buildings.unit_create(
        building=s.bldg1,
        code="101",
        floor=1,
        area=Decimal("600"),
        status=UnitStatus.OCCUPIED,
        tenant=ents[0],
    )
    s.bldg2 = buildings.building_create(
        park=w.parks[0], code="B2", name="满租厂房", floor_area=Decimal("100")
    )
    buildings.unit_create(
        building=s.bldg2, code="1", area=Decimal("100"), status=UnitStatus.OCCUPIED, tenant=ents[1]
    )
    return s


def test_inventory_lists_available_and_freed_land_not_land_in_use(stock):
    assert stock.a1.status == ParcelStatus.IDLE and stock.a2.status == ParcelStatus.IN_USE
    found = inventory(stock.staff)
    by_code = {s.parcel.code if s.parcel else None: s for s in found.land}
    assert set(by_code) == {"A-01", "A-02", "A-03", None}
    assert by_code["A-01"].area == stock.a1.area and not by_code["A-01"].freed
    assert [c.description for c in by_code["A-01"].constraints] == ["无土地使用证"]
    # the in-use parcel is there for the land its decision freed, with the decision
    assert by_code["A-02"].area == Decimal("2000")
    assert by_code["A-02"].decisions == [stock.freed]
    assert by_code[None].decisions == [stock.unmapped] and by_code[None].area == Decimal("1500")
    assert [b.code for b in found.buildings] == ["B1"]
    assert found.buildings[0].vacant_area == Decimal("400")
    assert [u.code for u in found.buildings[0].vacant_units] == ["201"]


def test_filters(stock):
    w = stock.world
    found = inventory(stock.staff, min_area=Decimal("5000"))
    assert {s.parcel.code for s in found.land} == {"A-01", "A-03"}
    assert found.buildings == []  # 400 m² vacant is below the minimum
    found = inventory(stock.staff, use=LandUse.COMMERCIAL)
    assert [s.parcel.code for s in found.land] == ["A-03"]
    found = inventory(stock.staff, phase=w.phases[0])
    # A-01 is in phase 1; the unmapped land's enterprise (企业21) is in phase 2
    assert [s.parcel.code for s in found.land] == ["A-01"]
    found = inventory(stock.staff, max_area=Decimal("1600"))
    assert [s.parcel for s in found.land] == [None]
    assert [b.code for b in found.buildings] == ["B1"]


def test_inventory_page_and_bad_filter(stock):
    client = page_client(stock.staff)
    response = client.get(reverse("land-inventory"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-parcel="A-01"' in html and 'data-parcel="A-03"' in html
    assert 'data-parcel="A-04"' not in html and "B-01" not in html
    assert "not yet mapped to a parcel" in html
    assert reverse("evaluation-decision", args=[stock.freed.pk]) in html
    assert reverse("land-parcel-sheet", args=[stock.a1.pk]) in html
    assert reverse("land-building-sheet", args=[stock.bldg1.pk]) in html
    assert 'data-building="B2"' not in html
    response = client.get(reverse("land-inventory"), {"min_area": "9000", "max_area": "10"})
    html = response.content.decode()
    assert "is below the smallest" in html and 'data-parcel="A-01"' not in html


def test_export_reads_back(stock):
    response = page_client(stock.staff).get(reverse("land-inventory"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = rows.get_sheet_by_index(0).to_python()
    header = rows[0]
    records = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    by_code = {r["code"]: r for r in records}
    assert set(by_code) == {"A-01", "A-02", "A-03", "", "B1"}
    a3 = by_code["A-03"]
    assert a3["area (m²)"] == 20000 and a3["area (mu)"] == 30  # 20,000 m² = 30 亩
    assert a3["price or rent guidance"] == "32万元/亩"
    assert "无土地使用证" in by_code["A-01"]["constraints"]
    assert by_code[""]["kind of site"] == "freed land, not yet mapped to a parcel"
    assert "企业11" in by_code["A-02"]["redevelopment decisions"]
    assert by_code["B1"]["area (m²)"] == 400 and "201" in by_code["B1"]["vacant units"]


def sheet_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_parcel_and_building_sheets(stock):
    client = page_client(stock.staff)
    text = sheet_text(client.get(reverse("land-parcel-sheet", args=[stock.a3.pk])))
    assert "20,000.00 m² (30.00 亩)" in text
    assert "储备地块" in text and "32万元/亩" in text and "招商局 王" in text
    assert "甲园区" in text  # the park's name
    text = sheet_text(client.get(reverse("land-parcel-sheet", args=[stock.a1.pk])))
    assert "无土地使用证" in text and "市自然资源局" in text
    assert f"{stock.a1.area:,.2f} m²" in text
    text = sheet_text(client.get(reverse("land-parcel-sheet", args=[stock.a2.pk])))
    assert "企业11" in text and "2,000.00 m² (3.00 亩)" in text  # freed by the decision
    response = client.get(reverse("land-building-sheet", args=[stock.bldg1.pk]))
    text = sheet_text(response)
    assert "一号标准厂房" in text and "15元/m²·月" in text
    assert "1,000.00 m² (1.50 亩)" in text  # floor area
    vacant = docx.Document(io.BytesIO(response.content)).tables[-1]  # the vacant units
    assert [[cell.text for cell in row.cells] for row in vacant.rows[1:]] == [
        ["201", "2", "400.00 m² (0.60 亩)"]
    ]


def test_decision_form_names_the_parcel_it_frees(stock):
    w = stock.world
    client = page_client(stock.staff)
    form = {
        "enterprise": w.enterprises[1].pk,
        "kind": DecisionKind.TRANSFER,
        "status": DecisionStatus.IN_PROGRESS,
        "decided_on": "2019-03-01",
        "land_freed": "1000",
        "parcel": stock.a4.pk,
    }
    page = client.get(reverse("evaluation-decision-create")).content.decode()
    choices = page.split('id="id_parcel"')[1].split("</select>")[0]
    assert "A-04" in choices and "A-01" in choices
    assert "B-01" not in choices  # another park's
    response = client.post(reverse("evaluation-decision-create"), form)
    assert response.status_code == 302
    made = Decision.objects.latest("id")
    assert made.parcel == stock.a4
    html = client.get(reverse("evaluation-decision", args=[made.pk])).content.decode()
    assert "A-04" in html and 'data-testid="freed-parcel"' in html
    # another park's parcel is refused (not one the user may choose)
    response = client.post(reverse("evaluation-decision-create"), form | {"parcel": stock.b1.pk})
    assert response.status_code == 400 and "does not exist" in response.content.decode()
    # and the service refuses a parcel of another park whoever calls it
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        decision(w.enterprises[1], parcel=stock.b1)
    assert "B-01 外园地块 belongs to another park" in caught.value.message_dict["parcel"][0]


@pytest.mark.parametrize("who", ["other_park", Role.DEPARTMENT, Role.ENTERPRISE])
def test_out_of_scope_users_see_nothing(stock, who):
    w = stock.world
    if who == "other_park":
        user = UserFactory(username="staff_b", role=Role.STAFF, park=w.parks[1])
    else:
        user = w.users[who]
    found = inventory(user)
    codes = {s.parcel.code if s.parcel else None for s in found.land}
    assert not codes & {"A-01", "A-02", "A-03"}
    # the department supervises 企业11, whose decision freed A-02: still no land shown
    assert all(stock.freed not in s.decisions for s in found.land)
    assert all(stock.unmapped not in s.decisions for s in found.land)
    assert found.buildings == []
    client = page_client(user)
    if who != "other_park":  # roles that see no land record: nothing here at all
        assert client.get(reverse("land-inventory")).status_code == 404
        assert client.get(reverse("land-inventory"), {"export": "xlsx"}).status_code == 404
        assert client.get(reverse("land-parcel-sheet", args=[stock.a1.pk])).status_code == 404
        return
    html = client.get(reverse("land-inventory")).content.decode()
    assert "A-01" not in html and "企业11" not in html and "一号标准厂房" not in html
    export = client.get(reverse("land-inventory"), {"export": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0)
    assert not {r[1] for r in rows.to_python()[1:]} & {"A-01", "A-02", "A-03", "B1"}
    for name, pk in (
        ("land-parcel-sheet", stock.a1.pk),
        ("land-parcel-sheet", stock.a3.pk),
        ("land-building-sheet", stock.bldg1.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404
    if who == "other_park":  # their own park's freed land they do see
        assert [s.decisions for s in found.land] == [[stock.elsewhere]]
    else:
        assert found.land == []


def test_pages_cost_the_same_queries_however_many_sites(stock, make_parcel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = page_client(stock.staff)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("land-inventory"), reverse("land-buildings")]
    before = [count(u) for u in urls]
    w = stock.world
    for i in range(3):
        make_parcel(code=f"R-{i}", use_status=UseStatus.RESERVE, phase=w.phases[0])
        b = buildings.building_create(
            park=w.parks[0], code=f"X{i}", name=f"厂房{i}", floor_area=Decimal("50")
        )
        buildings.unit_create(building=b, code="1", area=Decimal("50"))
        decision(w.enterprises[i], land_freed="100")
    assert [count(u) for u in urls] == before
