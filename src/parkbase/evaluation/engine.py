"""The per-mu evaluation engine: numpy arrays in, scores and classes out. No Django.

``evaluate(scheme, population, previous=None)`` scores every member of ``population``
(one array per field, NaN for a missing number) with the scheme and classes the graded
ones by rank inside their peer group. The rules it follows, in order:

1. **Peer group**: the first group whose conditions all hold; none → not evaluated.
2. **Shared parcels** (``population.owner`` gives each tenant's landlord, -1 for none):
   ``merge`` adds every indicator field of the tenants to their owner's (missing counts
   as 0 when the other side is known; the parcel's ``land_area`` stays the owner's),
   ``inherit`` scores tenants on their own figures; in both the tenant takes its owner's
   class and does not take a place in the ranking.
3. **Indicator value** = numerator / denominator × scale. A missing numerator, or a
   denominator that is missing, zero or negative (no land area!) makes the value
   missing, with the reason kept, never a division error.
4. **Score** per method, with ``w`` the weight and ``b`` the benchmark:
   ``benchmark`` w·x/b (floored at 0); ``lower`` w·(2 − x/b) floored at 0;
   ``minmax`` w·(20 + 80·r)/100 with r = (x − min)/(max − min) over the group's known
   values (reversed when lower is better; every member scores w when max = min).
   ``cap`` limits a score to cap·w. A benchmark is a number or factor × the mean or
   median of the group's known values, in the previous year (``previous``; if it has
   none for the group, the current year, with a warning) or the current year.
5. **Missing value**: scores 0 (``missing: zero``) or the mean score of the group's
   members that have the value (``average``; 0 when nobody has it, with a warning).
6. **Total** = the sum of scores + the points of every adjustment rule that holds.
7. **Forced class**: the first forced rule that holds sets the class (it wins over the
   ungraded rules and over a shared parcel's class); the firm does not take a place in
   the ranking.
   **Ungraded**: the first ungraded rule that holds; scored, not ranked, no class.
8. **Classes by rank**: the remaining firms of a group are ranked by total, highest
   first; totals equal to 6 decimals share the better rank (1, 2, 2, 4). With n firms
   ranked, class k holds the ranks up to ceil(upto_k · n): every class gets at least its
   share rounded up, and a group of one is in the first class. Firms that tie share one
   class: that of the tie's first place (``ties: better``, the default) or of its last
   (``ties: worse``: twenty stopped firms all scoring 0 then share the lowest class
   instead of escaping it). Percentile = rank / n.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from parkbase.core.violations import Violation
from parkbase.evaluation.scheme import Condition, Indicator, PeerGroup, Scheme

TIE_DECIMALS = 6
OK, MISSING_NUMERATOR, NO_DENOMINATOR = 0, 1, 2
NONE = -1


@dataclass
class Population:
    """One year's figures: ``values[name]`` is an array over the firms (float with NaN
    for missing numbers, bool for flags, str for codes)."""

    ids: np.ndarray
    values: Mapping[str, np.ndarray]
    owner: np.ndarray | None = None  # index of each firm's landlord, -1 for none

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Outcome:
    ids: np.ndarray
    group_codes: list[str]
    indicator_codes: list[str]
    class_names: list[str]
    group: np.ndarray  # int, -1: matched no group
    values: np.ndarray  # float (n, K): NaN where missing or not the group's indicator
    scores: np.ndarray  # float (n, K): NaN where not the group's indicator
    problem: np.ndarray  # int8 (n, K): OK, MISSING_NUMERATOR, NO_DENOMINATOR
    adjusted: np.ndarray  # bool (n, R): which adjustment rules hold
    adjustment: np.ndarray  # float: their points summed
    total: np.ndarray  # float, NaN when not evaluated
    ungraded_rule: np.ndarray  # int, -1
    forced_rule: np.ndarray  # int, -1
    shares_with: np.ndarray  # int: the owner whose class a tenant takes, -1
    rank: np.ndarray  # int, 0 when not ranked
    ranked: np.ndarray  # int: how many firms were ranked in the firm's group
    percentile: np.ndarray  # float, NaN when not ranked
    klass: np.ndarray  # int index into class_names, -1: no class
    benchmarks: dict[tuple[str, str], float] = field(default_factory=dict)
    median_scores: dict[tuple[str, str], float] = field(default_factory=dict)
    warnings: list[Violation] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def class_of(self, i: int) -> str | None:
        k = int(self.klass[i])
        return self.class_names[k] if k >= 0 else None

    def group_of(self, i: int) -> str | None:
        g = int(self.group[i])
        return self.group_codes[g] if g >= 0 else None


# --- conditions ---------------------------------------------------------------------


def _is_missing(arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "U":
        return arr == ""
    if arr.dtype.kind == "O":
        return (arr == "") | (arr == None)  # noqa: E711 (element-wise)
    return np.zeros(arr.shape, dtype=bool)


COMPARISONS = {
    "eq": np.equal,
    "ne": np.not_equal,
    "lt": np.less,
    "le": np.less_equal,
    "gt": np.greater,
    "ge": np.greater_equal,
}


def _equals(arr: np.ndarray, item) -> np.ndarray:
    """``arr == item``; fixed-width text is compared as its code points (8× faster)."""
    if (
        arr.dtype.kind != "U"
        or not isinstance(item, str)
        or not arr.dtype.isnative
        or not arr.flags.c_contiguous
    ):
        return np.asarray(arr == item, dtype=bool)
    width = arr.dtype.itemsize // 4
    item = item.rstrip("\0")  # numpy pads text with NULs and ignores them
    if len(item) > width:
        return np.zeros(arr.shape, dtype=bool)
    points = np.array([ord(c) for c in item.ljust(width, "\0")], dtype=np.uint32)
    chars = arr.view(np.uint32).reshape(*arr.shape, width)
    if width == 1:
        return chars[..., 0] == points[0]
    return (chars == points).all(axis=-1)


def condition_mask(condition: Condition, values: Mapping[str, np.ndarray], n: int) -> np.ndarray:
    arr = values[condition.field]
    op, value = condition.op, condition.value
    if op == "missing":
        return _is_missing(arr)
    if op == "present":
        return ~_is_missing(arr)
    if op in ("true", "false"):
        truth = (arr != 0) & ~_is_missing(arr) if arr.dtype.kind == "f" else arr.astype(bool)
        return truth if op == "true" else ~truth
    if op in ("in", "not_in"):
        mask = np.zeros(n, dtype=bool)
        for item in value:  # a few == beat np.isin's sort on strings
            mask |= _equals(arr, float(item) if arr.dtype.kind in "fiu" else item)
        return mask if op == "in" else ~mask & ~_is_missing(arr)
    if arr.dtype.kind in "fiub":
        value = float(value)
    if op == "eq":
        mask = _equals(arr, value)
    else:
        with np.errstate(invalid="ignore"):
            mask = np.asarray(COMPARISONS[op](arr, value), dtype=bool)
    # NaN already compares false; a missing value is never "not equal" to anything
    return mask & ~_is_missing(arr) if op == "ne" or arr.dtype.kind in "UO" else mask


class Conditions:
    """Masks of conditions over one population, each computed once (groups and rules
    repeat conditions such as "industrial section")."""

    def __init__(self, values: Mapping[str, np.ndarray], n: int):
        self.values, self.n = values, n
        self._masks: dict[tuple, np.ndarray] = {}

    def mask(self, condition: Condition) -> np.ndarray:
        key = (condition.field, condition.op, repr(condition.value))
        if key not in self._masks:
            self._masks[key] = condition_mask(condition, self.values, self.n)
        return self._masks[key]

    def all_hold(self, conditions) -> np.ndarray:
        if not conditions:
            return np.ones(self.n, dtype=bool)
        mask = self.mask(conditions[0]).copy()
        for c in conditions[1:]:
            mask &= self.mask(c)
        return mask

    def first_rule(self, rules) -> np.ndarray:
        """Index of the first rule whose conditions all hold, -1 for none."""
        small = np.int8 if len(rules) < 127 else np.int64
        chosen = np.full(self.n, NONE, dtype=small)
        for r in reversed(range(len(rules))):  # an earlier rule overwrites a later one
            # r where the rule holds, without branches (a masked store of a mask that
            # is true for half the firms is 4× slower)
            chosen += self.all_hold(rules[r].when) * (small(r) - chosen)
        return chosen.astype(np.int64)


# --- indicators ---------------------------------------------------------------------


def _field(values, name) -> np.ndarray:
    return np.asarray(values[name], dtype=np.float64)


class Rows:
    """The fields of some rows (a peer group), each taken out of the population once:
    indicators share their numerators and denominators."""

    def __init__(self, values: Mapping[str, np.ndarray], idx: np.ndarray):
        self.values, self.idx = values, idx
        self._taken: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._taken:
            self._taken[name] = _field(self.values, name)[self.idx]
        return self._taken[name]


def _indicator_values(ind: Indicator, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    numerator = rows[ind.numerator]
    missing = np.isnan(numerator)
    problem = np.where(missing, np.int8(MISSING_NUMERATOR), np.int8(OK))
    if ind.denominator is None:
        return numerator * ind.scale, problem
    denominator = rows[ind.denominator]
    bad = ~(denominator > 0)  # NaN, zero or negative
    problem[bad] = NO_DENOMINATOR
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = numerator / denominator * ind.scale
    x[missing | bad] = np.nan
    return x, problem


def _basis_values(ind: Indicator, rows: Rows) -> np.ndarray:
    """The indicator's values with NaN where missing (a benchmark's basis)."""
    numerator = rows[ind.numerator]
    if ind.denominator is None:
        return numerator * ind.scale
    denominator = rows[ind.denominator]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = numerator / denominator * ind.scale
    x[~(denominator > 0)] = np.nan
    return x


def _median(x: np.ndarray) -> float:
    """``np.median(x)``: the middle value, or the mean of the two middle ones."""
    n = len(x)
    if not n or np.isnan(x).any():
        return math.nan
    middle = [n // 2 - 1, n // 2] if n % 2 == 0 else [n // 2]
    part = np.partition(x, middle)[middle]
    return float(part[0] if len(part) == 1 else (part[0] + part[1]) / 2)


def _statistic(kind: str, x: np.ndarray) -> float:
    known = x[~np.isnan(x)]
    if not len(known):
        return math.nan
    return float(known.mean() if kind == "mean" else _median(known))


def score(ind: Indicator, x: np.ndarray, benchmark: float) -> np.ndarray:
    """Scores of known values (NaN stays NaN)."""
    w = ind.weight
    known = ~np.isnan(x)
    if ind.method == "minmax":
        s = np.full(x.shape, np.nan)
        if not known.any():
            return s
        lo, hi = float(x[known].min()), float(x[known].max())
        if hi > lo:
            r = (x - lo) / (hi - lo)
            if not ind.higher_is_better:
                r = 1.0 - r
            s = w * (20.0 + 80.0 * r) / 100.0
        else:
            s = np.where(known, w, np.nan)
    elif not benchmark > 0:
        s = np.where(known, 0.0, np.nan)
    elif ind.method == "lower":
        s = np.maximum(w * (2.0 - x / benchmark), 0.0)
    else:
        s = np.maximum(w * x / benchmark, 0.0)
    if ind.cap is not None:
        s = np.minimum(s, ind.cap * w)
    return s


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


def reads_previous_year(scheme: Scheme) -> bool:
    """Whether a benchmark is a statistic of the previous year."""
    return any(
        ind.method != "minmax"
        and ind.benchmark is not None
        and ind.benchmark.kind != "value"
        and ind.benchmark.basis == "previous"
        for group in scheme.groups
        for ind in group.indicators
    )


def indicator_fields(scheme: Scheme) -> list[str]:
    """The fields the indicators divide, in the scheme's order (the figures a result
    keeps and a tenant merges into its owner's)."""
    names: dict[str, None] = {}
    for group in scheme.groups:
        for ind in group.indicators:
            names |= dict.fromkeys(n for n in (ind.numerator, ind.denominator) if n)
    return list(names)


