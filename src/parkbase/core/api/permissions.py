from rest_framework import permissions
from rest_framework.exceptions import NotFound

from parkbase.core.choices import Action, Role
from parkbase.core.scoping import role_allows, role_sees_model

API_READERS = (Role.ADMIN, Role.LEADER, Role.STAFF)

METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


def request_action(request, view=None) -> str:
    """The action a request performs: what the view's extra action declares
    (``@action(..., scope_action=Action.CHANGE)``), else what the HTTP method means."""
    declared = getattr(view, "scope_action", None)
    return declared or METHOD_ACTIONS.get(request.method, Action.CHANGE)


class ScopedPermission(permissions.BasePermission):
    """A role that sees no row of the model finds nothing (404, as on the pages); else
    the role must allow the action (403); which objects is decided by the queryset
    (``visible_to``), so an object out of scope is simply not found (404)."""

    def has_permission(self, request, view):
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else None
        user = request.user
        if getattr(user, "is_authenticated", False) and not role_sees_model(user, model):
            raise NotFound
        return role_allows(user, request_action(request, view), model)


class ReadsTheWholeApi(permissions.BasePermission):
    """The API's schema and docs describe every endpoint: they are for those who build
    on the API, the park's administrators, leaders and staff; other roles find nothing
    (404)."""

    def has_permission(self, request, view):
        user = request.user
        if not getattr(user, "is_authenticated", False):
            return False
        if user.is_superuser or user.role in API_READERS:
            return True
        raise NotFound
