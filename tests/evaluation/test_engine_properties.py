"""Properties of the engine that hold for any population (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from parkbase.evaluation import engine
from parkbase.evaluation.scheme import Benchmark, ClassCut, Indicator, PeerGroup, Scheme

values = st.floats(min_value=0, max_value=1e6, allow_nan=False)
maybe_missing = st.one_of(values, st.just(math.nan))


@st.composite
def cut_offs(draw):
    shares = sorted(set(draw(st.lists(st.integers(1, 99), min_size=1, max_size=4))))
    return tuple(ClassCut(chr(65 + i), s / 100) for i, s in enumerate(shares)) + (
        ClassCut(chr(65 + len(shares)), 1.0),
    )


@st.composite
def indicators(draw):
    count = draw(st.integers(1, 3))
    weights = [100 / count] * count
    out = []
    for k in range(count):
        method = draw(st.sampled_from(["benchmark", "minmax"]))
        bench = None
        if method == "benchmark":
            bench = draw(
                st.sampled_from(
                    [Benchmark("value", 50.0), Benchmark("mean", basis="current", factor=2.0)]
                )
            )
        cap = draw(st.sampled_from([None, 1.0, 2.0]))
        out.append(
            Indicator(
                f"i{k}",
                f"i{k}",
                f"f{k}",
                method=method,
                weight=weights[k],
                cap=cap,
                benchmark=bench,
            )
        )
    return tuple(out)


def run(scheme_indicators, classes, columns, missing="zero", ties="better"):
    group = PeerGroup("g", "g", (), scheme_indicators)
    scheme = Scheme("p", 2019, (group,), classes=classes, missing=missing, ties=ties)
    n = len(columns[0])
    pop = engine.Population(
        np.arange(n), {f"f{k}": np.array(col, dtype=float) for k, col in enumerate(columns)}
    )
    return engine.evaluate(scheme, pop)


@settings(max_examples=200, deadline=None)
@given(
    classes=cut_offs(),
    totals=st.lists(st.sampled_from([0.0, 1.0, 2.5, 7.0]) | values, min_size=1, max_size=60),
    ties=st.sampled_from(["better", "worse"]),
)
def test_class_shares_follow_the_cut_offs(classes, totals, ties):
    ind = (
        Indicator(
            "i0", "i0", "f0", method="benchmark", weight=100, benchmark=Benchmark("value", 1.0)
        ),
    )
    out = run(ind, classes, [totals], ties=ties)
    n = len(totals)
    distinct = len(set(np.round(out.total, engine.TIE_DECIMALS))) == n
    for k, cut in enumerate(classes):
        within = int((out.klass <= k).sum())
        expected = min(n, math.ceil(round(cut.upto * n, 9)))
        # a tie at a cut-off goes wholly to the better class, or wholly to the worse
        if ties == "better":
            assert within >= expected
        else:
            assert within <= expected
        if distinct:
            assert within == expected


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    inds=indicators(),
    classes=cut_offs(),
    n=st.integers(1, 25),
    missing=st.sampled_from(["zero", "average"]),
    ties=st.sampled_from(["better", "worse"]),
)
def test_raising_a_higher_is_better_value_never_lowers_total_or_class(
    data, inds, classes, n, missing, ties
):
    columns = [data.draw(st.lists(maybe_missing, min_size=n, max_size=n)) for _ in inds]
    firm = data.draw(st.integers(0, n - 1))
    k = data.draw(st.integers(0, len(inds) - 1))
    if math.isnan(columns[k][firm]):  # raising means from a known value (a missing one
        columns[k][firm] = data.draw(values)  # may score the group's average)
    before = run(inds, classes, columns, missing, ties)
    raised = [list(c) for c in columns]
    raised[k][firm] += data.draw(st.floats(min_value=0, max_value=1e6))
    after = run(inds, classes, raised, missing, ties)
    assert after.total[firm] >= before.total[firm] - 1e-9
    assert after.klass[firm] <= before.klass[firm]
