"""The one scoping method.

Every model that holds park data uses ``ScopedQuerySet`` and declares:

* ``scope_enterprise_path`` — the lookup path from the model to its Enterprise
  ("" for Enterprise itself, "enterprise__" for yearly data), or ``None`` when the
  model is not tied to one enterprise;
* ``scope_park_path`` — the lookup path to its Park ("" for Park itself).

``Model.objects.visible_to(user, action)`` is the only way pages, the API, exports,
counts and charts obtain rows. Deliberate bypasses use ``Model.objects.unscoped()``
so they can be found with grep.
"""

from __future__ import annotations

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


def role_allows(user, action: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in ROLE_ACTIONS.get(user.role, set())


def scope_q(model, user, action: str = Action.VIEW) -> Q:
    """The filter that restricts ``model`` rows to what ``user`` may ``action``."""
    if not role_allows(user, action):
        return NOTHING
    if user.is_superuser or user.role == Role.ADMIN:
        return Q()
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
        return Q(**{f"{enterprise_path}department_id": user.department_id})
    if role == Role.ENTERPRISE:
        if not user.enterprise_id:
            return NOTHING
        return Q(**{f"{enterprise_path}pk" if enterprise_path else "pk": user.enterprise_id})
    if role == Role.SURVEY:
        # Until survey campaigns assign enterprises to teams, a survey member
        # covers the phases given to them.
        phase_ids = list(user.phases.values_list("pk", flat=True))
        if not phase_ids:
            return NOTHING
        return Q(**{f"{enterprise_path}phase_id__in": phase_ids})
    return NOTHING


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = Action.VIEW):
        return self.filter(scope_q(self.model, user, action))

    def unscoped(self):
        """An explicit, greppable bypass for system work (loaders, migrations, CLI)."""
        return self.all()


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
