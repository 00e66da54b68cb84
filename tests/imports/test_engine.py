from decimal import Decimal

from parkbase.enterprises.importers import YEAR_COLUMNS
from parkbase.imports.engine import column_letter, parse_table


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_header_under_title_rows_with_units_totals_and_notes():
    rows = [
        ["2019年园区企业主要经济指标", None, None, None],
        ["填报单位：园区管委会", None, None, None],
        ["统一社会信用代码", "年度", "土地面积（亩）", "工业总产值(亿元)"],
        ["91350100M000100Y43", 2019, "１５", "1.5"],
        ["合计", None, 15, 1.5],
        ["注：数据来源于2019年企业调查", None, None, None],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    assert table.mapping.header_row == 3
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.number == 4
    assert row.problems == []
    assert row.values["land_area"] == Decimal("10000.00")
    assert row.values["gross_output"] == Decimal("150000000.00")
    assert [reason for _n, reason in table.skipped] == ["total", "note"]


def test_merged_two_row_header_takes_the_upper_cell_where_the_lower_is_blank():
    rows = [
        ["统一社会信用代码", "年度", "产出情况", None],
        [None, None, "工业总产值(万元)", "工业增加值(万元)"],
        ["91350100M000100Y43", "2019", 100, 30],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    assert table.mapping.header_row == 2
    values = table.rows[0].values
    assert values["uscc"] == "91350100M000100Y43"
    assert values["year"] == 2019
    assert values["value_added"] == Decimal("300000.00")


def test_problems_name_row_column_and_rule():
    rows = [
        ["统一社会信用代码", "年度", "工业总产值(万元)", "用电量(千瓦时)"],
        ["91350100M000100Y43", 2019, "#DIV/0!", "12.5"],
    ]
    table = parse_table(rows, YEAR_COLUMNS)
    problems = {(p.row, p.column, p.code) for p in table.rows[0].problems}
    assert problems == {(2, "C", "excel_error"), (2, "D", "not_an_integer")}
