"""The monthly bulletin's facts on the demo park (as of 2020-12-31; monthly returns
January–November 2020, November's from 15 of the 18 above-size enterprises): every
indicator's month and year to date are the indicators app's own figures, the late
returns are the enterprises that filed October but not November, the movers leave
them out, a confidential project is its code name to an outsider, and a month that
is partial, empty or January's says so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import override_settings
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.core.scoping import bypass
from parkbase.enterprises.models import MonthlyFigure
from parkbase.indicators import selectors as indicators_app
from parkbase.reports import bulletin_facts as B
from parkbase.reports.selectors import bulletin as selectors
from tests.factories import ParkFactory, UserFactory
from tests.reports.conftest import STORY_ENDS, rows

pytestmark = pytest.mark.django_db

REAL_NAME = "小飞机制造与试飞基地项目"
CODE_NAME = "雏鹰项目"
YUAN_PER_YI = Decimal(100_000_000)


def bulletin_of(park, user, month: int = 11, year: int = 2020, language: str = "zh-hans"):
    with override_settings(AS_OF=STORY_ENDS), translation.override(language):
        return selectors.monthly_bulletin(park, year, month, user)


@pytest.fixture(scope="module")
def november(demo, django_db_blocker):
    park, users = demo
    with django_db_blocker.unblock():
        return {
            "outsider": bulletin_of(park, users["outsider"]),
            "leader": bulletin_of(park, users["leader"]),
            "nobody": bulletin_of(park, None),
        }


def late_in_demo() -> set[str]:
    """The enterprises whose October 2020 return the demo holds and November's not."""
    periods: dict[str, set[str]] = {}
    for row in rows("monthly_returns"):
        periods.setdefault(row["企业名称"], set()).add(row["期别"])
    return {name for name, p in periods.items() if "2020年10月" in p and "2020年11月" not in p}


def test_month_and_year_to_date_are_the_indicators_figures(demo, november):
    park, users = demo
    _bulletin, facts = november["outsider"]
    with override_settings(AS_OF=STORY_ENDS):
        table = indicators_app.progress_table(park, 2020, 11, users["outsider"])
    by_name = {r.indicator.name: r for r in facts.rows}
    assert len(by_name) >= 10
    for row in table:
        if row.target is None and row.ytd is None:
            continue
        mine = by_name[row.indicator.name]
        expected = row.ytd if row.indicator.is_rate else row.shown(row.ytd)
        assert mine.ytd == expected, row.indicator.name
        assert mine.ytd_growth == row.growth, row.indicator.name
        assert mine.data_month == row.data_month
        assert mine.lead == row.lead and mine.alert == row.alert
        if row.completion is not None:
            assert mine.completion == row.completion * 100


def test_the_month_of_gross_output_is_the_sum_of_novembers_own_figures(demo, november):
    park, _users = demo
    _bulletin, facts = november["outsider"]
    head = facts.headline
    assert head.indicator.name == "规上工业总产值" and head.from_returns
    with bypass("test: the figures summed directly"):
        figures = MonthlyFigure.objects.filter(enterprise__park=park, period_end=11)
        now = figures.filter(year=2020).aggregate(v=Sum("gross_output"))["v"]
        before = figures.filter(year=2019).aggregate(v=Sum("gross_output"))["v"]
    assert head.month == now / YUAN_PER_YI
    assert head.month_growth == (now / before - 1) * 100
    assert round(head.ytd, 2) == Decimal("21.07")  # 亿元, as the progress table shows
    assert round(head.completion, 1) == Decimal("87.8")
    # the trend's November is that month's own figure too, and hatched as partial
    assert facts.trend.this_year[facts.trend.partial] == head.month
    assert facts.trend.periods[0] == (1, 2)  # 1–2月 reported together


def test_the_late_returns_are_those_filed_for_october_and_not_november(november):
    _bulletin, facts = november["outsider"]
    returns = facts.returns
    late = late_in_demo()
    assert len(late) == 3
    assert returns.state == B.PARTIAL and returns.overdue
    assert (returns.owed, returns.filed, returns.missing) == (18, 15, 3)
    assert {e.enterprise.name for e in returns.late} == late
    assert returns.due == dt.date(2020, 12, 18)
    movers = {m.enterprise.name for m in facts.risers + facts.decliners}
    assert movers and not movers & late  # their "fall" is a return not filed


def test_the_partial_month_says_so_first(november):
    bulletin, _facts = november["outsider"]
    assert bulletin.partial
    notice = bulletin.notice.text
    assert notice.startswith("本期为部分数据") and "应报18家，已报15家，3家" in notice
    returns = next(b for b in bulletin.blocks if b.key == "returns").items[0].text
    for name in late_in_demo():
        assert name in returns
    assert "报送率83.3%" in returns


def test_an_outsider_reads_the_code_name(november):
    outsider = november["outsider"][0].text
    insider = november["leader"][0].text
    assert CODE_NAME in outsider and REAL_NAME not in outsider
    assert REAL_NAME in insider
    command_line = november["nobody"][0].text
    assert CODE_NAME in command_line and REAL_NAME not in command_line


