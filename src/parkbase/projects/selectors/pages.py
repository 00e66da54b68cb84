"""The reads of the project pages: the kanban board, what one project's page shows and
the stages of the pipeline settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber

from parkbase.core.need_to_know import annotate
from parkbase.core.scoping import UNDER_PARENT
from parkbase.land.models import Approval
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Loss,
    Project,
    ProjectInvestor,
    Stage,
    StageChange,
)

# --- kanban -------------------------------------------------------------------------


def board(user, park, statuses, per_stage: int, fields) -> tuple[dict[int, int], object]:
    """The kanban's data: how many of the park's projects in ``statuses`` each stage
    holds (one GROUP BY), and, as values of ``fields``, the ``per_stage`` most recently
    moved of each (one query; the window runs over id, stage and date only, and the
    rows are then read by id), ordered by stage."""
    on_board = Project.objects.visible_to(user).filter(park=park, status__in=statuses)
    counts = dict(on_board.order_by().values_list("stage_id").annotate(n=Count("pk")).order_by())
    ranked = (
        on_board.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("stage_id")],
                order_by=[F("stage_since").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_stage)
        .values("pk")
    )
    rows = (
        Project.objects.visible_to(user)
        .filter(pk__in=ranked)
        .order_by("stage_id", "-stage_since", "-id")
        .values(*fields)
    )
    return counts, rows


# --- one project --------------------------------------------------------------------


@dataclass
class ProjectRecord:
    moves: list
    activities: list
    blockers: list
    funding: list
    links: list
    loss: Loss | None


def project_record(user, project, *, with_investors: bool) -> ProjectRecord:
    """What the project page shows of one project, each part through its own
    ``visible_to``: moves and funding in date order, activities, blockers, the
    investor links (only ``with_investors``: an outsider of a confidential project
    gets none) and the loss with its destinations."""

    def of(model):
        return model.objects.visible_to(user).filter(project=project)

    return ProjectRecord(
        moves=list(of(StageChange).select_related("stage", "user").order_by("changed_on", "id")),
        activities=list(of(Activity).select_related("owner", "created_by")),
        blockers=list(
            of(Blocker)
            .select_related("owner")
            .prefetch_related(
                # the approvals marked for need-to-know in one query, names masked
                Prefetch(
                    "approval", queryset=annotate(Approval.objects.unscoped(UNDER_PARENT), user)
                )
            )
        ),
        funding=list(of(Funding).select_related("investor").order_by("dated_on", "id")),
        links=list(of(ProjectInvestor).select_related("investor")) if with_investors else [],
        loss=of(Loss).prefetch_related("destinations").first(),
    )


# --- pipeline settings --------------------------------------------------------------


def pipeline_stages(user, park):
    """The park's stages in order, each with how many projects it holds (``used``)."""
    return (
        Stage.objects.visible_to(user)
        .filter(park=park)
        .annotate(used=Count("projects"))
        .order_by("order")
    )
