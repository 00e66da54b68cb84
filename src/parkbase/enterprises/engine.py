"""Pure rules over plain rows: what makes an enterprise or a year of figures valid.

No Django here: callers pass dicts of already-parsed values (Decimal, int, date,
str or None) and get a list of Violations back.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections.abc import Collection

from parkbase.core import uscc
from parkbase.core.violations import Violation

# The yearly figures, in the order and groups of the survey form (DOMAIN.md); every
# list of them (validation, forms, the evaluation's indicators) is taken from here.
FIGURE_GROUPS = (
    ("land", ("land_area", "land_leased_in", "land_leased_out", "building_area")),
    (
        "staff",
        (
            "staff_year_end",
            "staff_average",
            "staff_rd",
            "staff_postgraduate",
            "staff_bachelor",
            "staff_college",
        ),
    ),
    (
        "output",
        (
            "gross_output",
            "value_added",
            "revenue",
            "main_business_revenue",
            "profit",
            "total_assets",
            "fixed_assets",
            "tax_total",
            "tax_local",
            "exports",
        ),
    ),
    (
        "energy",
        ("energy_tce", "electricity_kwh", "cod_t", "so2_t", "nh3n_t", "nox_t", "pollutants_t"),
    ),
    ("innovation", ("rd_spending", "patents")),
)
FIGURE_FIELDS = tuple(name for _group, names in FIGURE_GROUPS for name in names)
# profit alone may be a loss
NON_NEGATIVE_YEAR_FIELDS = tuple(name for name in FIGURE_FIELDS if name != "profit")

# (smaller, larger): the first may not exceed the second when both are known.
YEAR_BOUNDS = (
    ("value_added", "gross_output"),
    ("main_business_revenue", "revenue"),
    ("land_leased_out", "land_area"),
    ("staff_rd", "staff_year_end"),
    ("fixed_assets", "total_assets"),
    ("tax_local", "tax_total"),
    ("exports", "revenue"),
)
EDUCATION_FIELDS = ("staff_postgraduate", "staff_bachelor", "staff_college")
FIRST_YEAR = 1949
_is_not_none = functools.partial(operator.is_not, None)


@functools.lru_cache(maxsize=4)
def _deepest(known: Collection[str]) -> int:
    """The deepest level loaded (a frozenset's answer is kept: an import asks per row)."""
    return max((len(k) for k in known if k.isdigit()), default=0)


def check_industry_code(code: str, known: Collection[str]) -> Violation | None:
    """Check a GB/T 4754 code against the deepest level loaded.

    With only sections and divisions loaded, "3411" is checked by its division
    "34"; once the four-level table is loaded, "3411" itself must exist.
    """
    if not code:
        return None
    if code.isalpha():
        return (
            None if code in known else Violation("industry_code", "unknown_code", {"value": code})
        )
    if not code.isdigit() or len(code) not in (2, 3, 4):
        return Violation("industry_code", "industry_format", {"value": code})
    deepest = _deepest(known) if isinstance(known, frozenset) else _deepest.__wrapped__(known)
    probe = code if len(code) <= deepest else code[:deepest]
    if probe not in known:
        return Violation("industry_code", "unknown_code", {"value": code})
    return None


def validate_enterprise(
    row: dict, *, today: dt.date, industry_codes: Collection[str]
) -> list[Violation]:
    found: list[Violation] = []
    if not (row.get("name") or "").strip():
        found.append(Violation("name", "required"))
    code = row.get("uscc") or ""
    if code:
        try:
            uscc.validate(code)
        except uscc.USCCError as exc:
            found.append(Violation("uscc", f"uscc_{exc.code}", {"value": code, "detail": str(exc)}))
    industry = check_industry_code(row.get("industry_code") or "", industry_codes)
    if industry:
        found.append(industry)
    founded, moved_in = row.get("founded_on"), row.get("moved_in_on")
    if founded and founded > today:
        found.append(Violation("founded_on", "future_date", {"value": founded}))
    if moved_in and moved_in > today:
        found.append(Violation("moved_in_on", "future_date", {"value": moved_in}))
    if founded and moved_in and moved_in < founded:
        found.append(Violation("moved_in_on", "before", {"value": moved_in, "other": "founded_on"}))
    capital = row.get("registered_capital")
    if capital is not None and capital < 0:
        found.append(Violation("registered_capital", "negative", {"value": capital}))
    return found


def validate_year(row: dict, *, current_year: int) -> list[Violation]:
    found: list[Violation] = []
    get = row.get
    year = get("year")
    if year is None:
        found.append(Violation("year", "required"))
    elif not FIRST_YEAR <= year <= current_year:
        found.append(
            Violation("year", "year_range", {"value": year, "min": FIRST_YEAR, "max": current_year})
        )
    # the same comparisons, made at C level first: most rows have no negative figure
    present = filter(_is_not_none, map(get, NON_NEGATIVE_YEAR_FIELDS))
    if any(map(operator.lt, present, itertools.repeat(0))):
        for name in NON_NEGATIVE_YEAR_FIELDS:
            value = get(name)
            if value is not None and value < 0:
                found.append(Violation(name, "negative", {"value": value}))
    for smaller, larger in YEAR_BOUNDS:
        a, b = get(smaller), get(larger)
        if a is not None and b is not None and a > b:
            found.append(
                Violation(smaller, "exceeds", {"value": a, "other": larger, "other_value": b})
            )
    staff = get("staff_year_end")
    educated = [v for v in map(get, EDUCATION_FIELDS) if v is not None]
    if staff is not None and educated:
        total = sum(educated)
        if total > staff:
            found.append(
                Violation(
                    "staff_postgraduate",
                    "education_exceeds_staff",
                    {"value": total, "other": "staff_year_end", "other_value": staff},
                )
            )
    profit, revenue = get("profit"), get("revenue")
    if profit is not None and revenue is not None and profit > revenue:
        found.append(
            Violation(
                "profit", "exceeds", {"value": profit, "other": "revenue", "other_value": revenue}
            )
        )
    return found
