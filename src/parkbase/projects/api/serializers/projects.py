"""A project over the API (with its loss and destinations), its creation, and the
moves, status changes, losses and timeline of a project."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parkbase.core.api.need_to_know import RedactedSerializerMixin
from parkbase.core.api.serializers import (
    ModelSerializer,
    ParkOnCreateMixin,
    Serializer,
    VersionedModelSerializer,
    optional_record,
    record_list,
    request_user,
)
from parkbase.core.models import Department, User
from parkbase.core.need_to_know import prime
from parkbase.enterprises.models import Enterprise
from parkbase.projects import services
from parkbase.projects.api.serializers.common import (
    STAGE_HELP,
    StageField,
    full_name,
    guard_hidden,
    hides,
    instance_label,
    is_insider,
    resolve_stage,
)
from parkbase.projects.api.serializers.park import InvestorLinkSerializer
from parkbase.projects.choices import LossReason, PlaceLevel
from parkbase.projects.models import Loss, Project, StageChange
from parkbase.projects.services.projects import STATUS_BY_HAND

# ---------------------------------------------------------------- projects


class DestinationSerializer(Serializer):
    place = serializers.CharField(max_length=100, allow_blank=True, label=_("destination"))
    level = serializers.ChoiceField(
        choices=PlaceLevel.choices, allow_blank=True, required=False, default="", label=_("level")
    )
    winner = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default="", label=_("winner")
    )


class DestinationReadSerializer(DestinationSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)


class LossSerializer(RedactedSerializerMixin, ModelSerializer):
    reason_display = serializers.CharField(source="get_reason_display", read_only=True)
    destinations = DestinationReadSerializer(many=True, read_only=True)

    class Meta:
        model = Loss
        fields = [
            "reason",
            "reason_display",
            "lost_on",
            "detail",
            "would_have_kept",
            "destinations",
        ]
        read_only_fields = fields


class ProjectFieldsMixin(Serializer):
    """The scoped relations of a project's data, shared by edits and moves."""

    enterprise = optional_record(Enterprise, _("registered enterprise"))
    officer = optional_record(User, _("responsible officer"))
    department = optional_record(Department, _("responsible department"))


PROJECT_EXTRA_KWARGS = {
    "name": {"required": False},
    "first_contact_on": {"required": False, "help_text": _("Today, if not given.")},
    "code_name": {"help_text": _("Shown instead of the name to everyone but the insiders.")},
}


