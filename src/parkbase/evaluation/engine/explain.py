"""Why a firm got its result: the facts kept with each result and the reasons built
from them (missing data, losses against benchmarks, adjustments, forced, ungraded and
shared-parcel rules)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from parkbase.core.violations import Violation
from parkbase.evaluation.engine.outcome import MISSING_NUMERATOR, NO_DENOMINATOR, OK, Outcome
from parkbase.evaluation.scheme import Scheme

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
        params = {
            "indicator": ind.name or ind.code,
            "indicator_en": ind.name_en,
            "score": s,
            "weight": ind.weight,
        }
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
                Violation(
                    rule.code,
                    "adjustment",
                    {"rule": rule.name, "rule_en": rule.name_en, "points": rule.points},
                )
            )
    if facts.forced is not None:
        rule = next((r for r in scheme.forced if r.code == facts.forced), None)
        reasons.append(
            Violation(
                rule.code,
                "forced_class",
                {"rule": rule.name, "rule_en": rule.name_en, "value": rule.klass},
            )
            if rule
            else Violation("forced", "unknown_rule", {"value": facts.forced})
        )
    if facts.owner is not None:
        code = "merged_with_owner" if scheme.shared_parcel == "merge" else "inherits_owner"
        reasons.append(Violation("owner", code, {"value": facts.owner}))
    if facts.ungraded is not None:
        rule = next((r for r in scheme.ungraded if r.code == facts.ungraded), None)
        reasons.append(
            Violation(rule.code, "ungraded", {"rule": rule.name, "rule_en": rule.name_en})
            if rule
            else Violation("ungraded", "unknown_rule", {"value": facts.ungraded})
        )
    return reasons


def _round(value) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)
