"""What the survey pages share: error display, the POST-needs-change rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from parkbase.core.choices import Action
from parkbase.core.scoping import role_allows
from parkbase.core.views import STALE, add_errors  # noqa: F401 (the survey pages import them from here)


def _may(user, action, model) -> bool:
    return role_allows(user, action, model)


def _error_text(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


class PostActionMixin:
    """GET views, POST changes: the role must allow ``change`` for a POST."""

    post_action = Action.CHANGE

    def required_action(self) -> str:
        return self.post_action if self.request.method == "POST" else self.action


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