def _benchmark_value(
    group: PeerGroup,
    ind: Indicator,
    x_current: np.ndarray,
    previous_rows: Rows | None,
    warnings: list[Violation],
) -> float:
    """``previous_rows``: the group's members in the previous year, None for none."""
    b = ind.benchmark
    if ind.method == "minmax" or b is None:
        return math.nan
    if b.kind == "value":
        return float(b.value)
    x_basis = None
    if b.basis == "previous":
        if previous_rows is not None:
            x_basis = _basis_values(ind, previous_rows)
        if x_basis is None or np.isnan(x_basis).all():
            warnings.append(
                Violation(f"{group.code}.{ind.code}", "benchmark_fallback", {"group": group.name})
            )
            x_basis = None
    stat = _statistic(b.kind, x_current if x_basis is None else x_basis)
    value = b.factor * stat
    if not value > 0:
        warnings.append(
            Violation(f"{group.code}.{ind.code}", "benchmark_unusable", {"value": value})
        )
    return value


def _rank_and_class(
    totals: np.ndarray, cuts, ties: str = "better"
) -> tuple[np.ndarray, np.ndarray]:
    """Competition ranks (1, 2, 2, 4) by total, highest first, and class indices: a tie
    takes the class of its first place (``better``) or of its last (``worse``)."""
    n = len(totals)
    rounded = np.round(totals, TIE_DECIMALS)
    # equal totals get equal ranks whatever their order: no need for a stable sort
    order = np.argsort(-rounded)
    ordered = rounded[order]
    starts = np.empty(n, dtype=bool)
    starts[:1] = True
    starts[1:] = ordered[1:] != ordered[:-1]
    positions = np.arange(1, n + 1)
    rank_sorted = np.maximum.accumulate(np.where(starts, positions, 0))
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = rank_sorted
    class_ranks = ranks
    if ties == "worse":  # the last place of each tie: the next tie's start − 1
        ends = np.empty(n, dtype=bool)
        ends[-1:] = True
        ends[:-1] = starts[1:]
        last_sorted = np.minimum.accumulate(np.where(ends, positions, n + 1)[::-1])[::-1]
        class_ranks = np.empty(n, dtype=np.int64)
        class_ranks[order] = last_sorted
    classes = np.zeros(n, dtype=np.int64)
    for cut in cuts[:-1]:  # the class is the number of thresholds below the rank
        classes += class_ranks > math.ceil(round(cut.upto * n, 9))
    return ranks, classes


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
    groups = conditions.first_rule(scheme.groups)
    previous_groups = (
        Conditions(previous.values, len(previous)).first_rule(scheme.groups)
        if previous is not None
        else None
    )
    indicator_codes: list[str] = []
    for group in scheme.groups:
        indicator_codes += [i.code for i in group.indicators if i.code not in indicator_codes]
    column = {code: k for k, code in enumerate(indicator_codes)}
    class_names = scheme.class_names()
    K = len(indicator_codes)
    # column-major: each indicator's column is written in one contiguous piece
    x_all = np.full((n, K), np.nan, order="F")
    s_all = np.full((n, K), np.nan, order="F")
    problem_all = np.zeros((n, K), dtype=np.int8, order="F")
    total = np.full(n, np.nan)
    benchmarks: dict[tuple[str, str], float] = {}
    median_scores: dict[tuple[str, str], float] = {}

    members = [np.flatnonzero(groups == g) for g in range(len(scheme.groups))]
    for g, group in enumerate(scheme.groups):
        idx = members[g]
        if not len(idx):
            continue
        group_total = np.zeros(len(idx))
        rows = Rows(values, idx)
        previous_rows = None
        if previous is not None:
            previous_idx = np.flatnonzero(previous_groups == g)
            previous_rows = Rows(previous.values, previous_idx) if len(previous_idx) else None
        for ind in group.indicators:
            k = column[ind.code]
            x, problem = _indicator_values(ind, rows)
            b = _benchmark_value(group, ind, x, previous_rows, warnings)
            benchmarks[(group.code, ind.code)] = b
            s = score(ind, x, b)
            missing = np.isnan(s)
            if missing.any():
                fill = 0.0
                if scheme.missing == "average":
                    if missing.all():
                        warnings.append(
                            Violation(f"{group.code}.{ind.code}", "missing_for_all", {})
                        )
                    else:
                        fill = float(s[~missing].mean())
                s[missing] = fill
            x_all[:, k][idx] = x
            s_all[:, k][idx] = s
            median_scores[(group.code, ind.code)] = _median(s)
            problem_all[:, k][idx] = problem
            group_total += s
        total[idx] = group_total

    evaluated = groups >= 0
    adjusted = np.zeros((n, len(scheme.adjustments)), dtype=bool, order="F")
    adjustment = np.zeros(n)
    for r, rule in enumerate(scheme.adjustments):
        holds = conditions.all_hold(rule.when) & evaluated
        adjusted[:, r] = holds
        np.add(adjustment, rule.points, out=adjustment, where=holds)
    total = total + adjustment

    forced_rule = conditions.first_rule(scheme.forced)
    forced_rule[~evaluated] = NONE
    ungraded_rule = conditions.first_rule(scheme.ungraded)
    ungraded_rule[~evaluated | (forced_rule >= 0)] = NONE

    sharing = scheme.shared_parcel in ("merge", "inherit")
    shares_with = np.where(sharing & (owner >= 0), owner, NONE)
    shares_with[~evaluated | (forced_rule >= 0)] = NONE  # a forced class stays the firm's

    rank = np.zeros(n, dtype=np.int64)
    ranked = np.zeros(n, dtype=np.int64)
    percentile = np.full(n, np.nan)
    klass = np.full(n, NONE, dtype=np.int64)
    pool = evaluated & (forced_rule == NONE) & (ungraded_rule == NONE) & (shares_with == NONE)
    for g, group in enumerate(scheme.groups):
        idx = members[g][pool[members[g]]]
        if not len(idx):
            continue
        cuts = scheme.classes_of(group)
        ranks, classes = _rank_and_class(total[idx], cuts, scheme.ties)
        rank[idx] = ranks
        ranked[idx] = len(idx)
        percentile[idx] = ranks / len(idx)
        klass[idx] = np.array([class_names.index(c.name) for c in cuts])[classes]
    for r, rule in enumerate(scheme.forced):
        klass[forced_rule == r] = class_names.index(rule.klass)

    tenants = np.flatnonzero(shares_with >= 0)
    if len(tenants):
        owners = shares_with[tenants]
        klass[tenants] = klass[owners]
        ungraded_rule[tenants] = ungraded_rule[owners]

    return Outcome(
        ids=population.ids,
        group_codes=[g.code for g in scheme.groups],
        indicator_codes=indicator_codes,
        class_names=class_names,
        group=groups,
        values=x_all,
        scores=s_all,
        problem=problem_all,
        adjusted=adjusted,
        adjustment=adjustment,
        total=total,
        ungraded_rule=ungraded_rule,
        forced_rule=forced_rule,
        shares_with=shares_with,
        rank=rank,
        ranked=ranked,
        percentile=percentile,
        klass=klass,
        benchmarks=benchmarks,
        median_scores=median_scores,
        warnings=warnings,
    )


