"""Enterprises and their yearly data over the API. Every write goes through
``parkbase.enterprises.services`` (validation, optimistic locking, audit trail); the
serializers only parse types and check what the request itself must get right."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core import uscc as uscc_rules
from parkbase.core.api.serializers import (
    ParkOnCreateMixin,
    ScopedPrimaryKeyRelatedField,
    VersionedModelSerializer,
    optional_record,
    request_user,
)
from parkbase.core.choices import Action
from parkbase.core.models import Department, Phase
from parkbase.enterprises import services
from parkbase.enterprises.choices import Source
from parkbase.enterprises.models import Enterprise, EnterpriseYear

ENTERPRISE_READ_FIELDS = [
    "id",
    "park",
    "name",
    "uscc",
    "registration_type",
    "registration_type_display",
    "industry_code",
    "status",
    "status_display",
    "is_above_size",
    "is_high_tech",
    "is_specialized",
    "is_listed",
    "phase",
    "phase_code",
    "phase_name",
    "department",
    "department_code",
    "department_name",
    "address",
    "legal_representative",
    "contact_person",
    "contact_phone",
    "founded_on",
    "moved_in_on",
    "registered_capital",
    "version",
    "created_at",
    "updated_at",
]

# The yearly figures and their provenance: every editable column but the enterprise.
YEAR_FIELDS = tuple(
    f.name
    for f in EnterpriseYear._meta.concrete_fields
    if f.editable and f.name not in ("id", "enterprise")
)
FIGURE_FIELDS = tuple(f for f in YEAR_FIELDS if f not in ("year", "source", "sources"))


class EnterpriseSerializer(VersionedModelSerializer):
    """An enterprise. ``park`` is fixed once created; money is in yuan."""

    park = serializers.PrimaryKeyRelatedField(read_only=True)
    uscc = serializers.CharField(
        max_length=40,
        allow_blank=True,
        required=False,
        label=_("unified social credit code"),
        help_text=_("18 characters, GB 32100-2015; spaces and dashes are removed"),
    )
    phase = optional_record(Phase, _("phase"))
    department = optional_record(Department, _("supervising department"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    registration_type_display = serializers.CharField(
        source="get_registration_type_display", read_only=True
    )
    phase_code = serializers.CharField(source="phase.code", read_only=True, allow_null=True)
    phase_name = serializers.CharField(source="phase.name", read_only=True, allow_null=True)
    department_code = serializers.CharField(
        source="department.code", read_only=True, allow_null=True
    )
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Enterprise
        fields = ENTERPRISE_READ_FIELDS
        read_only_fields = ["created_at", "updated_at"]
        # uniqueness of the credit code is checked by the service, keyed by field
        validators = []

    def validate_uscc(self, value: str) -> str:
        return uscc_rules.compact(value)

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        return services.enterprise_update(
            user=request_user(self),
            enterprise=instance,
            data=validated_data,
            expected_version=expected_version,
        )


class EnterpriseCreateSerializer(ParkOnCreateMixin, EnterpriseSerializer):
    """Creating an enterprise: it joins the caller's own park unless ``park`` is given
    (administrators, who belong to no park, must give it)."""

    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        user = request_user(self)
        park = self.park_of(validated_data)
        return services.enterprise_create(user=user, park=park, data=validated_data)


class EnterpriseYearSerializer(VersionedModelSerializer):
    """One enterprise's figures for one year, in canonical units: m², yuan, tce, kWh, t."""

    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    sources = serializers.DictField(
        child=serializers.ChoiceField(choices=Source.choices),
        required=False,
        help_text=_("field name → source, where it differs from the row's source"),
    )

    class Meta:
        model = EnterpriseYear
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "enterprise_uscc",
            *YEAR_FIELDS,
            "source_display",
            "version",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # (enterprise, year) uniqueness is checked by the service, keyed by "year"
        validators = []

    def validate_sources(self, value: dict) -> dict:
        unknown = sorted(set(value) - set(FIGURE_FIELDS))
        if unknown:
            raise serializers.ValidationError(
                f"未知的字段 / unknown fields: {', '.join(unknown)}", code="invalid"
            )
        return value

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        return services.year_save(
            user=request_user(self),
            enterprise=instance.enterprise,
            data=validated_data,
            instance=instance,
            expected_version=expected_version,
        )


class EnterpriseYearCreateSerializer(EnterpriseYearSerializer):
    """New yearly data: the enterprise must be one the caller may change."""

    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), action=Action.CHANGE, label=_("enterprise")
    )
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        enterprise = validated_data.pop("enterprise")
        return services.year_save(
            user=request_user(self), enterprise=enterprise, data=validated_data
        )
