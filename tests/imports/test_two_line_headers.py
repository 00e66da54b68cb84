"""The header is found the same way whatever the kind: a two-line header (group titles
such as 用地情况 and 经济指标（万元） over the column names) is recognised by its shape,
merged or written text over text, and never read as data; the lower line names the
columns, and a group title's unit is the unit of the columns under it that name none."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.enterprises.services import import_enterprises, import_years
from parkbase.imports.engine import parse_table
from parkbase.imports.headers import second_line
from parkbase.imports.reader import read_table
from parkbase.imports.reference import INDUSTRY_COLUMNS
from tests.factories import make_uscc
from tests.imports.ugly import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

TITLE = ["2019年度企业调查表"] + [None] * 8
UPPER = ["企业名称", "统一社会信用代码", "状态", "年度", "用地情况", None]
UPPER += ["经济指标（万元）", None, None]
LOWER = [None, None, None, None, "土地面积（亩）", "建筑面积", "工业总产值", "营业收入"]
LOWER += ["从业人员"]
# the survey office's layout: the single columns merged down over both lines, the
# group titles merged across the columns under them, a title merged over the table
MERGES = [(0, 0, 0, 8), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3)]
MERGES += [(1, 4, 1, 5), (1, 6, 1, 8)]


def survey_rows(name, code, year=2019):
    return [TITLE, UPPER, LOWER, [name, code, "在产", year, 15, 2000, 100, 90.5, 12]]


@pytest.fixture(params=["merged xlsx", "text over text csv", "text over text xlsx"])
def survey_file(request, tmp_path, world):
    name, code = "新调查企业", make_uscc()
    rows = survey_rows(name, code)
    if request.param == "merged xlsx":
        path = write_xlsx(tmp_path / "survey.xlsx", rows, merges=MERGES, sheet="调查表")
    elif request.param == "text over text xlsx":
        path = write_xlsx(tmp_path / "survey.xlsx", rows, sheet="调查表")
    else:
        path = write_csv(tmp_path / "survey.csv", rows)
    return path, name, code


def test_both_kinds_find_the_same_two_line_header(survey_file):
    path, _name, _code = survey_file
    _sheet, rows = read_table(path)
    enterprises = parse_table(rows, ENTERPRISE_COLUMNS)
    years = parse_table(rows, YEAR_COLUMNS)
    for table in (enterprises, years):
        assert (table.mapping.first_header_row, table.mapping.header_row) == (2, 3)
        assert [r.number for r in table.rows] == [4]  # the lower line is no data row
        assert table.rows[0].problems == []
    units = {col.field: unit for col, unit in years.mapping.columns.values()}
    # 亩 is the column's own unit; 万元 comes from its group; 从业人员 is a count, and
    # the group's 万元 is no unit of a count
    assert units["land_area"] == "亩" and units["building_area"] == ""
    assert units["gross_output"] == units["revenue"] == "万元"
    assert units["staff_year_end"] == ""
    values = years.rows[0].values
    assert values["gross_output"] == Decimal("1000000.00")
    assert values["revenue"] == Decimal("905000.00")
    assert values["land_area"] == Decimal("10000.00")
    assert values["staff_year_end"] == 12


def test_the_enterprise_import_reads_the_two_line_sheet_without_errors(survey_file, world):
    path, name, code = survey_file
    report = import_enterprises(path, park=world.parks[0])
    assert report.errors == []
    assert (report.created, report.header_row, report.written) == (1, 3, True)
    assert Enterprise.objects.get(uscc=code).name == name
    headers = {h["header"]: h["field"] for h in report.headers}
    assert headers["企业名称"] == "name" and headers["工业总产值"] == ""


def test_the_years_import_reads_the_same_sheet(survey_file, world):
    path, _name, code = survey_file
    Enterprise.objects.create(park=world.parks[0], name="已登记企业", uscc=code)
    report = import_years(path, park=world.parks[0])
    assert report.errors == []
    assert report.created == 1 and report.header_row == 3
    year = EnterpriseYear.objects.get(enterprise__uscc=code)
    assert (year.year, year.gross_output, year.land_area) == (2019, 1_000_000, 10_000)


def test_a_text_data_row_under_a_one_line_header_stays_data():
    rows = [
        ["企业名称", "统一社会信用代码", "状态", "地址"],
        ["沈阳一号机械有限公司", "91210100MA0000001X", "在产", "沈阳市浑南区"],
        ["沈阳二号电子有限公司", "", "停产", ""],
    ]
    table = parse_table(rows, ENTERPRISE_COLUMNS)
    assert table.mapping.header_row == 1
    assert [r.values["name"] for r in table.rows] == [
        "沈阳一号机械有限公司",
        "沈阳二号电子有限公司",
    ]


@pytest.mark.parametrize(
    ("upper", "lower", "expected"),
    [
        # group titles over names, names merged down (repeated)
        (["企业名称", "用地情况", None], ["企业名称", "土地面积", "建筑面积"], True),
        # text over text: names above with blanks below, a group spanning its columns
        (["企业名称", "用地情况", None], [None, "土地面积", "建筑面积"], True),
        # names only on the lower line, under blank upper cells left of a group
        ([None, "用地情况", None], ["企业名称", "土地面积", "建筑面积"], True),
        # a title over the header
        (["2019年企业名录", None, None], ["企业名称", "统一社会信用代码", "状态"], False),
        # a data row of text under a header
        (
            ["企业名称", "统一社会信用代码", "状态"],
            ["沈阳一号", "91210100MA0000001X", "在产"],
            False,
        ),
        # a data row with a number
        (["企业名称", "用地情况", None], ["沈阳一号", "15", "2000"], False),
        # a data row whose only value sits under a one-column header
        (["企业名称", "地址", None], [None, None, "沈阳市"], False),
    ],
)
def test_the_shape_of_a_second_header_line(upper, lower, expected):
    assert second_line(upper, lower) is expected


def test_a_title_row_above_a_one_line_header_is_not_a_group_line(tmp_path):
    rows = [
        ["2019年园区企业主要经济指标（万元）", None, None],
        ["统一社会信用代码", "年度", "工业总产值"],
        ["91350100M000100Y43", 2019, 1.5],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    assert (table.mapping.first_header_row, table.mapping.header_row) == (2, 2)
    assert table.mapping.ignored == []


def test_the_official_industry_table_keeps_its_merged_code_header():
    rows = [
        ["代码", None, None, None, "类别名称", "说明"],
        ["门类", "大类", "中类", "小类", "类别名称", "说明"],
        ["A", None, None, None, "农、林、牧、渔业", "本门类包括01～05大类"],
        [None, "01", None, None, "农业", "指对各种农作物的种植"],
    ]
    table = parse_table(rows, INDUSTRY_COLUMNS)
    assert table.mapping.header_row == 2
    assert [r.values.get("section") or r.values.get("division") for r in table.rows] == [
        "A",
        "01",
    ]


def test_a_corrected_mapping_of_a_two_line_header_is_kept(world, tmp_path):
    rows = survey_rows("映射企业", make_uscc())
    rows[2][8] = "职工数（人）"  # a header the engine does not know
    path = write_xlsx(tmp_path / "s.xlsx", rows, merges=MERGES)
    Enterprise.objects.create(park=world.parks[0], name="映射企业", uscc=rows[3][1])
    report = import_years(path, park=world.parks[0], dry_run=True)
    assert {h["header"]: h["field"] for h in report.headers}["职工数（人）"] == ""
    report = import_years(
        path, park=world.parks[0], dry_run=True, overrides={"职工数（人）": "staff_year_end"}
    )
    assert report.errors == []
    assert {h["header"]: h["field"] for h in report.headers}["职工数（人）"] == "staff_year_end"
