"""What evaluation shows on the pages of apps below it, through ``core.contributions``
(provided in ``EvaluationConfig.ready``): the enterprises' classes on the land map and
in its GeoJSON, the land that redevelopment decisions freed in the land inventory, and
an enterprise's results over the years, compliance records and redevelopment
decisions as tabs of its page, and the committee's dashboard card."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core import charts, dashboard
from parkbase.core.contributions import Tab
from parkbase.core.scoping import RULE_CHECK, role_sees_model
from parkbase.core.units import unit_label
from parkbase.evaluation.choices import DecisionStatus, RunStatus
from parkbase.evaluation.models import ComplianceRecord, Decision, Result, Run
from parkbase.evaluation.scheme import DEFAULT_CLASSES, SchemeFormatError, scheme_from_dict
from parkbase.evaluation.selectors import class_names, run_summary
from parkbase.evaluation.wording import named


def latest_run_filter(park, user=None) -> models.QuerySet:
    """The park's latest published evaluation run (as a one-row subquery)."""
    runs = Run.objects.for_actor(user)
    return (
        runs.filter(park=park, status=RunStatus.PUBLISHED)
        .order_by("-year", "-published_at", "-pk")
        .values("pk")[:1]
    )


def enterprise_classes(enterprise_ids: models.QuerySet, park, user=None) -> dict[int, str]:
    """{enterprise id: class} of the enterprises in the park's latest published
    evaluation run: one query."""
    results = Result.objects.for_actor(user)
    return dict(
        results.filter(run__in=latest_run_filter(park, user), enterprise_id__in=enterprise_ids)
        .exclude(klass="")
        .values_list("enterprise_id", "klass")
    )


def legend_class_names(park, user) -> list[str]:
    """Every class of the latest published run's scheme, best first; the default
    scheme's classes when the park has no published run."""
    run = Run.objects.unscoped(RULE_CHECK).filter(pk__in=latest_run_filter(park, user)).first()
    return class_names(run) if run is not None else [name for name, _upper in DEFAULT_CLASSES]


def freed_decisions(user, parcel=None) -> models.QuerySet:
    """Done decisions that freed land, as the user may see them, newest first; on
    ``parcel`` only, when given."""
    decisions = Decision.objects.visible_to(user).filter(
        status=DecisionStatus.DONE, land_freed__gt=0
    )
    if parcel is not None:
        decisions = decisions.filter(parcel=parcel)
    return decisions.select_related("enterprise", "enterprise__phase").order_by(
        "-completed_on", "-id"
    )


# ------------------------------------------------------------------ the enterprise's file


def results_tab(enterprise, user) -> Tab | None:
    """The enterprise's scorecards year by year (newest first: class, score, rank in
    its peer group and its per-mu indicators) and the compliance records the park
    keeps about it, as far as the reader may see them."""
    if not role_sees_model(user, Result):
        return None
    results = Result.objects.visible_to(user).filter(enterprise=enterprise)
    compliance = None
    if role_sees_model(user, ComplianceRecord):
        compliance = ComplianceRecord.objects.visible_to(user).filter(enterprise=enterprise)
    return Tab(
        key="evaluation",
        label=_("Per-mu evaluation"),
        count=results.count(),
        template="evaluation/_enterprise_results.html",
        context={
            "results": lambda: scorecards(results),
            "compliance": compliance.order_by("-year", "kind") if compliance is not None else None,
        },
        order=40,
    )


def scorecards(results: models.QuerySet) -> list[dict]:
    """Each result with what its run's scheme names: its peer group, its indicators
    (name, value, unit) and the rule that left it ungraded; one query."""
    rows = list(
        results.select_related("run")
        .defer("figures", "facts", "run__summary", "run__warnings")
        .order_by("-run__year", "-run__computed_at", "-run_id")
    )
    schemes = {}
    for result in rows:
        if result.run_id not in schemes:
            try:
                schemes[result.run_id] = scheme_from_dict(result.run.scheme_definition)
            except SchemeFormatError:
                schemes[result.run_id] = None
    return [_scorecard(result, schemes[result.run_id]) for result in rows]


def _scorecard(result: Result, scheme) -> dict:
    group = None
    if scheme is not None:
        group = next((g for g in scheme.groups if g.code == result.group), None)
    ungraded = ""
    if result.ungraded_rule:
        rules = scheme.ungraded if scheme is not None else ()
        ungraded = next((named(r) for r in rules if r.code == result.ungraded_rule), "")
    return {
        "result": result,
        "class_names": scheme.class_names() if scheme is not None else [],
        "group": named(group) if group is not None else result.group,
        "indicators": [
            (named(i), result.indicator_values.get(i.code), unit_label(i.unit))
            for i in (group.indicators if group is not None else ())
        ],
        "ungraded": ungraded or result.ungraded_rule,
    }


def decisions_tab(enterprise, user) -> Tab | None:
    """The redevelopment decisions (腾笼换鸟) taken for the enterprise, newest first."""
    if not role_sees_model(user, Decision):
        return None
    decisions = Decision.objects.visible_to(user).filter(enterprise=enterprise)
    return Tab(
        key="decisions",
        label=_("Redevelopment decisions"),
        count=decisions.count(),
        template="evaluation/_enterprise_decisions.html",
        context={
            "decisions": decisions.select_related("department").order_by("-decided_on", "-id")
        },
        order=45,
    )


def dashboard_card(user) -> dict | None:
    """The committee's card: the latest published run's enterprises by class, each bar
    opening that class's results."""
    if not dashboard.sees_dashboard(user):
        return None
    run = (
        Run.objects.visible_to(user)
        .filter(status=RunStatus.PUBLISHED)
        .order_by("-year", "-published_at", "-pk")
        .first()
    )
    if run is None:
        return dashboard.card(
            _("Per-mu evaluation"),
            url=reverse("evaluation-runs"),
            figures=[],
            order=20,
            empty=_("No published evaluation yet."),
        )
    summary = run_summary(user, run)
    results = reverse("evaluation-results")
    names = class_names(run)
    urls = {n: f"{results}?{urlencode({'run': run.pk, 'klass': n})}" for n in names}
    title = _("Per-mu evaluation %(year)s: enterprises by class") % {"year": run.year}
    return dashboard.card(
        title,
        url=reverse("evaluation-run", args=[run.pk]),
        figures=[
            dashboard.Figure(
                _("Graded"), f"{summary.get('graded', 0):,}", f"{results}?run={run.pk}"
            )
        ],
        option=charts.class_bar(summary.get("classes", {}), names, urls),
        order=20,
    )
