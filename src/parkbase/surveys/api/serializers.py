"""Survey campaigns, assignments and concerns over the API. Every write goes through
``parkbase.surveys.services``; serializers parse types and render results."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.api.serializers import (
    ActionSerializer,
    ModelSerializer,
    ParkOnCreateMixin,
    ScopedPrimaryKeyRelatedField,
    Serializer,
    VersionedModelSerializer,
    optional_record,
    record_list,
    request_user,
)
from parkbase.core.choices import Action
from parkbase.core.models import Department, Phase, User
from parkbase.enterprises.importers import YEAR_FIGURE_FIELDS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.surveys import engine, services
from parkbase.surveys.choices import AssignmentStatus
from parkbase.surveys.messages import render_flag
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse, Team

# ---------------------------------------------------------------- campaigns


class TeamSerializer(ModelSerializer):
    leader_name = serializers.CharField(source="leader.username", read_only=True, allow_null=True)
    members = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "leader", "leader_name", "members", "version"]
        read_only_fields = fields


class CampaignSerializer(VersionedModelSerializer):
    """A survey campaign. ``year`` is the year whose figures it collects; the scope
    (phases, departments, chosen enterprises) decides which enterprises it covers."""

    park = serializers.PrimaryKeyRelatedField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scope_phases = record_list(Phase, _("phases in scope"))
    scope_departments = record_list(Department, _("departments in scope"))
    scope_enterprises = record_list(Enterprise, _("chosen enterprises"))
    thresholds = serializers.DictField(
        required=False,
        help_text=_("Overrides of the default thresholds for implausible changes."),
    )
    teams = TeamSerializer(many=True, read_only=True)
    assignment_count = serializers.IntegerField(read_only=True)
    verified_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "park",
            "name",
            "year",
            "status",
            "status_display",
            "started_on",
            "ended_on",
            "scope_phases",
            "scope_departments",
            "scope_enterprises",
            "thresholds",
            "notes",
            "teams",
            "assignment_count",
            "verified_count",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def _changeable(self) -> set[int]:
        """Ids of the campaigns the caller may change (once per request)."""
        cache = self.context.setdefault("_changeable_campaigns", {})
        user = request_user(self)
        if user.pk not in cache:
            cache[user.pk] = set(
                Campaign.objects.visible_to(user, Action.CHANGE).values_list("pk", flat=True)
            )
        return cache[user.pk]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = request_user(self)
        # only the chosen enterprises the caller may see
        chosen = set(data.get("scope_enterprises") or [])
        prefetched = getattr(instance, "_prefetched_objects_cache", {})
        if chosen and "scope_enterprises" not in prefetched:  # else the view's Prefetch
            visible = set(
                Enterprise.objects.visible_to(user)
                .filter(pk__in=chosen)
                .values_list("pk", flat=True)
            )
            data["scope_enterprises"] = [pk for pk in data["scope_enterprises"] if pk in visible]
        # who is on which team: only for those who may change the campaign
        if instance.pk not in self._changeable():
            for team in data.get("teams") or []:
                team["members"] = []
        return data

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        return services.campaign_update(
            user=request_user(self),
            campaign=instance,
            data=validated_data,
            expected_version=expected_version,
        )


class CampaignCreateSerializer(ParkOnCreateMixin, CampaignSerializer):
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        user = request_user(self)
        park = self.park_of(validated_data)
        return services.campaign_create(user=user, park=park, data=validated_data)


class BalanceRequestSerializer(Serializer):
    reset = serializers.BooleanField(
        default=False, help_text=_("Balance again the assignments not visited yet, too.")
    )


class BalanceResultSerializer(Serializer):
    created = serializers.IntegerField()
    moved = serializers.IntegerField()
    kept = serializers.IntegerField()
    out_of_scope = serializers.ListField(child=serializers.CharField())
    by_team = serializers.DictField(child=serializers.IntegerField())


class ProgressSerializer(Serializer):
    total = serializers.IntegerField()
    totals = serializers.DictField(child=serializers.IntegerField())
    verified_share = serializers.FloatField()
    days_since_start = serializers.IntegerField(allow_null=True)
    by_team = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    by_phase = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))
    missing = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Assignments not verified yet.")
    )


# ---------------------------------------------------------------- assignments


class AssignmentSerializer(VersionedModelSerializer):
    """An enterprise assigned to a survey team. Change ``team`` (staff) with PATCH;
    visits, status moves, the form and verification have their own actions."""

    campaign = serializers.PrimaryKeyRelatedField(read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    team = ScopedPrimaryKeyRelatedField(queryset=Team.objects.all(), label=_("team"))
    team_name = serializers.CharField(source="team.name", read_only=True)
    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    phase_name = serializers.CharField(
        source="enterprise.phase.name", read_only=True, allow_null=True
    )
    department_name = serializers.CharField(
        source="enterprise.department.name", read_only=True, allow_null=True
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    visitors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    flag_count = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "team",
            "team_name",
            "enterprise",
            "enterprise_name",
            "enterprise_uscc",
            "phase_name",
            "department_name",
            "status",
            "status_display",
            "visited_on",
            "visitors",
            "notes",
            "filled_at",
            "verified_at",
            "flag_count",
            "version",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "visited_on",
            "notes",
            "filled_at",
            "verified_at",
            "updated_at",
        ]
        validators = []

    def get_flag_count(self, obj) -> int:
        response = getattr(obj, "response", None)
        return len(response.flags or []) if response is not None else 0

    def update(self, instance, validated_data):
        return services.assignment_reassign(
            user=request_user(self),
            assignment=instance,
            team=validated_data.get("team", instance.team),
            expected_version=validated_data["version"],
        )


class AssignmentCreateSerializer(AssignmentSerializer):
    """Add one enterprise of the campaign's scope to one of its teams."""

    campaign = ScopedPrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), action=Action.CHANGE, label=_("campaign")
    )
    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), label=_("enterprise")
    )
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        return services.assignment_create(
            user=request_user(self),
            campaign=validated_data["campaign"],
            enterprise=validated_data["enterprise"],
            team=validated_data["team"],
        )


