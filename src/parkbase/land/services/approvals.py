"""Land quotas and approvals (征地计划, 用地指标, 农转用, 供地, 规划许可): what the park
applied for, for which parcels and which project, and how it was decided."""

from __future__ import annotations

from django.db import transaction

from parkbase.core.need_to_know import guard_write
from parkbase.core.rules import (
    amounts_valid,
    choice,
    not_before,
    required_text,
    same_park,
    unknown_fields,
)
from parkbase.core.violations import Violation
from parkbase.core.write import delete, locked, refuse, save, save_edit
from parkbase.land.choices import ApprovalKind, ApprovalStatus
from parkbase.land.models import Approval

APPROVAL_FIELDS = (
    "kind",
    "name",
    "reference",
    "authority",
    "requested_area",
    "approved_area",
    "submitted_on",
    "decided_on",
    "status",
    "project",
    "note",
)
TEXT_FIELDS = ("name", "reference", "authority", "note")
DECIDED = (ApprovalStatus.APPROVED, ApprovalStatus.PARTLY_APPROVED, ApprovalStatus.REJECTED)
GRANTED = (ApprovalStatus.APPROVED, ApprovalStatus.PARTLY_APPROVED)


def approval_violations(values: dict, *, park, parcels) -> list[Violation]:
    found = choice(values, "kind", ApprovalKind)
    found += required_text(values, "name")
    found += choice(values, "status", ApprovalStatus)
    found += amounts_valid(values, "requested_area", "approved_area")
    found += not_before(values, "decided_on", "submitted_on")
    found += same_park(values, park, "project")
    status = values.get("status")
    if status in DECIDED and values.get("decided_on") is None:
        found.append(Violation("decided_on", "required_for_approval", {"value": _label(status)}))
    if status in GRANTED and values.get("approved_area") is None:
        found.append(Violation("approved_area", "required_for_approval", {"value": _label(status)}))
    for parcel in parcels or ():
        if parcel.park_id != park.pk:
            found.append(Violation("parcels", "other_park", {"value": str(parcel)}))
    return found


def _label(status: str) -> str:
    return str(ApprovalStatus(status).label)


def _apply(approval: Approval, values: dict) -> None:
    for name in APPROVAL_FIELDS:
        if name in values:
            value = values[name]
            if value is None and name in TEXT_FIELDS:
                value = ""
            setattr(approval, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def approval_create(*, park, user=None, parcels=(), **fields) -> Approval:
    unknown_fields(fields, APPROVAL_FIELDS)
    fields.setdefault("status", ApprovalStatus.PREPARING)
    parcels = list(parcels or ())
    refuse(approval_violations(fields, park=park, parcels=parcels), Approval)
    approval = Approval(park=park)
    _apply(approval, fields)
    save(approval, user)
    approval.parcels.set(parcels)
    return approval


@transaction.atomic
def approval_update(*, approval, expected_version, user=None, parcels=None, **fields) -> Approval:
    """Change an approval; ``parcels`` (when given) replaces the parcels it covers."""
    unknown_fields(fields, APPROVAL_FIELDS)
    current = locked(Approval, approval.pk, expected_version)
    parcels = None if parcels is None else list(parcels)
    # need-to-know: an outsider may not change what they cannot see, nor re-link it
    fields = guard_write(user, current, fields | {"parcels": parcels})
    fields.pop("parcels", None)
    merged = {n: getattr(current, n) for n in APPROVAL_FIELDS} | fields
    refuse(approval_violations(merged, park=current.park, parcels=parcels), Approval)
    _apply(current, fields)
    save_edit(current, user)
    if parcels is not None:
        current.parcels.set(parcels)
    return current


@transaction.atomic
def approval_delete(*, approval, expected_version, user=None) -> None:
    current = locked(Approval, approval.pk, expected_version)
    # deleting it would unlink its parcels from the project: a re-link outsiders may not make
    guard_write(user, current, {"project": None, "parcels": []})
    delete(current, user)
