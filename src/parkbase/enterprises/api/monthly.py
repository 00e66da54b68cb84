"""Monthly returns over the API: read the returns and derived figures the caller may
see; file and correct returns through ``monthly_services`` (an enterprise user its
own enterprise's, from the portal; staff any enterprise of their park)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from parkbase.core.api.exceptions import STALE_RESPONSE as STALE
from parkbase.core.api.mixins import ScopedViewSetMixin, WriteThroughServices
from parkbase.core.api.serializers import (
    ModelSerializer,
    ScopedPrimaryKeyRelatedField,
    request_user,
)
from parkbase.core.choices import Action
from parkbase.enterprises import monthly_services as services
from parkbase.enterprises.choices import ReturnBasis, ReturnSource
from parkbase.enterprises.filtersets import MonthlyFigureFilterSet, MonthlyReturnFilterSet
from parkbase.enterprises.models import Enterprise, MonthlyFigure, MonthlyReturn
from parkbase.enterprises.monthly import FIGURES

RETURN_FIELDS = [
    "id",
    "enterprise",
    "enterprise_name",
    "year",
    "period_start",
    "period_end",
    "basis",
    "source",
    *FIGURES,
    "confirmed_jumps",
    "note",
    "filed_by",
    "filed_at",
    "version",
    "updated_at",
]


class MonthlyReturnSerializer(ModelSerializer):
    """A return as filed, its figures in yuan, tce and kWh, on its ``basis`` (``period``:
    the months period_start..period_end; ``ytd``: January to period_end)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    version = serializers.IntegerField(
        min_value=1, required=False, help_text=_("The version you read; required to change.")
    )
    confirm_jumps = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Confirm the figures that jumped against last month or last year."),
    )

    class Meta:
        model = MonthlyReturn
        fields = [*RETURN_FIELDS, "confirm_jumps"]
        read_only_fields = [
            "enterprise",
            "year",
            "period_end",
            "source",
            "confirmed_jumps",
            "filed_by",
            "filed_at",
            "updated_at",
        ]
        validators = []

    def _file(self, *, enterprise, year, period_end, source, data, version=None):
        figures = {name: data.get(name) for name in FIGURES}
        return services.monthly_return_file(
            user=request_user(self),
            enterprise=enterprise,
            year=year,
            period_start=data.get("period_start") or period_end,
            period_end=period_end,
            basis=data["basis"],
            values=figures,
            source=source,
            confirm_jumps=data.get("confirm_jumps", False),
            note=data.get("note", ""),
            expected_version=version,
        ).monthly_return

    def update(self, instance, validated_data):
        merged = {
            "basis": instance.basis,
            "period_start": instance.period_start,
            "note": instance.note,
            **{name: getattr(instance, name) for name in FIGURES},
            **validated_data,
        }
        if validated_data.get("version") is None:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        return self._file(
            enterprise=instance.enterprise,
            year=instance.year,
            period_end=instance.period_end,
            source=instance.source,
            data=merged,
            version=validated_data["version"],
        )


class MonthlyReturnCreateSerializer(MonthlyReturnSerializer):
    """Filing a return: a second filing of the same month and source updates it."""

    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), action=Action.VIEW, label=_("enterprise")
    )
    year = serializers.IntegerField(min_value=1949, max_value=2100)
    period_end = serializers.IntegerField(min_value=1, max_value=12)
    period_start = serializers.IntegerField(min_value=1, max_value=12, required=False)
    basis = serializers.ChoiceField(choices=ReturnBasis.choices)
    source = serializers.ChoiceField(
        choices=ReturnSource.choices,
        required=False,
        help_text=_("Staff only: statistics or staff (the default); enterprises file as portal."),
    )
    version = serializers.IntegerField(read_only=True)

    class Meta(MonthlyReturnSerializer.Meta):
        read_only_fields = ["confirmed_jumps", "filed_by", "filed_at", "updated_at"]

    def create(self, validated_data):
        return self._file(
            enterprise=validated_data["enterprise"],
            year=validated_data["year"],
            period_end=validated_data["period_end"],
            source=validated_data.get("source"),
            data=validated_data,
        )


@extend_schema_view(
    create=extend_schema(
        responses={201: MonthlyReturnSerializer, 400: OpenApiResponse(description="Refused")}
    ),
    update=extend_schema(responses={200: MonthlyReturnSerializer, 409: STALE}),
    partial_update=extend_schema(responses={200: MonthlyReturnSerializer, 409: STALE}),
)
class MonthlyReturnViewSet(WriteThroughServices):
    """Monthly returns of the enterprises the caller may see, as filed. Filing checks
    the month is over, no figure is negative, the year to date never falls; figures
    that jumped are refused until ``confirm_jumps`` is sent. Changes send ``version``."""

    queryset = MonthlyReturn.objects.none()
    serializer_class = MonthlyReturnSerializer
    create_serializer_class = MonthlyReturnCreateSerializer
    filterset_class = MonthlyReturnFilterSet
    select_related = ("enterprise",)


class MonthlyFigureSerializer(ModelSerializer):
    """What the winning returns say for one filed period: each figure's period value
    and its year-to-date value (``<figure>_ytd``), with what the checks flagged."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = MonthlyFigure
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "year",
            "period_start",
            "period_end",
            "source",
            "basis",
            *(name for figure in FIGURES for name in (figure, f"{figure}_ytd")),
            "flags",
            "flagged",
            "updated_at",
        ]
        read_only_fields = fields


class MonthlyFigureViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The derived monthly figures of the enterprises the caller may see (read only)."""

    queryset = MonthlyFigure.objects.none()
    serializer_class = MonthlyFigureSerializer
    filterset_class = MonthlyFigureFilterSet
    select_related = ("enterprise",)
