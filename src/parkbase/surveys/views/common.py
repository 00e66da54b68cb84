"""What the survey pages share: error display, the POST-needs-change rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from parkbase.core.choices import Action
from parkbase.core.messages import TEMPLATES
from parkbase.core.scoping import role_allows

STALE = TEMPLATES["stale"]


def _may(user, action, model) -> bool:
    return role_allows(user, action, model)


def _error_text(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def add_errors(form, exc: ValidationError) -> None:
    """A service's field-keyed errors next to their fields; errors of fields the form
    does not have (they name their field) above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


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
