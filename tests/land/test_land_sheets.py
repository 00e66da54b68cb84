"""Land approvals, buildings and units as record sheets: an export by staff imports
back with no change (dry run and real), one changed cell is exactly one change with
its user in the history, a new row is recorded through the services, a blank cell
clears nothing, an unknown name is a row error naming the values allowed, an
outsider's export of a confidential project's approval changes nothing it hides, and
the command line exports the page's columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.land import services
from parkbase.land.choices import UnitStatus
from parkbase.land.importers import APPROVALS, BUILDINGS, UNITS
from parkbase.land.models import Approval, Building, Unit
from parkbase.land.services import buildings as building_services
from parkbase.projects import services as project_services
from tests.clients import page_client
from tests.factories import UserFactory, served_project
from tests.record_sheets import (
    actions,
    changed_rows,
    command_headers,
    exported,
    run,
    unchanged,
    write,
)

pytestmark = pytest.mark.django_db
APPROVALS_URL = reverse("land-approvals")
BUILDINGS_URL = reverse("land-buildings")
UNITS_URL = reverse("land-units")
REAL, CODE = "小飞机制造基地项目", "雏鹰项目"


@pytest.fixture
def park(land_world):
    return land_world.world.parks[0]


@pytest.fixture
def staff(land_world):
    return land_world.staff


@pytest.fixture
def secret(land_world, park, staff):
    """A confidential project (staff its insider) served by an approval of A-02 whose
    name and note spell it out; the land-use quota serves an open project."""
    project_services.pipeline_ensure(park)
    open_project = project_services.project_create(
        park=park, user=staff, name="沈阳医药产业园项目", first_contact_on=dt.date(2019, 3, 1)
    )
    services.approval_update(
        approval=land_world.approval, expected_version=1, user=staff, serves=open_project
    )
    project = project_services.project_create(
        park=park,
        user=staff,
        name=REAL,
        code_name=CODE,
        confidential=True,
        insiders=[staff],
        first_contact_on=dt.date(2019, 3, 1),
    )
    approval = services.approval_create(
        park=park,
        user=staff,
        parcels=[land_world.a2],
        serves=project,
        kind="planning",
        name="小飞机基地规划许可",
        authority="省自然资源厅",
        note="飞机总装厂房选址",
        submitted_on=dt.date(2019, 5, 1),
        status="submitted",
    )
    return {"project": project, "open": open_project, "approval": approval}


@pytest.fixture
def building(land_world, park, staff):
    building = building_services.building_create(
        park=park,
        user=staff,
        code="B1",
        name="一号标准厂房",
        floors=2,
        floor_area=Decimal("1000"),
        parcel=land_world.a2,
        rent_guidance="15元/平方米·月",
    )
    building_services.unit_create(
        building=building,
        user=staff,
        code="101",
        floor=1,
        area=Decimal("300"),
        status=UnitStatus.OCCUPIED,
        tenant=land_world.world.enterprises[0],
        rent=Decimal("15"),
        lease_from=dt.date(2019, 1, 1),
    )
    building_services.unit_create(
        building=building, user=staff, code="201", floor=2, area=Decimal("400"), note="朝南"
    )
    return building


def versions(model) -> dict:
    return dict(model.objects.values_list("pk", "version"))


def last_history_user(record):
    return type(record).history.filter(id=record.pk).latest("history_id").history_user


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize(
    ("url", "sheet", "model", "count"),
    [
        (APPROVALS_URL, APPROVALS, Approval, 2),
        (BUILDINGS_URL, BUILDINGS, Building, 1),
        (UNITS_URL, UNITS, Unit, 2),
    ],
    ids=["approvals", "buildings", "units"],
)
def test_an_export_by_staff_imports_back_unchanged(
    secret, building, park, staff, tmp_path, url, sheet, model, count
):
    before = versions(model)
    headers, rows = exported(page_client(staff), url)
    assert len(rows) == count
    path = write(tmp_path / "back.xlsx", headers, rows)
    dry = run(sheet, path, park=park, user=staff, dry_run=True)
    assert actions(dry) == unchanged(count), dry.errors
    real = run(sheet, path, park=park, user=staff)
    assert actions(real) == unchanged(count) and real.written
    assert versions(model) == before


def test_the_exports_write_names_labels_and_codes(secret, building, staff):
    _, approvals = exported(page_client(staff), APPROVALS_URL)
    quota = next(r for r in approvals if r["名称"] == "2019年度用地指标")
    assert quota["类型"] == "用地指标" and quota["状态"] == "已报批"
    assert quota["宗地"] == "A-01" and quota["项目"] == "沈阳医药产业园项目"
    assert quota["申请面积(平方米)"] == 9000
    _, buildings = exported(page_client(staff), BUILDINGS_URL)
    assert buildings[0]["宗地"] == "A-02" and buildings[0]["类型"] == "标准厂房"
    assert buildings[0]["空置面积(平方米)"] == 400 and buildings[0]["出租率"] == "42.9%"
    _, units = exported(page_client(staff), UNITS_URL)
    assert units[0]["楼宇编号"] == "B1" and units[0]["租户"] == "企业11"
    assert units[0]["状态"] == "已租"


@pytest.mark.parametrize(
    ("kind", "url"),
    [("land-approvals", APPROVALS_URL), ("buildings", BUILDINGS_URL), ("units", UNITS_URL)],
)
def test_the_command_line_exports_the_pages_columns(secret, building, staff, tmp_path, kind, url):
    headers, _ = exported(page_client(staff), url)
    assert command_headers(kind, tmp_path) == headers


# ---------------------------------------------------------------- one change


def test_one_changed_cell_is_one_change_with_its_user(land_world, secret, park, staff, tmp_path):
    headers, rows = exported(page_client(staff), APPROVALS_URL)
    quota = next(r for r in rows if r["名称"] == "2019年度用地指标")
    quota["文号"] = "沈国土发〔2019〕8号"
    report = run(APPROVALS, write(tmp_path / "x.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == {"created": 0, "updated": 1, "unchanged": 1, "errors": 0}
    assert changed_rows(report) == [("updated", {"reference": ["", "沈国土发〔2019〕8号"]})]
    approval = Approval.objects.get(pk=land_world.approval.pk)
    assert approval.reference == "沈国土发〔2019〕8号"
    assert last_history_user(approval) == staff
    assert served_project(approval) == secret["open"]  # the rest as it was


def test_parcels_and_project_by_name_and_a_new_row_through_the_service(
    land_world, secret, park, staff, tmp_path
):
    headers, rows = exported(page_client(staff), APPROVALS_URL)
    quota = next(r for r in rows if r["名称"] == "2019年度用地指标")
    quota["宗地"] = "a-01 、A-02"  # case and spaces aside
    quota["项目"] = REAL  # an insider names the confidential project by its real name
    new = {"名称": "A-02供地", "类型": "供地", "宗地": "A-02", "项目": "沈阳医药产业园项目"}
    report = run(
        APPROVALS, write(tmp_path / "x.xlsx", headers, [*rows, new]), park=park, user=staff
    )
    assert actions(report) == {"created": 1, "updated": 1, "unchanged": 1, "errors": 0}
    quota = Approval.objects.get(pk=land_world.approval.pk)
    assert set(quota.parcels.values_list("code", flat=True)) == {"A-01", "A-02"}
    assert served_project(quota) == secret["project"]
    created = Approval.objects.get(name="A-02供地")
    assert created.kind == "supply" and created.status == "preparing"  # the service's default
    assert list(created.parcels.all()) == [land_world.a2]
    assert served_project(created) == secret["open"]
    assert last_history_user(created) == staff


def test_a_blank_cell_clears_nothing(land_world, secret, park, staff, tmp_path):
    headers, rows = exported(page_client(staff), APPROVALS_URL)
    for row in rows:
        row.update({"项目": None, "宗地": None, "审批机关": None, "备注": None})
    report = run(APPROVALS, write(tmp_path / "x.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == unchanged(2)
    approval = secret["approval"]
    assert served_project(approval) == secret["project"]
    assert list(approval.parcels.all()) == [land_world.a2]
    assert Approval.objects.get(pk=approval.pk).note == "飞机总装厂房选址"


def test_an_unknown_parcel_is_a_row_error_naming_the_allowed_codes(
    land_world, secret, park, staff, tmp_path
):
    headers, rows = exported(page_client(staff), APPROVALS_URL)
    rows[1]["宗地"] = "A-01、Z-99"
    report = run(APPROVALS, write(tmp_path / "x.xlsx", headers, rows), park=park, user=staff)
    (error,) = report.errors
    letter = chr(ord("A") + headers.index("宗地"))
    assert (error["row"], error["column"], error["header"]) == (3, letter, "宗地")
    assert error["code"] == "unknown_reference"
    assert "Z-99" in error["message"] and "A-01、A-02" in error["message"]
    assert "B-01" not in error["message"]  # another park's parcel is no choice
    assert f"row 3, column {letter} (宗地)" in error["message_en"]
    assert not report.written


# ---------------------------------------------------------------- need-to-know


@pytest.mark.parametrize("importer", ["insider", "outsider"])
def test_an_outsiders_export_changes_nothing_hidden(secret, park, staff, tmp_path, importer):
    outsider = UserFactory(username="staff2", role=Role.STAFF, park=park)
    headers, rows = exported(page_client(outsider), APPROVALS_URL)
    hidden = next(r for r in rows if r["编号"] == secret["approval"].pk)
    assert REAL not in str(rows) and "飞机" not in str(rows)
    assert hidden["项目"] == CODE and CODE in hidden["名称"]
    user = staff if importer == "insider" else outsider
    path = write(tmp_path / "x.xlsx", headers, rows)
    report = run(APPROVALS, path, park=park, user=user)
    assert actions(report) == unchanged(2), report.errors
    approval = Approval.objects.get(pk=secret["approval"].pk)
    assert (approval.name, approval.note) == ("小飞机基地规划许可", "飞机总装厂房选址")
    assert approval.version == 1 and served_project(approval) == secret["project"]


def test_an_outsider_may_not_relink_a_secret_approval(secret, park, tmp_path):
    outsider = UserFactory(username="staff2", role=Role.STAFF, park=park)
    headers, rows = exported(page_client(outsider), APPROVALS_URL)
    hidden = next(r for r in rows if r["编号"] == secret["approval"].pk)
    hidden["项目"] = "沈阳医药产业园项目"
    report = run(APPROVALS, write(tmp_path / "x.xlsx", headers, rows), park=park, user=outsider)
    (error,) = report.errors
    assert error["code"] == "confidential_match" and not report.written
    assert served_project(secret["approval"]) == secret["project"]


# ---------------------------------------------------------------- buildings and units


def test_a_unit_changes_its_tenant_named_by_credit_code(
    land_world, building, park, staff, tmp_path
):
    headers, rows = exported(page_client(staff), UNITS_URL)
    other = land_world.world.enterprises[1]
    rows[0]["租户"] = other.uscc
    report = run(UNITS, write(tmp_path / "u.xlsx", headers, rows), park=park, user=staff)
    assert changed_rows(report) == [("updated", {"tenant": ["企业11", other.name]})]
    unit = Unit.objects.get(building=building, code="101")
    assert unit.tenant == other and unit.version == 2
    assert last_history_user(unit) == staff


def test_new_units_go_through_the_service_and_its_rules(building, park, staff, tmp_path):
    headers, rows = exported(page_client(staff), UNITS_URL)
    ok = {"楼宇编号": "b1", "单元编号": "202", "楼层": 2, "面积(平方米)": 200, "状态": "空置"}
    report = run(UNITS, write(tmp_path / "u.xlsx", headers, [*rows, ok]), park=park, user=staff)
    assert actions(report) == {"created": 1, "updated": 0, "unchanged": 2, "errors": 0}
    created = Unit.objects.get(building=building, code="202")
    assert created.status == UnitStatus.VACANT and last_history_user(created) == staff
    too_big = ok | {"单元编号": "203", "面积(平方米)": 500}
    report = run(UNITS, write(tmp_path / "v.xlsx", headers, [too_big]), park=park, user=staff)
    (error,) = report.errors
    assert error["row"] == 2 and error["code"] == "units_exceed_floor_area"
    assert not Unit.objects.filter(code="203").exists()


def test_units_blank_cells_and_unknown_building(building, park, staff, tmp_path):
    headers, rows = exported(page_client(staff), UNITS_URL)
    for row in rows:
        row.update({"租户": None, "备注": None, "租金": None})
    report = run(UNITS, write(tmp_path / "u.xlsx", headers, rows), park=park, user=staff)
    assert actions(report) == unchanged(2)
    unit = Unit.objects.get(building=building, code="101")
    assert unit.tenant is not None and unit.rent == Decimal("15")
    rows[1]["楼宇编号"] = "B9"
    report = run(UNITS, write(tmp_path / "v.xlsx", headers, rows), park=park, user=staff)
    (error,) = report.errors
    assert (error["row"], error["column"], error["header"]) == (3, "A", "楼宇编号")
    assert "B9" in error["message"] and "B1" in error["message"]


def test_a_building_changes_one_cell_and_a_new_one_is_recorded(
    land_world, building, park, staff, tmp_path
):
    headers, rows = exported(page_client(staff), BUILDINGS_URL)
    rows[0]["参考租金"] = "16元/平方米·月"
    rows[0]["出租率"] = "99%"  # computed: read back and left alone
    new = {"楼宇编号": "B2", "名称": "二号厂房", "宗地": "A-01", "建筑面积(平方米)": 500}
    report = run(
        BUILDINGS, write(tmp_path / "b.xlsx", headers, [*rows, new]), park=park, user=staff
    )
    assert changed_rows(report) == [
        ("updated", {"rent_guidance": ["15元/平方米·月", "16元/平方米·月"]}),
        ("created", {}),
    ]
    assert Building.objects.get(pk=building.pk).version == 2
    created = Building.objects.get(code="B2")
    assert created.parcel == land_world.a1 and created.floors == 1
    assert last_history_user(created) == staff


def test_the_units_list_is_the_land_roles(building, staff, land_world):
    page = page_client(staff).get(UNITS_URL)
    assert page.status_code == 200 and "企业11" in page.content.decode()
    assert "201" in page_client(staff).get(UNITS_URL, {"status": "vacant"}).content.decode()
    department = page_client(land_world.world.users[Role.DEPARTMENT])
    assert department.get(UNITS_URL, {"export": "xlsx"}).status_code == 404
