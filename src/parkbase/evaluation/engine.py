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

import itertools
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
        return self.first_rule_small(rules).astype(np.int64)

    def first_rule_small(self, rules) -> np.ndarray:
        """``first_rule`` as int8 when there are fewer than 127 rules (comparing and
        combining int8 arrays is several times faster than int64 ones)."""
        small = np.int8 if len(rules) < 127 else np.int64
        chosen = np.full(self.n, NONE, dtype=small)
        step = np.empty(self.n, dtype=small)
        for r in reversed(range(len(rules))):  # an earlier rule overwrites a later one
            # r where the rule holds, without branches (a masked store of a mask that
            # is true for half the firms is 4× slower)
            np.subtract(small(r), chosen, out=step)
            step *= self.all_hold(rules[r].when)
            chosen += step
        return chosen


# --- indicators ---------------------------------------------------------------------


def _field(values, name) -> np.ndarray:
    return np.asarray(values[name], dtype=np.float64)


class Rows:
    """The fields of some rows (a peer group), each taken out of the population once:
    indicators share their numerators and denominators.

    The fields named in ``names`` are taken into one block, with ``rooms`` more float
    arrays over the rows for the caller: numpy advises huge pages for a block of 4 MB
    or more, whereas arrays of 1–4 MB come from the C library's heap, which gives them
    back to the system and faults them in again 4 KiB at a time (with a million firms
    the engine took ~42,000 page faults per run, ~2 µs each; now ~17,000)."""

    def __init__(self, values: Mapping[str, np.ndarray], idx: np.ndarray, names=(), rooms=0):
        self.values, self.idx = values, idx
        self._taken: dict[str, np.ndarray] = {}
        names = list(dict.fromkeys(names))
        block = np.empty((len(names) + rooms, len(idx)))
        self._slots = dict(zip(names, block[: len(names)], strict=True))
        self.rooms = list(block[len(names) :])

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._taken:
            field = _field(self.values, name)
            slot = self._slots.get(name)
            # mode="clip": the indices are valid, and "raise" copies through a buffer
            self._taken[name] = (
                field[self.idx] if slot is None else field.take(self.idx, out=slot, mode="clip")
            )
        return self._taken[name]


