"""The parcel list as a spreadsheet (``imports.records`` through ``land.importers``):
the export re-imports unchanged, a changed cell changes exactly that through the
service, a blank cell clears nothing, names resolve, bad rows are named, and an
outsider's export of a parcel reserved for a confidential project comes back without
touching what was hidden. ``parkbase export`` writes what the page writes."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.land import services
from parkbase.land.choices import ApprovalKind
from parkbase.land.importers import PARCELS
from parkbase.land.models import Parcel
from parkbase.projects import services as projects
from parkbase.projects.models import Stage
from tests.clients import page_client

from .conftest import DAY

LIST = reverse("land-parcels")


def exported(user, query: str = "") -> list[list]:
    response = page_client(user).get(f"{LIST}?export=xlsx&ordering=code{query}")
    assert response.status_code == 200
    return (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        .get_sheet_by_index(0)
        .to_python()
    )


def write(rows: list[list], path) -> str:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("宗地")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            sheet.write(r, c, value)
    book.close()
    return str(path)


def run(rows, tmp_path, user, **options):
    park = user.park
    return PARCELS.run(write(rows, tmp_path / "parcels.xlsx"), park=park, user=user, **options)


def cell(rows, code: str, header: str):
    header_row = rows[0]
    for row in rows[1:]:
        if row[0] == code:
            return row[header_row.index(header)]
    raise KeyError(code)


def set_cell(rows, code: str, header: str, value) -> None:
    for row in rows[1:]:
        if row[0] == code:
            row[rows[0].index(header)] = value
            return
    raise KeyError(code)


def test_round_trip_changes_nothing(land_world, tmp_path):
    staff = land_world.world.users[Role.STAFF]
    rows = exported(staff)
    assert rows[0][:4] == ["宗地编号", "地块名称", "坐落", "园区期次"]
    assert cell(rows, "A-01", "园区期次") == land_world.world.phases[0].name  # a name, not a code
    report = run(rows, tmp_path, staff)
    assert not report.errors, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert report.ignored_columns == []  # derived columns are read back, not ignored


def test_changed_cell_is_written_through_the_service(land_world, tmp_path):
    staff = land_world.world.users[Role.STAFF]
    rows = exported(staff)
    before = Parcel.objects.get(pk=land_world.a1.pk)
    set_cell(rows, "A-01", "面积(平方米)", 12345.5)
    set_cell(rows, "A-01", "权属", "集体")
    report = run(rows, tmp_path, staff)
    assert not report.errors, report.errors
    assert (report.updated, report.unchanged) == (1, 1)
    changed = next(r for r in report.rows if r.action == "updated")
    assert set(changed.changes) == {"area", "ownership"}
    after = Parcel.objects.get(pk=land_world.a1.pk)
    assert after.area == Decimal("12345.50")
    assert after.ownership == "collective"
    assert after.version == before.version + 1
    last = after.history.first()
    assert last.history_user == staff


def test_blank_cell_clears_nothing_and_new_row_is_created(land_world, tmp_path):
    staff = land_world.world.users[Role.STAFF]
    rows = exported(staff)
    header = rows[0]
    set_cell(rows, "A-01", "权利人", None)  # blank: left as it is
    new = [None] * len(header)
    new[header.index("宗地编号")] = "A-09"
    new[header.index("地块名称")] = "新地块"
    new[header.index("面积(平方米)")] = 6666.67
    new[header.index("园区期次")] = land_world.world.phases[1].code  # a code works too
    rows.append(new)
    report = run(rows, tmp_path, staff)
    assert not report.errors, report.errors
    assert report.created == 1
    assert Parcel.objects.get(pk=land_world.a1.pk).owner_name == "东基集团"
    created = Parcel.objects.get(park=land_world.world.parks[0], code="A-09")
    assert created.phase == land_world.world.phases[1]
    assert created.history.first().history_user == staff


def test_bad_rows_are_named_and_nothing_is_written(land_world, tmp_path):
    staff = land_world.world.users[Role.STAFF]
    rows = exported(staff)
    set_cell(rows, "A-01", "园区期次", "九期")
    set_cell(rows, "A-02", "权属", "租赁")
    set_cell(rows, "A-02", "地块名称", "改名")
    report = run(rows, tmp_path, staff)
    by_column = {e["header"]: e for e in report.errors}
    phase = by_column["园区期次"]
    assert phase["row"] == 2 and phase["column"] == "D"
    assert "九期" in phase["message"] and land_world.world.phases[0].name in phase["message"]
    assert "九期" in phase["message_en"]
    assert "租赁" in by_column["权属"]["message"]
    assert not report.written
    assert Parcel.objects.get(pk=land_world.a2.pk).name == "机械厂用地"  # all or nothing
    skipped = run(rows, tmp_path, staff, skip_invalid=True)
    assert skipped.written and skipped.updated == 0  # both rows had errors


def test_duplicate_code_in_file_is_an_error(land_world, tmp_path):
    staff = land_world.world.users[Role.STAFF]
    rows = exported(staff)
    rows.append(list(rows[1]))
    report = run(rows, tmp_path, staff)
    assert [e["code"] for e in report.errors] == ["duplicate_in_file"]
    assert report.errors[0]["row"] == len(rows)


@pytest.fixture
def reserved(land_world):
    """A-01 is covered by an approval serving a confidential project staff is an
    insider of (its recorder); ``outsider``: another staff member."""
    world = land_world.world
    staff = world.users[Role.STAFF]
    projects.pipeline_ensure(world.parks[0])
    project = projects.project_create(
        park=world.parks[0],
        user=staff,
        stage=Stage.objects.get(park=world.parks[0], code="lead"),
        name="飞机制造基地",
        confidential=True,
        code_name="鲲鹏项目",
        first_contact_on=DAY,
    )
    services.parcel_update(
        parcel=land_world.a1,
        expected_version=Parcel.objects.get(pk=land_world.a1.pk).version,
        user=staff,
        note="飞机跑道",
    )
    services.approval_create(
        park=world.parks[0],
        user=staff,
        parcels=[land_world.a1],
        kind=ApprovalKind.QUOTA,
        name="用地审批",
        serves=project,
    )
    from tests.factories import UserFactory

    return UserFactory(username="outsider", role=Role.STAFF, park=world.parks[0])


def test_outsider_export_hides_and_reimports_without_touching(land_world, reserved, tmp_path):
    rows = exported(reserved)
    note = cell(rows, "A-01", "备注")
    assert "飞机" not in note  # masked
    staff_rows = exported(land_world.world.users[Role.STAFF])
    assert cell(staff_rows, "A-01", "备注") == "飞机跑道"
    for user in (reserved, None):  # the outsider at the page, and the command line
        report = PARCELS.run(
            write(rows, tmp_path / "outsider.xlsx"),
            park=land_world.world.parks[0],
            user=user,
        )
        assert not report.errors, (user, report.errors[0]["message"], report.rows)
        assert report.updated == 0
    assert Parcel.objects.get(pk=land_world.a1.pk).note == "飞机跑道"


def test_outsider_cannot_change_a_hidden_detail(land_world, reserved, tmp_path):
    rows = exported(reserved)
    set_cell(rows, "A-01", "备注", "改掉")
    report = run(rows, tmp_path, reserved)
    assert report.errors and report.errors[0]["row"] == 2
    assert Parcel.objects.get(pk=land_world.a1.pk).note == "飞机跑道"


def test_command_line_export_is_the_page_export(land_world, tmp_path):
    target = tmp_path / "out.xlsx"
    call_command(
        "export", "parcels", "--out", str(target), "--filter", "ordering=code", "--park", "a"
    )
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows == exported(land_world.world.users[Role.STAFF])
    filtered = tmp_path / "filtered.xlsx"
    call_command("export", "parcels", "--out", str(filtered), "--filter", "q=A-02", "--park", "a")
    codes = [
        r[0]
        for r in CalamineWorkbook.from_path(str(filtered)).get_sheet_by_index(0).to_python()[1:]
    ]
    assert codes == ["A-02"]
