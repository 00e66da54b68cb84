"""The one write path. Every service changes a record in the same steps, in this order:
lock the row (inside the caller's transaction), check the version the editor started
from, apply the change, bump the version, record the acting user (and a reason) for the
audit trail, save. Services call these instead of repeating the steps.

    current = locked(Approval, approval.pk, expected_version)
    current.status = status              # a refusal raised before saving saves nothing
    save_edit(current, user)

Creating a record: ``save(obj, user)``; deleting: ``delete_locked(...)``.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models

from parkbase.core.clock import today
from parkbase.core.locking import StaleEdit, lock_for_edit
from parkbase.core.messages import as_validation_error
from parkbase.core.scoping import FOR_WRITE, mark_written
from parkbase.core.violations import Violation

__all__ = [
    "StaleEdit",
    "acting",
    "delete",
    "delete_locked",
    "locked",
    "refuse",
    "save",
    "save_edit",
    "today",
]


def acting(user):
    """The user the audit trail names: a signed-in user, else none (the system)."""
    return user if getattr(user, "is_authenticated", False) else None


def save(obj: models.Model, user, reason: str = "") -> None:
    """Save with the acting user (and a reason) in the audit trail."""
    obj._history_user = acting(user)
    if reason:
        obj._change_reason = reason
    obj.save()
    mark_written(obj, FOR_WRITE)


def _rows(model_or_queryset) -> models.QuerySet:
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset.unscoped(FOR_WRITE)
    return model_or_queryset.objects.unscoped(FOR_WRITE)


def locked(model_or_queryset, pk, expected_version: int | None):
    """The row, locked for update, at the version the editor started from (else
    ``StaleEdit``). The caller read it in scope; a queryset adds its joins."""
    return lock_for_edit(_rows(model_or_queryset), pk, expected_version)


def save_edit(current: models.Model, user, reason: str = "") -> None:
    """Save a row changed after ``locked``: its version moves on, the user is recorded."""
    current.version += 1
    save(current, user, reason)


def delete(obj: models.Model, user) -> None:
    """Delete with the acting user in the audit trail."""
    obj._history_user = acting(user)
    obj.delete()


def delete_locked(model_or_queryset, pk, expected_version: int | None, user) -> models.Model:
    """Delete the row at the version the editor saw; the audit trail names the user."""
    current = locked(model_or_queryset, pk, expected_version)
    delete(current, user)
    return current


def refuse(violations: list[Violation], model, *more_models) -> None:
    """Raise the violations as one field-keyed error. Each is worded with the first of
    ``model, *more_models`` that has its field, so a move's date (a stage change's) and
    the gate's fields (the project's) are named properly in one refusal."""
    if not violations:
        return
    owners = (model, *more_models)

    def owner(v):
        return next((m for m in owners if _has_field(m, v.field)), model)

    errors: dict[str, list] = {}
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
