"""The limits of the fields (imports.limits): the quick whole-column tests find
exactly what the value-by-value test finds."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from parkbase.enterprises.importers import YEAR_COLUMNS
from parkbase.enterprises.models import EnterpriseYear
from parkbase.imports import limits
from parkbase.imports.engine import _number_rules, make_column_converter

GROSS = next(c for c in YEAR_COLUMNS if c.field == "gross_output")
STAFF = next(c for c in YEAR_COLUMNS if c.field == "staff_year_end")
LIMITS = limits.model_limits(EnterpriseYear, YEAR_COLUMNS)


def _one_by_one(limit, values):
    found = {}
    for position, value in enumerate(values):
        problem = limits.broken(limit, value)
        if problem is not None:
            found[position] = problem
    return found


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([(GROSS, "万元"), (GROSS, "亿元"), (GROSS, "元"), (STAFF, "人")]),
    st.lists(
        st.floats(-1e13, 1e13, allow_nan=False)
        | st.sampled_from([9.99e11, 1e12, 1e16, -1e16, 0.0, 2147483647.0, 2147483648.0]),
        max_size=20,
    ),
)
def test_the_quick_tests_agree_with_each_value(col_unit, cells):
    col, unit = col_unit
    values, problems = make_column_converter(col, unit)(list(cells))
    limit = LIMITS[col.field]
    factor = _number_rules(col, unit)[0]
    expected = _one_by_one(limit, values)
    assert limits.limit_problems(limit, values, list(cells), factor) == expected
    assert limits.limit_problems(limit, values) == expected


def test_the_limits_read_from_the_model():
    assert LIMITS["gross_output"] == ("decimal", Decimal(10) ** 16, 2)
    assert LIMITS["staff_year_end"] == ("int", 0, 2147483647)
    assert LIMITS["year"] == ("int", 0, 32767)
    assert "source" not in LIMITS  # a choice
    assert "uscc" not in LIMITS and "name" not in LIMITS  # no field of the yearly data
