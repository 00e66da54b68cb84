"""What the survey pages share: error display, the POST-needs-change rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from parkbase.core.scoping import role_allows
from parkbase.core.views import STALE, add_errors  # noqa: F401 (the survey pages import them from here)


def _may(user, action, model) -> bool:
    return role_allows(user, action, model)


def _error_text(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
