"""REST endpoints of the land records: parcels (with their constraints and tenants,
read-only here) and land quotas and approvals. Only administrators, leaders and staff
of the park see any of it; leaders read only. Writes go through the services; a stale
``version`` answers 409."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from parkbase.core.api.mixins import ScopedViewSetMixin
from parkbase.core.api.serializers import VERSION_REQUIRED
from parkbase.land import services
from parkbase.land.api.filters import ApprovalFilterSet, ParcelFilterSet
from parkbase.land.api.serializers import (
    ApprovalCreateSerializer,
    ApprovalSerializer,
    ParcelCreateSerializer,
    ParcelSerializer,
)
from parkbase.land.models import Approval, Constraint, Parcel, Tenancy
from parkbase.projects.models import Blocker

STALE = OpenApiResponse(
    description="Someone saved the record after you read it: the body carries "
    "`current_version`; reload, re-apply your change and send the new version."
)
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
                Prefetch("constraints", queryset=Constraint.objects.unscoped()),
                Prefetch(
                    "tenancies", queryset=Tenancy.objects.unscoped().select_related("enterprise")
                ),
            )
        )

    @extend_schema(responses={204: None, 400: RULES, 409: STALE})
    def destroy(self, request, *args, **kwargs):
        parcel = self.get_object()
        version = request.data.get("version") if hasattr(request.data, "get") else None
        if version is None:
            return Response({"version": [VERSION_REQUIRED]}, status.HTTP_400_BAD_REQUEST)
        try:
            version = int(version)
        except (TypeError, ValueError):
            return Response({"version": [VERSION_REQUIRED]}, status.HTTP_400_BAD_REQUEST)
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

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("parcels", queryset=Parcel.objects.unscoped().only("id")),
                Prefetch("blockers", queryset=Blocker.objects.unscoped().only("id", "approval")),
            )
        )
