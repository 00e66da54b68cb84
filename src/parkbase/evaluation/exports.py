"""Rows of the results export: one line per enterprise, its figures, indicator values,
scores, total, rank and class."""

from __future__ import annotations

from django.utils.translation import gettext as _

from parkbase.core.units import unit_label
from parkbase.evaluation.wording import definition_name, named


def _indicator_headers(results, codes) -> dict[str, str]:
    """Each indicator code by the name (and unit) the first run's scheme that has it
    gives it, in the reader's language."""
    headers: dict[str, str] = {}
    seen_runs = set()
    for r in results:
        if r.run_id in seen_runs:
            continue
        seen_runs.add(r.run_id)
        for group in r.run.scheme_definition.get("groups") or ():
            for indicator in group.get("indicators") or ():
                code = indicator.get("code")
                if code in codes and code not in headers:
                    unit = unit_label(indicator.get("unit") or "")
                    headers[code] = f"{named(indicator)} ({unit})" if unit else named(indicator)
    return headers


def result_rows(queryset):
    results = list(queryset.select_related("enterprise", "run"))
    codes: list[str] = []
    for r in results:
        codes += [c for c in r.indicator_values if c not in codes]
    names = _indicator_headers(results, set(codes))
    headers = [
        _("year"),
        _("credit code"),
        _("enterprise"),
        _("peer group"),
        *(names.get(c, c) for c in codes),
        *(f"{names.get(c, c)} · {_('score')}" for c in codes),
        _("bonus and deduction points"),
        _("total score"),
        _("rank"),
        _("ranked in group"),
        _("computed class"),
        _("class"),
        _("reason for the class override"),
        _("not graded because"),
    ]
    rows = (
        [
            r.run.year,
            r.enterprise.uscc,
            r.enterprise.name,
            definition_name(r.run.scheme_definition, "groups", r.group),
            *(r.indicator_values.get(c) for c in codes),
            *(r.scores.get(c) for c in codes),
            r.adjustment,
            r.total,
            r.rank,
            r.ranked,
            r.computed_class,
            r.klass,
            r.override_reason,
            definition_name(r.run.scheme_definition, "ungraded", r.ungraded_rule),
        ]
        for r in results
    )
    return headers, rows
