"""XLSX export from the list pages: shaped like the import templates, so what a page
exports re-imports with no changes; text a spreadsheet would run is neutralised."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.models import Park, Phase, User
from parkbase.demo.loader import load_demo
from parkbase.enterprises import services
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from tests.factories import make_uscc

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DEMO_ENTERPRISES = 59
DEMO_YEARS = 177
FORMULA_NAMES = ['=HYPERLINK("http://evil.example","点我")', "+86 创新工场", "-1 公司", "@SUM 企业"]


@pytest.fixture
def demo(db):
    load_demo()
    park = Park.objects.unscoped().get(code="shendong")
    return park


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(username="admin"))
    return client


def export(client, url_name, tmp_path, **params):
    response = client.get(reverse(url_name), {"export": "xlsx", **params})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    path = tmp_path / f"{url_name}-{len(list(tmp_path.iterdir()))}.xlsx"
    path.write_bytes(response.content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return path, rows.get_sheet_by_index(0).to_python()


def test_demo_is_what_the_round_trip_expects(demo):
    assert Enterprise.objects.unscoped().filter(park=demo).count() == DEMO_ENTERPRISES
    assert EnterpriseYear.objects.unscoped().filter(enterprise__park=demo).count() == DEMO_YEARS


def test_enterprise_export_reimports_unchanged(admin_client, demo, tmp_path):
    path, rows = export(admin_client, "enterprise-list", tmp_path)
    assert rows[0] == [c.template_header for c in ENTERPRISE_COLUMNS]
    assert len(rows) == 1 + DEMO_ENTERPRISES
    report = services.import_enterprises(path, park=demo, dry_run=True)
    assert report.errors == []
    assert not report.unusable
    changed = [(r.key, r.changes) for r in report.rows if r.action != "unchanged"]
    assert changed == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, DEMO_ENTERPRISES)


def test_year_export_reimports_unchanged(admin_client, demo, tmp_path):
    path, rows = export(admin_client, "enterprise-year-list", tmp_path)
    assert rows[0] == [c.template_header for c in YEAR_COLUMNS]
    assert len(rows) == 1 + DEMO_YEARS
    report = services.import_years(path, park=demo, dry_run=True)
    assert report.errors == []
    assert not report.unusable
    changed = [(r.key, r.changes) for r in report.rows if r.action != "unchanged"]
    assert changed == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, DEMO_YEARS)


def test_filtered_export_reimports_its_subset_unchanged(admin_client, demo, tmp_path):
    phase = Phase.objects.unscoped().get(park=demo, code="P1")
    in_phase = Enterprise.objects.unscoped().filter(phase=phase)
    path, rows = export(admin_client, "enterprise-list", tmp_path, phase=phase.pk)
    assert {r[1] for r in rows[1:]} == set(in_phase.values_list("uscc", flat=True))
    report = services.import_enterprises(path, park=demo, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, in_phase.count())

    path, rows = export(admin_client, "enterprise-year-list", tmp_path, year=2019)
    assert {r[2] for r in rows[1:]} == {2019}
    report = services.import_years(path, park=demo, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, DEMO_ENTERPRISES)


def test_export_values_are_in_template_units(admin_client, demo, tmp_path):
    e = Enterprise.objects.unscoped().get(uscc="12210104412372337B")
    _, rows = export(admin_client, "enterprise-list", tmp_path, q=e.uscc)
    header, [row] = rows[0], rows[1:]
    cell = dict(zip(header, row, strict=True))
    assert cell["企业名称"] == "沈阳沈东自动化研究所"
    assert cell["登记注册类型"] == "事业单位"
    assert cell["状态"] == "停产"
    assert cell["规上企业"] == "否"
    assert cell["园区期次"] == "P1"
    assert cell["主管部门"] == "D03"
    assert cell["注册资本(万元)"] == 150
    assert str(cell["成立日期"])[:10] == "1986-03-12"


def cell_xml(xlsx: bytes, ref: str) -> tuple[ET.Element, dict[int, dict]]:
    """The <c> element of cell ``ref`` (e.g. "A2") on the first sheet, and the cell
    formats (cellXfs) of the workbook by index."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
        styles = ET.fromstring(book.read("xl/styles.xml"))
    xfs = styles.find(f"{{{MAIN}}}cellXfs")
    formats = {i: xf.attrib for i, xf in enumerate(xfs)}
    cell = sheet.find(f".//{{{MAIN}}}c[@r='{ref}']")
    assert cell is not None, ref
    return cell, formats


def assert_neutralised(xlsx: bytes, ref: str, text_read: str, name: str) -> None:
    """Neutralised means: a string cell, never a formula, and either marked as typed
    text with Excel's quote prefix (value kept exact, so it re-imports unchanged) or
    written with a leading apostrophe."""
    cell, formats = cell_xml(xlsx, ref)
    assert cell.find(f"{{{MAIN}}}f") is None, "exported as a formula"
    assert cell.get("t") in ("s", "inlineStr", "str")
    quoted = formats.get(int(cell.get("s", 0)), {}).get("quotePrefix") in ("1", "true")
    if quoted:
        assert text_read == name
    else:
        assert text_read == "'" + name


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_formula_like_name_is_exported_neutralised(admin_client, demo, tmp_path, name):
    code = make_uscc()
    Enterprise.objects.create(park=demo, name=name, uscc=code, industry_code="34")
    response = admin_client.get(reverse("enterprise-list"), {"export": "xlsx", "q": code})
    _, rows = export(admin_client, "enterprise-list", tmp_path, q=code)
    [row] = rows[1:]
    assert_neutralised(response.content, "A2", row[0], name)
    # an ordinary name is left alone
    plain, _ = cell_xml(response.content, "B2")  # the credit code
    assert rows[1][1] == code
    assert plain.find(f"{{{MAIN}}}f") is None
    # the yearly-data export carries the name too (column B)
    EnterpriseYear.objects.create(enterprise=Enterprise.objects.get(uscc=code), year=2019)
    response = admin_client.get(reverse("enterprise-year-list"), {"export": "xlsx", "uscc": code})
    _, rows = export(admin_client, "enterprise-year-list", tmp_path, uscc=code)
    [row] = rows[1:]
    assert_neutralised(response.content, "B2", row[1], name)


def test_formula_like_name_reimports_unchanged(admin_client, demo, tmp_path):
    """The rule 'an export re-imports unchanged' holds for neutralised names too:
    whatever marks the cell as text must not become part of the name on the way back."""
    code = make_uscc()
    name = FORMULA_NAMES[0]
    Enterprise.objects.create(park=demo, name=name, uscc=code, industry_code="34")
    path, _ = export(admin_client, "enterprise-list", tmp_path, q=code)
    report = services.import_enterprises(path, park=demo, dry_run=True)
    assert [r.changes for r in report.rows if r.action == "updated"] == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
