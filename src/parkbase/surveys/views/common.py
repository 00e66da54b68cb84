"""What the survey pages share: the role's rule, reading a number from the request."""

from __future__ import annotations

from parkbase.core.scoping import role_allows


def _may(user, action, model) -> bool:
    return role_allows(user, action, model)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
