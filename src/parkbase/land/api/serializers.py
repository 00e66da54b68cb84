"""Parcels, land approvals, buildings and their units over the API. Every write goes
through ``parkbase.land.services``; serializers parse types and render results. Areas
are m² (decimal strings); geometry is GeoJSON in longitude/latitude."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import PKOnlyObject

from parkbase.core import contributions
from parkbase.core.api.need_to_know import RedactedSerializerMixin
from parkbase.core.api.serializers import (
    ModelSerializer,
    ParkOnCreateMixin,
    ScopedPrimaryKeyRelatedField,
    Serializer,
    VersionedModelSerializer,
    request_user,
)
from parkbase.core.choices import Action
from parkbase.core.messages import as_validation_error
from parkbase.core.models import Phase
from parkbase.core.violations import Violation
from parkbase.enterprises.models import Enterprise
from parkbase.land import services
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy, Unit
from parkbase.land.services import buildings as building_services


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "description": "GeoJSON Polygon or MultiPolygon (or a Feature), lon/lat.",
    }
)
class GeometryField(serializers.Field):
    """GeoJSON as an object or as its text; the service checks and normalises it."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class ConstraintSerializer(RedactedSerializerMixin, ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Constraint
        fields = ["id", "kind", "kind_display", "description", "authority", "since", "resolved_on"]
        read_only_fields = fields


class TenancySerializer(ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Tenancy
        fields = ["id", "enterprise", "enterprise_name", "area", "since", "until", "note"]
        read_only_fields = fields


class ParcelSerializer(RedactedSerializerMixin, VersionedModelSerializer):
    """A parcel with its constraints and tenants (read-only here). ``status`` is
    derived: idle when the national rule of 2012 finds the land idle (``idle_reason``,
    ``idle_since``), else ``use_status``. An overlap with another parcel of the park
    needs ``confirm_overlap``; an area differing from the geometry's by more than 5 %
    is flagged (``area_mismatch``), not refused."""

    phase = ScopedPrimaryKeyRelatedField(
        queryset=Phase.objects.all(), allow_null=True, required=False, label=_("phase")
    )
    owner_enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        allow_null=True,
        required=False,
        label=_("owning enterprise"),
    )
    geometry = GeometryField(required=False, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    constraints = ConstraintSerializer(many=True, read_only=True)
    tenancies = TenancySerializer(many=True, read_only=True)
    confirm_overlap = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Record the parcel although it overlaps other parcels of the park."),
    )

    class Meta:
        model = Parcel
        fields = [
            "id",
            "park",
            *services.PARCEL_FIELDS,
            "geometry_area",
            "area_mismatch",
            "min_lon",
            "min_lat",
            "max_lon",
            "max_lat",
            "status",
            "status_display",
            "idle_reason",
            "idle_since",
            "constraints",
            "tenancies",
            "confirm_overlap",
            "version",
        ]
        read_only_fields = [
            "park",
            "geometry_area",
            "area_mismatch",
            "min_lon",
            "min_lat",
            "max_lon",
            "max_lat",
            "status",
            "idle_reason",
            "idle_since",
        ]
        validators = []

    def update(self, instance, validated_data):
        version = validated_data.pop("version")
        confirm = validated_data.pop("confirm_overlap", False)
        return services.parcel_update(
            parcel=instance,
            expected_version=version,
            user=request_user(self),
            confirm_overlap=confirm,
            **validated_data,
        )


class ParcelCreateSerializer(ParkOnCreateMixin, ParcelSerializer):
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        park = self.park_of(validated_data)
        confirm = validated_data.pop("confirm_overlap", False)
        return services.parcel_create(
            park=park, user=request_user(self), confirm_overlap=confirm, **validated_data
        )


class ServedField(serializers.PrimaryKeyRelatedField):
    """The key of the record an approval serves (a project, whose app owns the link);
    written, any such record the caller may see."""

    def __init__(self, **kwargs):
        # the records served are known once the apps are ready: see get_queryset
        super().__init__(queryset=Approval.objects.none(), **kwargs)

    def get_queryset(self):
        link = contributions.APPROVAL_SERVES()
        request = self.context.get("request")
        if link is None or request is None:
            return Approval.objects.none()
        return link.choices(request.user)

    def use_pk_only_optimization(self):
        return True

    def get_attribute(self, approval):
        link = contributions.APPROVAL_SERVES()
        served = link.served_id(approval) if link is not None else None
        return None if served is None else PKOnlyObject(pk=served)


