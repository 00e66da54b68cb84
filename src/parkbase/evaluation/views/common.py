"""What the evaluation pages share: a service's refusal shown as the page's messages.
The posted values are read by the forms (``evaluation.forms``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from parkbase.core.views import STALE, as_int  # noqa: F401 (the evaluation pages import them)


def errors_of(exc: ValidationError) -> list[str]:
    """The messages of a service's refusal; each already names its field."""
    return list(exc.messages)
