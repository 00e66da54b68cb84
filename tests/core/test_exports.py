"""The XLSX writer every export goes through (``write_xlsx``): numbers as numbers,
dates as dates, booleans as 是/否, text exactly as given and never as a formula, a bold
frozen header."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from parkbase.core.exports import database_rows, plain_rows, write_xlsx
from parkbase.enterprises.models import Enterprise
from tests.xlsx_parts import (
    MAIN,
    cell_xml,
    frozen_rows,
    is_bold,
    is_quoted,
    number_format,
    read_rows,
)

FORMULA_LIKE = ["=1+1", '=HYPERLINK("http://evil.example","点我")', "+86 139", "-1 公司"]
FORMULA_LIKE += ["@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_a_quoted_string_with_its_exact_value(text):
    xlsx = write_xlsx(["名称", "编号"], [[text, "A-1"], ["普通名称", "B-2"]])
    cell, _ = cell_xml(xlsx, "A2")
    assert cell.find(f"{{{MAIN}}}f") is None, "written as a formula"
    assert cell.get("t") in ("s", "inlineStr", "str")
    assert is_quoted(xlsx, "A2")
    assert read_rows(xlsx)[1] == [text, "A-1"]


def test_columns_without_formula_like_text_get_no_quote_prefix():
    xlsx = write_xlsx(["名称", "编号"], [["=1+1", "A-1"], ["普通名称", "B-2"]])
    assert not is_quoted(xlsx, "B2")
    assert not is_quoted(xlsx, "B3")


def test_values_keep_their_kind():
    headers = ["整数", "小数", "十进制", "日期", "是否", "空", "空文本", "惰性文本"]
    row = [42, 1.234567, Decimal("-12345.67"), dt.date(1986, 3, 12), True, None, "", None]
    row[-1] = gettext_lazy("Stopped")
    xlsx = write_xlsx(headers, [row, [0, 0.0, Decimal("0.01"), None, False, None, "", "x"]])
    rows = read_rows(xlsx)
    assert rows[0] == headers
    stopped = str(row[-1])
    assert rows[1] == [42, 1.234567, -12345.67, dt.date(1986, 3, 12), "是", "", "", stopped]
    assert rows[2] == [0, 0, 0.01, "", "否", "", "", "x"]
    assert number_format(xlsx, "D2") == "yyyy-mm-dd"
    for ref in ("A2", "B2", "C2"):
        cell, _ = cell_xml(xlsx, ref)
        assert cell.get("t") in (None, "n"), f"{ref} is not a number"


def test_numbers_keep_fifteen_significant_digits():
    values = [123456789.012345, 0.000001, 99999999999999.9, -0.01]
    rows = read_rows(write_xlsx(["数"], [[v] for v in values]))
    assert [r[0] for r in rows[1:]] == values


@pytest.mark.parametrize(
    "text",
    ["a & b <c> \"d\" 'e'", "  前后空格  ", "两行\n文字", "控制\x01字符", "长" * 5000, "Ελλάδα 🏭"],
)
def test_text_comes_back_exactly(text):
    assert read_rows(write_xlsx(["文本"], [[text]]))[1] == [text]


def test_header_is_bold_and_frozen():
    xlsx = write_xlsx(["企业名称", "年度"], [["甲", 2019]])
    assert is_bold(xlsx, "A1") and is_bold(xlsx, "B1")
    assert not is_bold(xlsx, "A2")
    assert frozen_rows(xlsx) == 1


def test_no_rows_still_gives_the_header():
    xlsx = write_xlsx(["企业名称", "年度"], iter([]))
    assert read_rows(xlsx) == [["企业名称", "年度"]]
    assert frozen_rows(xlsx) == 1


def test_headers_must_be_unique():
    with pytest.raises(ValueError, match="unique"):
        write_xlsx(["名称", "名称"], [["甲", "乙"]])


def test_plain_rows_names_the_columns_to_neutralise():
    rows, columns = plain_rows([("甲", "=1", 1, True), ("乙", "x", None, False)])
    assert rows == [["甲", "=1", 1, "是"], ["乙", "x", None, "否"]]
    assert columns == {1}


@pytest.mark.django_db
def test_database_rows_of_an_empty_queryset_is_empty():
    assert list(database_rows(Enterprise.objects.none(), ["name"])) == []
