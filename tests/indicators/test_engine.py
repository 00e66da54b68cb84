"""The indicator engine against hand-computed cases: elapsed time at month ends and in
leap years, progress, growth, the seasonal profile, projection and contributions."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkbase.indicators import engine


def close(a, b, places=6):
    return abs(D(a) - D(b)) < D(1).scaleb(-places)


# ------------------------------------------------------------------- elapsed time


def test_elapsed_at_month_ends_is_months_over_twelve():
    assert engine.elapsed_at_month_end(6) == D("0.5")
    assert engine.elapsed_at_month_end(12) == 1
    assert close(engine.elapsed_at_month_end(2), D(1) / 6)
    with pytest.raises(ValueError):
        engine.elapsed_at_month_end(13)


def test_elapsed_on_a_date_counts_366_days_in_a_leap_year():
    # 2020 is a leap year: 30 June is day 182 of 366; 2019's is day 181 of 365
    assert engine.elapsed_on(dt.date(2020, 6, 30)) == D(182) / D(366)
    assert engine.elapsed_on(dt.date(2019, 6, 30)) == D(181) / D(365)
    assert engine.elapsed_on(dt.date(2020, 2, 29)) == D(60) / D(366)
    assert engine.elapsed_on(dt.date(2020, 12, 31)) == 1
    assert engine.elapsed_on(dt.date(2019, 12, 31)) == 1
    assert engine.elapsed_on(dt.date(2100, 3, 1)) == D(60) / D(365)  # 2100 is not leap
    assert engine.month_end(2020, 2) == dt.date(2020, 2, 29)
    assert engine.month_end(2019, 2) == dt.date(2019, 2, 28)


# ----------------------------------------------------------------------- progress


def test_level_progress_half_the_year_half_the_task():
    # target 120, 54 done by the end of June: 45 % against 50 %, 5 points behind
    p = engine.level_progress(54, 120, engine.elapsed_at_month_end(6), threshold=5)
    assert p.completion == D("0.45")
    assert p.lead == D(-5)
    assert p.behind and not p.alert  # behind by exactly the threshold: no alert
    p = engine.level_progress(53, 120, engine.elapsed_at_month_end(6), threshold=5)
    assert p.alert
    p = engine.level_progress(66, 120, engine.elapsed_at_month_end(6))
    assert p.lead == 5 and not p.behind


def test_lower_is_better_is_ahead_below_elapsed_time():
    # an energy cap of 1000 tce, 400 used by the end of June: 10 points ahead
    p = engine.level_progress(400, 1000, D("0.5"), threshold=5, direction="lower")
    assert p.lead == 10 and not p.behind
    p = engine.level_progress(700, 1000, D("0.5"), threshold=5, direction="lower")
    assert p.lead == -20 and p.alert


def test_level_progress_without_a_figure_or_target_judges_nothing():
    p = engine.level_progress(None, 100, D("0.5"))
    assert p.completion is None and not p.alert
    assert engine.level_progress(10, 0, D("0.5")).lead is None


def test_growth_and_the_growth_a_target_implies():
    assert engine.growth(110, 100) == 10
    assert engine.growth(90, 120) == -25
    assert engine.growth(10, 0) is None
    assert engine.growth(None, 100) is None
    # a target of 11.5 (亿元) over last year's 10: 15 %
    assert engine.implied_growth(D("11.5"), 10) == 15


def test_a_growth_target_compares_with_the_ytd_growth():
    g = engine.growth_progress(D("6.5"), 8, threshold=1)
    assert g.lead == D("-1.5") and g.behind and g.alert
    g = engine.growth_progress(9, 8, threshold=1)
    assert g.lead == 1 and not g.behind
    assert engine.growth_progress(None, 8).lead is None


# --------------------------------------------------------------- seasonal profile


def test_profile_of_one_year_is_its_monthly_shape():
    ytd = {m: D(10 * m) for m in range(1, 13)}  # 10 a month
    ytd[12] = D(200)  # December brings 90
    profile = engine.seasonal_profile([ytd])
    assert profile.years == 1
    assert profile.shares[0] == D("0.05")
    assert profile.shares[11] == D("0.45")
    assert close(sum(profile.shares), 1)


def test_january_inside_a_combined_return_sits_on_the_line_to_february():
    # 1–2月 together: 40 of 120 by February; January is half of it
    ytd = {2: 40, 3: 50, 6: 80, 12: 120}
    cum = engine.cumulative_shares(ytd)
    assert close(cum[0], D(20) / 120)
    assert close(cum[1], D(40) / 120)
    assert close(cum[3], D(60) / 120)  # April between March 50 and June 80
    assert cum[11] == 1
    assert engine.cumulative_shares({3: 10}) is None  # no December: not usable
    assert engine.cumulative_shares({12: 0}) is None


def test_profile_is_the_mean_of_years_and_even_without_any():
    a = {m: D(m) for m in range(1, 13)}  # even
    b = {m: D(0) for m in range(1, 12)} | {12: D(5)}  # all in December
    profile = engine.seasonal_profile([a, b, {5: 3}])
    assert profile.years == 2
    assert close(profile.shares[0], D(1) / 24)
    assert close(profile.shares[11], (D(1) / 12 + 1) / 2)
    even = engine.seasonal_profile([])
    assert even.years == 0 and even.shares == [D(1) / 12] * 12


def test_split_adds_up_exactly_and_gives_remainders_to_the_largest():
    parts = engine.split(100, [D(1) / 3] * 3, places=2)
    assert parts == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(parts) == 100
    counts = engine.split(10, [D(1) / 12] * 12, places=0)
    assert sum(counts) == 10 and set(counts) == {0, 1}


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy host pauses
@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=1000), min_size=12, max_size=12).filter(any),
)
def test_split_always_adds_up(total, weights):
    shares = [D(w) / sum(weights) for w in weights]
    parts = engine.split(D(total) / 100, shares)
    assert sum(parts) == D(total) / 100


# --------------------------------------------------------------------- projection


def test_projection_from_past_years_shares_with_a_range():
    # by the end of June, 2017 had done 40 % of its year, 2018 50 %
    y2017 = {6: 40, 12: 100}
    y2018 = {6: 60, 12: 120}
    p = engine.project_year_end(45, 6, [y2017, y2018], target=100)
    # mean share 45 % → 100; the years give 45/0.4 = 112.5 and 45/0.5 = 90
    assert p.central == 100
    assert p.low == 90 and p.high == D("112.5")
    assert p.basis == "seasonal" and p.years == 2
    assert p.meets == "uncertain"
    assert engine.project_year_end(45, 6, [y2017, y2018], target=85).meets == "yes"
    assert engine.project_year_end(45, 6, [y2017, y2018], target=120).meets == "no"


def test_projection_without_past_years_is_linear_and_december_is_actual():
    p = engine.project_year_end(30, 3, [], target=100)
    assert p.central == p.low == p.high == 120
    assert p.basis == "linear" and p.meets == "yes"
    p = engine.project_year_end(95, 12, [{6: 1, 12: 2}], target=100)
    assert p.central == 95 and p.basis == "actual" and p.meets == "no"


def test_a_count_is_projected_in_whole_numbers():
    # 1 new enterprise by June, past years 43 % and 60 % done by then: 1.94 (1.67–2.33
    # by year) as a plain number; as a count 2 (2–2), rounded half up
    past = [{6: 3, 12: 7}, {6: 3, 12: 5}]
    plain = engine.project_year_end(1, 6, past, target=2)
    assert round(plain.central, 2) == D("1.94")
    assert (round(plain.low, 2), round(plain.high, 2)) == (D("1.67"), D("2.33"))
    count = engine.project_year_end(1, 6, past, target=2, whole=True)
    assert (count.central, count.low, count.high) == (2, 2, 2)
    assert count.meets == "yes" and plain.meets == "uncertain"
    assert all(v == v.to_integral_value() for v in (count.central, count.low, count.high))
    linear = engine.project_year_end(1, 7, [], whole=True)  # 12/7 = 1.71
    assert linear.central == 2 and linear.basis == "linear"
    assert engine.project_year_end(7, 5, [], whole=True).central == 17  # 16.8
    assert engine.project_year_end(5, 8, [], whole=True).central == 8  # 7.5, half up
    assert engine.project_year_end(3, 12, [], whole=True).central == 3


def test_projection_of_a_cap_meets_when_it_stays_below():
    p = engine.project_year_end(45, 6, [{6: 40, 12: 100}, {6: 60, 12: 120}], 115, "lower")
    assert p.meets == "yes"  # at most 112.5
    p = engine.project_year_end(45, 6, [{6: 40, 12: 100}, {6: 60, 12: 120}], 95, "lower")
    assert p.meets == "uncertain"


# ------------------------------------------------------------------- contribution


def test_contributions_explain_the_change_sorted_from_the_biggest_fall():
    current = {"a": 50, "b": 120, "c": 30, "new": 10}
    previous = {"a": 100, "b": 100, "c": 40, "gone": 20}
    rows, total = engine.contributions(current, previous)
    # changes: a −50, b +20, c −10, new +10, gone −20; total −50
    assert total == -50
    assert [r.key for r in rows] == ["a", "gone", "c", "new", "b"]
    assert rows[0].share == 1  # a alone explains the whole fall
    assert rows[1].share == D("0.4")
    assert rows[-1].share == D("-0.4")
    assert [r.key for r in engine.decliners(rows, 2)] == ["a", "gone"]
    assert [r.key for r in engine.risers(rows)] == ["b", "new"]


def test_contributions_of_no_change_have_no_share():
    rows, total = engine.contributions({"a": 5, "b": 3}, {"a": 3, "b": 5})
    assert total == 0 and all(r.share is None for r in rows)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy host pauses
@given(
    st.dictionaries(st.integers(0, 40), st.integers(-50, 50) | st.none(), max_size=30),
    st.dictionaries(st.integers(0, 40), st.integers(-50, 50) | st.none(), max_size=30),
    st.integers(1, 12),
)
def test_top_contributions_are_the_first_rows_of_all_contributions(current, previous, n):
    rows, total = engine.contributions(current, previous)
    falls, rises, top_total = engine.top_contributions(current, previous, n)
    assert top_total == total
    assert falls == engine.decliners(rows, n)
    assert rises == engine.risers(rows, n)
