"""Investment projects over the API. Every write goes through
``parkbase.projects.services``; serializers parse types and render results.

Confidentiality: each row read through ``visible_to`` carries ``insider``. For a
confidential project the caller is not an insider of, the output shows the code name as
``name`` and leaves the description, referrer, investors, insiders and the registered
enterprise blank; records hanging off a project show ``project_name``, the name as the
caller may see it. Money is in yuan and areas in m², as decimal strings."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from parkbase.core.api.need_to_know import RedactedSerializerMixin
from parkbase.core.api.serializers import (
    PARK_REQUIRED,
    ScopedPrimaryKeyRelatedField,
    VersionedModelSerializer,
)
from parkbase.core.choices import Action
from parkbase.core.models import Department, Park, User
from parkbase.core.need_to_know import prime
from parkbase.enterprises.models import Enterprise
from parkbase.land.models import Approval
from parkbase.projects import services
from parkbase.projects.choices import LossReason, PlaceLevel
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Loss,
    Project,
    ProjectInvestor,
    Stage,
    StageChange,
)
from parkbase.projects.services.projects import (
    GUARDED_FIELDS,
    INSIDERS_ONLY,
    STATUS_BY_HAND,
)

STAGE_HELP = _("The stage: its id, or its code (e.g. signed).")


def _user(serializer):
    return serializer.context["request"].user


def is_insider(obj) -> bool:
    """Whether the caller may see ``obj``'s project by its real name: the ``insider``
    mark of ``visible_to``; a row that did not come through it is treated as not."""
    return bool(getattr(obj, "insider", False))


def hides(project) -> bool:
    return project.hides_details


def instance_label(project) -> str | None:
    """The need-to-know mark of a record hanging off ``project`` only: the code name
    where the caller is outside the confidential project, else None."""
    return project.shown_name if hides(project) else None


def full_name(user) -> str | None:
    if user is None:
        return None
    name = f"{user.last_name}{user.first_name}".strip()
    return name or user.username


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class StageField(serializers.Field):
    """A stage by id or code; resolved in the project's park by the serializer."""

    default_error_messages = {"invalid": _("Give the stage's id or its code.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).strip():
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value.pk


def resolve_stage(user, park, value) -> Stage:
    """The stage ``value`` (id or code) of ``park``, or a 400 keyed ``stage``."""
    services.pipeline_ensure(park)
    stages = Stage.objects.visible_to(user).filter(park=park)
    text = str(value).strip()
    found = (
        stages.filter(pk=int(text)).first() if text.isdigit() else stages.filter(code=text).first()
    )
    if found is None:
        raise serializers.ValidationError(
            {"stage": [_("No stage {value!r} in the project's park.").format(value=text)]},
            code="does_not_exist",
        )
    return found


def guard_hidden(project, attrs: dict) -> dict:
    """A non-insider may not change what they cannot see. Values sent back exactly as
    they were shown (GET, then PUT) are dropped as unchanged; any other is refused."""
    if not hides(project):
        return attrs
    shown = {
        "name": project.shown_name,
        "description": "",
        "referrer": "",
        "enterprise": None,
        "insiders": [],
        "confidential": True,
    }
    for name in GUARDED_FIELDS:
        if name not in attrs:
            continue
        value = attrs[name]
        if name == "insiders":
            value = list(value)
        if value != shown[name]:
            raise PermissionDenied(INSIDERS_ONLY)
        attrs.pop(name)
    return attrs


# ---------------------------------------------------------------- pipeline stages


class GateFieldSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()


class StageSerializer(serializers.ModelSerializer):
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
            investor=instance, expected_version=expected_version, user=_user(self), **validated_data
        )


class InvestorCreateSerializer(InvestorSerializer):
    park = ScopedPrimaryKeyRelatedField(
        queryset=Park.objects.all(),
        action=Action.ADD,
        required=False,
        label=_("park"),
        help_text=_("Defaults to your own park; administrators must give it."),
    )
    version = serializers.IntegerField(read_only=True)

    def validate(self, attrs):
        if attrs.get("park") is None and not _user(self).park_id:
            raise serializers.ValidationError({"park": [PARK_REQUIRED]}, code="required")
        return super().validate(attrs)

    def create(self, validated_data):
        user = _user(self)
        park = validated_data.pop("park", None) or user.park
        return services.investor_create(park=park, user=user, **validated_data)


class InvestorLinkSerializer(RedactedSerializerMixin, serializers.ModelSerializer):
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


class InvestorLinkWriteSerializer(serializers.ModelSerializer):
    investor = ScopedPrimaryKeyRelatedField(queryset=Investor.objects.all(), label=_("investor"))

    class Meta:
        model = ProjectInvestor
        fields = ["investor", "role", "note"]
        validators = []


# ---------------------------------------------------------------- projects


class DestinationSerializer(serializers.Serializer):
    place = serializers.CharField(max_length=100, allow_blank=True, label=_("destination"))
    level = serializers.ChoiceField(
        choices=PlaceLevel.choices, allow_blank=True, required=False, default="", label=_("level")
    )
    winner = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default="", label=_("winner")
    )