# --- explanations -------------------------------------------------------------------


@dataclass
class RowFacts:
    """What one firm's explanation is built from; stored with each result, so that an
    explanation can be given again without running the scheme."""

    group: str | None
    values: dict[str, float | None]
    scores: dict[str, float | None]
    problems: dict[str, int]  # indicator code → MISSING_NUMERATOR / NO_DENOMINATOR
    adjustments: list[str]  # codes of the adjustment rules that hold
    forced: str | None = None
    ungraded: str | None = None
    owner: int | None = None  # id of the owner whose class a tenant takes

    def as_dict(self) -> dict:
        out = {"problems": self.problems, "adjustments": self.adjustments}
        for name in ("forced", "ungraded", "owner"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


def row_facts(scheme: Scheme, outcome: Outcome, i: int) -> RowFacts:
    g = int(outcome.group[i])
    if g < 0:
        return RowFacts(None, {}, {}, {}, [])
    codes = [ind.code for ind in scheme.groups[g].indicators]
    columns = [outcome.indicator_codes.index(c) for c in codes]
    problems = {
        code: int(outcome.problem[i, k])
        for code, k in zip(codes, columns, strict=True)
        if outcome.problem[i, k]
    }
    forced, ungraded, owner = (
        int(outcome.forced_rule[i]),
        int(outcome.ungraded_rule[i]),
        int(outcome.shares_with[i]),
    )
    return RowFacts(
        group=scheme.groups[g].code,
        values={c: _round(outcome.values[i, k]) for c, k in zip(codes, columns, strict=True)},
        scores={c: _round(outcome.scores[i, k]) for c, k in zip(codes, columns, strict=True)},
        problems=problems,
        adjustments=[
            r.code for r, hit in zip(scheme.adjustments, outcome.adjusted[i], strict=True) if hit
        ],
        forced=scheme.forced[forced].code if forced >= 0 else None,
        ungraded=scheme.ungraded[ungraded].code if ungraded >= 0 else None,
        owner=int(outcome.ids[owner]) if owner >= 0 else None,
    )


def explain(scheme: Scheme, outcome: Outcome, i: int) -> list[Violation]:
    return explain_facts(
        scheme, row_facts(scheme, outcome, i), outcome.benchmarks, outcome.median_scores
    )


def explain_facts(
    scheme: Scheme,
    facts: RowFacts,
    benchmarks: Mapping[tuple[str, str], float],
    median_scores: Mapping[tuple[str, str], float],
) -> list[Violation]:
    """Why a firm got its result, as rule codes with their figures: missing data and
    how it was handled, each indicator below its benchmark (or below the group's median
    score, for min–max), largest loss first, adjustments, and the forced, ungraded or
    shared-parcel rule."""
    if facts.group is None:
        return [Violation("group", "no_peer_group", {})]
    # stored facts are explained with the run's own scheme; a code it does not know (a
    # result edited outside the services) is named rather than explained
    group = next((g for g in scheme.groups if g.code == facts.group), None)
    if group is None:
        return [Violation("group", "unknown_rule", {"value": facts.group})]
    reasons: list[Violation] = []
    losses = []
    for ind in group.indicators:
        x, s = facts.values.get(ind.code), facts.scores.get(ind.code)
        params = {"indicator": ind.name or ind.code, "score": s, "weight": ind.weight}
        problem = facts.problems.get(ind.code, OK)
        if problem == NO_DENOMINATOR:
            params |= {"other": ind.denominator, "handled": scheme.missing}
            reasons.append(Violation(ind.code, "no_denominator", params))
            continue
        if problem == MISSING_NUMERATOR:
            params |= {"other": ind.numerator, "handled": scheme.missing}
            reasons.append(Violation(ind.code, "missing_value", params))
            continue
        if s is None:
            continue
        if ind.method == "minmax":
            median = median_scores.get((group.code, ind.code), math.nan)
            if s < median:
                params |= {"value": x, "median": _round(median), "unit": ind.unit}
                losses.append((median - s, Violation(ind.code, "below_group", params)))
        elif s < ind.weight:
            benchmark = benchmarks.get((group.code, ind.code), math.nan)
            params |= {"value": x, "benchmark": _round(benchmark), "unit": ind.unit}
            losses.append((ind.weight - s, Violation(ind.code, "below_benchmark", params)))
    reasons += [v for _, v in sorted(losses, key=lambda pair: -pair[0])]
    for rule in scheme.adjustments:
        if rule.code in facts.adjustments:
            reasons.append(
                Violation(rule.code, "adjustment", {"rule": rule.name, "points": rule.points})
            )
    if facts.forced is not None:
        rule = next((r for r in scheme.forced if r.code == facts.forced), None)
        reasons.append(
            Violation(rule.code, "forced_class", {"rule": rule.name, "value": rule.klass})
            if rule
            else Violation("forced", "unknown_rule", {"value": facts.forced})
        )
    if facts.owner is not None:
        code = "merged_with_owner" if scheme.shared_parcel == "merge" else "inherits_owner"
        reasons.append(Violation("owner", code, {"value": facts.owner}))
    if facts.ungraded is not None:
        rule = next((r for r in scheme.ungraded if r.code == facts.ungraded), None)
        reasons.append(
            Violation(rule.code, "ungraded", {"rule": rule.name})
            if rule
            else Violation("ungraded", "unknown_rule", {"value": facts.ungraded})
        )
    return reasons


def _round(value) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)
