"""What the project services share: saving with the audit trail, today, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone

from parkbase.core.messages import as_validation_error
from parkbase.core.violations import Violation


def today() -> dt.date:
    return timezone.localdate()


def acting(user):
    return user if getattr(user, "is_authenticated", False) else None


def save(obj, user, reason: str = "") -> None:
    obj._history_user = acting(user)
    if reason:
        obj._change_reason = reason
    obj.save()


def refuse(violations: list[Violation], model, *more_models) -> None:
    """Raise the violations as one field-keyed error. Each is worded with the first of
    ``model, *more_models`` that has its field, so a move's date (a stage change's) and
    the gate's fields (the project's) are named properly in one refusal."""
    if not violations:
        return
    models = (model, *more_models)

    def owner(v):
        return next((m for m in models if _has_field(m, v.field)), model)

    errors = {}
    for v in violations:
        errors.setdefault(v.field, []).extend(
            as_validation_error([v], owner(v)).error_dict[v.field]
        )
    raise ValidationError(errors)


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def field_label(model, name: str):
    """A field's (lazy) verbose name, for a message that names a field of another model."""
    return model._meta.get_field(name).verbose_name


def required_text(values: dict, *names: str) -> list[Violation]:
    return [Violation(n, "required") for n in names if not (values.get(n) or "").strip()]


def amounts_valid(values: dict, *names: str) -> list[Violation]:
    """Money and areas: numbers, finite, not negative."""
    found = []
    for name in names:
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, Decimal | int) or not Decimal(value).is_finite():
            found.append(Violation(name, "not_a_number", {"value": value}))
        elif value < 0:
            found.append(Violation(name, "negative", {"value": value}))
    return found


def same_park(values: dict, park, *names: str) -> list[Violation]:
    found = []
    for name in names:
        obj = values.get(name)
        park_id = getattr(obj, "park_id", None)
        if obj is not None and park_id is not None and park_id != park.pk:
            found.append(Violation(name, "other_park", {"value": str(obj)}))
    return found
