"""What evaluation shows on the pages of apps below it, through ``core.contributions``
(provided in ``EvaluationConfig.ready``): the enterprises' classes on the land map and
in its GeoJSON, and the land that redevelopment decisions freed in the land inventory."""

from __future__ import annotations

from django.db import models

from parkbase.core.scoping import RULE_CHECK
from parkbase.evaluation.choices import DecisionStatus, RunStatus
from parkbase.evaluation.models import Decision, Result, Run
from parkbase.evaluation.scheme import DEFAULT_CLASSES
from parkbase.evaluation.selectors import class_names


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
