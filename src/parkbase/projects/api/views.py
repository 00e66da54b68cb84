"""REST endpoints of the investment desk (招商引资): projects (with moves through the
stages, pausing, terminating, reopening, losing, their investors and timeline),
investors, activities, blockers, funding and the pipeline's stages.

Only administrators, leaders and staff of the park see any of it; leaders read only.
A confidential project shows its code name, never its real name, investors or
description, to everyone but its insiders (see the serializers)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Case, CharField, F, Prefetch, When
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import (
    CreateThroughServices,
    ScopedViewSetMixin,
    WriteThroughServices,
)
from parkbase.core.choices import Action
from parkbase.core.scoping import UNDER_PARENT, role_sees_model
from parkbase.projects import services
from parkbase.projects.api.filters import (
    ActivityFilterSet,
    BlockerFilterSet,
    FundingFilterSet,
    ProjectApiFilterSet,
    StageFilterSet,
)
from parkbase.projects.api.serializers import (
    ActivityCreateSerializer,
    ActivitySerializer,
    BlockerCreateSerializer,
    BlockerSerializer,
    DoneSerializer,
    FundingSerializer,
    InvestorCreateSerializer,
    InvestorLinkSerializer,
    InvestorLinkWriteSerializer,
    InvestorSerializer,
    LoseSerializer,
    MoveSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    StageSerializer,
    StatusSerializer,
    TimelineSerializer,
    guard_hidden,
    resolve_stage,
)
from parkbase.projects.filtersets import InvestorFilterSet
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    ProjectInvestor,
    Stage,
    StageChange,
)

RULES = OpenApiResponse(description="A rule is broken; the body names the field and the rule.")
INSIDERS = OpenApiResponse(
    description="Only the insiders of a confidential project may see or change this."
)


def _write_schema(serializer, *, destroy=False):
    views = {
        "create": extend_schema(responses={201: serializer, 400: RULES}),
        "update": extend_schema(responses={200: serializer, 400: RULES, 409: STALE}),
        "partial_update": extend_schema(responses={200: serializer, 400: RULES, 409: STALE}),
    }
    if destroy:
        views["destroy"] = extend_schema(responses={204: None})
    return extend_schema_view(**views)


# ---------------------------------------------------------------- projects


def _renamed(exc: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """The services key a move's date ``changed_on``; the API calls it ``date``."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


DATE_FIELD = {"changed_on": "date"}


