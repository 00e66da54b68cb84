"""The survey workbook (企业调查表): enterprises and their year's figures from one
sheet, in one pass, through the command, the import page and the API."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.enterprises.choices import Source
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.enterprises.survey import import_survey
from parkbase.imports import registry
from parkbase.imports.choices import JobStatus
from parkbase.imports.models import ImportJob
from tests.clients import api_client, log_in
from tests.factories import EnterpriseYearFactory, make_uscc
from tests.imports.ugly import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "企业名称",
    "统一社会信用代码",
    "行业代码",
    "园区期次",
    "成立日期",
    "土地面积（平方米）",
    "年末从业人员",
    "工业总产值（万元）",
    "工业增加值（万元）",
    "营业收入（万元）",
    "税收总额（万元）",
]


def survey_rows(world, new_codes=(), *, gross=(500, 800), added=(100, 200)):
    """Park A's first two enterprises (known) and an enterprise per ``new_codes``."""
    known = world.enterprises[:2]
    rows = [
        [e.name, e.uscc, "34", "P1", "2010-05-01", 20000, 120, g, a, g, 30]
        for e, g, a in zip(known, gross, added, strict=True)
    ]
    for i, code in enumerate(new_codes):
        rows.append(
            [f"沈阳新调查企业{i}有限公司", code, "39", "P2", "2018年", 5000, 40, 90, 20, 95, 3]
        )
    return rows


def write_survey(tmp_path, rows, *, title="2019年度企业调查表", header=HEADER, name="s.xlsx"):
    lines = []
    if title is not None:
        lines.append([title] + [None] * (len(header) - 1))
    lines.append(header)
    lines.extend(rows)
    return write_xlsx(tmp_path / name, lines, sheet="调查表")


def test_the_kind_is_registered_with_both_kinds_of_columns_once():
    importer = registry.get("survey")
    fields = [c.field for c in importer.columns]
    assert len(fields) == len(set(fields))
    assert {"name", "uscc", "industry_code", "founded_on", "gross_output", "year"} <= set(fields)
    assert set(importer.options) == {"year", "overwrite_ranked"}


def test_the_command_creates_and_updates_enterprises_and_writes_their_figures(world, tmp_path):
    code = make_uscc()
    path = write_survey(tmp_path, survey_rows(world, [code]))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "survey", str(path), "--year", "2019", "--park", "a", stdout=out, stderr=err
    )
    assert "1 created, 2 updated" in out.getvalue()
    new = Enterprise.objects.get(uscc=code)
    assert new.park == world.parks[0] and new.phase.code == "P2"
    assert new.founded_on.isoformat() == "2018-01-01"
    figures = EnterpriseYear.objects.get(enterprise=new, year=2019)
    assert figures.gross_output == Decimal("900000.00") and figures.source == Source.SURVEY
    first = world.enterprises[0]
    first.refresh_from_db()
    assert first.founded_on.isoformat() == "2010-05-01"  # the registry row was updated
    year = EnterpriseYear.objects.get(enterprise=first, year=2019)
    assert (year.land_area, year.staff_year_end) == (Decimal("20000.00"), 120)
    assert year.history.get().history_change_reason == "survey import"


def test_the_year_from_the_title_is_used_and_said(world, tmp_path):
    path = write_survey(tmp_path, survey_rows(world), title="2019年企业基本情况调查表")
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "survey", str(path), "--park", "a", stdout=out, stderr=err)
    assert "year taken from the title: 2019" in err.getvalue()
    assert "年度取自标题" in err.getvalue()
    assert EnterpriseYear.objects.filter(year=2019).count() == 2


def test_a_date_in_the_notes_above_is_no_year(world, tmp_path):
    path = write_survey(tmp_path, survey_rows(world), title="填报日期：2020年3月5日")
    report = import_survey(path, park=world.parks[0])
    assert report.unusable == "no_year" and not report.written
    (error,) = report.errors
    assert error["code"] == "no_year" and "--year" in error["message_en"]
    assert "年度" in error["message"]
    assert report.headers  # the mapping is there to correct (a column may be the year)


def test_no_year_anywhere_is_a_clear_error_from_the_command(world, tmp_path):
    path = write_survey(tmp_path, survey_rows(world), title=None)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import", "survey", str(path), "--park", "a", stdout=out, stderr=err)
    assert exit_.value.code == 2
    assert "no year for the figures" in err.getvalue()
    assert not EnterpriseYear.objects.filter(enterprise__park=world.parks[0]).exists()


