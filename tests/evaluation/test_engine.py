"""The scoring engine against hand-computed cases (no database)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from parkbase.evaluation import engine
from parkbase.evaluation.scheme import (
    Benchmark,
    ClassCut,
    Condition,
    Indicator,
    PeerGroup,
    Rule,
    Scheme,
)

ABCD = (ClassCut("A", 0.2), ClassCut("B", 0.6), ClassCut("C", 0.95), ClassCut("D", 1.0))


def indicator(code="x", method="benchmark", weight=100.0, benchmark=10.0, **kw):
    bench = None
    if method != "minmax":
        bench = benchmark if isinstance(benchmark, Benchmark) else Benchmark("value", benchmark)
    return Indicator(
        code=code,
        name=kw.pop("name", code),
        numerator=kw.pop("numerator", code),
        method=method,
        weight=weight,
        benchmark=bench,
        higher_is_better=kw.pop("higher_is_better", method != "lower"),
        **kw,
    )


def scheme(*indicators, when=(), **kw):
    groups = kw.pop("groups", None) or (
        PeerGroup("all", "all", when=tuple(when), indicators=tuple(indicators)),
    )
    return Scheme(name="t", year=2019, groups=groups, classes=kw.pop("classes", ABCD), **kw)


def population(**columns):
    n = len(next(iter(columns.values())))
    values = {
        k: np.asarray(v, dtype=np.float64) if not isinstance(v[0], str | bool) else np.asarray(v)
        for k, v in columns.items()
    }
    return engine.Population(np.arange(1, n + 1), values)


def test_benchmark_ratio_scores_value_over_benchmark_times_weight():
    out = engine.evaluate(scheme(indicator()), population(x=[5, 10, 20]))
    assert out.scores[:, 0].tolist() == [50, 100, 200]
    assert out.total.tolist() == [50, 100, 200]


def test_cap_limits_a_score_to_a_multiple_of_the_weight():
    out = engine.evaluate(scheme(indicator(cap=1.5)), population(x=[5, 10, 20]))
    assert out.scores[:, 0].tolist() == [50, 100, 150]


def test_domain_weighted_benchmark_example():
    """DOMAIN.md's six indicators 30/20/20/10/10/10, each value / benchmark × weight."""
    weights = {"a": 30, "b": 20, "c": 20, "d": 10, "e": 10, "f": 10}
    benchmarks = {"a": 20, "b": 50, "c": 1.5, "d": 100, "e": 25, "f": 0.02}
    values = {"a": 30, "b": 40, "c": 1.5, "d": 50, "e": 50, "f": 0.01}
    s = scheme(*[indicator(k, weight=w, benchmark=benchmarks[k]) for k, w in weights.items()])
    out = engine.evaluate(s, population(**{k: [v] for k, v in values.items()}))
    # 45 + 16 + 20 + 5 + 20 + 5
    assert out.total[0] == pytest.approx(111.0)


def test_min_max_efficacy_coefficient():
    out = engine.evaluate(scheme(indicator(method="minmax")), population(x=[0, 5, 10]))
    assert out.scores[:, 0].tolist() == pytest.approx([20, 60, 100])
    lower = indicator(method="minmax", higher_is_better=False)
    out = engine.evaluate(scheme(lower), population(x=[0, 5, 10]))
    assert out.scores[:, 0].tolist() == pytest.approx([100, 60, 20])


def test_min_max_when_every_value_is_equal_gives_full_weight():
    out = engine.evaluate(scheme(indicator(method="minmax", weight=40)), population(x=[3, 3]))
    assert out.scores[:, 0].tolist() == [40, 40]


def test_lower_is_better_floors_at_zero_from_twice_the_benchmark():
    out = engine.evaluate(scheme(indicator(method="lower")), population(x=[5, 10, 20, 30]))
    assert out.scores[:, 0].tolist() == [150, 100, 0, 0]


def test_classes_by_rank_percentile_inside_the_group():
    out = engine.evaluate(scheme(indicator()), population(x=list(range(20, 0, -1))))
    classes = [out.class_of(i) for i in range(20)]
    assert classes == ["A"] * 4 + ["B"] * 8 + ["C"] * 7 + ["D"]
    assert out.rank.tolist() == list(range(1, 21))
    assert out.percentile[0] == pytest.approx(1 / 20)
    assert set(out.ranked.tolist()) == {20}


def test_ties_at_a_cut_off_share_the_better_rank_and_class():
    # ranks 1, 2, 2, 4, …: the A cut-off (top 20 % of 10 = 2) falls inside the tie
    out = engine.evaluate(scheme(indicator()), population(x=[10, 9, 9, 7, 6, 5, 4, 3, 2, 1]))
    assert out.rank.tolist()[:4] == [1, 2, 2, 4]
    assert [out.class_of(i) for i in range(4)] == ["A", "A", "A", "B"]


