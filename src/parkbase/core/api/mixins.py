"""View-set pieces every API endpoint shares: scoping, writes through the app's
services (a stale version answers 409, a broken rule 400 naming field and rule), and
deletes that keep the audit trail and never answer 500."""

from __future__ import annotations

from django.db.models import ProtectedError, RestrictedError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from parkbase.core.api.exceptions import STALE_RESPONSE
from parkbase.core.api.permissions import request_action
from parkbase.core.api.serializers import VERSION_REQUIRED

RULES_RESPONSE = OpenApiResponse(
    description="A rule is broken; the body names the field and the rule (its code, e.g. "
    "`parcel_overlap`: send `confirm_overlap` to record it anyway)."
)


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

    def read_back(self, obj, code=status.HTTP_200_OK):
        """The record as a GET would show it to the caller (``serializer_class``)."""
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(
            self.serializer_class(obj, context=self.get_serializer_context()).data, code
        )

    def act(self, request, params_class, service, record: str, **fixed):
        """An action on one record through its app's service (a run's next step, a class
        override, an answer): the record (out of scope: 404, whatever the body); the body
        read by ``params_class`` (an ``ActionSerializer``: ``version`` and the fields the
        service takes, under their names); ``service(<record>=the record,
        expected_version=…, user=…, **fields, **fixed)``; the record read back."""
        obj = self.get_object()
        params = params_class(data=request.data, context=self.get_serializer_context())
        params.is_valid(raise_exception=True)
        values = dict(params.validated_data)
        version = values.pop("version")
        saved = service(
            **{record: obj}, expected_version=version, user=request.user, **values, **fixed
        )
        return self.read_back(saved)


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


class CreateThroughServices(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read and create, the creation through the serializer's ``create`` (which
    calls the app's service); the answer is the record read back through the scoped
    queryset, as the caller may see it. ``create_serializer_class`` takes what only a
    creation needs (the park, confirmations)."""

    create_serializer_class = None

    def get_serializer_class(self):
        if self.action == "create" and self.create_serializer_class is not None:
            return self.create_serializer_class
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.read_back(serializer.save(), status.HTTP_201_CREATED)


class WriteThroughServices(mixins.UpdateModelMixin, CreateThroughServices):
    """List, read, create and change, the writes through the serializers' ``create``
    and ``update`` (which call the app's services); each answer is the record read
    back through the scoped queryset. ``update_serializer_class`` takes a change when
    it is not the one a read shows (e.g. a whole document replaced with its version)."""

    update_serializer_class = None

    def get_serializer_class(self):
        if self.action in ("update", "partial_update") and self.update_serializer_class:
            return self.update_serializer_class
        return super().get_serializer_class()

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self.read_back(serializer.save())


def version_to_delete(request) -> int | None:
    """The ``version`` a DELETE names in its body, or None when it names none."""
    version = request.data.get("version") if hasattr(request.data, "get") else None
    try:
        return int(version)
    except (TypeError, ValueError):
        return None


class DeleteThroughService:
    """DELETE with the ``version`` in the body, through ``delete_service(<service_arg>=
    obj, expected_version=…, user=…)``: 400 without a version, 409 when stale."""

    delete_service = None
    service_arg = ""

    @extend_schema(responses={204: None, 400: RULES_RESPONSE, 409: STALE_RESPONSE})
    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        version = version_to_delete(request)
        if version is None:
            return Response({"version": [VERSION_REQUIRED]}, status.HTTP_400_BAD_REQUEST)
        self.delete_service(**{self.service_arg: obj}, expected_version=version, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
