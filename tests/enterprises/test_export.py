"""XLSX export from the list pages: shaped like the import templates, so what a page
exports re-imports with no changes; text a spreadsheet would run is neutralised."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.models import Park, Phase, User
from parkbase.enterprises import services
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from tests.clients import log_in
from tests.factories import make_uscc
from tests.xlsx_parts import MAIN, cell_xml

DEMO_ENTERPRISES = 59
DEMO_YEARS = 177
FORMULA_NAMES = ['=HYPERLINK("http://evil.example","点我")', "+86 创新工场", "-1 公司", "@SUM 企业"]


@pytest.fixture
def demo(demo_once, db):
    """The demo park, loaded once for the module; each test's writes are rolled back."""
    return Park.objects.get(code="shendong")


@pytest.fixture
def admin_client(client, demo):
    log_in(client, User.objects.get(username="admin"))
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
    assert Enterprise.objects.filter(park=demo).count() == DEMO_ENTERPRISES
    assert EnterpriseYear.objects.filter(enterprise__park=demo).count() == DEMO_YEARS


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
    phase = Phase.objects.get(park=demo, code="P1")
    in_phase = Enterprise.objects.filter(phase=phase)
    path, rows = export(admin_client, "enterprise-list", tmp_path, phase=phase.pk)
    assert {r[1] for r in rows[1:]} == set(in_phase.values_list("uscc", flat=True))
    report = services.import_enterprises(path, park=demo, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, in_phase.count())

    path, rows = export(admin_client, "enterprise-year-list", tmp_path, year=2019)
    assert {r[2] for r in rows[1:]} == {2019}
    report = services.import_years(path, park=demo, dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 0, DEMO_ENTERPRISES)


def test_export_values_are_in_template_units(admin_client, demo, tmp_path):
    e = Enterprise.objects.get(uscc="12210104412372337B")
    _, rows = export(admin_client, "enterprise-list", tmp_path, q=e.uscc)
    header, [row] = rows[0], rows[1:]
    cell = dict(zip(header, row, strict=True))
    assert cell["企业名称"] == "沈阳沈东自动化研究所"
    assert cell["登记注册类型"] == "事业单位"
    assert cell["状态"] == "停产"
    assert cell["规上企业"] == "否"
    assert cell["园区期次"] == "一期"
    assert cell["主管部门"] == "区科学技术局"
    assert cell["注册资本(万元)"] == 150
    assert str(cell["成立日期"])[:10] == "1986-03-12"


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


def test_year_export_figures_are_exact_in_template_units(admin_client, demo, tmp_path):
    """Money is stored in yuan and exported in 万元 as the number nearest the exact
    quotient; other units are the stored ones. The file re-imports unchanged."""
    e = Enterprise.objects.create(
        park=demo, name="单位换算公司", uscc=make_uscc(), industry_code="34"
    )
    EnterpriseYear.objects.create(
        enterprise=e,
        year=2019,
        gross_output=Decimal("12345.67"),
        profit=Decimal("-0.01"),
        revenue=Decimal("1234567890123.45"),
        tax_total=Decimal("80000000"),
        land_area=Decimal("86979.91"),
        energy_tce=Decimal("1.523"),
        electricity_kwh=21929753,
        staff_year_end=950,
        source="tax",
    )
    path, rows = export(admin_client, "enterprise-year-list", tmp_path, uscc=e.uscc)
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert cell["工业总产值(万元)"] == 1.234567
    assert cell["利润总额(万元)"] == -0.000001
    assert cell["营业收入(万元)"] == 123456789.012345
    assert cell["税收总额(万元)"] == 8000
    assert cell["土地面积(平方米)"] == 86979.91
    assert cell["综合能耗(吨标煤)"] == 1.523
    assert cell["用电量(千瓦时)"] == 21929753
    assert cell["年末从业人员(人)"] == 950
    assert cell["出口额(万元)"] == ""
    assert cell["数据来源"] == "税务"
    report = services.import_years(path, park=demo, dry_run=True)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


def test_enterprise_export_writes_dates_as_dates_and_flags_as_yes_no(admin_client, demo, tmp_path):
    e = Enterprise.objects.get(uscc="12210104412372337B")
    Enterprise.objects.filter(pk=e.pk).update(is_high_tech=True, moved_in_on=dt.date(2019, 12, 31))
    _, rows = export(admin_client, "enterprise-list", tmp_path, q=e.uscc)
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert cell["成立日期"] == dt.date(1986, 3, 12)
    assert cell["入园日期"] == dt.date(2019, 12, 31)
    assert (cell["规上企业"], cell["高新技术企业"]) == ("否", "是")


def test_export_of_an_invalid_filter_is_the_header_alone(admin_client, demo, tmp_path):
    _, rows = export(admin_client, "enterprise-year-list", tmp_path, year="not-a-year")
    assert rows == [[c.template_header for c in YEAR_COLUMNS]]


@pytest.mark.parametrize(
    ("stored", "exported"),
    [
        (12345.67, 1.234567),  # SQLite hands decimals over as float
        (Decimal("12345.67"), 1.234567),  # PostgreSQL as Decimal
        ("1234567890123456.78", 123456789012.345678),  # text, should SQLite hold it so
        (-0.01, -0.000001),
        (0, 0),
    ],
)
def test_yuan_to_wan_yuan_whatever_the_driver_gives(stored, exported):
    from parkbase.imports.exporting import _in_unit

    assert _in_unit(Decimal(10_000), 2)(stored) == exported
