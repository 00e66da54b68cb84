"""The enterprises behind an indicator's change are ranked from whole cents read as
floating point (no ``Decimal`` per enterprise), and that fast reading gives exactly
the rows of the exact one: the same enterprises, in the same order, with the same
values and shares, through ties at the edge of the list, losses, zero changes,
enterprises filing in one year only, values of 12 digits and more, figures of three
decimal places and of whole kWh; a value too large for a float to carry to the cent
sends the reading back to decimals."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise
from parkbase.enterprises.monthly_services import monthly_return_file
from parkbase.enterprises.selectors import ytd_units
from parkbase.indicators import sources
from tests.factories import EnterpriseFactory

AS_OF = dt.date(2020, 7, 20)

# year-to-date figures at June, 2019 → 2020 (None: no return that year), per enterprise
PROFIT = [
    ("500.00", "300.00"),  # −200: three tie for the biggest fall
    ("100.00", "-100.00"),  # −200, into a loss
    ("-50.00", "-250.00"),  # −200, a deeper loss
    ("0.00", "0.00"),  # no change
    ("123456789012.34", "123456789112.35"),  # +100.01 on twelve digits
    ("80.10", None),  # filed last year only: −80.10
    (None, "100.01"),  # filed this year only: +100.01, ties with the twelve digits
    ("0.10", "0.30"),  # +0.20, which floating point alone would not give
    ("1.15", "1.35"),  # +0.20, a tie
    ("99999999999.99", "99999999999.98"),  # −0.01 on thirteen digits
    ("10.00", "10.00"),  # no change
    ("0.29", "0.58"),  # +0.29
]
ENERGY = ["12.345", "12.346", "0.001", "7.500", "7.499", "3.333", "3.334", "1.000"]
KWH = [1200, 1300, 999_999_999, 1_000_000_000, 5, 105, 0, 100]


def _file(enterprise, year, values):
    monthly_return_file(
        user=None,
        enterprise=enterprise,
        year=year,
        period_start=1,
        period_end=6,
        basis="ytd",
        values=values,
        source="statistics",
        confirm_jumps=True,
    )


@pytest.fixture
def park_returns(world):
    """Twelve enterprises of park A with the year-to-date figures above (energy and
    electricity: the 2019 figure, and 2020's the next one round the list)."""
    park = world.parks[0]
    enterprises = [EnterpriseFactory(park=park) for _ in PROFIT]
    with override_settings(AS_OF=AS_OF):
        for n, (enterprise, (before, now)) in enumerate(zip(enterprises, PROFIT, strict=True)):
            for year, profit in ((2019, before), (2020, now)):
                if profit is None:
                    continue
                i = (n + (year - 2019)) % len(ENERGY)
                _file(
                    enterprise,
                    year,
                    {
                        "profit": D(profit),
                        "gross_output": abs(D(profit)),
                        "energy_tce": D(ENERGY[i]),
                        "electricity_kwh": KWH[i],
                    },
                )
    return park


def _enterprises(world):
    """Park A's enterprises as its leader sees them."""
    return Enterprise.objects.visible_to(world.users[Role.LEADER])


@pytest.mark.parametrize("field", ["profit", "gross_output", "energy_tce", "electricity_kwh"])
def test_the_fast_reading_ranks_the_same_enterprises_with_the_same_values(
    world, park_returns, field
):
    enterprises = _enterprises(world)
    assert ytd_units(enterprises, 2020, field, 6) is not None  # the fast reading applies
    for n in range(0, len(PROFIT) + 2):
        fast = sources.enterprise_changes(enterprises, 2020, field, 6, n)
        exact = sources.enterprise_changes(enterprises, 2020, field, 6, n, exact=True)
        assert fast == exact, (field, n)
        falls, rises, total = fast
        assert len(falls) <= n and len(rises) <= n
        assert all(r.change < 0 for r in falls) and all(r.change > 0 for r in rises)
    falls, rises, total = sources.enterprise_changes(enterprises, 2020, field, 6, 20)
    for row in falls + rises:
        assert row.key[0] == "enterprise" and row.change == row.current - row.previous
        assert row.share == row.change / total


def test_ties_losses_and_the_cents_floating_point_would_lose(world, park_returns):
    enterprises = _enterprises(world)
    falls, rises, total = sources.enterprise_changes(enterprises, 2020, "profit", 6, 3)
    # the three falls of 200 (one into a loss, one deeper in a loss), ties by the key
    assert [r.change for r in falls] == [D("-200.00")] * 3
    assert sorted(r.previous for r in falls) == [D("-50.00"), D("100.00"), D("500.00")]
    assert [str(r.key) for r in falls] == sorted(str(r.key) for r in falls)
    assert [r.change for r in rises] == [D("100.01"), D("100.01"), D("0.29")]
    assert D("123456789112.35") in [r.current for r in rises]
    expected = sum(D(now or 0) - D(before or 0) for before, now in PROFIT)
    assert total == expected == D("-479.40")
    _f, rises, _t = sources.enterprise_changes(enterprises, 2020, "profit", 6, 5)
    assert [r.change for r in rises][-2:] == [D("0.20"), D("0.20")]


def test_a_value_too_large_for_a_float_is_read_as_a_decimal(world, park_returns):
    enterprises = _enterprises(world)
    big, small = EnterpriseFactory(park=park_returns), world.enterprises[0]
    with override_settings(AS_OF=AS_OF):
        _file(big, 2019, {"revenue": D("20000000000000.01")})
        _file(big, 2020, {"revenue": D("20000000000000.02")})
        _file(small, 2020, {"revenue": D("5.00")})
    assert ytd_units(enterprises, 2020, "revenue", 6) is None
    fast = sources.enterprise_changes(enterprises, 2020, "revenue", 6, 5)
    assert fast == sources.enterprise_changes(enterprises, 2020, "revenue", 6, 5, exact=True)
    falls, rises, _total = fast
    # (SQLite itself keeps 16 digits to 15: the cent of the large one is PostgreSQL's)
    assert falls == [] and (rises[0].key[1], rises[0].change) == (small.pk, D("5.00"))