def _divide(
    ind: Indicator, numerator: np.ndarray, denominator: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """numerator / denominator × scale, NaN where the denominator is not positive."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.divide(numerator, denominator, out=out)
        x *= ind.scale
    # a missing numerator or denominator already gives NaN: only the few zero or
    # negative denominators need a (slow, branching) masked store
    not_positive = denominator <= 0
    if not_positive.any():
        x[not_positive] = np.nan
    return x


def _indicator_values(
    ind: Indicator, rows: Rows, out: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The values (in ``out`` if given) and their problems."""
    numerator = rows[ind.numerator]
    missing = np.isnan(numerator)
    if ind.denominator is None:
        return np.multiply(numerator, ind.scale, out=out), missing.astype(np.int8)
    denominator = rows[ind.denominator]
    bad = ~(denominator > 0)  # NaN, zero or negative
    # NO_DENOMINATOR where bad, else MISSING_NUMERATOR where missing, else OK
    problem = bad.astype(np.int8)
    problem += problem
    np.maximum(problem, missing.view(np.int8), out=problem)
    return _divide(ind, numerator, denominator, out), problem


def _basis_values(ind: Indicator, rows: Rows, out: np.ndarray | None = None) -> np.ndarray:
    """The indicator's values with NaN where missing (a benchmark's basis)."""
    numerator = rows[ind.numerator]
    if ind.denominator is None:
        return np.multiply(numerator, ind.scale, out=out)
    return _divide(ind, numerator, rows[ind.denominator], out)


def _median(x: np.ndarray, overwrite: bool = False) -> float:
    """``np.median(x)``: the middle value, or the mean of the two middle ones.
    ``overwrite``: ``x`` may be reordered."""
    n = len(x)
    if not n or np.isnan(x).any():
        return math.nan
    if n % 2:
        return float(_partition(x, [n // 2], overwrite)[n // 2])
    if np.signbit(x).any():
        # as before: which of two equal values is picked matters for 0.0 and -0.0
        part = _partition(x, [n // 2 - 1, n // 2], overwrite)
        return float((part[n // 2 - 1] + part[n // 2]) / 2)
    # one selection and the largest value below it: 5× faster than selecting both
    # middle values, and the same numbers
    part = _partition(x, n // 2, overwrite)
    return float((part[: n // 2].max() + part[n // 2]) / 2)


def _partition(x: np.ndarray, kth, overwrite: bool) -> np.ndarray:
    if not overwrite:
        return np.partition(x, kth)
    x.partition(kth)  # np.partition is a copy and this
    return x


def _known(x: np.ndarray) -> np.ndarray:
    # np.compress and stores through np.flatnonzero are 2–4× faster than a boolean
    # index when the mask is neither mostly true nor mostly false (same elements)
    return np.compress(~np.isnan(x), x)


def _statistic(kind: str, known: np.ndarray) -> float:
    """The mean or median of ``known`` values (which it may reorder)."""
    if not len(known):
        return math.nan
    return float(known.mean() if kind == "mean" else _median(known, overwrite=True))


def score(
    ind: Indicator, x: np.ndarray, benchmark: float, out: np.ndarray | None = None
) -> np.ndarray:
    """Scores of known values (NaN stays NaN), in ``out`` if given (not always)."""
    w = ind.weight
    # each formula computed in place, in the order it is written
    if ind.method == "minmax":
        known = ~np.isnan(x)
        if not known.any():
            return np.full(x.shape, np.nan)
        values = np.compress(known, x)
        lo, hi = float(values.min()), float(values.max())
        if hi > lo:
            s = np.subtract(x, lo, out=out)  # r = (x − lo) / (hi − lo)
            s /= hi - lo
            if not ind.higher_is_better:
                np.subtract(1.0, s, out=s)
            s *= 80.0  # w · (20 + 80·r) / 100
            s += 20.0
            s *= w
            s /= 100.0
        else:
            s = np.where(known, w, np.nan)
    elif not benchmark > 0:
        s = np.where(~np.isnan(x), 0.0, np.nan)
    elif ind.method == "lower":
        s = np.divide(x, benchmark, out=out)  # w · (2 − x/b)
        np.subtract(2.0, s, out=s)
        s *= w
        np.maximum(s, 0.0, out=s)
    else:
        s = np.multiply(w, x, out=out)  # w · x / b
        s /= benchmark
        np.maximum(s, 0.0, out=s)
    if ind.cap is not None:
        np.minimum(s, ind.cap * w, out=s)
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
                Violation(f"{group.code}.{ind.code}", "benchmark_fallback", {"group": group.name})
            )
            known = None
    stat = _statistic(b.kind, _known(x_current) if known is None else known)
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


def _sorted_pool(
    total: np.ndarray, groups: np.ndarray, pooled: np.ndarray, n_groups: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The ``pooled`` firms sorted by group, then by total rounded to TIE_DECIMALS,
    highest first: (their indices, a key per place that is equal exactly for a tie,
    where each group's places begin and end). None when a total is not finite or too
    large for that.

    Group, rounded total and index are packed in one int64 and sorted as numbers, which
    is 3× faster than an argsort of the totals; the rounding is ``np.round``'s own
    (rint(total · 10^d) / 10^d), so equal keys are equal rounded totals."""
    scaled = total.take(pooled, out=np.empty(len(pooled)), mode="clip")
    scaled *= 10.0**TIE_DECIMALS
    np.rint(scaled, out=scaled)
    if not len(scaled) or not np.isfinite(scaled).all():
        return None
    top, bottom = float(scaled.max()), float(scaled.min())
    if max(abs(top), abs(bottom)) > 2.0**50:  # dividing by 10^d would merge totals
        return None
    key_bits = int(top - bottom).bit_length()
    index_bits = max(len(total) - 1, 1).bit_length()
    group_bits = max(n_groups - 1, 1).bit_length()
    if group_bits + key_bits + index_bits > 63:
        return None
    group_of = groups[pooled]
    packed = group_of.astype(np.int64)
    packed <<= key_bits
    np.subtract(top, scaled, out=scaled)  # 0 for the highest total
    packed |= scaled.astype(np.int64)
    packed <<= index_bits
    packed |= pooled
    packed.sort()
    order = packed & ((1 << index_bits) - 1)
    packed >>= index_bits
    # where each group begins and ends
    bounds = np.searchsorted(packed, np.arange(n_groups + 1, dtype=np.int64) << key_bits)
    return order, packed, bounds


def _tie_ranks(keys: np.ndarray, ties: str) -> tuple[np.ndarray, np.ndarray]:
    """For sorted keys, equal keys tying: competition ranks (1, 2, 2, 4) and the ranks
    that decide the classes (the tie's first place, or its last for ``worse``)."""
    m = len(keys)
    changes = keys[1:] != keys[:-1]
    block = np.ones((2, m), dtype=np.int64)  # one allocation (see Rows)
    positions = np.cumsum(block[0], out=block[0])  # 1 … m
    if changes.all():
        return positions, positions
    # each place's position where a tie starts, 0 elsewhere, carried forward
    ranks = positions
    ranks[1:] *= changes
    np.maximum.accumulate(ranks, out=ranks)
    if ties != "worse":
        return ranks, ranks
    # each place's position where a tie ends, m + 1 elsewhere, carried backward
    last = np.cumsum(block[1], out=block[1])
    last[:-1] -= m + 1
    last[:-1] *= changes
    last[:-1] += m + 1
    np.minimum.accumulate(last[::-1], out=last[::-1])
    return ranks, last


def _classes_by_rank(class_ranks: np.ndarray, cuts, class_names: list[str]) -> np.ndarray:
    """Class indices (into ``class_names``) of ascending ``class_ranks`` out of as many
    firms: as ``_rank_and_class``, the number of thresholds below the rank."""
    m = len(class_ranks)
    # the firms above each threshold are a tail of the ranking
    tails = sorted(
        int(np.searchsorted(class_ranks, math.ceil(round(cut.upto * m, 9)), side="right"))
        for cut in cuts[:-1]
    )
    klass = np.empty(m, dtype=np.int64)
    for c, (begin, end) in enumerate(itertools.pairwise([0, *tails, m])):
        klass[begin:end] = class_names.index(cuts[c].name)
    return klass


def _rank_groups(
    scheme: Scheme,
    total: np.ndarray,
    groups: np.ndarray,
    pool: np.ndarray,
    class_names: list[str],
    out: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Rank, how many ranked, percentile and class of the ``pool``'s firms by total
    inside their peer group (``groups``), into ``out`` (0, 0, NaN and -1 elsewhere)."""
    rank, ranked, percentile, klass = out
    pooled = np.flatnonzero(pool)
    in_order = _sorted_pool(total, groups, pooled, len(scheme.groups))
    if in_order is None:  # the slower way, group by group
        for g, group in enumerate(scheme.groups):
            idx = np.compress(groups[pooled] == g, pooled)
            if not len(idx):
                continue
            cuts = scheme.classes_of(group)
            ranks, classes = _rank_and_class(total[idx], cuts, scheme.ties)
            rank[idx] = ranks
            ranked[idx] = len(idx)
            percentile[idx] = ranks / len(idx)
            klass[idx] = np.array([class_names.index(c.name) for c in cuts])[classes]
        return
    order, keys, bounds = in_order
    for g, group in enumerate(scheme.groups):
        part = slice(int(bounds[g]), int(bounds[g + 1]))
        if part.start == part.stop:
            continue
        # random stores (~3 ms per 700,000): only rank and class are stored in rank order
        idx = order[part]
        ranks, class_ranks = _tie_ranks(keys[part], scheme.ties)
        rank[idx] = ranks
        klass[idx] = _classes_by_rank(class_ranks, scheme.classes_of(group), class_names)
    # the rest in the firms' order
    ranked_pooled = np.diff(bounds)[groups[pooled]]
    ranked[pooled] = ranked_pooled
    percentile[pooled] = rank[pooled] / ranked_pooled


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
