"""Imports through enterprises.services: validate every row first, then write all or
(with skip_invalid) exactly the valid rows."""

import gc
import json
from io import StringIO

import pytest
import xlsxwriter
from django.core.management import call_command

from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.enterprises.services import import_enterprises, import_years
from parkbase.imports.services import collector_paused
from tests.factories import make_uscc


def write_xlsx(path, rows, merge=None):
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("企业名录")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    if merge:
        sheet.merge_range(*merge)
    workbook.close()
    return path


@pytest.fixture
def park(world):
    return world.parks[0]


def office_sheet(tmp_path, codes, bad_row=None):
    rows = [
        ["2019年园区企业名录", None, None, None, None, None],
        ["填报单位：园区管委会经济发展部", None, None, None, None, None],
        ["企业名称", "统一社会信用代码", "行业代码", "园区期次", "成立日期", "注册资本（万元）"],
        ["沈阳一号机械有限公司", codes[0], "34", "P1", "2015年3月", "１，０００"],
        ["沈阳二号电子有限公司", codes[1], "39", "P2", "2012-05-06", "500.5"],
        ["合计", None, None, None, None, 1500.5],
    ]
    if bad_row:
        rows.insert(5, bad_row)
    return write_xlsx(tmp_path / "ents.xlsx", rows, merge=(0, 0, 0, 5, "2019年园区企业名录"))


def test_an_office_sheet_imports_with_units_and_full_width_digits(park, tmp_path):
    codes = [make_uscc(), make_uscc()]
    report = import_enterprises(office_sheet(tmp_path, codes), park=park)
    assert report.errors == []
    assert (report.created, report.skipped, report.written) == (2, 1, True)
    first = Enterprise.objects.get(uscc=codes[0])
    assert first.registered_capital == 10_000_000
    assert first.founded_on.isoformat() == "2015-03-01"
    assert first.phase.code == "P1"


def test_one_bad_row_writes_nothing_and_names_row_column_and_rule(park, tmp_path):
    codes = [make_uscc(), make_uscc()]
    bad = [
        "沈阳三号有限公司",
        codes[0][:-1] + ("0" if codes[0][-1] != "0" else "1"),
        "98",
        "P9",
        "2099-01-01",
        "#REF!",
    ]
    before = Enterprise.objects.count()
    report = import_enterprises(office_sheet(tmp_path, codes, bad_row=bad), park=park)
    assert not report.written
    assert Enterprise.objects.count() == before
    found = {(e["row"], e["column"], e["code"]) for e in report.errors}
    assert found == {
        (6, "B", "uscc_check"),
        (6, "C", "unknown_code"),
        (6, "D", "unknown_reference"),
        (6, "E", "future_date"),
        (6, "F", "excel_error"),
    }
    message = next(e for e in report.errors if e["code"] == "uscc_check")
    assert "第6行" in message["message"] and "B列" in message["message"]
    assert message["message_en"].startswith("Sheet 企业名录, row 6, column B")


def test_skip_invalid_writes_exactly_the_valid_rows(park, tmp_path):
    codes = [make_uscc(), make_uscc()]
    bad = ["沈阳三号有限公司", "not-a-code", "34", "P1", None, None]
    report = import_enterprises(
        office_sheet(tmp_path, codes, bad_row=bad), park=park, skip_invalid=True
    )
    assert report.written and report.created == 2
    assert len(report.errors) == 1 and report.errors[0]["row"] == 6
    assert not Enterprise.objects.filter(name="沈阳三号有限公司").exists()


def test_dry_run_shows_changes_and_writes_nothing(park, world, tmp_path):
    target = world.enterprises[0]
    path = write_xlsx(
        tmp_path / "upd.xlsx",
        [
            ["企业名称", "统一社会信用代码", "地址"],
            [target.name, target.uscc, "沈阳市大东区新地址1号"],
        ],
    )
    report = import_enterprises(path, park=park, dry_run=True)
    assert (report.updated, report.written) == (1, False)
    assert report.rows[0].changes == {"address": ["", "沈阳市大东区新地址1号"]}
    target.refresh_from_db()
    assert target.address == ""


def test_duplicates_inside_the_file_are_reported(park, tmp_path):
    code = make_uscc()
    path = write_xlsx(
        tmp_path / "dup.xlsx",
        [
            ["企业名称", "统一社会信用代码"],
            ["甲公司", code],
            ["乙公司", code],
        ],
    )
    report = import_enterprises(path, park=park)
    assert [(e["row"], e["code"]) for e in report.errors] == [(3, "duplicate_in_file")]


def test_yearly_rows_check_consistency(world, park, tmp_path):
    ent = world.enterprises[0]
    path = write_xlsx(
        tmp_path / "years.xlsx",
        [
            ["统一社会信用代码", "年度", "工业总产值(万元)", "工业增加值(万元)", "土地面积(亩)"],
            [ent.uscc, 2018, 100, 30, 15],
            [ent.uscc, 2019, 100, 130, -1],
        ],
    )
    report = import_years(path, park=park)
    assert {(e["row"], e["column"], e["code"]) for e in report.errors} == {
        (3, "D", "exceeds"),
        (3, "E", "negative"),
    }
    assert not EnterpriseYear.objects.exists()
    exceeds = next(e for e in report.errors if e["code"] == "exceeds")
    assert "gross industrial output" in exceeds["message_en"]


def test_cli_json_and_exit_status(park, world, tmp_path):
    code = make_uscc()
    good = write_xlsx(tmp_path / "good.xlsx", [["企业名称", "统一社会信用代码"], ["新公司", code]])
    out = StringIO()
    call_command("import", "enterprises", str(good), "--park", "a", "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 1

    bad = write_xlsx(tmp_path / "bad.xlsx", [["企业名称", "统一社会信用代码"], ["坏公司", "123"]])
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "enterprises", str(bad), "--park", "a", "--json", stdout=out)
    assert exit_info.value.code == 1
    payload = json.loads(out.getvalue())
    assert payload["errors"][0]["row"] == 2 and payload["errors"][0]["column"] == "B"
    assert set(payload["errors"][0]) >= {"sheet", "row", "column", "value", "code", "message"}

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "enterprises", str(junk), "--park", "a", "--json", stdout=StringIO())
    assert exit_info.value.code == 2


def test_the_collector_runs_again_when_the_last_pause_ends():
    assert gc.isenabled()
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it did not run before: it stays off
    finally:
        gc.enable()
