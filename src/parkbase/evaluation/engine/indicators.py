"""Indicator values (numerator / denominator × scale, with the reason a value is
missing), the statistics a benchmark is taken from, and the scores of each method."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from parkbase.evaluation.scheme import Indicator

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
