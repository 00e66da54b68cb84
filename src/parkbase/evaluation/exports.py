"""Rows of the results export: one line per enterprise, its figures, indicator values,
scores, total, rank and class."""

from __future__ import annotations

from django.utils.translation import gettext as _


def result_rows(queryset):
    results = list(queryset.select_related("enterprise", "run"))
    codes: list[str] = []
    for r in results:
        codes += [c for c in r.indicator_values if c not in codes]
    headers = [
        _("year"),
        _("credit code"),
        _("enterprise"),
        _("peer group"),
        *(f"{c}" for c in codes),
        *(f"{c} ({_('score')})" for c in codes),
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
            r.group,
            *(r.indicator_values.get(c) for c in codes),
            *(r.scores.get(c) for c in codes),
            r.adjustment,
            r.total,
            r.rank,
            r.ranked,
            r.computed_class,
            r.klass,
            r.override_reason,
            r.ungraded_rule,
        ]
        for r in results
    )
    return headers, rows
