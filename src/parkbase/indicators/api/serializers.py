"""What the indicators' endpoints answer: read-only views of the library and the
targets (with their split), and the progress table as plain numbers."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.api.serializers import ModelSerializer, Serializer
from parkbase.indicators.models import Indicator, KeyTask, Target, TargetMonth, TargetShare


class IndicatorSerializer(ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "unit",
            "display_unit",
            "definition",
            "direction",
            "source",
            "monthly_field",
            "computation",
            "value_source",
            "builtin",
            "order",
            "active",
            "version",
        ]
        read_only_fields = fields


class TargetShareSerializer(ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = TargetShare
        fields = ["unit", "unit_code", "unit_name", "value"]
        read_only_fields = fields


class TargetMonthSerializer(ModelSerializer):
    class Meta:
        model = TargetMonth
        fields = ["month", "value"]
        read_only_fields = fields


class TargetSerializer(ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    shares = TargetShareSerializer(many=True, read_only=True)
    months = TargetMonthSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "year",
            "kind",
            "value",
            "threshold",
            "note",
            "shares",
            "months",
            "version",
        ]
        read_only_fields = fields


class LinkedProjectSerializer(Serializer):
    """A project a key task moves, named as the caller may see it: the code name of a
    confidential project the caller is not an insider of, never its real name (as on
    the task's page)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="shown_name", read_only=True)


class KeyTaskSerializer(ModelSerializer):
    linked_projects = LinkedProjectSerializer(
        source="projects",
        many=True,
        read_only=True,
        help_text=_(
            "The linked projects, each with its name as you may see it (the code "
            "name of a confidential project you are not an insider of)."
        ),
    )

    class Meta:
        model = KeyTask
        fields = [
            "id",
            "year",
            "title",
            "stream",
            "description",
            "owner",
            "unit",
            "deadline",
            "status",
            "done_on",
            "milestones",
            "projects",
            "linked_projects",
            "parcels",
            "decisions",
            "indicators",
            "version",
        ]
        read_only_fields = fields


class ProjectionSerializer(Serializer):
    central = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()
    basis = serializers.CharField()
    meets = serializers.CharField(allow_null=True)


class ProgressRowSerializer(Serializer):
    """One indicator at a month end; values in its stored unit (yuan, count, percent)."""

    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    display_unit = serializers.CharField()
    month = serializers.IntegerField()
    data_month = serializers.IntegerField(allow_null=True)
    ytd = serializers.FloatField(allow_null=True)
    last_ytd = serializers.FloatField(
        allow_null=True,
        help_text=_(
            "The same period last year, of the same enterprises: those that have not "
            "filed for the data month yet are left out of it too."
        ),
    )
    last_ytd_all = serializers.FloatField(
        allow_null=True, help_text=_("The same period last year, of every enterprise.")
    )
    growth_percent = serializers.FloatField(allow_null=True)
    filed = serializers.IntegerField(
        allow_null=True,
        help_text=_("Monthly returns: the enterprises that filed for the data month."),
    )
    expected = serializers.IntegerField(
        allow_null=True,
        help_text=_(
            "Monthly returns: the enterprises expected to file for the data month (those "
            "that filed and the above-size ones that have not yet)."
        ),
    )
    target_kind = serializers.CharField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    implied_growth_percent = serializers.FloatField(allow_null=True)
    elapsed_percent = serializers.FloatField()
    completion_percent = serializers.FloatField(allow_null=True)
    lead_points = serializers.FloatField(allow_null=True)
    behind = serializers.BooleanField()
    alert = serializers.BooleanField()
    projection = ProjectionSerializer(allow_null=True)
