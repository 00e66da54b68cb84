"""Conditions as masks over a population: peer groups and rules (the first that
holds), each mask computed once."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from parkbase.evaluation.engine.outcome import NONE
from parkbase.evaluation.scheme import Condition

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
