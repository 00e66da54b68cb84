"""Serializer pieces shared by every app's API, and the reference-data serializers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.choices import Action
from parkbase.core.models import Department, Park, Phase

VERSION_HELP = _(
    "Optimistic lock. Read it from the record; send it back unchanged with every PUT or "
    "PATCH (required there). If someone saved the record meanwhile the answer is 409 "
    "with the current version. Ignored on create."
)
PARK_REQUIRED = (
    "请指定园区（您的账号不属于任何园区）。 / Give the park: your account belongs to no park."
)
VERSION_REQUIRED = (
    "修改时必须提供读取记录时的版本号 version。 / Send the version you read (field "
    "`version`) with every change, so nobody's edit is silently overwritten."
)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must point at an object the requesting user may ``action``;
    anything else is answered as "does not exist", exactly like a missing id."""

    def __init__(self, *, action: str = Action.VIEW, **kwargs):
        self.action = action
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if request is None:
            return queryset.none()
        return queryset.visible_to(request.user, self.action)


def request_user(serializer):
    """The user the request comes from."""
    return serializer.context["request"].user


class ParkOnCreateMixin(serializers.Serializer):
    """A record created through the API joins the caller's own park; a user of no park
    (an administrator) names it, among the parks they may add to."""

    park = ScopedPrimaryKeyRelatedField(
        queryset=Park.objects.all(),
        action=Action.ADD,
        required=False,
        label=_("park"),
        help_text=_("Defaults to your own park; administrators must give it."),
    )

    def validate(self, attrs):
        creating = self.instance is None
        if creating and attrs.get("park") is None and not request_user(self).park_id:
            raise serializers.ValidationError({"park": [PARK_REQUIRED]}, code="required")
        return super().validate(attrs)

    def park_of(self, validated_data) -> Park:
        """Take the park out of the data: the one named, else the caller's own."""
        return validated_data.pop("park", None) or request_user(self).park


class VersionedModelSerializer(serializers.ModelSerializer):
    """Carries ``version``: shown on read, required on update (PUT and PATCH)."""

    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]}, code="required")
        return attrs


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "park", "code", "name", "order"]
        read_only_fields = fields


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "park", "code", "name"]
        read_only_fields = fields
