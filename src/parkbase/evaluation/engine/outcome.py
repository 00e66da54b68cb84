"""What goes into a run and comes out of it: one year's ``Population``, the
``Outcome`` arrays, and the codes they hold (a value's problem, no rule)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from parkbase.core.violations import Violation

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
