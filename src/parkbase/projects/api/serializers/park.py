"""The park's pipeline stages and its investors over the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parkbase.core.api.need_to_know import RedactedSerializerMixin
from parkbase.core.api.serializers import (
    ModelSerializer,
    ParkOnCreateMixin,
    ScopedPrimaryKeyRelatedField,
    Serializer,
    VersionedModelSerializer,
    request_user,
)
from parkbase.projects import services
from parkbase.projects.models import Investor, Project, ProjectInvestor, Stage

# ---------------------------------------------------------------- pipeline stages


class GateFieldSerializer(Serializer):
    field = serializers.CharField()
    label = serializers.CharField()


class StageSerializer(ModelSerializer):
    """A stage of the park's pipeline; ``gate``: the project fields a move into it
    needs (``required_fields``, with their labels)."""

    gate = serializers.SerializerMethodField()

    class Meta:
        model = Stage
        fields = ["id", "park", "code", "name", "name_en", "order", "required_fields", "gate"]
        read_only_fields = fields

    @extend_schema_field(GateFieldSerializer(many=True))
    def get_gate(self, stage) -> list[dict]:
        return [
            {"field": name, "label": str(Project._meta.get_field(name).verbose_name)}
            for name in stage.required_fields
        ]


# ---------------------------------------------------------------- investors


class InvestorSerializer(VersionedModelSerializer):
    """An investor (company or person) the park deals with."""

    park = serializers.PrimaryKeyRelatedField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    origin_display = serializers.CharField(source="get_origin_display", read_only=True)

    class Meta:
        model = Investor
        fields = [
            "id",
            "park",
            "name",
            "kind",
            "kind_display",
            "origin",
            "origin_display",
            "region",
            "uscc",
            "contact",
            "phone",
            "note",
            "version",
        ]
        validators = []  # the service checks a name used twice, keyed by field

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        return services.investor_update(
            investor=instance,
            expected_version=expected_version,
            user=request_user(self),
            **validated_data,
        )


class InvestorCreateSerializer(ParkOnCreateMixin, InvestorSerializer):
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        user = request_user(self)
        park = self.park_of(validated_data)
        return services.investor_create(park=park, user=user, **validated_data)


class InvestorLinkSerializer(RedactedSerializerMixin, ModelSerializer):
    """One investor of a project and its role."""

    investor_name = serializers.CharField(source="investor.name", read_only=True)
    investor_origin = serializers.CharField(source="investor.origin", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ProjectInvestor
        fields = [
            "id",
            "investor",
            "investor_name",
            "investor_origin",
            "role",
            "role_display",
            "note",
        ]
        read_only_fields = fields


class InvestorLinkWriteSerializer(ModelSerializer):
    investor = ScopedPrimaryKeyRelatedField(queryset=Investor.objects.all(), label=_("investor"))

    class Meta:
        model = ProjectInvestor
        fields = ["investor", "role", "note"]
        validators = []