def test_ties_may_share_the_worse_class_instead():
    # twenty firms, the last four all score 0: with "worse" they share D (the class of
    # place 20), with "better" C (the class of place 17: C holds places up to 19)
    x = list(range(20, 4, -1)) + [0, 0, 0, 0]
    worse = engine.evaluate(scheme(indicator(), ties="worse"), population(x=x))
    better = engine.evaluate(scheme(indicator()), population(x=x))
    assert [worse.class_of(i) for i in range(16, 20)] == ["D"] * 4
    assert [better.class_of(i) for i in range(16, 20)] == ["C"] * 4
    assert worse.rank.tolist() == better.rank.tolist() == list(range(1, 17)) + [17] * 4
    # a tie across the A cut-off (places 2 and 3 of 10): both B with "worse"
    top = engine.evaluate(scheme(indicator(), ties="worse"), population(x=[9, 8, 8] + [1] * 7))
    assert [top.class_of(i) for i in range(3)] == ["A", "B", "B"]


def test_small_groups_round_each_share_up():
    # 7 firms: A up to ceil(1.4) = 2, B up to ceil(4.2) = 5, C up to ceil(6.65) = 7
    out = engine.evaluate(scheme(indicator()), population(x=[7, 6, 5, 4, 3, 2, 1]))
    assert [out.class_of(i) for i in range(7)] == ["A", "A", "B", "B", "B", "C", "C"]


def test_a_group_of_one_is_in_the_first_class():
    out = engine.evaluate(scheme(indicator()), population(x=[0.5]))
    assert out.class_of(0) == "A"
    assert out.rank[0] == 1 and out.percentile[0] == 1.0


def test_missing_land_area_is_a_reason_never_a_division_error():
    ind = indicator("tax_per_mu", numerator="tax", denominator="land", benchmark=1.0)
    pop = population(tax=[100, 100, 100, 100], land=[50, 0, math.nan, -1])
    with np.errstate(all="raise"):
        out = engine.evaluate(scheme(ind), pop)
    assert out.problem[:, 0].tolist() == [engine.OK] + [engine.NO_DENOMINATOR] * 3
    assert out.values[0, 0] == 2.0 and np.isnan(out.values[1:, 0]).all()
    assert out.scores[1:, 0].tolist() == [0, 0, 0]
    reasons = engine.explain(scheme(ind), out, 1)
    assert reasons[0].code == "no_denominator"
    assert reasons[0].params["other"] == "land"


def test_missing_data_rule_average_gives_the_indicators_mean_score():
    ind = indicator()
    pop = population(x=[5, 15, math.nan])
    zero = engine.evaluate(scheme(ind, missing="zero"), pop)
    average = engine.evaluate(scheme(ind, missing="average"), pop)
    assert zero.scores[2, 0] == 0
    assert average.scores[2, 0] == pytest.approx(100)  # (50 + 150) / 2
    assert engine.explain(scheme(ind), zero, 2)[0].code == "missing_value"


def test_an_indicator_missing_for_everyone_scores_zero_with_a_warning():
    s = scheme(indicator("x", weight=50), indicator("y", weight=50), missing="average")
    out = engine.evaluate(s, population(x=[5, 10], y=[math.nan, math.nan]))
    assert out.scores[:, 1].tolist() == [0, 0]
    assert [w.code for w in out.warnings] == ["missing_for_all"]
    assert [out.class_of(i) for i in range(2)] == ["B", "A"]


def test_ungraded_firms_are_scored_but_take_no_place_in_the_ranking():
    young = Rule("young", "younger than 3 years", when=(Condition("age", "lt", 3),))
    s = scheme(indicator(), ungraded=(young,))
    out = engine.evaluate(s, population(x=[30, 20, 10, 5, 1], age=[1, 5, 5, 5, 5]))
    assert out.class_of(0) is None and out.rank[0] == 0 and out.total[0] == 300
    assert out.ungraded_rule.tolist() == [0, -1, -1, -1, -1]
    assert out.rank[1:].tolist() == [1, 2, 3, 4]
    assert out.ranked[1] == 4
    assert engine.explain(s, out, 0)[-1].code == "ungraded"


def test_forced_class_wins_over_score_and_over_ungraded_rules():
    violation = Rule("pollution", "failed", when=(Condition("polluted", "true"),), klass="D")
    young = Rule("young", "young", when=(Condition("age", "lt", 3),))
    s = scheme(indicator(), forced=(violation,), ungraded=(young,))
    out = engine.evaluate(
        s, population(x=[100, 50, 1], polluted=[True, True, False], age=[5, 1, 5])
    )
    assert [out.class_of(i) for i in range(3)] == ["D", "D", "A"]
    assert out.ungraded_rule.tolist() == [-1, -1, -1]
    assert out.rank.tolist() == [0, 0, 1]
    assert engine.explain(s, out, 0)[-1].code == "forced_class"


def test_adjustments_add_their_points_to_the_total():
    bonus = Rule("high_tech", "high-tech", when=(Condition("ht", "true"),), points=5)
    penalty = Rule("sublets", "sub-lets", when=(Condition("sub", "true"),), points=-3)
    s = scheme(indicator(), adjustments=(bonus, penalty))
    out = engine.evaluate(
        s, population(x=[5, 5, 5], ht=[True, False, True], sub=[False, False, True])
    )
    assert out.total.tolist() == [55, 50, 52]
    assert out.adjustment.tolist() == [5, 0, 2]


