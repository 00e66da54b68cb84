"""REST endpoints of the survey desk: campaigns (with balancing and progress),
assignments (visits, status moves, the form, verification) and concerns."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import AuditedDestroyMixin, WriteThroughServices
from parkbase.core.api.serializers import ActionSerializer
from parkbase.core.choices import Action
from parkbase.enterprises.models import Enterprise
from parkbase.surveys import selectors, services
from parkbase.surveys.api.serializers import (
    AssignmentCreateSerializer,
    AssignmentSerializer,
    BalanceRequestSerializer,
    BalanceResultSerializer,
    CampaignCreateSerializer,
    CampaignSerializer,
    ConcernCreateSerializer,
    ConcernSerializer,
    FormSerializer,
    FormWriteSerializer,
    ProgressSerializer,
    TransitionSerializer,
    VisitSerializer,
    form_payload,
)
from parkbase.surveys.filtersets import AssignmentFilterSet, CampaignFilterSet, ConcernFilterSet
from parkbase.surveys.models import Assignment, Campaign, Concern

IN_USE = OpenApiResponse(description="Other records still refer to this one.")
RULES = OpenApiResponse(description="A rule is broken; the body names the field and the rule.")


@extend_schema_view(
    create=extend_schema(responses={201: CampaignSerializer, 400: RULES}),
    update=extend_schema(responses={200: CampaignSerializer, 400: RULES, 409: STALE}),
    partial_update=extend_schema(responses={200: CampaignSerializer, 400: RULES, 409: STALE}),
)
class CampaignViewSet(WriteThroughServices):
    """Survey campaigns of the caller's park. Staff create and edit them (send the
    `version` you read), balance assignments over the teams, and follow progress."""

    queryset = Campaign.objects.none()  # the model only: rows come from visible_to()
    serializer_class = CampaignSerializer
    create_serializer_class = CampaignCreateSerializer
    filterset_class = CampaignFilterSet
    select_related = ("park",)

    def get_queryset(self):
        user = self.request.user
        queryset = (
            super()
            .get_queryset()
            .prefetch_related(
                "scope_phases",
                "scope_departments",
                Prefetch("scope_enterprises", queryset=Enterprise.objects.visible_to(user)),
                "teams__members",
                "teams__leader",
            )
        )
        return selectors.with_assignment_counts(user, queryset, teams=False)

    @property
    def scope_action(self):
        return Action.CHANGE if self.action == "balance" else None

    @extend_schema(
        request=BalanceRequestSerializer,
        responses={200: BalanceResultSerializer, 400: RULES},
        description="Assign every in-scope enterprise without an assignment: whole phases "
        "to teams, largest first, each onto the least-loaded team.",
    )
    @action(detail=True, methods=["post"])
    def balance(self, request, pk=None):
        campaign = self.get_object()
        params = BalanceRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        result = services.assignments_balance(
            user=request.user, campaign=campaign, reset=params.validated_data["reset"]
        )
        return Response(BalanceResultSerializer(result).data)

    @extend_schema(responses={200: ProgressSerializer})
    @action(detail=True, methods=["get"], filterset_class=None)
    def progress(self, request, pk=None):
        """Counts by status, team and phase (of the assignments the caller may see) and
        the assignments not verified yet."""
        campaign = self.get_object()
        progress = selectors.campaign_progress(request.user, campaign)
        data = {
            "total": progress["total"],
            "totals": progress["totals"],
            "verified_share": progress["verified_share"],
            "days_since_start": progress["days_since_start"],
            "by_team": dict(progress["by_team"]),
            "by_phase": dict(progress["by_phase"]),
            "missing": [a.pk for a in progress["missing"]],
        }
        return Response(ProgressSerializer(data).data)


@extend_schema_view(
    create=extend_schema(responses={201: AssignmentSerializer, 400: RULES}),
    update=extend_schema(responses={200: AssignmentSerializer, 400: RULES, 409: STALE}),
    partial_update=extend_schema(responses={200: AssignmentSerializer, 400: RULES, 409: STALE}),
)
class AssignmentViewSet(WriteThroughServices):
    """Assignments of enterprises to survey teams the caller may see: survey members
    their teams' in open campaigns, enterprise users their own. Staff add and move
    them (PATCH `team`); visits, status moves, the form and verification are actions."""

    queryset = Assignment.objects.none()
    serializer_class = AssignmentSerializer
    create_serializer_class = AssignmentCreateSerializer
    filterset_class = AssignmentFilterSet
    select_related = (
        "campaign",
        "team",
        "enterprise",
        "enterprise__phase",
        "enterprise__department",
        "response",
    )

    WRITE_ACTIONS = ("visit", "transition", "verify")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("visitors")

    @property
    def scope_action(self):
        if self.action in self.WRITE_ACTIONS:
            return Action.CHANGE
        if self.action == "form":
            return Action.CHANGE if self.request.method == "PUT" else Action.VIEW
        return None

    @extend_schema(
        request=VisitSerializer, responses={200: AssignmentSerializer, 400: RULES, 409: STALE}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def visit(self, request, pk=None):
        """Record or correct the visit (date, visitors, notes); a first visit moves
        the assignment to visited."""
        return self.act(request, VisitSerializer, services.assignment_visit, "assignment")

    @extend_schema(
        request=TransitionSerializer, responses={200: AssignmentSerializer, 400: RULES, 409: STALE}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def transition(self, request, pk=None):
        """Move the status: forward one step, or back with a `reason`."""
        return self.act(request, TransitionSerializer, services.assignment_transition, "assignment")

    @extend_schema(
        methods=["GET"],
        responses={200: FormSerializer},
        description="The form: as stored, or else last year's figures to start from; "
        "the changes against that year and the flags.",
    )
    @extend_schema(
        methods=["PUT"],
        request=FormWriteSerializer,
        responses={200: FormSerializer, 400: RULES, 409: STALE},
        description="Save the form (figures in m², yuan, tce, kWh, t) and move the "
        "assignment to filled. Flags are returned; they never block saving.",
    )
    @action(detail=True, methods=["get", "put"], filterset_class=None)
    def form(self, request, pk=None):
        assignment = self.get_object()
        if request.method == "PUT":
            params = FormWriteSerializer(data=request.data)
            params.is_valid(raise_exception=True)
            services.survey_fill(
                user=request.user,
                assignment=assignment,
                figures=dict(params.validated_data["figures"]),
                expected_version=params.validated_data["version"],
            )
            assignment = self.get_queryset().get(pk=assignment.pk)
        return Response(FormSerializer(form_payload(request.user, assignment)).data)

    @extend_schema(
        request=ActionSerializer, responses={200: AssignmentSerializer, 400: RULES, 409: STALE}
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def verify(self, request, pk=None):
        """Write the filled-in figures into the survey year's yearly data (source
        survey) and mark the assignment verified."""
        return self.act(request, ActionSerializer, services.survey_verify, "assignment")


@extend_schema_view(
    create=extend_schema(responses={201: ConcernSerializer, 400: RULES}),
    update=extend_schema(responses={200: ConcernSerializer, 400: RULES, 409: STALE}),
    partial_update=extend_schema(responses={200: ConcernSerializer, 400: RULES, 409: STALE}),
    destroy=extend_schema(responses={204: None, 409: IN_USE}),
)
class ConcernViewSet(AuditedDestroyMixin, mixins.DestroyModelMixin, WriteThroughServices):
    """Concerns (诉求) the caller may see: department users those routed to them and
    those of the enterprises they supervise (they change the status and resolution
    of the routed ones). Survey members and enterprise users raise them."""

    queryset = Concern.objects.none()
    serializer_class = ConcernSerializer
    filterset_class = ConcernFilterSet
    create_serializer_class = ConcernCreateSerializer
    select_related = ("enterprise", "department")
