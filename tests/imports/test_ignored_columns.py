"""Nothing dropped silently: the columns an import does not take are listed with their
reason (the command's JSON, the API's and the job's report, the preview page), with a
hint naming the other import that would read them; an ambiguous or repeated header is
reported, never guessed."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.enterprises.importers import YEAR_COLUMNS
from parkbase.enterprises.services import import_enterprises, import_years
from parkbase.imports.engine import parse_table
from parkbase.imports.models import ImportJob
from tests.clients import log_in
from tests.factories import make_uscc
from tests.imports.ugly import write_xlsx

pytestmark = pytest.mark.django_db

SURVEY = [
    ["企业名称", "统一社会信用代码", "成立年份", "土地面积（亩）", "工业总产值（万元）", "备注"],
    ["新企业甲", None, 2015, 12, 300, "新入园"],
]


def test_the_command_lists_ignored_columns_and_hints_at_the_yearly_kind(world, tmp_path):
    path = write_xlsx(tmp_path / "survey.xlsx", SURVEY, sheet="调查表")
    out = io.StringIO()
    call_command(
        "import", "enterprises", str(path), "--park", "a", "--dry-run", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    ignored = {c["column"]: c for c in result["ignored_columns"]}
    assert set(ignored) == {"D", "E", "F"}
    assert ignored["D"]["header"] == "土地面积（亩）" and ignored["D"]["reason"] == "unknown"
    assert ignored["D"]["other_kinds"] == ["years", "survey"] == ignored["E"]["other_kinds"]
    assert ignored["F"]["other_kinds"] == []  # 备注: no import reads it
    assert "F" in ignored["F"]["message"] and "备注" in ignored["F"]["message_en"]
    (hint,) = [w for w in result["warnings"] if w["code"] == "other_kind"]
    assert hint["kinds"] == ["years", "survey"]
    assert "D" in hint["message"] and "E" in hint["message"] and "years" in hint["message_en"]
    assert "备注" not in hint["message"]


def test_the_command_prints_the_notes_without_json(world, tmp_path):
    path = write_xlsx(tmp_path / "survey.xlsx", SURVEY)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "enterprises", str(path), "--park", "a", "--dry-run", stdout=out, stderr=err
    )
    notes = err.getvalue()
    assert "备注" in notes and "Note:" in notes and "years" in notes


def test_the_preview_page_and_the_job_report_warn(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_xlsx(tmp_path / "survey.xlsx", SURVEY)
    log_in(client, world.users[Role.STAFF])
    response = client.post(
        reverse("import-create"),
        {"kind": "enterprises", "file": SimpleUploadedFile("s.xlsx", path.read_bytes())},
    )
    job = ImportJob.objects.get()
    assert [c["column"] for c in job.report["ignored_columns"]] == ["D", "E", "F"]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="ignored-columns"' in page
    assert job.report["warnings"][0]["message"] in page


def test_a_clean_sheet_warns_of_nothing(world, tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [["企业名称", "统一社会信用代码"], ["乙", make_uscc()]])
    report = import_enterprises(path, park=world.parks[0], dry_run=True)
    assert report.ignored_columns == [] and report.warnings == []


def test_an_ambiguous_header_is_reported_never_guessed(world, tmp_path):
    rows = [["企业名称", "年度", "面积"], [world.enterprises[0].name, 2019, 100]]
    path = write_xlsx(tmp_path / "y.xlsx", rows)
    report = import_years(path, park=world.parks[0], dry_run=True)
    (ignored,) = report.ignored_columns
    assert ignored["reason"] == "ambiguous" and ignored["column"] == "C"
    assert ignored["fields"] == ["land_area", "building_area"]
    assert "土地面积" in ignored["message"] and "建筑面积" in ignored["message"]
    assert {h["header"]: h["field"] for h in report.headers}["面积"] == ""
    # the user says which: the column is read
    report = import_years(path, park=world.parks[0], dry_run=True, overrides={"面积": "land_area"})
    assert report.ignored_columns == [] and report.errors == []


def test_a_second_column_of_the_same_field_is_reported(world):
    rows = [["企业名称", "年度", "从业人员", "年末从业人员"], ["甲", 2019, 10, 11]]
    table = parse_table(rows, YEAR_COLUMNS)
    (ignored,) = table.mapping.ignored
    assert (ignored.index, ignored.reason, ignored.other) == (3, "duplicate", 2)
    assert table.rows[0].values["staff_year_end"] == 10


def test_a_column_the_user_ignores_is_listed_as_such(world, tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [["企业名称", "地址"], ["丙", "沈阳"]])
    report = import_enterprises(path, park=world.parks[0], dry_run=True, overrides={"地址": ""})
    (ignored,) = report.ignored_columns
    assert (ignored["column"], ignored["reason"]) == ("B", "by_user")


def test_the_hint_names_only_a_kind_that_could_read_the_sheet(world, tmp_path):
    """状态 is a column of the enterprises and of the projects; only the enterprises
    could read this sheet (the projects need 项目名称)."""
    rows = [
        ["企业名称", "年度", "状态", "工业总产值"],
        [world.enterprises[0].name, 2019, "在产", 1],
    ]
    report = import_years(write_xlsx(tmp_path / "y.xlsx", rows), park=world.parks[0], dry_run=True)
    (ignored,) = report.ignored_columns
    assert (ignored["header"], ignored["other_kinds"]) == ("状态", ["enterprises", "survey"])
    # the survey workbook reads every column of the sheet: it is proposed first
    assert [w["kinds"] for w in report.warnings] == [["survey"], ["enterprises", "survey"]]