class VisitSerializer(ActionSerializer):
    visited_on = serializers.DateField(allow_null=True)
    visitors = record_list(User, None, help_text=_("Members of the team who went."))
    notes = serializers.CharField(allow_blank=True, required=False, default="")


class TransitionSerializer(ActionSerializer):
    to = serializers.ChoiceField(choices=AssignmentStatus.choices)
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", help_text=_("Required when moving back.")
    )


FIGURE_FIELD_NAMES = tuple(YEAR_FIGURE_FIELDS)


class FiguresSerializer(Serializer):
    """The yearly figures in canonical units: m², yuan, tce, kWh, t; null = unknown."""

    def get_fields(self):
        fields = {}
        for name in FIGURE_FIELD_NAMES:
            model_field = EnterpriseYear._meta.get_field(name)
            if model_field.get_internal_type() == "DecimalField":
                fields[name] = serializers.DecimalField(
                    max_digits=model_field.max_digits,
                    decimal_places=model_field.decimal_places,
                    allow_null=True,
                    required=False,
                    label=model_field.verbose_name,
                )
            else:
                fields[name] = serializers.IntegerField(
                    allow_null=True, required=False, label=model_field.verbose_name
                )
        return fields


class FormWriteSerializer(ActionSerializer):
    figures = FiguresSerializer()


class FlagSerializer(Serializer):
    code = serializers.CharField()
    field = serializers.CharField()
    params = serializers.DictField()
    message = serializers.CharField()


class ChangeSerializer(Serializer):
    field = serializers.CharField()
    old = serializers.CharField(allow_null=True)
    new = serializers.CharField(allow_null=True)
    delta = serializers.CharField(allow_null=True)
    percent = serializers.CharField(allow_null=True)


class FormSerializer(Serializer):
    """The form as stored (or, before anything is stored, last year's figures), the
    changes against the compared year and the flags."""

    assignment = serializers.IntegerField()
    assignment_version = serializers.IntegerField()
    status = serializers.CharField()
    baseline_year = serializers.IntegerField(allow_null=True)
    stored = serializers.BooleanField()
    figures = FiguresSerializer()
    changes = ChangeSerializer(many=True)
    flags = FlagSerializer(many=True)


def form_payload(user, assignment: Assignment) -> dict:
    response = SurveyResponse.objects.visible_to(user).filter(assignment=assignment).first()
    baseline_year, baseline = services.baseline_values(user, assignment)
    figures = services.response_figures(response) if response else baseline
    flags = response.flags if response else []
    changes = [
        {
            "field": c.field,
            "old": None if c.old is None else str(c.old),
            "new": None if c.new is None else str(c.new),
            "delta": None if c.delta is None else str(c.delta),
            "percent": None if c.percent is None else str(c.percent),
        }
        for c in engine.changes(baseline, figures, FIGURE_FIELD_NAMES)
        if c.changed
    ]
    return {
        "assignment": assignment.pk,
        "assignment_version": assignment.version,
        "status": assignment.status,
        "baseline_year": baseline_year,
        "stored": response is not None,
        "figures": {name: figures.get(name) for name in FIGURE_FIELD_NAMES},
        "changes": changes,
        "flags": [{**f, "message": render_flag(f)} for f in flags],
    }


# ---------------------------------------------------------------- concerns


class ConcernSerializer(VersionedModelSerializer):
    """A concern (诉求) of an enterprise, routed to a responsible department. Reopening
    a resolved or closed concern needs ``reason``."""

    enterprise = serializers.PrimaryKeyRelatedField(read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    assignment = optional_record(Assignment, _("raised in visit"))
    department = optional_record(Department, _("responsible department"))
    department_name = serializers.CharField(
        source="department.name", read_only=True, allow_null=True
    )
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    raised_by = serializers.PrimaryKeyRelatedField(read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=_("Required when reopening a resolved or closed concern."),
    )

    class Meta:
        model = Concern
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "assignment",
            "category",
            "category_display",
            "description",
            "department",
            "department_name",
            "raised_on",
            "raised_by",
            "due_on",
            "status",
            "status_display",
            "overdue",
            "resolution",
            "resolved_on",
            "reason",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"raised_on": {"required": False, "help_text": _("Today, if not given.")}}
        validators = []

    def update(self, instance, validated_data):
        expected_version = validated_data.pop("version")
        reason = validated_data.pop("reason", "")
        return services.concern_update(
            user=request_user(self),
            concern=instance,
            data=validated_data,
            expected_version=expected_version,
            reason=reason,
        )


class ConcernCreateSerializer(ConcernSerializer):
    """A new concern about an enterprise the caller may see (an enterprise user's own
    enterprise by default)."""

    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(),
        required=False,
        label=_("enterprise"),
        help_text=_("Defaults to your own enterprise (enterprise users)."),
    )
    version = serializers.IntegerField(read_only=True)

    def create(self, validated_data):
        user = request_user(self)
        validated_data.pop("reason", None)
        if validated_data.get("enterprise") is None and user.enterprise_id:
            validated_data["enterprise"] = user.enterprise
        return services.concern_create(user=user, data=validated_data)
