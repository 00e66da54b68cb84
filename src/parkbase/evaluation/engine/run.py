"""One run: ``evaluate`` (merge tenants, score each group's indicators, add
adjustments, apply forced and ungraded rules, rank and class), and the fields a scheme
reads."""

from __future__ import annotations

import math

import numpy as np

from parkbase.core.violations import Violation
from parkbase.evaluation.engine.conditions import Conditions
from parkbase.evaluation.engine.indicators import (
    Rows,
    _basis_values,
    _indicator_values,
    _known,
    _median,
    _statistic,
    score,
)
from parkbase.evaluation.engine.outcome import NONE, OK, Outcome, Population
from parkbase.evaluation.engine.ranking import _rank_groups
from parkbase.evaluation.scheme import Indicator, PeerGroup, Scheme

# --- the run ------------------------------------------------------------------------


def _merge_tenants(population: Population, fields: set[str]):
    """Values with every tenant's indicator fields added to its owner's."""
    owner = population.owner
    tenants = np.flatnonzero(owner >= 0)
    merged = dict(population.values)
    for name in fields - {"land_area"}:
        arr = np.asarray(population.values[name], dtype=np.float64)
        add = arr[tenants]
        has = ~np.isnan(add)
        out = arr.copy()
        targets = owner[tenants[has]]
        out[targets] = np.nan_to_num(out[targets])
        np.add.at(out, targets, add[has])
        merged[name] = out
    return merged


def fields_read(scheme: Scheme, *, rules: bool = True) -> list[str]:
    """Every field the scheme reads: its peer groups' conditions and indicators and,
    with ``rules``, the conditions of its adjustment, forced and ungraded rules."""
    names: dict[str, None] = {}
    for group in scheme.groups:
        names |= dict.fromkeys(c.field for c in group.when)
        for ind in group.indicators:
            names |= dict.fromkeys(n for n in (ind.numerator, ind.denominator) if n)
    if rules:
        for rule in (*scheme.adjustments, *scheme.forced, *scheme.ungraded):
            names |= dict.fromkeys(c.field for c in rule.when)
    return list(names)


def _reads_previous_year(ind: Indicator) -> bool:
    return (
        ind.method != "minmax"
        and ind.benchmark is not None
        and ind.benchmark.kind != "value"
        and ind.benchmark.basis == "previous"
    )


def reads_previous_year(scheme: Scheme) -> bool:
    """Whether a benchmark is a statistic of the previous year."""
    return any(_reads_previous_year(ind) for group in scheme.groups for ind in group.indicators)


def _fields_of(indicators) -> list[str]:
    names: dict[str, None] = {}
    for ind in indicators:
        names |= dict.fromkeys(n for n in (ind.numerator, ind.denominator) if n)
    return list(names)


def indicator_fields(scheme: Scheme) -> list[str]:
    """The fields the indicators divide, in the scheme's order (the figures a result
    keeps and a tenant merges into its owner's)."""
    return _fields_of(ind for group in scheme.groups for ind in group.indicators)


def _benchmark_value(
    group: PeerGroup,
    ind: Indicator,
    x_current: np.ndarray,
    previous_rows: Rows | None,
    warnings: list[Violation],
    out: np.ndarray | None = None,
) -> float:
    """``previous_rows``: the group's members in the previous year, None for none;
    ``out``: room for their values."""
    b = ind.benchmark
    if ind.method == "minmax" or b is None:
        return math.nan
    if b.kind == "value":
        return float(b.value)
    known = None  # the basis's known values
    if b.basis == "previous":
        if previous_rows is not None:
            known = _known(_basis_values(ind, previous_rows, out))
        if known is None or not len(known):
            warnings.append(
                Violation(
                    f"{group.code}.{ind.code}",
                    "benchmark_fallback",
                    {"group": group.name, "group_en": group.name_en},
                )
            )
            known = None
    stat = _statistic(b.kind, _known(x_current) if known is None else known)
    value = b.factor * stat
    if not value > 0:
        warnings.append(
            Violation(f"{group.code}.{ind.code}", "benchmark_unusable", {"value": value})
        )
    return value