def test_a_year_column_that_disagrees_with_the_option_names_both(world, tmp_path):
    rows = [row + [year] for row, year in zip(survey_rows(world), (2018, 2019), strict=True)]
    path = write_survey(tmp_path, rows, header=[*HEADER, "年度"])
    report = import_survey(path, park=world.parks[0], year=2019)
    (error,) = report.errors
    assert (error["row"], error["column"], error["code"]) == (3, "L", "differs_from_given")
    assert "2018" in error["message_en"] and "2019" in error["message_en"]
    assert not report.written and not EnterpriseYear.objects.filter(year=2019).exists()


def test_a_year_column_without_the_option_is_the_year(world, tmp_path):
    rows = [row + [2018] for row in survey_rows(world)]
    path = write_survey(tmp_path, rows, header=[*HEADER, "年度"])
    report = import_survey(path, park=world.parks[0])
    assert report.errors == [] and report.written and report.proposed_year is None
    assert EnterpriseYear.objects.filter(year=2018).count() == 2


def test_one_bad_figure_rejects_the_whole_row_and_writes_nothing(world, tmp_path):
    code = make_uscc()
    rows = survey_rows(world, [code], gross=(500, 100), added=(100, 200))  # 200 > 100
    path = write_survey(tmp_path, rows)
    before = Enterprise.objects.count()
    report = import_survey(path, park=world.parks[0], year=2019)
    (error,) = report.errors
    assert (error["row"], error["column"], error["code"]) == (4, "I", "exceeds")
    assert not report.written
    assert Enterprise.objects.count() == before
    assert not EnterpriseYear.objects.exists()
    report = import_survey(path, park=world.parks[0], year=2019, skip_invalid=True)
    assert report.written
    assert [r.action for r in report.rows] == ["updated", "rejected", "created"]
    assert EnterpriseYear.objects.filter(year=2019).count() == 2
    assert not EnterpriseYear.objects.filter(enterprise=world.enterprises[1]).exists()


def test_an_enterprise_error_rejects_the_row_with_its_figures(world, tmp_path):
    rows = survey_rows(world, [make_uscc()])
    rows[2][2] = "98"  # no such industry code
    rows[2][4] = "2099-01-01"  # founded in the future
    rows[2][5] = -5  # a negative area: a yearly rule on the same row
    path = write_survey(tmp_path, rows)
    report = import_survey(path, park=world.parks[0], year=2019, skip_invalid=True)
    codes = {(e["row"], e["column"], e["code"]) for e in report.errors}
    assert codes == {(5, "C", "unknown_code"), (5, "E", "future_date"), (5, "F", "negative")}
    assert [r.action for r in report.rows][2] == "rejected"
    assert not Enterprise.objects.filter(name="沈阳新调查企业0有限公司").exists()
    assert EnterpriseYear.objects.count() == 2  # the two valid rows


def test_the_same_enterprise_twice_names_the_other_row(world, tmp_path):
    rows = survey_rows(world)
    rows.append(list(rows[0]))
    rows[2][7] = 999  # other figures
    path = write_survey(tmp_path, rows)
    report = import_survey(path, park=world.parks[0], year=2019)
    found = {(e["row"], e["code"]) for e in report.errors}
    assert found == {(5, "duplicate_in_file")}
    assert all("row 3" in e["message_en"] for e in report.errors)
    assert not report.written


def test_a_header_unit_against_the_title_note_is_an_error_naming_both(world, tmp_path):
    header = [*HEADER[:9], "营业收入（元）", HEADER[10]]
    lines = [
        ["2019年度企业调查表"] + [None] * 10,
        [None] * 10 + ["单位：万元"],
        [h.replace("（万元）", "") for h in header],
        *survey_rows(world),
    ]
    path = write_xlsx(tmp_path / "units.xlsx", lines, sheet="调查表")
    report = import_survey(path, park=world.parks[0], year=2019)
    assert report.unusable == "unit_conflict" and not report.written
    (error,) = report.errors
    assert (error["row"], error["column"]) == (3, "J")
    assert "元" in error["message_en"] and "万元" in error["message_en"]
    assert "营业收入" in error["message"]
    # the title's 万元 over the columns that name no unit is taken as ever
    lines[2][9] = "营业收入"
    path = write_xlsx(tmp_path / "units2.xlsx", lines, sheet="调查表")
    report = import_survey(path, park=world.parks[0], year=2019)
    assert report.errors == [] and report.written
    year = EnterpriseYear.objects.get(enterprise=world.enterprises[0])
    assert year.revenue == Decimal("5000000.00")


