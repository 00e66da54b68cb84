"""The table of header variants (imports/data/header_variants.toml): every field it
names exists, no variant names two fields by accident, the variants real offices use
are matched, and matching ignores spaces, line breaks, full-width forms, units and
prefixes such as 其中：."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.enterprises.models import Enterprise
from parkbase.enterprises.services import import_enterprises
from parkbase.imports import registry
from parkbase.imports.engine import Column, parse_table
from parkbase.imports.headers import header_key, index_columns, match_header
from parkbase.imports.variants import variants_table, with_variants
from tests.imports.ugly import write_xlsx

# variants listed under two fields of a kind on purpose: reported, never guessed
# the survey workbook takes the yearly columns, with their variants
AMBIGUOUS_ON_PURPOSE = {("years", "面积"), ("survey", "面积")}


def test_every_field_of_the_table_is_a_column_of_its_kind():
    table = variants_table()
    for kind, fields in table.items():
        assert kind in registry.IMPORTERS, kind
        columns = {c.field for c in registry.get(kind).columns}
        assert set(fields) <= columns, (kind, set(fields) - columns)


def test_a_field_of_the_table_without_its_column_is_refused():
    with pytest.raises(ValueError, match="pollutants_t"):
        with_variants("years", (Column("name", ("企业名称",)),))


def test_no_variant_names_two_fields_by_accident():
    for kind, importer in registry.IMPORTERS.items():
        for key, columns in index_columns(importer.columns).items():
            if len(columns) > 1:
                assert (kind, key) in AMBIGUOUS_ON_PURPOSE, (kind, key, [c.field for c in columns])


def test_the_code_names_only_the_template_header():
    """The variants are kept in the table, not in the code."""
    table = variants_table()
    for kind in table:
        for col in registry.get(kind).columns:
            assert col.headers[1:] == tuple(dict.fromkeys(table[kind].get(col.field, ())))


OFFICE_VARIANTS = {
    "years": {
        "年平均从业人员": "staff_average",
        "平均职工人数": "staff_average",
        "从业人员平均人数": "staff_average",
        "研发经费支出": "rd_spending",
        "R&D经费支出": "rd_spending",
        "研究与试验发展经费": "rd_spending",
        "税金总额": "tax_total",
        "上缴税金": "tax_total",
        "实缴税金": "tax_total",
        "纳税总额": "tax_total",
        "土地使用面积": "land_area",
        "占地面积": "land_area",
        "工业总产值（当年价格）": "gross_output",
        "总产值（现价）": "gross_output",
        "主要污染物排放量": "pollutants_t",
    },
    "enterprises": {"成立年份": "founded_on", "成立日期": "founded_on"},
}


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [(k, h, f) for k, variants in OFFICE_VARIANTS.items() for h, f in variants.items()],
)
def test_office_variants_are_matched(kind, header, field):
    (col,), unit = match_header(header, index_columns(registry.get(kind).columns))
    assert col.field == field and unit == ""


@pytest.mark.parametrize(
    ("header", "field", "unit"),
    [
        ("年平均\n从业人员", "staff_average", ""),
        (" 年 平 均 从业人员 （人） ", "staff_average", "人"),
        ("其中：研发人员（人）", "staff_rd", "人"),
        ("其中研发人员", "staff_rd", ""),
        ("1、工业总产值（万元）", "gross_output", "万元"),
        ("（二）营业收入", "revenue", ""),
        ("Ｒ＆Ｄ经费支出（万元）", "rd_spending", "万元"),
        ("工业总产值(当年价格)（亿元）", "gross_output", "亿元"),
        ("工业总产值（当年价格，万元）", "gross_output", "万元"),
        ("土地使用面积/亩", "land_area", "亩"),
        ("主要污染物排放量【吨】", "pollutants_t", "吨"),
    ],
)
def test_matching_ignores_spaces_breaks_full_width_units_and_prefixes(header, field, unit):
    (col,), found_unit = match_header(header, index_columns(YEAR_COLUMNS))
    assert (col.field, found_unit) == (field, unit)


def test_a_bracket_that_is_no_unit_stays_part_of_an_unknown_header():
    found, _unit = match_header("工业总产值（不变价格）", index_columns(YEAR_COLUMNS))
    (col,) = found  # the name is known; the bracket is then read as its unit …
    rows = [["企业名称", "年度", "工业总产值（不变价格）"], ["甲", 2019, 10]]
    row = parse_table(rows, YEAR_COLUMNS).rows[0]
    # … which is no unit: every cell says so, nothing is converted by guess
    assert [(p.column, p.code) for p in row.problems] == [("C", "unknown_unit")]
    assert row.problems[0].params["unit"] == "不变价格"
    assert col.field == "gross_output"


def test_keys_fold_full_width_and_case():
    assert header_key("Ｒ＆Ｄ 经费") == header_key("r&d经费")
    assert header_key("工业总产值（当年价格）") == header_key("工业总产值(当年价格)")


@pytest.mark.django_db
@pytest.mark.parametrize("cell", [2015, "2015", "2015年", dt.date(2015, 1, 1)])
def test_a_founding_year_alone_is_the_first_of_january(cell, world, tmp_path):
    rows = [["企业名称", "成立年份"], ["成立年份企业", cell]]
    path = write_xlsx(tmp_path / "e.xlsx", rows)
    report = import_enterprises(path, park=world.parks[0])
    assert report.errors == []
    assert Enterprise.objects.get(name="成立年份企业").founded_on == dt.date(2015, 1, 1)


def test_a_year_alone_is_no_date_where_the_column_takes_dates_only():
    moved_in = next(c for c in ENTERPRISE_COLUMNS if c.field == "moved_in_on")
    founded = next(c for c in ENTERPRISE_COLUMNS if c.field == "founded_on")
    assert founded.year_alone and not moved_in.year_alone
    rows = [["企业名称", "成立日期", "入园日期"], ["甲", "2015年", "2015年"]]
    row = parse_table(rows, ENTERPRISE_COLUMNS).rows[0]
    assert row.values["founded_on"] == dt.date(2015, 1, 1)
    assert [(p.column, p.code) for p in row.problems] == [("C", "not_a_date")]


def test_the_pollutants_total_is_a_yearly_figure():
    rows = [["企业名称", "年度", "主要污染物排放量（千克）"], ["甲", 2019, 1500]]
    row = parse_table(rows, YEAR_COLUMNS).rows[0]
    assert row.problems == [] and row.values["pollutants_t"] == Decimal("1.500")
