"""The one scoping method.

Every model that holds park data uses ``ScopedQuerySet`` and declares:

* ``scope_enterprise_path`` — the lookup path from the model to its Enterprise
  ("" for Enterprise itself, "enterprise__" for yearly data), or ``None`` when the
  model is not tied to one enterprise;
* ``scope_park_path`` — the lookup path to its Park ("" for Park itself).

and, where it needs them:

* ``scope_assignment_path`` — the path to the survey Assignment the row belongs to
  ("" for Assignment itself): a survey-team member then sees the rows of their own
  assignments, not every row of the enterprises they visit;
* ``scope_department_path`` — the path to the Department the row is routed to (a
  concern's responsible department): that department's users see it and handle it
  (write actions), besides reading the rows of the enterprises they supervise;
* ``scope_role_actions`` — {role: actions} where a role may do more (or less) with
  this model than ``ROLE_ACTIONS`` says, e.g. survey members change their assignments;
* ``scope_roles`` — the only roles that see any row of the model (e.g. import jobs:
  administrators, leaders and staff); for every other role its lists are empty and
  its objects not found;
* ``scope_role_filters`` — {role: Q} narrowing what a role sees of its scope, e.g.
  evaluation results: departments and enterprises see only runs in notice or
  published, never drafts.

A survey-team member's scope is the assignments of their teams in open campaigns.
Core does not import the surveys app: it registers how to find those assignments
(``register_survey_scope``) in its ``AppConfig.ready()``.

``Model.objects.visible_to(user, action)`` is the only way pages, the API, exports,
counts and charts obtain rows. Deliberate bypasses use ``Model.objects.unscoped()``
so they can be found with grep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from parkbase.core.choices import Action, Role

# Which roles may do what, whatever the object. Scope (which objects) is below.
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.ADMIN: {Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE},
    Role.LEADER: {Action.VIEW},
    Role.STAFF: {Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE},
    Role.SURVEY: {Action.VIEW},
    Role.DEPARTMENT: {Action.VIEW},
    Role.ENTERPRISE: {Action.VIEW},
}

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class SurveyScope:
    """How to find a survey-team member's work; filled in by the surveys app."""

    assignments: Callable  # user -> queryset of the assignments the member works on
    describe: Callable  # user -> str, for `parkbase users list`


_survey_scope: SurveyScope | None = None


def register_survey_scope(scope: SurveyScope | None) -> None:
    """Called once by the surveys app (AppConfig.ready); None unregisters (tests)."""
    global _survey_scope
    _survey_scope = scope


def survey_scope_description(user) -> str:
    return _survey_scope.describe(user) if _survey_scope is not None else "none"


def role_actions(user, model=None) -> set[str]:
    overrides = getattr(model, "scope_role_actions", None) or {}
    if user.role in overrides:
        return set(overrides[user.role])
    return ROLE_ACTIONS.get(user.role, set())


def role_allows(user, action: str, model=None) -> bool:
    """Whether the user's role may ``action`` at all (on ``model``, which may widen or
    narrow the role's actions through ``scope_role_actions``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in role_actions(user, model)


def role_sees_model(user, model) -> bool:
    """Whether any row of ``model`` can be the user's: not when the model names the only
    roles that see it (``scope_roles``) and the user's role is not one of them."""
    roles = getattr(model, "scope_roles", None)
    if roles is None or user.is_superuser or getattr(user, "role", None) == Role.ADMIN:
        return True
    return getattr(user, "role", None) in roles


def scope_q(model, user, action: str = Action.VIEW) -> Q:
    """The filter that restricts ``model`` rows to what ``user`` may ``action``."""
    q = _scope_q(model, user, action)
    narrowing = (getattr(model, "scope_role_filters", None) or {}).get(getattr(user, "role", None))
    if narrowing is not None and not user.is_superuser and q != NOTHING:
        return q & narrowing
    return q


def _scope_q(model, user, action: str) -> Q:
    if not role_allows(user, action, model):
        return NOTHING
    if user.is_superuser or user.role == Role.ADMIN:
        return Q()
    roles = getattr(model, "scope_roles", None)
    if roles is not None and user.role not in roles:
        return NOTHING
    enterprise_path = getattr(model, "scope_enterprise_path", None)
    park_path = getattr(model, "scope_park_path", None)
    role = user.role

    if role in (Role.LEADER, Role.STAFF):
        if park_path is None or not user.park_id:
            return NOTHING
        return Q(**{f"{park_path}id" if park_path else "pk": user.park_id})

    if enterprise_path is None:
        # Reference data of the user's park (phases, departments) is visible to
        # every role that works inside the park; nothing of other parks.
        if park_path is not None and user.park_id:
            return Q(**{f"{park_path}id" if park_path else "pk": user.park_id})
        return NOTHING

    if role == Role.DEPARTMENT:
        if not user.department_id:
            return NOTHING
        supervised = Q(**{f"{enterprise_path}department_id": user.department_id})
        routed_path = getattr(model, "scope_department_path", None)
        if routed_path is None:
            return supervised
        routed = Q(**{f"{routed_path}id": user.department_id})
        # read what concerns your enterprises; handle what is routed to you
        return supervised | routed if action == Action.VIEW else routed
    if role == Role.ENTERPRISE:
        if not user.enterprise_id:
            return NOTHING
        return Q(**{f"{enterprise_path}pk" if enterprise_path else "pk": user.enterprise_id})
    if role == Role.SURVEY:
        # the enterprises assigned to the member's teams in open campaigns: one
        # subquery, so a list costs no extra query per user
        if _survey_scope is None:
            return NOTHING
        assignments = _survey_scope.assignments(user)
        assignment_path = getattr(model, "scope_assignment_path", None)
        if assignment_path is not None:
            return Q(**{f"{assignment_path}pk__in": assignments.values("pk")})
        return Q(**{f"{enterprise_path}pk__in": assignments.values("enterprise_id")})
    return NOTHING


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = Action.VIEW):
        return self.filter(scope_q(self.model, user, action))

    def unscoped(self):
        """An explicit, greppable bypass for system work (loaders, migrations, CLI)."""
        return self.all()


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