# ---------------------------------------------------------------- ranking


def test_a_figure_of_a_higher_ranked_source_is_kept_and_listed(world, tmp_path):
    first = world.enterprises[0]
    stored = EnterpriseYearFactory(
        enterprise=first,
        year=2019,
        gross_output=Decimal("7000000.00"),
        value_added=Decimal("1000000.00"),
        revenue=None,
        land_area=Decimal("1.00"),
        source=Source.STATISTICS,
        sources={"land_area": Source.IMPORT},
    )
    path = write_survey(tmp_path, survey_rows(world))
    report = import_survey(path, park=world.parks[0], year=2019)
    assert report.errors == [] and report.written
    kept = [w for w in report.warnings if w["code"] == "kept_ranked"]
    # the stored 1,000,000 of value added and 120 staff equal the file's: nothing to keep
    assert {(w["row"], w["column"], w["field"]) for w in kept} == {
        (3, "H", "gross_output"),
        (3, "K", "tax_total"),
    }
    gross = next(w for w in kept if w["field"] == "gross_output")
    assert "统计局数据" in gross["message"] and "未覆盖" in gross["message"]
    assert "kept the statistics bureau's figure" in gross["message_en"]
    assert report.counts["kept_ranked"] == 2
    stored.refresh_from_db()
    assert stored.gross_output == Decimal("7000000.00")  # kept
    assert stored.revenue == Decimal("5000000.00")  # blank before: written
    assert stored.land_area == Decimal("20000.00")  # stored from a lower source: written
    assert stored.source == Source.STATISTICS
    assert stored.source_of("revenue") == Source.SURVEY
    assert stored.source_of("land_area") == Source.SURVEY
    assert stored.source_of("gross_output") == Source.STATISTICS


def test_the_command_overwrites_ranked_figures_when_told(world, tmp_path):
    stored = EnterpriseYearFactory(
        enterprise=world.enterprises[0], year=2019, source=Source.TAX, gross_output=1
    )
    path = write_survey(tmp_path, survey_rows(world))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "survey", str(path), "--year", "2019", "--park", "a", stdout=out, stderr=err
    )
    assert "kept the tax bureau's figure" in err.getvalue()
    stored.refresh_from_db()
    assert stored.gross_output == 1
    call_command(
        "import",
        "survey",
        str(path),
        "--year",
        "2019",
        "--park",
        "a",
        "--overwrite-ranked",
        stdout=out,
        stderr=err,
    )
    stored.refresh_from_db()
    assert stored.gross_output == Decimal("5000000.00")
    assert stored.source_of("gross_output") == Source.SURVEY


def test_a_lower_ranked_source_is_overwritten_without_asking(world, tmp_path):
    stored = EnterpriseYearFactory(
        enterprise=world.enterprises[0], year=2019, source=Source.IMPORT, gross_output=1
    )
    report = import_survey(
        write_survey(tmp_path, survey_rows(world)), park=world.parks[0], year=2019
    )
    assert not [w for w in report.warnings if w["code"] == "kept_ranked"]
    stored.refresh_from_db()
    assert stored.gross_output == Decimal("5000000.00")


# ---------------------------------------------------------------- page and API


def _upload(client, path, **fields):
    return client.post(
        reverse("import-create"),
        {"kind": "survey", "file": SimpleUploadedFile(path.name, path.read_bytes()), **fields},
    )


