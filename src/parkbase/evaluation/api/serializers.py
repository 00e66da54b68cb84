"""Schemes, runs, results and objections over the API. Writes go through
``parkbase.evaluation.services`` (the serializers' ``create`` and ``update`` call them);
serializers parse types and render results."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.api.serializers import (
    ActionSerializer,
    ModelSerializer,
    ScopedPrimaryKeyRelatedField,
    Serializer,
    request_user,
)
from parkbase.core.choices import Action
from parkbase.core.messages import as_validation_error, render
from parkbase.core.violations import Violation
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation import selectors, services
from parkbase.evaluation.choices import ObjectionStatus
from parkbase.evaluation.models import Objection, Result, Run, Scheme
from parkbase.evaluation.wording import readable


class SchemeSerializer(ModelSerializer):
    class Meta:
        model = Scheme
        fields = ["id", "park", "name", "year", "definition", "version", "updated_at"]
        read_only_fields = ["id", "park", "name", "year", "version", "updated_at"]


class SchemeWriteSerializer(Serializer):
    """The scheme in the documented file format (JSON); ``version`` when updating."""

    definition = serializers.JSONField()
    version = serializers.IntegerField(required=False)

    def create(self, validated_data):
        """A new scheme of the caller's own park (a user of no park may not add one)."""
        user = request_user(self)
        if user.park is None:
            raise as_validation_error([Violation("park", "required", {})])
        return services.scheme_create(
            park=user.park, definition=validated_data["definition"], user=user
        )

    def update(self, instance, validated_data):
        return services.scheme_update(
            scheme=instance,
            definition=validated_data["definition"],
            expected_version=validated_data.get("version"),
            user=request_user(self),
        )


class RunSerializer(ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scheme_name = serializers.CharField(source="scheme.name", read_only=True)
    summary = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Run
        fields = [
            "id",
            "park",
            "scheme",
            "scheme_name",
            "scheme_version",
            "year",
            "status",
            "status_display",
            "notice_ends_on",
            "computed_at",
            "published_at",
            "summary",
            "warnings",
            "version",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return request.user if request is not None else None

    def get_summary(self, run) -> dict:
        """Counts over the whole park for the committee, over the reader's own
        enterprises for departments and enterprises."""
        user = self._user()
        return run.summary if user is None else selectors.run_summary(user, run)

    def get_warnings(self, run) -> list[dict]:
        user = self._user()
        return run.warnings if user is None or selectors.sees_whole_park(user) else []


class RunCreateSerializer(Serializer):
    scheme = ScopedPrimaryKeyRelatedField(queryset=Scheme.objects.all(), label=_("scheme"))
    year = serializers.IntegerField(required=False, min_value=1949, max_value=2100)

    def create(self, validated_data):
        return services.run_create(
            scheme=validated_data["scheme"],
            year=validated_data.get("year"),
            user=request_user(self),
        )


class NoticeSerializer(ActionSerializer):
    notice_ends_on = serializers.DateField(default=None, source="ends_on")


class ResultSerializer(ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    name = serializers.CharField(source="enterprise.name", read_only=True)
    year = serializers.IntegerField(source="run.year", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Result
        fields = [
            "id",
            "run",
            "year",
            "enterprise",
            "uscc",
            "name",
            "group",
            "figures",
            "indicator_values",
            "scores",
            "adjustment",
            "total",
            "rank",
            "ranked",
            "percentile",
            "computed_class",
            "klass",
            "ungraded_rule",
            "override_reason",
            "explanation",
            "version",
        ]
        read_only_fields = fields

    def get_explanation(self, result) -> list[dict]:
        schemes = self.context.setdefault("schemes_by_run", {})  # checked once per run
        if result.run_id not in schemes:
            schemes[result.run_id] = services.scheme_check(result.run.scheme_definition)
        reasons = services.explanation(result, schemes[result.run_id])
        return [{"code": v.code, "message": render(readable(v))} for v in reasons]


class OverrideSerializer(ActionSerializer):
    klass = serializers.CharField(label=_("class"), allow_blank=True)
    reason = serializers.CharField(label=_("reason"), allow_blank=True)


class ObjectionSerializer(ModelSerializer):
    class Meta:
        model = Objection
        fields = [
            "id",
            "run",
            "enterprise",
            "field",
            "claim",
            "proposed_value",
            "status",
            "answer",
            "submitted_at",
            "answered_at",
            "version",
        ]
        read_only_fields = ["id", "status", "answer", "submitted_at", "answered_at", "version"]

    run = ScopedPrimaryKeyRelatedField(queryset=Run.objects.all(), label=_("run"))
    enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), action=Action.VIEW, label=_("enterprise")
    )

    def create(self, validated_data):
        return services.objection_create(
            run=validated_data["run"],
            enterprise=validated_data["enterprise"],
            claim=validated_data["claim"],
            field=validated_data.get("field", ""),
            proposed_value=validated_data.get("proposed_value"),
            user=request_user(self),
        )


class AnswerSerializer(ActionSerializer):
    status = serializers.ChoiceField(
        choices=[ObjectionStatus.ACCEPTED, ObjectionStatus.REJECTED], label=_("status")
    )
    answer = serializers.CharField(label=_("answer"))
