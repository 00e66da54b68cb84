"""The indicators' endpoints: the library, the targets with their split, key tasks,
and the progress table (``/api/indicator-progress/?year=2020&month=6``; the latest
month with returns when no period is given). Park-level data: administrators, leaders
and staff; every other role finds nothing (404)."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from parkbase.core.api.mixins import ScopedViewSetMixin
from parkbase.core.api.permissions import ScopedPermission
from parkbase.core.api.serializers import Serializer
from parkbase.core.clock import today
from parkbase.core.models import Park
from parkbase.indicators import selectors
from parkbase.indicators.api.serializers import (
    IndicatorSerializer,
    KeyTaskSerializer,
    ProgressRowSerializer,
    TargetSerializer,
)
from parkbase.indicators.filtersets import IndicatorFilterSet, KeyTaskFilterSet, TargetFilterSet
from parkbase.indicators.models import Indicator, KeyTask, Target
from parkbase.indicators.report import progress_json
from parkbase.projects.models import Project


class IndicatorViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The park's indicators: unit, direction and where the values come from."""

    queryset = Indicator.objects.none()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet


class TargetViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The yearly targets with their split by responsible unit and by month."""

    queryset = Target.objects.none()
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    select_related = ("indicator",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("shares__unit", "months")


class KeyTaskViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The key tasks of the year's work plan and what they are linked to. A linked
    project is named as you may see it (`linked_projects`): a confidential project you
    are not an insider of by its code name, as on the task's page."""

    queryset = KeyTask.objects.none()
    serializer_class = KeyTaskSerializer
    filterset_class = KeyTaskFilterSet

    def get_queryset(self):
        # the projects read for the caller: each marked insider or not, so that its
        # name is the one the caller may see
        projects = Project.objects.visible_to(self.request.user).order_by("id")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("projects", queryset=projects), "parcels", "decisions", "indicators"
            )
        )


class ProgressParams(Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    park = serializers.IntegerField(required=False)


class ProgressView(APIView):
    """The progress table of the park at a month end (by default the latest month the
    park's monthly returns have figures for, not after the as-of date: of the year asked
    for, else of this year or the years before): year to date, target, completion,
    elapsed time, growth, projection and alerts."""

    permission_classes = [ScopedPermission]
    queryset = Indicator.objects.none()  # whose roles may read it (ScopedPermission)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="the year of the latest returns by default"),
            OpenApiParameter("month", int, description="1–12"),
            OpenApiParameter("park", int, description="park id (administrators)"),
        ],
        responses=ProgressRowSerializer(many=True),
    )
    def get(self, request):
        params = ProgressParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        user = request.user
        park = user.park if user.park_id else None
        if park is None:
            parks = Park.objects.visible_to(user).order_by("code")
            wanted = params.validated_data.get("park")
            park = parks.filter(pk=wanted).first() if wanted else parks.first()
        if park is None:
            raise Http404
        year, month = params.validated_data.get("year"), params.validated_data.get("month")
        if year is None:
            year, month = (today().year, month) if month else selectors.data_period(park, user)
        rows = selectors.progress_table(park, year, month, user)
        return Response(progress_json(rows))
