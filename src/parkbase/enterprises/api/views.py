"""REST endpoints of the enterprise registry and its yearly data."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins

from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import AuditedDestroyMixin, WriteThroughServices
from parkbase.enterprises.api.serializers import (
    EnterpriseCreateSerializer,
    EnterpriseSerializer,
    EnterpriseYearCreateSerializer,
    EnterpriseYearSerializer,
)
from parkbase.enterprises.filtersets import EnterpriseFilterSet, EnterpriseYearFilterSet
from parkbase.enterprises.models import Enterprise, EnterpriseYear

IN_USE = OpenApiResponse(description="Other records still refer to this one.")


def _write_schema(serializer):
    return extend_schema_view(
        create=extend_schema(responses={201: serializer}),
        update=extend_schema(responses={200: serializer, 409: STALE}),
        partial_update=extend_schema(responses={200: serializer, 409: STALE}),
        destroy=extend_schema(responses={204: None, 409: IN_USE}),
    )


@_write_schema(EnterpriseSerializer)
class EnterpriseViewSet(AuditedDestroyMixin, mixins.DestroyModelMixin, WriteThroughServices):
    """Enterprises the caller may see. Creating and editing need the staff or
    administrator role; edits must send the `version` they read."""

    queryset = Enterprise.objects.none()  # the model only: rows come from visible_to()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    create_serializer_class = EnterpriseCreateSerializer
    select_related = ("phase", "department", "park")


@_write_schema(EnterpriseYearSerializer)
class EnterpriseYearViewSet(AuditedDestroyMixin, mixins.DestroyModelMixin, WriteThroughServices):
    """Yearly figures of the enterprises the caller may see, in canonical units
    (m², yuan, tce, kWh, t)."""

    queryset = EnterpriseYear.objects.none()
    serializer_class = EnterpriseYearSerializer
    filterset_class = EnterpriseYearFilterSet
    create_serializer_class = EnterpriseYearCreateSerializer
    select_related = ("enterprise",)