def test_the_page_proposes_the_title_year_and_writes_once_confirmed(
    world, tmp_path, settings, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    path = write_survey(tmp_path, survey_rows(world, [make_uscc()]))
    assert _upload(client, path).status_code == 302
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKED and job.report["proposed_year"] == 2019
    assert (job.report["created"], job.report["updated"]) == (1, 2)
    page = client.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert 'data-testid="proposed-year"' in page and 'value="2019"' in page
    # confirming without the year is refused
    client.post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and not EnterpriseYear.objects.exists()
    client.post(reverse("import-confirm", args=[job.pk]), {"year": "2019"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.options == {"year": 2019}
    assert EnterpriseYear.objects.filter(year=2019, source=Source.SURVEY).count() == 3


def test_the_page_overwrites_ranked_figures_only_when_ticked(world, tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    stored = EnterpriseYearFactory(
        enterprise=world.enterprises[0], year=2019, source=Source.STATISTICS, gross_output=1
    )
    path = write_survey(tmp_path, survey_rows(world))
    _upload(client, path, year="2019")
    job = ImportJob.objects.get()
    page = client.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert 'data-testid="overwrite-ranked"' in page and "未覆盖" in page
    client.post(reverse("import-confirm", args=[job.pk]), {"overwrite_ranked": "on"})
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.options["overwrite_ranked"] is True
    stored.refresh_from_db()
    assert stored.gross_output == Decimal("5000000.00")


def test_the_api_checks_proposes_and_confirms_with_the_year(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    api = api_client(world.users[Role.STAFF], None)
    stored = EnterpriseYearFactory(
        enterprise=world.enterprises[1], year=2019, source=Source.STATISTICS, gross_output=1
    )
    path = write_survey(tmp_path, survey_rows(world))
    response = api.post(
        "/api/imports/",
        {"kind": "survey", "file": SimpleUploadedFile("s.xlsx", path.read_bytes())},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["report"]["proposed_year"] == 2019
    assert job["report"]["counts"]["kept_ranked"] >= 1
    refused = api.post(f"/api/imports/{job['id']}/confirm/", {}, format="json")
    assert refused.status_code == 400 and "2019" in json.dumps(refused.json(), ensure_ascii=False)
    done = api.post(f"/api/imports/{job['id']}/confirm/", {"year": 2019}, format="json")
    assert done.status_code == 200 and done.json()["status"] == JobStatus.DONE
    stored.refresh_from_db()
    assert stored.gross_output == 1  # kept: not asked to overwrite
    assert EnterpriseYear.objects.get(enterprise=world.enterprises[0]).year == 2019


def test_an_unknown_header_is_listed_and_the_mapping_takes_it(world, tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    header = [*HEADER[:10], "纳税额（万元）"]  # not a header the engine knows
    path = write_survey(tmp_path, survey_rows(world), header=header)
    _upload(client, path, year="2019")
    job = ImportJob.objects.get()
    ignored = job.report["ignored_columns"]
    assert [(c["column"], c["reason"]) for c in ignored] == [("K", "unknown")]
    headers = job.report["headers"]
    k = next(h for h in headers if h["column"] == "K")
    posted = {f"map-{h['index']}": h["field"] for h in headers} | {f"map-{k['index']}": "tax_total"}
    client.post(reverse("import-mapping", args=[job.pk]), posted)
    job.refresh_from_db()
    assert job.report["ignored_columns"] == []
    assert job.status == JobStatus.CHECKED
    client.post(reverse("import-confirm", args=[job.pk]))
    year = EnterpriseYear.objects.get(enterprise=world.enterprises[0], year=2019)
    assert year.tax_total == Decimal("300000.00")


# ---------------------------------------------------------------- hints


@pytest.mark.parametrize("kind", ["enterprises", "years"])
def test_a_sheet_of_both_kinds_uploaded_as_one_proposes_the_survey(
    kind, world, tmp_path, settings, client
):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    path = write_survey(tmp_path, survey_rows(world))
    _upload(client, path, kind=kind, year="2019")
    job = ImportJob.objects.get()
    wider = [w for w in job.report["warnings"] if w["code"] == "wider_kind"]
    assert [w["kinds"] for w in wider] == [["survey"]]
    assert "survey" in wider[0]["message_en"] and "企业调查表" in wider[0]["message"]
    page = client.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert "企业调查表" in page


def test_a_plain_enterprise_sheet_proposes_nothing(world, tmp_path):
    from parkbase.enterprises.services import import_enterprises

    path = write_survey(tmp_path, [row[:5] for row in survey_rows(world)], header=HEADER[:5])
    report = import_enterprises(path, park=world.parks[0])
    assert not [w for w in report.warnings if w["code"] == "wider_kind"]


def test_stored_values_read_ahead_compare_as_those_read_when_needed(world):
    """While a big workbook is being read, the survey reads the stored values of every
    field ahead; a row's changes are the same as when the file's fields are read once
    a row names a stored enterprise."""
    from parkbase.enterprises.import_rows import EnterpriseRows

    first = world.enterprises[0]
    row = {"name": first.name, "uscc": first.uscc, "address": "新地址 1 号", "phase": None}
    ahead, later = EnterpriseRows(first.park), EnterpriseRows(first.park)
    ahead.preload_values()
    later.file_fields(row)
    known_ahead, known_later = ahead.by_pk[first.pk], later.by_pk[first.pk]
    assert known_ahead.stored is not None and known_later.stored is None
    changes = ahead.changes(known_ahead, row)
    assert changes == later.changes(known_later, row)
    assert changes["address"][1] == "新地址 1 号" and changes["phase"][1] is None
    assert len(ahead.loaded) > len(later.loaded)  # every field ahead, the file's later
