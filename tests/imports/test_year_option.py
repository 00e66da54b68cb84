"""``--year`` works for every kind that has a year: a sheet without a 年度 column takes
it for every row, a blank year cell takes it, and a row whose year says otherwise is a
row error naming both; the same from the import page and the API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.enterprises.models import EnterpriseYear
from parkbase.enterprises.services import import_years
from parkbase.imports import registry
from parkbase.imports.choices import JobStatus
from parkbase.imports.models import ImportJob
from tests.clients import api_client, log_in
from tests.imports.ugly import write_xlsx

pytestmark = pytest.mark.django_db


def _sheet(world, tmp_path, with_year=None):
    """The yearly figures of park A's first two enterprises; with a 年度 column holding
    ``with_year`` (a value per row) when given."""
    names = [e.name for e in world.enterprises[:2]]
    header = ["企业名称", "工业总产值（万元）", "营业收入（万元）"]
    rows = [[name, 100 + i, 90 + i] for i, name in enumerate(names)]
    if with_year is not None:
        header.append("年度")
        rows = [row + [year] for row, year in zip(rows, with_year, strict=True)]
    title = ["2019年度企业主要经济指标"] + [None] * (len(header) - 1)
    return write_xlsx(tmp_path / "years.xlsx", [title, header, *rows], sheet="经济指标")


def test_every_kind_with_a_year_says_so():
    with_year = {
        kind for kind, importer in registry.IMPORTERS.items() if "year" in importer.options
    }
    assert "years" in with_year
    for kind in with_year:
        fields = {c.field for c in registry.get(kind).columns}
        assert "year" in fields, kind


def test_the_command_gives_the_year_to_a_sheet_without_one(world, tmp_path):
    path = _sheet(world, tmp_path)
    out = io.StringIO()
    call_command(
        "import", "years", str(path), "--year", "2019", "--park", "a", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["errors"] == [] and result["created"] == 2 and result["written"]
    years = EnterpriseYear.objects.filter(enterprise__in=world.enterprises[:2])
    assert sorted(years.values_list("year", "gross_output")) == [
        (2019, 1_000_000),
        (2019, 1_010_000),
    ]


def test_without_the_year_the_missing_column_is_still_reported(world, tmp_path):
    report = import_years(_sheet(world, tmp_path), park=world.parks[0])
    assert report.unusable == "missing_column"
    assert [e["code"] for e in report.errors] == ["missing_column"]


def test_a_row_whose_year_differs_from_the_option_names_both(world, tmp_path):
    path = _sheet(world, tmp_path, with_year=[2018, None])
    report = import_years(path, park=world.parks[0], year=2019)
    (error,) = report.errors
    assert (error["row"], error["column"], error["code"]) == (3, "D", "differs_from_given")
    assert "2018" in error["message"] and "2019" in error["message"]
    assert "2018" in error["message_en"] and "2019" in error["message_en"]
    assert not report.written
    # the blank year of the other row took 2019: with skip_invalid it is written
    report = import_years(path, park=world.parks[0], year=2019, skip_invalid=True)
    assert report.written and report.created == 1
    written = EnterpriseYear.objects.get(enterprise=world.enterprises[1])
    assert written.year == 2019


def test_a_year_column_that_agrees_with_the_option_imports(world, tmp_path):
    report = import_years(
        _sheet(world, tmp_path, with_year=[2019, 2019]), park=world.parks[0], year=2019
    )
    assert report.errors == [] and report.created == 2


def test_the_command_says_when_a_kind_has_no_year(world, tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [["企业名称", "状态"], ["年度外企业", "在产"]])
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import", "enterprises", str(path), "--year", "2019", "--park", "a", stdout=out, stderr=err
    )
    assert "--year 2019" in err.getvalue() and "no year" in err.getvalue()


def test_the_page_and_the_api_take_the_year(world, tmp_path, settings, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = _sheet(world, tmp_path)
    log_in(client, world.users[Role.STAFF])
    response = client.post(
        reverse("import-create"),
        {"kind": "years", "year": "2019", "file": SimpleUploadedFile("y.xlsx", path.read_bytes())},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKED and job.report["error_count"] == 0
    assert job.report["created"] == 2
    api = api_client(world.users[Role.STAFF], None)
    with_year = _sheet(world, tmp_path, with_year=[2018, 2019])
    response = api.post(
        "/api/imports/",
        {
            "kind": "years",
            "year": 2019,
            "file": SimpleUploadedFile("y2.xlsx", with_year.read_bytes()),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    report = response.json()["report"]
    assert [(e["row"], e["code"]) for e in report["errors"]] == [(3, "differs_from_given")]
