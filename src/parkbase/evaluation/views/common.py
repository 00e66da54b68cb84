"""What the evaluation pages share: a service's refusal shown as the page's messages.
The posted values are read by the forms (``evaluation.forms``)."""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError

from parkbase.core.locking import StaleEdit
from parkbase.core.views import STALE, as_int  # noqa: F401 (the evaluation pages import them)


def errors_of(exc: ValidationError) -> list[str]:
    """The messages of a service's refusal; each already names its field."""
    return list(exc.messages)


@contextmanager
def refusals_as_messages(request):
    """A service's refusal inside the block (a stale edit, a broken rule) becomes the
    page's messages; the view then redirects as it would have."""
    try:
        yield
    except StaleEdit:
        messages.error(request, STALE)
    except ValidationError as exc:
        for error in errors_of(exc):
            messages.error(request, error)
