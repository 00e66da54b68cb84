"""What the project serializers share: the calling user, the insider mark, a stage
given by id or code, and the guard on what a non-insider may not change."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from parkbase.projects import services
from parkbase.projects.models import Stage
from parkbase.projects.services.projects import GUARDED_FIELDS, INSIDERS_ONLY

STAGE_HELP = _("The stage: its id, or its code (e.g. signed).")


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