@_write_schema(ProjectSerializer)
class ProjectViewSet(WriteThroughServices):
    """Investment projects of the caller's park (administrators, leaders and staff;
    leaders read only). Search (`q`) matches the real name only where you are an
    insider, the code name always. A non-insider of a confidential project sees its
    code name as `name`, and no description, referrer, investors, insiders or
    registered enterprise; only insiders change those (PATCH the other fields)."""

    queryset = Project.objects.none()  # the model only: rows come from visible_to()
    serializer_class = ProjectSerializer
    create_serializer_class = ProjectCreateSerializer
    filterset_class = ProjectApiFilterSet
    select_related = ("stage", "officer", "department", "enterprise", "loss")

    CHANGE_ACTIONS = ("move", "set_status", "lose", "investors", "remove_investor")

    @property
    def scope_action(self):
        return Action.CHANGE if self.action in self.CHANGE_ACTIONS else None

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "insiders",
                Prefetch(
                    "investor_links",
                    queryset=ProjectInvestor.objects.unscoped(UNDER_PARENT).select_related(
                        "investor"
                    ),
                ),
                "loss__destinations",
            )
            .annotate(
                # the name as the caller sees it, to sort by without revealing anything
                shown=Case(
                    When(insider=True, then=F("name")),
                    default=F("code_name"),
                    output_field=CharField(),
                )
            )
        )

    @extend_schema(
        request=MoveSerializer,
        responses={200: ProjectSerializer, 400: RULES, 403: INSIDERS, 409: STALE},
        description="Move the project into another stage (by id or code), on `date` "
        "(today if not given). The stage's gate must hold with the project's data and "
        "the project fields given with the move (e.g. `signed_on` and "
        "`contracted_amount` to enter signed); both are saved together or not at all.",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def move(self, request, pk=None):
        project = self.get_object()
        params = MoveSerializer(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        values = dict(params.validated_data)
        stage = resolve_stage(request.user, project.park, values.pop("stage"))
        on, note = values.pop("date", None), values.pop("note", "")
        version = values.pop("version")
        guard_hidden(project, values)
        try:
            saved = services.project_move(
                project=project,
                stage=stage,
                expected_version=version,
                user=request.user,
                on=on,
                note=note,
                **values,
            )
        except DjangoValidationError as exc:
            raise _renamed(exc, DATE_FIELD) from exc
        return self.read_back(saved)

    @extend_schema(
        request=StatusSerializer,
        responses={200: ProjectSerializer, 400: RULES, 409: STALE},
        description="Pause, terminate or reopen (active) the project, with a note "
        "saying why. Landed is set by the landed rule, lost by the `lose` action.",
    )
    @action(detail=True, methods=["post"], url_path="status", filterset_class=None)
    def set_status(self, request, pk=None):
        project = self.get_object()
        params = StatusSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            saved = services.project_set_status(
                project=project,
                status=data["status"],
                expected_version=data["version"],
                note=data["note"],
                user=request.user,
                on=data.get("date"),
            )
        except DjangoValidationError as exc:
            raise _renamed(exc, DATE_FIELD) from exc
        return self.read_back(saved)

    @extend_schema(
        request=LoseSerializer,
        responses={200: ProjectSerializer, 400: RULES, 409: STALE},
        description="Record the project as lost (流失): the reason, the day, what "
        "happened, what would have kept it and where it went (one or more places).",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def lose(self, request, pk=None):
        project = self.get_object()
        params = LoseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        services.project_lose(
            project=project,
            expected_version=data["version"],
            reason=data["reason"],
            lost_on=data["lost_on"],
            destinations=[dict(d) for d in data["destinations"]],
            detail=data["detail"],
            would_have_kept=data["would_have_kept"],
            user=request.user,
        )
        return self.read_back(project)

    @extend_schema(responses={200: TimelineSerializer(many=True)})
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def timeline(self, request, pk=None):
        """Every move of the project, oldest first: the stages it entered (with the
        days it stayed) and its status changes."""
        project = self.get_object()
        moves = (
            StageChange.objects.visible_to(request.user)
            .filter(project=project)
            .select_related("stage", "user")
            .order_by("changed_on", "id")
        )
        return Response(TimelineSerializer(moves, many=True).data)

    @extend_schema(
        request=InvestorLinkWriteSerializer,
        responses={201: InvestorLinkSerializer, 400: RULES, 403: INSIDERS},
        description="Add an investor to the project (insiders only, if confidential).",
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def investors(self, request, pk=None):
        project = self.get_object()
        services.require_insider(request.user, project)
        params = InvestorLinkWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        params.is_valid(raise_exception=True)
        link = services.project_investor_add(
            project=project, user=request.user, **params.validated_data
        )
        answer = InvestorLinkSerializer(link, context=self.get_serializer_context())
        return Response(answer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "link_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The link's id."
            )
        ],
        request=None,
        responses={204: None, 403: INSIDERS},
        description="Remove an investor from the project (insiders only, if confidential).",
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"investors/(?P<link_id>\d+)",
        filterset_class=None,
    )
    def remove_investor(self, request, pk=None, link_id=None):
        project = self.get_object()
        services.require_insider(request.user, project)
        link = project.investor_links.filter(pk=link_id).first()
        if link is None:
            raise NotFound()
        services.project_investor_remove(link=link, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- investors


@_write_schema(InvestorSerializer)
class InvestorViewSet(WriteThroughServices):
    """Investors the park deals with; one that only confidential projects name is its
    insiders' to know (``Investor.objects.visible_to``)."""

    queryset = Investor.objects.none()
    serializer_class = InvestorSerializer
    create_serializer_class = InvestorCreateSerializer
    filterset_class = InvestorFilterSet


# ---------------------------------------------------------------- records of a project


@_write_schema(ActivitySerializer)
class ActivityViewSet(WriteThroughServices):
    """Activities of the projects (visits, calls, meetings, reports, requests) with
    their next steps. `project_name` is the project's name as you may see it."""

    queryset = Activity.objects.none()
    serializer_class = ActivitySerializer
    create_serializer_class = ActivityCreateSerializer
    filterset_class = ActivityFilterSet
    select_related = ("project", "owner")

    @property
    def scope_action(self):
        return Action.CHANGE if self.action == "done" else None

    @extend_schema(
        request=DoneSerializer, responses={200: ActivitySerializer, 400: RULES, 409: STALE}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def done(self, request, pk=None):
        """Mark the next step done (today, or on `done_on`)."""
        return self.act(request, DoneSerializer, services.activity_done, "activity")


@_write_schema(BlockerSerializer)
class BlockerViewSet(WriteThroughServices):
    """What stops the projects, who must act, by when and how far up it went (督办).
    `project_name` is the project's name as you may see it."""

    queryset = Blocker.objects.none()
    serializer_class = BlockerSerializer
    create_serializer_class = BlockerCreateSerializer
    filterset_class = BlockerFilterSet
    select_related = ("project", "owner")


@extend_schema_view(
    create=extend_schema(responses={201: FundingSerializer, 400: RULES}),
    destroy=extend_schema(responses={204: None}),
)
class FundingViewSet(mixins.DestroyModelMixin, CreateThroughServices):
    """Planned, contracted and in-place money of the projects (yuan). A record is
    added or deleted, never changed. Of a confidential project you are not an insider
    of, the investor and source name are not shown."""

    queryset = Funding.objects.none()
    serializer_class = FundingSerializer
    filterset_class = FundingFilterSet
    select_related = ("project", "investor")

    def perform_destroy(self, instance):
        services.funding_delete(record=instance, user=self.request.user)


class StageViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The stages of the park's pipeline in order, each with its gate: the project
    fields a move into it needs."""

    queryset = Stage.objects.none()
    serializer_class = StageSerializer
    filterset_class = StageFilterSet

    def get_queryset(self):
        user = self.request.user
        park = getattr(user, "park", None)
        if park is not None and self.action == "list" and role_sees_model(user, Stage):
            services.pipeline_ensure(park)  # a park gets the default pipeline when it needs one
        return super().get_queryset().order_by("park", "order")
