"""The demo park is the seed's park, loaded through the import services."""

from decimal import Decimal

import pytest

from parkbase.core.models import Department, Phase, User
from parkbase.demo.loader import load_demo
from parkbase.enterprises.choices import Status
from parkbase.enterprises.models import Enterprise, EnterpriseYear


@pytest.fixture
def demo(db):
    return load_demo()


def test_the_seed_park(demo):
    assert Phase.objects.unscoped().count() == 4
    assert Department.objects.unscoped().count() == 7
    assert Enterprise.objects.unscoped().count() == 59
    assert EnterpriseYear.objects.unscoped().count() == 59 * 3
    assert set(EnterpriseYear.objects.unscoped().values_list("year", flat=True)) == {
        2017,
        2018,
        2019,
    }
    statuses = set(Enterprise.objects.unscoped().values_list("status", flat=True))
    assert {Status.PRODUCING, Status.HALF_STOPPED, Status.STOPPED} <= statuses


def _year(name_part, year):
    return EnterpriseYear.objects.unscoped().get(enterprise__name__contains=name_part, year=year)


@pytest.mark.parametrize("name", ["中钞信达", "德科斯米尔"])
def test_the_two_named_firms_expand_in_2019(demo, name):
    before, after = _year(name, 2018), _year(name, 2019)
    assert after.gross_output > before.gross_output * Decimal("1.2")
    assert after.fixed_assets > before.fixed_assets


def test_the_research_institute_has_stopped_for_years(demo):
    institute = Enterprise.objects.unscoped().get(name__contains="沈东自动化研究所")
    assert institute.status == Status.STOPPED
    assert institute.uscc.startswith("12")
    assert all(not y.gross_output for y in institute.years.all())


def test_above_size_flag_matches_2019_main_business_revenue(demo):
    for year in EnterpriseYear.objects.unscoped().filter(year=2019).select_related("enterprise"):
        above = (year.main_business_revenue or 0) >= 20_000_000
        assert year.enterprise.is_above_size == above, year.enterprise.name


def test_one_user_per_role(demo):
    roles = set(User.objects.unscoped().values_list("role", flat=True))
    assert roles == {"admin", "leader", "staff", "survey", "department", "enterprise"}
    assert {u.role for u in demo.users} == roles


def test_loading_twice_changes_nothing(demo):
    history_before = (
        Enterprise.history.count(),
        EnterpriseYear.history.count(),
        User.objects.unscoped().count(),
    )
    again = load_demo()
    for name, counts in again.counts.items():
        assert (counts.created, counts.updated) == (0, 0), name
    assert not any(u.created for u in again.users)
    assert (
        Enterprise.history.count(),
        EnterpriseYear.history.count(),
        User.objects.unscoped().count(),
    ) == history_before
