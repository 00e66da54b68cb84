"""View-set pieces every API endpoint shares: scoping, and deletes that keep the audit
trail and never answer 500."""

from __future__ import annotations

from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException

from parkbase.core.api.permissions import request_action


class ScopedViewSetMixin:
    """Rows come only from ``Model.objects.visible_to(user, action)``, where the action
    follows the HTTP method (GET → view, PUT/PATCH → change, DELETE → delete). An object
    out of scope is therefore not found: 404, never a 403 that admits it exists.

    Set ``select_related`` on the view to the relations the serializer reads, so a list
    costs the same number of queries whatever the page size.
    """

    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        queryset = self.queryset.model.objects.visible_to(
            self.request.user, request_action(self.request, self)
        )
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        return queryset


class InUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = (
        "该记录仍被其他记录引用，无法删除。 / The record is still referred to by other "
        "records and cannot be deleted."
    )
    default_code = "in_use"


class AuditedDestroyMixin:
    """DELETE records the API user in the history and answers 409 (not 500) when other
    records still point at the object (e.g. a user account tied to an enterprise)."""

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        try:
            instance.delete()
        except (ProtectedError, RestrictedError) as exc:
            blocking = getattr(exc, "protected_objects", None) or getattr(
                exc, "restricted_objects", ()
            )
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
            raise InUse(f"{InUse.default_detail} ({', '.join(kinds)})") from exc
