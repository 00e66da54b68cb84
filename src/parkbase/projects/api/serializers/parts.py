"""The records of a project over the API: activities, blockers and funding."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parkbase.core.api.need_to_know import RedactedSerializerMixin
from parkbase.core.api.serializers import (
    ModelSerializer,
    ScopedPrimaryKeyRelatedField,
    Serializer,
    VersionedModelSerializer,
    request_user,
)
from parkbase.core.choices import Action
from parkbase.core.models import User
from parkbase.land.models import Approval
from parkbase.projects import services
from parkbase.projects.api.serializers.common import full_name
from parkbase.projects.models import Activity, Blocker, Funding, Investor, Project

# ---------------------------------------------------------------- records of a project


class PartSerializerMixin(RedactedSerializerMixin, Serializer):
    """``project`` and ``project_name``: the name as the caller may see it; the
    revealing fields masked where the project is confidential and the caller is
    outside it (``core.need_to_know``)."""

    project = serializers.PrimaryKeyRelatedField(read_only=True)
    project_name = serializers.SerializerMethodField()

    def get_project_name(self, row) -> str:
        return row.project_name


PROJECT_FOR_CHANGE = {
    "queryset": Project.objects.all(),
    "action": Action.CHANGE,
    "label": _("project"),
}


class ActivitySerializer(PartSerializerMixin, VersionedModelSerializer):
    """A visit, call, meeting, report or request, with its next step (owner, due
    date, done date)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    owner = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False, label=_("next step owner")
    )
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "project",
            "project_name",
            "kind",
            "kind_display",
            "occurred_on",
            "summary",
            "participants",
            "next_step",
            "due_on",
            "done_on",
            "owner",
            "owner_name",
            "created_by",
            "version",
        ]
        read_only_fields = ["created_by"]
        extra_kwargs = {"occurred_on": {"required": False, "help_text": _("Today, if not given.")}}
        validators = []

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner_name(self, row) -> str | None:
        return full_name(row.owner)

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        return services.activity_update(
            activity=instance,
            expected_version=expected_version,
            user=request_user(self),
            **validated_data,
        )


class ActivityCreateSerializer(ActivitySerializer):
    project = ScopedPrimaryKeyRelatedField(**PROJECT_FOR_CHANGE)
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        project = validated_data.pop("project")
        return services.activity_create(project=project, user=request_user(self), **validated_data)


class DoneSerializer(Serializer):
    done_on = serializers.DateField(required=False, help_text=_("Today if not given."))
    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))


class BlockerSerializer(PartSerializerMixin, VersionedModelSerializer):
    """What stops a project, who must act, by when, and how far up it went (督办).
    Resolving needs the resolution; a ``reason`` goes into the audit trail."""

    category_display = serializers.CharField(source="get_category_display", read_only=True)
    escalation_display = serializers.CharField(source="get_escalation_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    owner = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(), allow_null=True, required=False, label=_("owner")
    )
    approval = ScopedPrimaryKeyRelatedField(
        queryset=Approval.objects.all(),
        allow_null=True,
        required=False,
        label=_("waits for the land approval"),
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("Why the change was made (kept in the audit trail)."),
    )

    class Meta:
        model = Blocker
        fields = [
            "id",
            "project",
            "project_name",
            "category",
            "category_display",
            "description",
            "authority",
            "raised_on",
            "deadline",
            "escalation",
            "escalation_display",
            "status",
            "status_display",
            "resolution",
            "resolved_on",
            "owner",
            "approval",
            "reason",
            "version",
        ]
        extra_kwargs = {"raised_on": {"required": False, "help_text": _("Today, if not given.")}}
        validators = []

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        return services.blocker_update(
            blocker=instance,
            expected_version=expected_version,
            user=request_user(self),
            reason=validated_data.pop("reason", ""),
            **validated_data,
        )


class BlockerCreateSerializer(BlockerSerializer):
    project = ScopedPrimaryKeyRelatedField(**PROJECT_FOR_CHANGE)
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        validated_data.pop("reason", None)
        project = validated_data.pop("project")
        return services.blocker_create(project=project, user=request_user(self), **validated_data)


class FundingSerializer(PartSerializerMixin, ModelSerializer):
    """Planned, contracted or in-place money (yuan). Money in place above the
    contracted amount needs ``confirm_over_contract``. Records are added or deleted,
    never changed."""

    project = ScopedPrimaryKeyRelatedField(**PROJECT_FOR_CHANGE)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    investor = ScopedPrimaryKeyRelatedField(
        queryset=Investor.objects.all(), allow_null=True, required=False, label=_("investor")
    )
    investor_name = serializers.SerializerMethodField()
    confirm_over_contract = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Record money in place above the contracted amount."),
    )

    class Meta:
        model = Funding
        fields = [
            "id",
            "project",
            "project_name",
            "kind",
            "kind_display",
            "amount",
            "dated_on",
            "source",
            "source_display",
            "investor",
            "investor_name",
            "source_name",
            "event",
            "over_contract_confirmed",
            "note",
            "confirm_over_contract",
        ]
        read_only_fields = ["over_contract_confirmed"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_investor_name(self, row) -> str | None:
        return row.investor.name if row.investor_id else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.hides_project:
            # who put money in names the investors: the insiders' to know
            data["investor"] = None
            data["investor_name"] = None
            data["source_name"] = ""
        return data

    def create(self, validated_data):
        return services.funding_add(user=request_user(self), **validated_data)