def test_problems_past_their_deadline_at_the_months_end(november):
    _bulletin, facts = november["outsider"]
    assert facts.overdue_count == 10
    assert len(facts.overdue) == selectors.OVERDUE_NAMED
    days = [o.days for o in facts.overdue]
    assert days == sorted(days, reverse=True) and days[0] == 427  # 2019-09-30 to 2020-11-30
    secret = next(o for o in facts.overdue if o.project.name == CODE_NAME)
    assert secret.text == ""  # the description is the insiders'


def test_the_departments_add_up_to_the_enterprises_that_filed(november):
    _bulletin, facts = november["outsider"]
    assert len(facts.groups) >= 5
    assert facts.groups[0].name == "区工业和信息化局"
    assert sum(g.current for g in facts.groups) > 0
    chart = next(c for c in november["outsider"][0].charts if c.key == "departments")
    assert len(chart.values) == len(facts.groups)


def test_a_month_without_returns_says_what_is_missing(demo):
    park, users = demo
    bulletin, facts = bulletin_of(park, users["outsider"], month=12)
    assert facts.returns.state == B.NONE and not facts.returns.overdue
    assert bulletin.notice.text.startswith("缺少数据：尚无12月规上企业月报")
    monthly = [r for r in facts.rows if r.from_returns]
    assert monthly and all(r.month is None for r in monthly)
    assert all(r.data_month == 11 for r in monthly if r.ytd is not None)
    table = bulletin.tables[0]
    assert "21.07（至11月）" in [c if isinstance(c, str) else c.text for c in table.rows[0]]
    assert not facts.risers and not facts.groups
    movers = next(b for b in bulletin.blocks if b.key == "movers")
    assert movers.items[0].text == "本月没有月报数据，无法与上年同期比较。"


def test_january_is_reported_with_february(demo):
    park, users = demo
    bulletin, facts = bulletin_of(park, users["outsider"], month=1, language="en")
    assert facts.returns.state == B.COMBINED
    assert bulletin.notice.text.startswith("January is reported with February")
    february, facts = bulletin_of(park, users["outsider"], month=2)
    assert facts.returns.state == B.COMPLETE and february.notice is None
    assert "1–2月" in february.tables[0].header


def test_a_month_is_over_on_its_last_day():
    with override_settings(AS_OF=STORY_ENDS):
        assert selectors.month_over(2020, 12) and selectors.month_over(2019, 12)
        assert not selectors.month_over(2021, 1)
    with override_settings(AS_OF=dt.date(2020, 12, 30)):
        assert not selectors.month_over(2020, 12) and selectors.month_over(2020, 11)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020-11", (2020, 11)),
        (" 2020-01 ", (2020, 1)),
        ("2020-1", None),
        ("2020-13", None),
        ("2020-00", None),
        ("11-2020", None),
        ("1989-12", None),
        ("", None),
    ],
)
def test_a_month_is_written_yyyy_mm(text, expected):
    assert selectors.parse_month(text) == expected


def test_the_english_bulletin(demo):
    park, users = demo
    bulletin, _facts = bulletin_of(park, users["outsider"], language="en")
    text = bulletin.text
    assert bulletin.title == "Economic bulletin" and bulletin.issue == "No. 11, 2020"
    assert "In January–November, Gross industrial output (above size) reached 21.07" in text
    assert "Partial figures: 18 above-size enterprises owe their return for November" in text
    assert "Jan–Nov" in bulletin.tables[0].header


def test_only_monthly_indicators_take_the_month_from_the_stored_sums(november):
    """Counted indicators take the month's own figure from their year-to-date series."""
    _bulletin, facts = november["outsider"]
    counted = [r for r in facts.rows if not r.from_returns and not r.rate and r.month is not None]
    assert counted
    signed = next(r for r in facts.rows if r.indicator.name == "签约项目数")
    assert signed.month == 0 and signed.ytd == 1 and signed.whole


def test_a_park_without_records_says_what_is_missing():
    """A park of its own with nothing recorded: every block says so, no figure made up."""
    park = ParkFactory(code="empty", name="空园区")
    leader = UserFactory(username="empty-leader", role=Role.LEADER, park=park)
    bulletin, facts = bulletin_of(park, leader)
    assert facts.rows == [] and facts.headline is None and facts.trend is None
    assert facts.returns.state == B.NONE and facts.returns.owed == 0
    assert bulletin.notice.text.startswith("缺少数据：没有11月的规上企业月报")
    texts = [b.items[0].text for b in bulletin.blocks]
    assert texts == [
        "本月没有任何指标的数据或目标。",
        "园区没有本月有数据或目标的指标。",
        "本月没有月报数据，无法与上年同期比较。",
        "园区没有标注为规模以上的企业，无须报送月报。",
        "11月没有新接触、签约或流失的招商项目。",
        "截至11月末，没有超过期限仍未解决的项目问题。",
    ]
    assert bulletin.tables == [] and bulletin.charts == []