def test_first_matching_peer_group_and_firms_in_no_group():
    big = PeerGroup("big", "big", (Condition("size", "ge", 10),), (indicator(),))
    small = PeerGroup("small", "small", (Condition("size", "gt", 0),), (indicator(),))
    s = scheme(groups=(big, small))
    out = engine.evaluate(s, population(x=[1, 2, 3, 4], size=[20, 5, 10, 0]))
    assert [out.group_of(i) for i in range(4)] == ["big", "small", "big", None]
    assert [out.class_of(i) for i in range(4)] == ["B", "A", "A", None]
    assert math.isnan(out.total[3])
    assert engine.explain(s, out, 3)[0].code == "no_peer_group"


def test_string_and_list_conditions():
    industrial = Condition("section", "in", ["B", "C", "D"])
    s = scheme(indicator(), when=(industrial,))
    out = engine.evaluate(s, population(x=[1, 2, 3], section=["C", "M", ""]))
    assert out.group.tolist() == [0, -1, -1]


def test_benchmark_from_last_years_group_mean():
    bench = Benchmark("mean", factor=2.0, basis="previous")
    s = scheme(indicator(benchmark=bench))
    out = engine.evaluate(s, population(x=[10, 30]), previous=population(x=[4, 6, math.nan]))
    assert out.benchmarks[("all", "x")] == 10.0  # 2 × mean(4, 6)
    assert out.scores[:, 0].tolist() == [100, 300]
    assert out.warnings == []


def test_benchmark_falls_back_to_this_year_when_last_year_has_no_values():
    bench = Benchmark("median", factor=1.0, basis="previous")
    out = engine.evaluate(scheme(indicator(benchmark=bench)), population(x=[10, 20, 60]))
    assert out.benchmarks[("all", "x")] == 20.0
    assert [w.code for w in out.warnings] == ["benchmark_fallback"]


def test_an_unusable_benchmark_scores_zero_with_a_warning():
    bench = Benchmark("mean", basis="current")
    out = engine.evaluate(scheme(indicator(benchmark=bench)), population(x=[0, 0]))
    assert out.scores[:, 0].tolist() == [0, 0]
    assert "benchmark_unusable" in [w.code for w in out.warnings]


def test_tenants_inherit_their_owners_class():
    s = scheme(indicator(), shared_parcel="inherit")
    pop = population(x=list(range(10, 0, -1)))
    pop.owner = np.array([-1] * 9 + [0])  # the weakest firm rents from the strongest
    out = engine.evaluate(s, pop)
    assert out.class_of(9) == "A" and out.rank[9] == 0
    assert out.ranked[0] == 9
    assert engine.explain(s, out, 9)[-1].code == "inherits_owner"


def test_a_forced_class_is_not_replaced_by_the_owners():
    polluted = Rule("pollution", "failed", when=(Condition("polluted", "true"),), klass="D")
    s = scheme(indicator(), shared_parcel="inherit", forced=(polluted,))
    pop = population(x=list(range(10, 0, -1)), polluted=[False] * 9 + [True])
    pop.owner = np.array([-1] * 9 + [0])
    out = engine.evaluate(s, pop)
    assert out.class_of(9) == "D" and out.shares_with[9] == -1


def test_merged_tenants_add_their_figures_to_the_owner():
    ind = indicator("tax_per_mu", numerator="tax", denominator="land_area", benchmark=1.0)
    s = scheme(ind, shared_parcel="merge")
    pop = population(tax=[100, 50, 30], land_area=[100, 0, 100])
    pop.owner = np.array([-1, 0, -1])
    out = engine.evaluate(s, pop)
    assert out.values[0, 0] == 1.5  # (100 + 50) / 100: the land stays the owner's
    assert out.class_of(1) == out.class_of(0) == "A"
    assert out.class_of(2) == "B"


def test_per_group_cut_offs_override_the_schemes():
    halves = (ClassCut("A", 0.5), ClassCut("B", 1.0))
    group = PeerGroup("g", "g", (), (indicator(),), classes=halves)
    out = engine.evaluate(scheme(groups=(group,)), population(x=[4, 3, 2, 1]))
    assert [out.class_of(i) for i in range(4)] == ["A", "A", "B", "B"]


def test_explanation_names_the_indicators_that_pulled_a_firm_down_worst_first():
    s = scheme(indicator("a", weight=60, benchmark=10), indicator("b", weight=40, benchmark=10))
    out = engine.evaluate(s, population(a=[9, 20], b=[2, 20]))
    reasons = engine.explain(s, out, 0)
    assert [(r.field, r.code) for r in reasons] == [
        ("b", "below_benchmark"),  # loses 32 points
        ("a", "below_benchmark"),  # loses 6
    ]
    assert reasons[0].params["benchmark"] == 10.0 and reasons[0].params["value"] == 2.0
    assert engine.explain(s, out, 1) == []
