from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.api.serializers import ModelSerializer, Serializer
from parkbase.imports import registry
from parkbase.imports.models import ImportJob


class ImportJobSerializer(ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "park",
            "kind",
            "original_name",
            "sheet",
            "options",
            "overrides",
            "skip_invalid",
            "status",
            "status_display",
            "progress",
            "heartbeat",
            "report",
            "error",
            "created_by",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class ImportUploadSerializer(Serializer):
    kind = serializers.ChoiceField(choices=[], help_text=_("What the file holds."))
    file = serializers.FileField(help_text=_(".xlsx, .xls, .ods or .csv"))
    sheet = serializers.CharField(required=False, allow_blank=True, default="")
    year = serializers.IntegerField(
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=_(
            "For kinds with a year: the year of every row (a sheet without a year column "
            "takes it; a row with another year is reported)."
        ),
    )
    month = serializers.RegexField(
        r"^\s*(?:19|20)\d\d-(?:0?[1-9]|1[0-2])\s*$",
        required=False,
        help_text=_(
            "For monthly returns: the month of every row, as 2019-03 (a sheet without a "
            "月份 or 期别 column takes it)."
        ),
    )
    skip_invalid = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registry.choices()


class MappingSerializer(Serializer):
    overrides = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text=_("header text in the file → field name ('' ignores the column)"),
    )


class ConfirmSerializer(Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=1949,
        max_value=2100,
        help_text=_(
            "The year to write the figures for: needed when the check took it from the "
            "sheet's title (the report's proposed_year)."
        ),
    )
    overwrite_ranked = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Survey workbooks: also overwrite figures recorded from a source the park "
            "ranks above the survey (they are kept otherwise)."
        ),
    )