class ProjectSerializer(ProjectFieldsMixin, VersionedModelSerializer):
    """An investment project (招商项目). Change its data with PATCH (send the
    ``version`` you read); move it to another stage, pause, terminate, reopen or mark
    it lost with the actions. Money in yuan, areas in m²."""

    park = serializers.PrimaryKeyRelatedField(read_only=True)
    insider = serializers.SerializerMethodField(
        help_text=_("Whether you see the real name (not confidential, or you are an insider).")
    )
    stage = serializers.PrimaryKeyRelatedField(read_only=True)
    stage_code = serializers.CharField(source="stage.code", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    investors = serializers.SerializerMethodField()
    enterprise_name = serializers.SerializerMethodField()
    officer_name = serializers.SerializerMethodField()
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    insiders = record_list(
        User,
        _("insiders"),
        help_text=_("Users who see a confidential project's real name (ids)."),
    )
    loss = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "park",
            "name",
            "insider",
            "confidential",
            "code_name",
            "insiders",
            "description",
            "industry_code",
            "stage",
            "stage_code",
            "stage_name",
            "status",
            "status_display",
            "stage_since",
            "furthest_order",
            "investors",
            "enterprise",
            "enterprise_name",
            *services.PROJECT_FIGURES,
            "key_level",
            "source",
            "referrer",
            "officer",
            "officer_name",
            "department",
            "department_name",
            *(f for f in services.PROJECT_FIELDS if f.endswith("_on")),
            "landed_on",
            "issues",
            "loss",
            "created_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "status",
            "stage_since",
            "furthest_order",
            "landed_on",
            "created_by",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = PROJECT_EXTRA_KWARGS
        validators = []

    def get_insider(self, project) -> bool:
        return is_insider(project)

    @extend_schema_field(InvestorLinkSerializer(many=True))
    def get_investors(self, project) -> list[dict]:
        if hides(project):
            return []
        # the caller is one of the project's insiders: none of its links is secret
        links = [prime(link, None) for link in project.investor_links.all()]
        return InvestorLinkSerializer(links, many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_enterprise_name(self, project) -> str | None:
        return project.enterprise.name if project.enterprise_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_officer_name(self, project) -> str | None:
        return full_name(project.officer)

    @extend_schema_field(LossSerializer(allow_null=True))
    def get_loss(self, project) -> dict | None:
        try:
            loss = project.loss
        except Loss.DoesNotExist:
            return None
        # the loss is as secret as its project, which the row already knows
        prime(loss, instance_label(project))
        return LossSerializer(loss).data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if hides(instance):
            data["name"] = instance.shown_name
            data["description"] = ""
            data["referrer"] = ""
            data["enterprise"] = None
            data["enterprise_name"] = None
            data["insiders"] = []
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            guard_hidden(self.instance, attrs)
        return attrs

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        insiders = validated_data.pop("insiders", None)
        return services.project_update(
            project=instance,
            expected_version=expected_version,
            user=request_user(self),
            insiders=insiders,
            **validated_data,
        )


class ProjectCreateSerializer(ParkOnCreateMixin, ProjectSerializer):
    """A new project, in the first stage of the pipeline unless ``stage`` is given
    (whose gate must then hold); whoever records it sees its real name."""

    stage = StageField(required=False, write_only=True, label=_("stage"), help_text=STAGE_HELP)
    version = serializers.IntegerField(read_only=True)

    class Meta(ProjectSerializer.Meta):
        extra_kwargs = PROJECT_EXTRA_KWARGS | {"name": {"required": True}}

    def validate(self, attrs):
        user = request_user(self)
        self.require_park(attrs)
        park = attrs.get("park") or user.park
        if attrs.get("stage") is not None:
            attrs["stage"] = resolve_stage(user, park, attrs["stage"])
        attrs["park"] = park
        return attrs

    def create(self, validated_data):
        return services.project_create(
            park=validated_data.pop("park"),
            user=request_user(self),
            stage=validated_data.pop("stage", None),
            insiders=validated_data.pop("insiders", None),
            **validated_data,
        )


class ProjectValuesSerializer(ProjectFieldsMixin, ModelSerializer):
    """Project data given with a move: what the target stage's gate needs (a signing
    date and the contracted amount, say); saved with the move or not at all."""

    class Meta:
        model = Project
        fields = list(services.PROJECT_FIELDS)
        extra_kwargs = {name: {"required": False} for name in services.PROJECT_FIELDS}
        validators = []


class MoveSerializer(ProjectValuesSerializer):
    """A move into another stage (by id or code), dated ``date`` (today if not given),
    with the project fields its gate needs; ``version`` as read."""

    stage = StageField(label=_("stage"), help_text=STAGE_HELP)
    date = serializers.DateField(
        required=False, label=_("date"), help_text=_("The day of the move; today if not given.")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", label=_("note"))
    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))

    class Meta(ProjectValuesSerializer.Meta):
        fields = ["stage", "date", "note", "version", *services.PROJECT_FIELDS]


class StatusSerializer(Serializer):
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in STATUS_BY_HAND],
        label=_("status"),
        help_text=_("paused, terminated, or active to reopen."),
    )
    note = serializers.CharField(allow_blank=True, label=_("note"), help_text=_("Why (required)."))
    date = serializers.DateField(
        required=False, label=_("date"), help_text=_("Today if not given.")
    )
    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))


class LoseSerializer(Serializer):
    reason = serializers.ChoiceField(choices=LossReason.choices, label=_("reason"))
    lost_on = serializers.DateField(label=_("lost on"))
    detail = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("what happened")
    )
    would_have_kept = serializers.CharField(
        required=False, allow_blank=True, default="", label=_("what would have kept it")
    )
    destinations = DestinationSerializer(
        many=True, label=_("destinations"), help_text=_("Where the project went; one or more.")
    )
    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))


class TimelineSerializer(RedactedSerializerMixin, ModelSerializer):
    """One move of a project: into a stage, or to a status."""

    stage_code = serializers.CharField(source="stage.code", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = StageChange
        fields = [
            "id",
            "stage",
            "stage_code",
            "stage_name",
            "status",
            "status_display",
            "changed_on",
            "entered",
            "left_on",
            "days",
            "user",
            "user_name",
            "note",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user_name(self, change) -> str | None:
        return full_name(change.user)
