from rest_framework import permissions

from parkbase.core.choices import Action
from parkbase.core.scoping import role_allows

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
    """The role must allow the action; which objects is decided by the queryset
    (``visible_to``), so an object out of scope is simply not found (404)."""

    def has_permission(self, request, view):
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else None
        return role_allows(request.user, request_action(request, view), model)
