"""REST endpoints of the land records: parcels (with their constraints and tenants,
read-only here), land quotas and approvals, buildings (with their letting totals) and
their units. Only administrators, leaders and staff
of the park see any of it; leaders read only. Writes go through the services; a stale
``version`` answers 409."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import ScopedViewSetMixin
from parkbase.core.api.serializers import VERSION_REQUIRED
from parkbase.core.need_to_know import annotate
from parkbase.land import services
from parkbase.land.api.filters import (
    ApprovalFilterSet,
    BuildingFilterSet,
    ParcelFilterSet,
    UnitFilterSet,
)
from parkbase.land.api.serializers import (
    ApprovalCreateSerializer,
    ApprovalSerializer,
    BuildingSerializer,
    ParcelCreateSerializer,
    ParcelSerializer,
    UnitSerializer,
)
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy, Unit
from parkbase.land.services import buildings as building_services
from parkbase.projects.models import Blocker

RULES = OpenApiResponse(
    description="A rule is broken; the body names the field and the rule (its code, e.g. "
    "`parcel_overlap`: send `confirm_overlap` to record it anyway)."
)


def _schema(serializer):
    return extend_schema_view(
        create=extend_schema(responses={201: serializer, 400: RULES}),
        update=extend_schema(responses={200: serializer, 400: RULES, 409: STALE}),
        partial_update=extend_schema(responses={200: serializer, 400: RULES, 409: STALE}),
    )


class WriteThroughServices(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    create_serializer_class = None

    def get_serializer_class(self):
        if self.action == "create":
            return self.create_serializer_class
        return super().get_serializer_class()

    def _answer(self, obj, code=status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(
            self.serializer_class(obj, context=self.get_serializer_context()).data, code
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(serializer.save(), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self._answer(serializer.save())


@_schema(ParcelSerializer)
class ParcelViewSet(WriteThroughServices, mixins.DestroyModelMixin):
    """Parcels (宗地) of the caller's park, with their constraints and tenants.
    DELETE needs the `version` in the body."""

    queryset = Parcel.objects.none()  # the model only: rows come from visible_to()
    serializer_class = ParcelSerializer
    create_serializer_class = ParcelCreateSerializer
    filterset_class = ParcelFilterSet

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "constraints",
                    queryset=annotate(Constraint.objects.unscoped(), self.request.user),
                ),
                Prefetch(
                    "tenancies", queryset=Tenancy.objects.unscoped().select_related("enterprise")
                ),
            )
        )

    @extend_schema(responses={204: None, 400: RULES, 409: STALE})
    def destroy(self, request, *args, **kwargs):
        parcel = self.get_object()
        version = _version_to_delete(request)
        if version is None:
            return _version_missing()
        services.parcel_delete(parcel=parcel, expected_version=version, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@_schema(ApprovalSerializer)
class ApprovalViewSet(WriteThroughServices):
    """Land quotas and approvals (征地计划, 用地指标, 农转用, 供地, 规划许可) of the
    caller's park: the parcels they cover, the project they serve, the project
    blockers waiting for them."""

    queryset = Approval.objects.none()
    serializer_class = ApprovalSerializer
    create_serializer_class = ApprovalCreateSerializer
    filterset_class = ApprovalFilterSet
    select_related = ("project",)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("parcels", queryset=Parcel.objects.unscoped().only("id")),
                Prefetch("blockers", queryset=Blocker.objects.unscoped().only("id", "approval")),
            )
        )


def _version_to_delete(request) -> int | None:
    """The ``version`` a DELETE names in its body, or None when it names none."""
    version = request.data.get("version") if hasattr(request.data, "get") else None
    try:
        return int(version)
    except (TypeError, ValueError):
        return None


def _version_missing() -> Response:
    return Response({"version": [VERSION_REQUIRED]}, status.HTTP_400_BAD_REQUEST)


@_schema(BuildingSerializer)
class BuildingViewSet(WriteThroughServices, mixins.DestroyModelMixin):
    """Buildings (标准厂房, offices, warehouses …) of the caller's park, each with the
    totals of its letting control table (租控表): the area of its units occupied,
    vacant and reserved and the occupancy rate. DELETE (which deletes the units too)
    needs the `version` in the body."""

    queryset = Building.objects.none()
    serializer_class = BuildingSerializer
    create_serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet  # it also sums the units' areas in SQL
    select_related = ("parcel",)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # the list reads the filterset's sums; a single building reads its units
        context["letting_from_units"] = self.action != "list"
        return context

    @extend_schema(responses={204: None, 400: RULES, 409: STALE})
    def destroy(self, request, *args, **kwargs):
        building = self.get_object()
        version = _version_to_delete(request)
        if version is None:
            return _version_missing()
        building_services.building_delete(
            building=building, expected_version=version, user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@_schema(UnitSerializer)
class UnitViewSet(WriteThroughServices, mixins.DestroyModelMixin):
    """Lettable units of the caller's park's buildings: floor, area, status (occupied
    with a tenant, vacant, reserved). The units of a building may not cover more than
    its floor area (400 naming `area`). DELETE needs the `version` in the body."""

    queryset = Unit.objects.none()
    serializer_class = UnitSerializer
    create_serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    select_related = ("building", "tenant")

    @extend_schema(responses={204: None, 400: RULES, 409: STALE})
    def destroy(self, request, *args, **kwargs):
        unit = self.get_object()
        version = _version_to_delete(request)
        if version is None:
            return _version_missing()
        building_services.unit_delete(unit=unit, expected_version=version, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