class ApprovalSerializer(RedactedSerializerMixin, VersionedModelSerializer):
    """A land quota or approval: the parcels it covers, the project it serves and the
    project blockers that wait for it (read-only). For an approval serving a
    confidential project the caller is outside of, ``project_name`` is its code name
    and the name and note are masked."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    parcels = ScopedPrimaryKeyRelatedField(
        queryset=Parcel.objects.all(), many=True, required=False, label=_("parcels")
    )
    project = ServedField(allow_null=True, required=False, label=_("project"))
    project_name = serializers.SerializerMethodField(
        help_text=_("The project's name as you may see it (its code name if confidential).")
    )
    blockers = serializers.SerializerMethodField()

    class Meta:
        model = Approval
        fields = [
            "id",
            "park",
            *services.APPROVAL_FIELDS,
            "project",
            "kind_display",
            "status_display",
            "project_name",
            "parcels",
            "blockers",
            "version",
        ]
        read_only_fields = ["park"]
        validators = []

    def get_project_name(self, approval) -> str:
        link = contributions.APPROVAL_SERVES()
        return link.shown_name(request_user(self), approval) if link is not None else ""

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_blockers(self, approval):
        link = contributions.APPROVAL_SERVES()
        return link.waiting(approval) if link is not None else []

    def update(self, instance, validated_data):
        version = validated_data.pop("version")
        parcels = validated_data.pop("parcels", None)
        serves = validated_data.pop("project", services.UNCHANGED)
        return services.approval_update(
            approval=instance,
            expected_version=version,
            user=request_user(self),
            parcels=parcels,
            serves=serves,
            **validated_data,
        )


class ApprovalCreateSerializer(ParkOnCreateMixin, ApprovalSerializer):
    parcels = ScopedPrimaryKeyRelatedField(
        queryset=Parcel.objects.all(),
        action=Action.VIEW,
        many=True,
        required=False,
        label=_("parcels"),
    )
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        park = self.park_of(validated_data)
        parcels = validated_data.pop("parcels", [])
        serves = validated_data.pop("project", None)
        return services.approval_create(
            park=park, user=request_user(self), parcels=parcels, serves=serves, **validated_data
        )


# ---------------------------------------------------------------- buildings and units
#
# One serializer each for reading, creating and changing (unlike parcels): a second,
# create-only component would carry the building kinds and unit statuses again, and
# the OpenAPI schema could no longer name those choice sets without a collision.


class LettingSummarySerializer(Serializer):
    """The letting control table's totals (from ``engine.letting_table``)."""

    total_area = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        help_text=_("Area of all units (m²)."),
    )
    occupied_area = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    vacant_area = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    reserved_area = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    occupancy_rate = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_("Occupied area ÷ area of all units (0–1); null without units."),
    )
    unit_count = serializers.IntegerField(read_only=True)


class BuildingSerializer(ParkOnCreateMixin, VersionedModelSerializer):
    """A building (标准厂房 and others) with the totals of its letting control table
    (租控表): the area of its units occupied, vacant and reserved and the occupancy
    rate. The units themselves are at `/api/land-units/?building=<id>`."""

    parcel = ScopedPrimaryKeyRelatedField(
        queryset=Parcel.objects.all(), allow_null=True, required=False, label=_("parcel")
    )
    parcel_code = serializers.CharField(
        source="parcel.code", read_only=True, allow_null=True, default=None
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    letting = serializers.SerializerMethodField()

    class Meta:
        model = Building
        fields = [
            "id",
            "park",
            *building_services.BUILDING_FIELDS,
            "parcel_code",
            "kind_display",
            "letting",
            "version",
        ]
        validators = []

    @extend_schema_field(LettingSummarySerializer)
    def get_letting(self, building):
        summary = building_services.letting_summary(
            building, from_units=self.context.get("letting_from_units")
        )
        return LettingSummarySerializer(summary).data

    def create(self, validated_data):
        park = self.park_of(validated_data)
        validated_data.pop("version", None)
        return building_services.building_create(
            park=park, user=request_user(self), **validated_data
        )

    def update(self, instance, validated_data):
        version = validated_data.pop("version")
        validated_data.pop("park", None)
        return building_services.building_update(
            building=instance, expected_version=version, user=request_user(self), **validated_data
        )


class UnitSerializer(VersionedModelSerializer):
    """A lettable unit of a building: its floor, area and status (occupied with a
    tenant, vacant, or reserved for someone). The units of a building may not cover
    more than its floor area."""

    building = ScopedPrimaryKeyRelatedField(
        queryset=Building.objects.all(),
        action=Action.CHANGE,
        label=_("building"),
        help_text=_("Given on create; a unit never moves to another building."),
    )
    building_code = serializers.CharField(source="building.code", read_only=True)
    tenant = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), allow_null=True, required=False, label=_("tenant")
    )
    tenant_name = serializers.CharField(
        source="tenant.name", read_only=True, allow_null=True, default=None
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "building",
            "building_code",
            *building_services.UNIT_FIELDS,
            "tenant_name",
            "status_display",
            "version",
        ]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # PATCH need not repeat the building
            fields["building"].required = False
        return fields

    def create(self, validated_data):
        building = validated_data.pop("building")
        validated_data.pop("version", None)
        return building_services.unit_create(
            building=building, user=request_user(self), **validated_data
        )

    def update(self, instance, validated_data):
        version = validated_data.pop("version")
        building = validated_data.pop("building", None)
        if building is not None and building.pk != instance.building_id:
            raise as_validation_error(
                [Violation("building", "unit_building_fixed", {"value": str(instance.building)})],
                Unit,
            )
        return building_services.unit_update(
            unit=instance, expected_version=version, user=request_user(self), **validated_data
        )
