"""Serializer pieces shared by every app's API, and the reference-data serializers."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.choices import Action
from parkbase.core.models import Department, Phase
from parkbase.core.text import clean_text

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


class CleanTextMixin:
    """Text in a request is cleaned (``core.text.clean_text``) before any field reads
    it: multi-line where the field is a text area (a model's TextField) or has no length
    limit (free text: notes, reasons), single-line where it has one (names, codes); the
    same for lists and maps of text.

    Why here: every serializer of parkbase derives from ``Serializer`` or
    ``ModelSerializer`` below, and nested ones clean their own part, so one hook reaches
    declared fields and fields generated from models alike, with no app naming a text
    field; the field's own rules (required, length) then judge the cleaned text. The
    pages do the same in ``core.forms``; imports in ``imports.values``."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            data = _cleaned(data, self.fields.values())
        return super().to_internal_value(data)


def _multiline(field) -> bool:
    return field.style.get("base_template") == "textarea.html" or field.max_length is None


def _clean_value(field, value):
    if isinstance(field, serializers.CharField):
        return clean_text(value, _multiline(field)) if isinstance(value, str) else value
    child = getattr(field, "child", None)
    if not isinstance(child, serializers.CharField):
        return value
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return [_clean_value(child, item) for item in value]
    if isinstance(field, serializers.DictField) and isinstance(value, dict):
        return {key: _clean_value(child, item) for key, item in value.items()}
    return value


def _cleaned(data, fields):
    copied = False
    for field in fields:
        key = field.field_name
        if field.read_only or key not in data:
            continue
        if hasattr(data, "getlist"):  # a form-encoded body: every value of the key
            values = data.getlist(key)
            cleaned = [_clean_value(field, value) for value in values]
        else:
            values = data[key]
            cleaned = _clean_value(field, values)
        if cleaned == values:
            continue
        if not copied:
            data, copied = (data.copy() if hasattr(data, "setlist") else dict(data)), True
        if hasattr(data, "setlist"):
            data.setlist(key, cleaned)
        else:
            data[key] = cleaned
    return data


class Serializer(CleanTextMixin, serializers.Serializer):
    """The base of every plain serializer of parkbase."""


class ModelSerializer(CleanTextMixin, serializers.ModelSerializer):
    """The base of every model serializer of parkbase."""


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


class VersionedModelSerializer(ModelSerializer):
    """Carries ``version``: shown on read, required on update (PUT and PATCH)."""

    version = serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]}, code="required")
        return attrs


class PhaseSerializer(ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "park", "code", "name", "order"]
        read_only_fields = fields


class DepartmentSerializer(ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "park", "code", "name"]
        read_only_fields = fields
