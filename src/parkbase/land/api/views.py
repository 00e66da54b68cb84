"""REST endpoints of the land records: parcels (with their constraints and tenants,
read-only here), land quotas and approvals, buildings (with their letting totals) and
their units. Only administrators, leaders and staff
of the park see any of it; leaders read only. Writes go through the services; a stale
``version`` answers 409."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from parkbase.core import contributions
from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import (
    RULES_RESPONSE,
    DeleteThroughService,
    WriteThroughServices,
)
from parkbase.core.need_to_know import annotate
from parkbase.core.scoping import UNDER_PARENT
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

RULES = RULES_RESPONSE


def _schema(serializer):
    return extend_schema_view(
        create=extend_schema(responses={201: serializer, 400: RULES}),
        update=extend_schema(responses={200: serializer, 400: RULES, 409: STALE}),
        partial_update=extend_schema(responses={200: serializer, 400: RULES, 409: STALE}),
    )


@_schema(ParcelSerializer)
class ParcelViewSet(DeleteThroughService, WriteThroughServices):
    """Parcels (宗地) of the caller's park, with their constraints and tenants.
    DELETE needs the `version` in the body."""

    queryset = Parcel.objects.none()  # the model only: rows come from visible_to()
    serializer_class = ParcelSerializer
    create_serializer_class = ParcelCreateSerializer
    filterset_class = ParcelFilterSet
    delete_service = staticmethod(services.parcel_delete)
    service_arg = "parcel"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "constraints",
                    queryset=annotate(Constraint.objects.unscoped(UNDER_PARENT), self.request.user),
                ),
                Prefetch(
                    "tenancies",
                    queryset=Tenancy.objects.unscoped(UNDER_PARENT).select_related("enterprise"),
                ),
            )
        )


@_schema(ApprovalSerializer)
class ApprovalViewSet(WriteThroughServices):
    """Land quotas and approvals (征地计划, 用地指标, 农转用, 供地, 规划许可) of the
    caller's park: the parcels they cover, the project they serve, the project
    blockers waiting for them."""

    queryset = Approval.objects.none()
    serializer_class = ApprovalSerializer
    create_serializer_class = ApprovalCreateSerializer
    filterset_class = ApprovalFilterSet  # it also annotates the project each serves

    def get_queryset(self):
        approvals = (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("parcels", queryset=Parcel.objects.unscoped(UNDER_PARENT).only("id"))
            )
        )
        link = contributions.APPROVAL_SERVES()  # and the blockers waiting for each
        return link.prefetch(approvals) if link is not None else approvals


@_schema(BuildingSerializer)
class BuildingViewSet(DeleteThroughService, WriteThroughServices):
    """Buildings (标准厂房, offices, warehouses …) of the caller's park, each with the
    totals of its letting control table (租控表): the area of its units occupied,
    vacant and reserved and the occupancy rate. DELETE (which deletes the units too)
    needs the `version` in the body."""

    queryset = Building.objects.none()
    serializer_class = BuildingSerializer
    create_serializer_class = BuildingSerializer
    filterset_class = BuildingFilterSet  # it also sums the units' areas in SQL
    delete_service = staticmethod(building_services.building_delete)
    service_arg = "building"
    select_related = ("parcel",)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        # the list reads the filterset's sums; a single building reads its units
        context["letting_from_units"] = self.action != "list"
        return context


@_schema(UnitSerializer)
class UnitViewSet(DeleteThroughService, WriteThroughServices):
    """Lettable units of the caller's park's buildings: floor, area, status (occupied
    with a tenant, vacant, reserved). The units of a building may not cover more than
    its floor area (400 naming `area`). DELETE needs the `version` in the body."""

    queryset = Unit.objects.none()
    serializer_class = UnitSerializer
    create_serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    delete_service = staticmethod(building_services.unit_delete)
    service_arg = "unit"
    select_related = ("building", "tenant")
