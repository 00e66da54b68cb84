"""Serializer pieces shared by every app's API, and the reference-data serializers."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parkbase.core.choices import Action
from parkbase.core.models import Department, Park, Phase
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


READ_ONLY = _("This field cannot be changed.")


class RefuseReadOnlyMixin:
    """A change that gives a field the caller may not write (``read_only`` here: set
    by the server, changed only by its own action, or not the caller's to change) with
    a value other than the record's is refused with 400 naming the field, instead of
    being silently dropped while the rest is saved (a new version and a history entry
    for a change that did not happen). Giving such a field the value the record shows
    (a record read and sent back whole) is accepted. The values compared are the ones
    the caller was shown, so the check tells nothing a read would not."""

    def to_internal_value(self, data):
        if self.instance is not None and isinstance(data, Mapping):
            refused = self._read_only_changes(data)
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def _read_only_changes(self, data) -> dict:
        given = {}
        for field in self.fields.values():
            if field.read_only:
                value = field.get_value(data)
                if value is not serializers.empty:
                    given[field.field_name] = value
        if not given:
            return {}
        shown = self.to_representation(self.instance)
        return {
            name: [serializers.ErrorDetail(str(READ_ONLY), code="read_only")]
            for name, value in given.items()
            if name in shown and _plain(value) != _plain(shown[name])
        }


def _plain(value):
    """A value as JSON would carry it, so 5 and "5" (a form-encoded body) compare equal."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    return str(value)


class Serializer(CleanTextMixin, RefuseReadOnlyMixin, serializers.Serializer):
    """The base of every plain serializer of parkbase."""


class ModelSerializer(CleanTextMixin, RefuseReadOnlyMixin, serializers.ModelSerializer):
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


def optional_record(model, label, **kwargs) -> ScopedPrimaryKeyRelatedField:
    """A record of ``model`` the caller may see, by id, that may be left out or null (a
    phase, a responsible department)."""
    return ScopedPrimaryKeyRelatedField(
        queryset=model.objects.all(), allow_null=True, required=False, label=label, **kwargs
    )


def record_list(model, label, **kwargs) -> ScopedPrimaryKeyRelatedField:
    """Records of ``model`` the caller may see, by their ids; none if left out."""
    return ScopedPrimaryKeyRelatedField(
        queryset=model.objects.all(), many=True, required=False, label=label, **kwargs
    )


def request_user(serializer):
    """The user the request comes from."""
    return serializer.context["request"].user


class ParkOnCreateMixin(Serializer):
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
        if self.instance is None:
            self.require_park(attrs)
        return super().validate(attrs)

    def require_park(self, attrs) -> None:
        if attrs.get("park") is None and not request_user(self).park_id:
            raise serializers.ValidationError({"park": [PARK_REQUIRED]}, code="required")

    def park_of(self, validated_data) -> Park:
        """Take the park out of the data: the one named, else the caller's own."""
        return validated_data.pop("park", None) or request_user(self).park


class ActionSerializer(Serializer):
    """The body of an action on one record (a step, an answer, a move): ``version``, the
    one the caller read, and the action's own fields under the names its service takes."""

    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))


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
        fields = ["id", "park", "code", "name", "name_en", "order"]
        read_only_fields = fields


class DepartmentSerializer(ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "park", "code", "name"]
        read_only_fields = fields