class DestinationReadSerializer(DestinationSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)


class LossSerializer(RedactedSerializerMixin, serializers.ModelSerializer):
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


class ProjectFieldsMixin(serializers.Serializer):
    """The scoped relations of a project's data, shared by edits and moves."""

    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        allow_null=True,
        required=False,
        label=_("registered enterprise"),
    )
    officer = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        allow_null=True,
        required=False,
        label=_("responsible officer"),
    )
    department = ScopedPrimaryKeyRelatedField(
        queryset=Department.objects.all(),
        allow_null=True,
        required=False,
        label=_("responsible department"),
    )


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
    insiders = ScopedPrimaryKeyRelatedField(
        queryset=User.objects.all(),
        many=True,
        required=False,
        label=_("insiders"),
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
            *(f for f in services.PROJECT_FIELDS if f.endswith(("_investment", "_amount"))),
            "land_area",
            "land_mode",
            "promised_investment_per_mu",
            "promised_tax_per_mu",
            "expected_output",
            "expected_tax",
            "expected_jobs",
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
            user=_user(self),
            insiders=insiders,
            **validated_data,
        )


class ProjectCreateSerializer(ProjectSerializer):
    """A new project, in the first stage of the pipeline unless ``stage`` is given
    (whose gate must then hold); whoever records it sees its real name."""

    park = ScopedPrimaryKeyRelatedField(
        queryset=Park.objects.all(),
        action=Action.ADD,
        required=False,
        label=_("park"),
        help_text=_("Defaults to your own park; administrators must give it."),
    )
    stage = StageField(required=False, write_only=True, label=_("stage"), help_text=STAGE_HELP)
    version = serializers.IntegerField(read_only=True)

    class Meta(ProjectSerializer.Meta):
        extra_kwargs = PROJECT_EXTRA_KWARGS | {"name": {"required": True}}

    def validate(self, attrs):
        user = _user(self)
        if attrs.get("park") is None and not user.park_id:
            raise serializers.ValidationError({"park": [PARK_REQUIRED]}, code="required")
        park = attrs.get("park") or user.park
        if attrs.get("stage") is not None:
            attrs["stage"] = resolve_stage(user, park, attrs["stage"])
        attrs["park"] = park
        return attrs

    def create(self, validated_data):
        return services.project_create(
            park=validated_data.pop("park"),
            user=_user(self),
            stage=validated_data.pop("stage", None),
            insiders=validated_data.pop("insiders", None),
            **validated_data,
        )


class ProjectValuesSerializer(ProjectFieldsMixin, serializers.ModelSerializer):
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


class StatusSerializer(serializers.Serializer):
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


class LoseSerializer(serializers.Serializer):
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


class TimelineSerializer(RedactedSerializerMixin, serializers.ModelSerializer):
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


# ---------------------------------------------------------------- records of a project


class PartSerializerMixin(RedactedSerializerMixin, serializers.Serializer):
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
            activity=instance, expected_version=expected_version, user=_user(self), **validated_data
        )


class ActivityCreateSerializer(ActivitySerializer):
    project = ScopedPrimaryKeyRelatedField(**PROJECT_FOR_CHANGE)
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        project = validated_data.pop("project")
        return services.activity_create(project=project, user=_user(self), **validated_data)


class DoneSerializer(serializers.Serializer):
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
            user=_user(self),
            reason=validated_data.pop("reason", ""),
            **validated_data,
        )


class BlockerCreateSerializer(BlockerSerializer):
    project = ScopedPrimaryKeyRelatedField(**PROJECT_FOR_CHANGE)
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        validated_data.pop("reason", None)
        project = validated_data.pop("project")
        return services.blocker_create(project=project, user=_user(self), **validated_data)


class FundingSerializer(PartSerializerMixin, serializers.ModelSerializer):
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
        return services.funding_add(user=_user(self), **validated_data)