def evaluate(scheme: Scheme, population: Population, previous: Population | None = None) -> Outcome:
    n = len(population)
    warnings: list[Violation] = []
    owner = population.owner if population.owner is not None else np.full(n, NONE)
    owner = np.asarray(owner, dtype=np.int64)
    values = population.values
    if scheme.shared_parcel == "merge" and (owner >= 0).any():
        values = _merge_tenants(
            Population(population.ids, values, owner), set(indicator_fields(scheme))
        )
    conditions = Conditions(values, n)
    # rule indices are kept as int8 (when there are fewer than 127 rules) until the end
    groups = conditions.first_rule_small(scheme.groups)
    previous_groups = (
        Conditions(previous.values, len(previous)).first_rule_small(scheme.groups)
        if previous is not None
        else None
    )
    indicator_codes: list[str] = []
    for group in scheme.groups:
        indicator_codes += [i.code for i in group.indicators if i.code not in indicator_codes]
    column = {code: k for k, code in enumerate(indicator_codes)}
    class_names = scheme.class_names()
    K, R = len(indicator_codes), len(scheme.adjustments)
    # every array of the outcome; values, scores, problems and adjustments column-major:
    # each indicator's column is written in one contiguous piece
    out = _carve(
        n,
        values=("f8", K, np.nan),
        scores=("f8", K, np.nan),
        problem=("i1", K, OK),
        adjusted=("?", R, False),
        adjustment=("f8", None, 0.0),
        total=("f8", None, np.nan),
        percentile=("f8", None, np.nan),
        group=("i8", None, None),
        forced_rule=("i8", None, None),
        ungraded_rule=("i8", None, None),
        shares_with=("i8", None, None),
        rank=("i8", None, 0),
        ranked=("i8", None, 0),
        klass=("i8", None, NONE),
    )
    x_all, s_all, problem_all, total = out["values"], out["scores"], out["problem"], out["total"]
    benchmarks: dict[tuple[str, str], float] = {}
    median_scores: dict[tuple[str, str], float] = {}

    for g, group in enumerate(scheme.groups):
        idx = np.flatnonzero(groups == g)
        if not len(idx):
            continue
        # the fields read and the values, scores and totals computed, in one block
        # each (see Rows)
        rows = Rows(values, idx, _fields_of(group.indicators), rooms=3)
        x_room, s_room, group_total = rows.rooms
        group_total.fill(0.0)
        previous_rows, basis_room = None, None
        if previous is not None:
            previous_idx = np.flatnonzero(previous_groups == g)
            if len(previous_idx):
                basis = [i for i in group.indicators if _reads_previous_year(i)]
                previous_rows = Rows(previous.values, previous_idx, _fields_of(basis), rooms=1)
                (basis_room,) = previous_rows.rooms
        for ind in group.indicators:
            k = column[ind.code]
            x, problem = _indicator_values(ind, rows, x_room)
            b = _benchmark_value(group, ind, x, previous_rows, warnings, basis_room)
            benchmarks[(group.code, ind.code)] = b
            s = score(ind, x, b, s_room)
            missing = np.isnan(s)
            if missing.any():
                fill = 0.0
                if scheme.missing == "average":
                    if missing.all():
                        warnings.append(
                            Violation(f"{group.code}.{ind.code}", "missing_for_all", {})
                        )
                    else:
                        fill = float(np.compress(~missing, s).mean())
                s[np.flatnonzero(missing)] = fill
            x_all[:, k][idx] = x
            s_all[:, k][idx] = s
            problem_all[:, k][idx] = problem
            group_total += s
            median_scores[(group.code, ind.code)] = _median(s, overwrite=True)
        total[idx] = group_total

    evaluated = groups >= 0
    adjusted, adjustment = out["adjusted"], out["adjustment"]
    points = np.empty(n) if R else None
    for r, rule in enumerate(scheme.adjustments):
        holds = adjusted[:, r]
        np.logical_and(conditions.all_hold(rule.when), evaluated, out=holds)
        if math.isfinite(rule.points):  # + holds · points: 3× faster than a masked add
            np.multiply(holds, float(rule.points), out=points)
            adjustment += points
        else:
            np.add(adjustment, rule.points, out=adjustment, where=holds)
    total += adjustment

    # -1 where a rule does not apply, as (rule + 1) · applies − 1: no masked stores
    forced_rule = (conditions.first_rule_small(scheme.forced) + 1) * evaluated - 1
    not_forced = evaluated & (forced_rule < 0)
    ungraded_rule = (conditions.first_rule_small(scheme.ungraded) + 1) * not_forced - 1

    shares_with = out["shares_with"]
    if scheme.shared_parcel in ("merge", "inherit"):  # a forced class stays the firm's
        np.maximum(owner, NONE, out=shares_with)
        shares_with += 1
        shares_with *= not_forced
        shares_with -= 1
    else:
        shares_with.fill(NONE)

    pool = not_forced & (ungraded_rule < 0) & (shares_with < 0)
    klass = out["klass"]
    _rank_groups(
        scheme,
        total,
        groups,
        pool,
        class_names,
        (out["rank"], out["ranked"], out["percentile"], klass),
    )
    for r, rule in enumerate(scheme.forced):
        klass[np.flatnonzero(forced_rule == r)] = class_names.index(rule.klass)

    tenants = np.flatnonzero(shares_with >= 0)
    if len(tenants):
        owners = shares_with[tenants]
        klass[tenants] = klass[owners]
        ungraded_rule[tenants] = ungraded_rule[owners]
    np.copyto(out["group"], groups)
    np.copyto(out["forced_rule"], forced_rule)
    np.copyto(out["ungraded_rule"], ungraded_rule)

    return Outcome(
        ids=population.ids,
        group_codes=[g.code for g in scheme.groups],
        indicator_codes=indicator_codes,
        class_names=class_names,
        **out,
        benchmarks=benchmarks,
        median_scores=median_scores,
        warnings=warnings,
    )


def _carve(n: int, **arrays: tuple[str, int | None, object]) -> dict[str, np.ndarray]:
    """Arrays over ``n`` firms, each (dtype, columns or None for one dimension, value
    to fill in or None), carved out of one allocation: large enough to be mapped with
    huge pages, where ~8 MB arrays would come from the C library's heap and each take
    ~2,000 page faults (see Rows)."""
    sizes = {
        name: n * (1 if columns is None else columns) * np.dtype(dtype).itemsize
        for name, (dtype, columns, _) in arrays.items()
    }
    block = np.empty(sum(-(-size // 64) * 64 for size in sizes.values()), dtype=np.uint8)
    out, at = {}, 0
    for name, (dtype, columns, fill) in arrays.items():
        arr = block[at : at + sizes[name]].view(dtype)
        if columns is not None:
            arr = arr.reshape((n, columns), order="F")
        if fill is not None:
            arr.fill(fill)
        out[name] = arr
        at += -(-sizes[name] // 64) * 64  # 64-byte aligned
    return out
