"""Concerns (诉求): raising, handling, reopening."""

from __future__ import annotations

from django.db import transaction

from parkbase.core.choices import Role
from parkbase.core.violations import Violation
from parkbase.core.write import acting, locked, refuse, save, save_edit, today
from parkbase.surveys import engine
from parkbase.surveys.choices import ConcernStatus
from parkbase.surveys.models import Concern
from parkbase.surveys.services.rules import CONCERN_FIELDS, HANDLER_FIELDS, _labelled, is_writer

# ---------------------------------------------------------------- concerns


def concern_violations(
    data: dict, *, instance: Concern | None = None, reason: str = ""
) -> list[Violation]:
    found: list[Violation] = []
    enterprise = data.get("enterprise")
    if enterprise is None:
        found.append(Violation("enterprise", "required"))
    if not data.get("category"):
        found.append(Violation("category", "required"))
    if not (data.get("description") or "").strip():
        found.append(Violation("description", "required"))
    assignment = data.get("assignment")
    if (
        assignment is not None
        and enterprise is not None
        and assignment.enterprise_id != enterprise.pk
    ):
        found.append(Violation("assignment", "other_enterprise", {"value": str(assignment)}))
    department = data.get("department")
    if (
        department is not None
        and enterprise is not None
        and department.park_id != enterprise.park_id
    ):
        found.append(Violation("department", "other_park", {"value": str(department)}))
    raised, due, resolved = data.get("raised_on"), data.get("due_on"), data.get("resolved_on")
    if raised and raised > today():
        found.append(Violation("raised_on", "future_date", {"value": raised}))
    if raised and due and due < raised:
        found.append(Violation("due_on", "before", {"value": due, "other": "raised_on"}))
    if raised and resolved and resolved < raised:
        found.append(Violation("resolved_on", "before", {"value": resolved, "other": "raised_on"}))
    if resolved and resolved > today():
        found.append(Violation("resolved_on", "future_date", {"value": resolved}))
    before = instance.status if instance is not None and instance.pk else ConcernStatus.OPEN
    found += _labelled(
        engine.concern_transition(
            before,
            data.get("status") or ConcernStatus.OPEN,
            resolution=data.get("resolution") or "",
            reason=reason,
        ),
        ConcernStatus,
    )
    return found


def _apply_concern(concern: Concern, data: dict, before: str | None) -> None:
    for name, value in data.items():
        setattr(concern, name, value.strip() if name in ("description", "resolution") else value)
    if concern.status in engine.CONCERN_DONE:
        concern.resolved_on = concern.resolved_on or today()
    elif before in engine.CONCERN_DONE:
        concern.resolved_on = None  # reopened


def _pk(value):
    return getattr(value, "pk", value)


@transaction.atomic
def concern_create(*, user, data: dict, raised_by=None) -> Concern:
    """Record a concern. ``user`` acts (None: a system load such as the demo park,
    which states past handling as fact); ``raised_by`` defaults to the acting user."""
    data = {
        **data,
        "raised_on": data.get("raised_on") or today(),
        "status": data.get("status") or ConcernStatus.OPEN,
    }
    found: list[Violation] = []
    if user is not None and not is_writer(user):
        # only the handlers set a status, a resolution or a resolution date
        defaults = {"status": ConcernStatus.OPEN, "resolution": "", "resolved_on": None}
        for name in HANDLER_FIELDS:
            if name in data and (data[name] or None) != (defaults[name] or None):
                found.append(Violation(name, "handler_field"))
    found += concern_violations(data)
    refuse(found, Concern)
    concern = Concern(raised_by=acting(raised_by if raised_by is not None else user))
    _apply_concern(concern, data, None)
    save(concern, user)
    return concern


@transaction.atomic
def concern_update(
    *, user, concern: Concern, data: dict, expected_version: int, reason: str = ""
) -> Concern:
    """Change a concern. The department it is routed to may change its status and
    resolution only; reopening needs a reason (kept in the history)."""
    current = locked(Concern, concern.pk, expected_version)
    found: list[Violation] = []
    if user is not None and user.role == Role.DEPARTMENT and not is_writer(user):
        for name, value in data.items():
            if name not in HANDLER_FIELDS and getattr(current, name) != value:
                found.append(Violation(name, "handler_field"))
    if "enterprise" in data and _pk(data["enterprise"]) != current.enterprise_id:
        found.append(Violation("enterprise", "enterprise_fixed"))
    merged = {name: getattr(current, name) for name in CONCERN_FIELDS} | data
    found += concern_violations(merged, instance=current, reason=reason)
    refuse(found, Concern)
    before = current.status
    _apply_concern(current, data, before)
    save_edit(current, user, reason=reason.strip())
    return current
