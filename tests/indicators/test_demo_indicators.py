"""The demo park's indicators: its bureaus, the targets of 2019 and 2020 (levels a few
percent above the year before, split by bureau and month, growth-rate targets too),
values entered by hand and the 2020 plan's key tasks from the seed's five streams;
loading twice changes nothing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db.models import Sum
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.core.models import User
from parkbase.demo.loader import load_demo
from parkbase.enterprises.models import EnterpriseYear
from parkbase.indicators import selectors, sources
from parkbase.indicators.models import KeyTask, ManualValue, ResponsibleUnit, Target
from tests.demo_copy import demo_data

STORY_ENDS = dt.date(2020, 12, 31)


@pytest.fixture
def demo(db):
    with override_settings(AS_OF=STORY_ENDS):
        return demo_data()


def test_the_park_has_its_bureaus_not_the_district_departments(demo):
    names = list(ResponsibleUnit.objects.order_by("order").values_list("name", flat=True))
    assert names == ["经济发展局", "招商局", "规划建设局", "财政局"]


def test_targets_rise_a_few_percent_and_add_up_by_bureau_and_month(demo):
    # over what the indicator measured the year before: the above-size enterprises'
    # returns, whose Decembers (every firm filed them) are their yearly figures
    above = EnterpriseYear.objects.filter(enterprise__is_above_size=True)
    yearly = {y: above.filter(year=y).aggregate(s=Sum("gross_output"))["s"] for y in (2018, 2019)}
    for year in (2019, 2020):
        target = Target.objects.get(indicator__code="gross_output", year=year)
        assert sources.series(target.indicator, year - 1)[12] == yearly[year - 1]
        rise = target.value / yearly[year - 1] - 1
        assert D("0.02") <= rise <= D("0.08"), (year, rise)
        assert sum(s.value for s in target.shares.all()) == target.value
        months = [m.value for m in target.months.order_by("month")]
        assert len(months) == 12 and sum(months) == target.value
    growth = Target.objects.filter(kind="growth")
    assert {t.indicator.code for t in growth} >= {"value_added_growth", "tax_local"}
    assert not growth.filter(shares__isnull=False).exists()
    assert ManualValue.objects.filter(indicator__code="fixed_investment", year=2020).count() == 4


def test_the_plans_key_tasks_follow_the_five_streams(demo):
    tasks = KeyTask.objects.filter(year=2020)
    streams = {t.stream.split("、")[0] for t in tasks}
    assert streams == {"一", "二", "三", "四", "五"}
    aircraft = tasks.get(title__contains="飞机")
    assert aircraft.projects.get().confidential and aircraft.parcels.get().code == "沈东-DJ-002"
    assert all(t.owner and t.unit and t.deadline for t in tasks)
    with override_settings(AS_OF=STORY_ENDS):
        late = selectors.late_tasks(tasks)
        assert late.count() == 4
        leader = User.objects.get(username="leader")
        assert leader.role == Role.LEADER
        board = selectors.dashboard(leader.park, leader)
    assert (board.year, board.month) == (2020, 11)  # the latest month with returns
    assert board.late_count == 4 and board.rows


def test_loading_twice_changes_nothing(demo):
    before = (Target.history.count(), KeyTask.history.count(), ManualValue.history.count())
    with override_settings(AS_OF=STORY_ENDS):
        again = load_demo()
    for name in ("indicator_units", "indicator_targets", "indicator_values", "key_tasks"):
        assert again.counts[name].created == 0, name
    assert (Target.history.count(), KeyTask.history.count(), ManualValue.history.count()) == before
