from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from parkbase.core.locking import StaleEdit

# the schema's words for the 409 the handler below answers to a stale edit
STALE_RESPONSE = OpenApiResponse(
    description="Someone saved the record after you read it: the body carries "
    "`current_version`; reload, re-apply your change and send the new version."
)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_details(exc))
    if isinstance(exc, StaleEdit):
        return Response(
            {
                "detail": "记录已被他人修改，请重新加载后再保存。 / The record was changed by "
                "someone else; reload it and apply your change again.",
                "current_version": exc.current_version,
            },
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)


def _details(exc: DjangoValidationError) -> dict:
    """Field → messages, keeping each rule's code (uscc_check, exceeds, …) for clients."""
    by_field = (
        exc.error_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.error_list}
    )
    return {
        name: [
            ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
        for name, errors in by_field.items()
    }
