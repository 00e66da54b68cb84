"""Ranks and classes inside a peer group: totals equal to ``TIE_DECIMALS`` share a
rank, and class k holds the ranks up to ceil(upto_k · n)."""

from __future__ import annotations

import itertools
import math

import numpy as np

from parkbase.evaluation.scheme import Scheme

TIE_DECIMALS = 6


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
