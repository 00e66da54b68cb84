import datetime as dt
from decimal import Decimal

import pytest

from parkbase.enterprises.engine import check_industry_code, validate_enterprise, validate_year

TODAY = dt.date(2026, 6, 1)
DIVISIONS = {"C", "34", "39"}
FULL = DIVISIONS | {"341", "3411"}


def codes(violations):
    return {(v.field, v.code) for v in violations}


def test_a_clean_enterprise_passes():
    row = {
        "name": "沈阳中钞信达金融设备有限公司",
        "uscc": "91350100M000100Y43",
        "industry_code": "34",
        "founded_on": dt.date(1998, 6, 18),
    }
    assert validate_enterprise(row, today=TODAY, industry_codes=DIVISIONS) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"name": ""}, {("name", "required")}),
        ({"name": "x", "uscc": "91350100M000100Y44"}, {("uscc", "uscc_check")}),
        ({"name": "x", "industry_code": "98"}, {("industry_code", "unknown_code")}),
        ({"name": "x", "industry_code": "3x"}, {("industry_code", "industry_format")}),
        ({"name": "x", "founded_on": dt.date(2027, 1, 1)}, {("founded_on", "future_date")}),
        (
            {"name": "x", "founded_on": dt.date(2010, 1, 1), "moved_in_on": dt.date(2009, 1, 1)},
            {("moved_in_on", "before")},
        ),
        ({"name": "x", "registered_capital": Decimal(-1)}, {("registered_capital", "negative")}),
    ],
)
def test_each_enterprise_rule(row, expected):
    assert codes(validate_enterprise(row, today=TODAY, industry_codes=DIVISIONS)) == expected


def test_industry_codes_are_checked_at_the_deepest_level_loaded():
    # only divisions loaded: a class code is checked through its division
    assert check_industry_code("3412", DIVISIONS) is None
    assert check_industry_code("9812", DIVISIONS).code == "unknown_code"
    # the four-level table loaded: the class itself must exist
    assert check_industry_code("3411", FULL) is None
    assert check_industry_code("3412", FULL).code == "unknown_code"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"year": 2019, "land_area": Decimal(-5)}, {("land_area", "negative")}),
        (
            {"year": 2019, "gross_output": Decimal(100), "value_added": Decimal(101)},
            {("value_added", "exceeds")},
        ),
        (
            {"year": 2019, "revenue": Decimal(100), "main_business_revenue": Decimal(120)},
            {("main_business_revenue", "exceeds")},
        ),
        ({"year": 2019, "staff_year_end": 10, "staff_rd": 11}, {("staff_rd", "exceeds")}),
        (
            {"year": 2019, "staff_year_end": 10, "staff_bachelor": 6, "staff_college": 5},
            {("staff_postgraduate", "education_exceeds_staff")},
        ),
        ({"year": 2031}, {("year", "year_range")}),
        ({}, {("year", "required")}),
        (
            {"year": 2019, "tax_total": Decimal(5), "tax_local": Decimal(6)},
            {("tax_local", "exceeds")},
        ),
        ({"year": 2019, "profit": Decimal(-50), "revenue": Decimal(10)}, set()),
    ],
)
def test_each_year_rule(row, expected):
    assert codes(validate_year(row, current_year=2026)) == expected
