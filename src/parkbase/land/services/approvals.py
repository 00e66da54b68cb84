"""Land quotas and approvals (征地计划, 用地指标, 农转用, 供地, 规划许可): what the park
applied for, for which parcels and which project, and how it was decided. The project
an approval serves is the project's own link (``core.contributions.APPROVAL_SERVES``):
the services write it with the approval, as ``serves``."""

from __future__ import annotations

from django.db import transaction

from parkbase.core import contributions
from parkbase.core.need_to_know import guard_write
from parkbase.core.rules import (
    amounts_valid,
    choice,
    not_before,
    required_text,
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
    "note",
)
TEXT_FIELDS = ("name", "reference", "authority", "note")
DECIDED = (ApprovalStatus.APPROVED, ApprovalStatus.PARTLY_APPROVED, ApprovalStatus.REJECTED)
GRANTED = (ApprovalStatus.APPROVED, ApprovalStatus.PARTLY_APPROVED)
UNCHANGED = object()  # ``serves``: leave the link as it is


def approval_violations(values: dict, *, park, parcels, serves=None) -> list[Violation]:
    found = choice(values, "kind", ApprovalKind)
    found += required_text(values, "name")
    found += choice(values, "status", ApprovalStatus)
    found += amounts_valid(values, "requested_area", "approved_area")
    found += not_before(values, "decided_on", "submitted_on")
    link = contributions.APPROVAL_SERVES()
    if link is not None and serves not in (None, UNCHANGED):
        found += link.violations(park, serves)
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


def _refuse(violations: list[Violation]) -> None:
    link = contributions.APPROVAL_SERVES()
    refuse(violations, Approval, *([link.link_model] if link else []))


def _link(approval: Approval, serves, user) -> None:
    link = contributions.APPROVAL_SERVES()
    if link is not None and serves is not UNCHANGED:
        link.write(approval, serves, user)


@transaction.atomic
def approval_create(*, park, user=None, parcels=(), serves=None, **fields) -> Approval:
    """A new approval; ``serves``: the record it serves (a project), if any."""
    unknown_fields(fields, APPROVAL_FIELDS)
    fields.setdefault("status", ApprovalStatus.PREPARING)
    parcels = list(parcels or ())
    _refuse(approval_violations(fields, park=park, parcels=parcels, serves=serves))
    approval = Approval(park=park)
    _apply(approval, fields)
    save(approval, user)
    approval.parcels.set(parcels)
    _link(approval, serves, user)
    return approval


@transaction.atomic
def approval_update(
    *, approval, expected_version, user=None, parcels=None, serves=UNCHANGED, **fields
) -> Approval:
    """Change an approval; ``parcels`` (when given) replaces the parcels it covers,
    ``serves`` (when given) the record it serves."""
    unknown_fields(fields, APPROVAL_FIELDS)
    current = locked(Approval, approval.pk, expected_version)
    parcels = None if parcels is None else list(parcels)
    # need-to-know: an outsider may not change what they cannot see, nor re-link it
    fields = guard_write(user, current, fields | {"parcels": parcels})
    fields.pop("parcels", None)
    merged = {n: getattr(current, n) for n in APPROVAL_FIELDS} | fields
    _refuse(approval_violations(merged, park=current.park, parcels=parcels, serves=serves))
    _link(current, serves, user)
    _apply(current, fields)
    save_edit(current, user)
    if parcels is not None:
        current.parcels.set(parcels)
    return current


@transaction.atomic
def approval_delete(*, approval, expected_version, user=None) -> None:
    current = locked(Approval, approval.pk, expected_version)
    # deleting it would unlink it from its parcels and its project: a re-link outsiders
    # may not make
    guard_write(user, current, {"parcels": []})
    _link(current, None, user)
    delete(current, user)
