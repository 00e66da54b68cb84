"""The survey services' fields, their rule messages, and who may do what to an
assignment (the write steps themselves are ``core.write``'s)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Role
from parkbase.core.violations import Violation
from parkbase.surveys.models import Assignment, Team

FIRST_YEAR = 1949
CAMPAIGN_FIELDS = ("name", "year", "status", "started_on", "ended_on", "notes", "thresholds")
CAMPAIGN_SCOPE_FIELDS = ("scope_phases", "scope_departments", "scope_enterprises")
CONCERN_FIELDS = (
    "enterprise",
    "assignment",
    "category",
    "description",
    "department",
    "raised_on",
    "due_on",
    "status",
    "resolution",
    "resolved_on",
)
# what the department a concern is routed to may change
HANDLER_FIELDS = ("status", "resolution", "resolved_on")


def _label(choices, value):
    """A status as its (lazily translated) label, for messages."""
    try:
        return choices(value).label
    except ValueError:
        return value


def _labelled(violations: list[Violation], choices) -> list[Violation]:
    out = []
    for v in violations:
        params = dict(v.params)
        for key in ("value", "current"):
            if key in params and v.code != "unknown_choice":
                params[key] = _label(choices, params[key])
        out.append(Violation(v.field, v.code, params))
    return out


# ---------------------------------------------------------------- who may do what


def is_writer(user) -> bool:
    return bool(user.is_superuser or user.role in (Role.ADMIN, Role.STAFF))


def is_member(user, team: Team) -> bool:
    return team.members.filter(pk=user.pk).exists()


def may_work_on(user, assignment: Assignment) -> bool:
    """Visits, verification and moving back: park staff, or a member of the team."""
    return is_writer(user) or is_member(user, assignment.team)


def may_fill(user, assignment: Assignment) -> bool:
    """The form: whoever works on the assignment, or the enterprise itself."""
    if user.role == Role.ENTERPRISE and not user.is_superuser:
        return user.enterprise_id == assignment.enterprise_id
    return may_work_on(user, assignment)


def _require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(str(message))


NOT_WRITER = _("Only park staff may move an assignment to another team.")
NOT_ON_TEAM = _("Only park staff and members of the assignment's team may do this.")
NOT_YOURS = _("Only park staff, the team and the enterprise itself may fill in this form.")
