import datetime as dt
from decimal import Decimal

import pytest

from parkbase.core.units import split_header
from parkbase.imports import values as V


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２３４．５", Decimal("1234.5")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("１，２３４", Decimal("1234")),
        ("12.5%", Decimal("0.125")),
        (" 42 ", Decimal("42")),
        (3.25, Decimal("3.25")),
        (7, Decimal("7")),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_decimals_as_offices_type_them(raw, expected):
    assert V.parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["#DIV/0!", "#REF!", "#N/A"])
def test_excel_errors_are_errors_not_zero(raw):
    with pytest.raises(V.ValueProblem) as info:
        V.parse_decimal(raw)
    assert info.value.code == "excel_error"


def test_text_is_not_a_number():
    with pytest.raises(V.ValueProblem) as info:
        V.parse_decimal("abc")
    assert info.value.code == "not_a_number"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2015年3月", dt.date(2015, 3, 1)),
        ("2015年3月8日", dt.date(2015, 3, 8)),
        ("2015-03-08", dt.date(2015, 3, 8)),
        ("2015/3/8", dt.date(2015, 3, 8)),
        ("2015.03", dt.date(2015, 3, 1)),
        (42071, dt.date(2015, 3, 8)),
        (dt.datetime(2015, 3, 8, 10, 0), dt.date(2015, 3, 8)),
    ],
)
def test_dates(raw, expected):
    assert V.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2015年13月", "yesterday", "2015-02-30"])
def test_bad_dates(raw):
    with pytest.raises(V.ValueProblem):
        V.parse_date(raw)


@pytest.mark.parametrize(
    ("header", "base", "unit"),
    [
        ("土地面积（亩）", "土地面积", "亩"),
        ("工业总产值(万元)", "工业总产值", "万元"),
        ("企业名称", "企业名称", ""),
        ("  建筑面积 ( 平方米 ) ", "建筑面积", "平方米"),
    ],
)
def test_units_are_read_from_headers(header, base, unit):
    assert split_header(header) == (base, unit)


def test_unit_factors():
    assert V.unit_factor("money", "亿元", "万元") == Decimal(100_000_000)
    assert V.unit_factor("area", "", "亩") * 3 == Decimal(2000)
    with pytest.raises(V.ValueProblem):
        V.unit_factor("money", "美元", "万元")
