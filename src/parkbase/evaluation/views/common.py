"""What the evaluation pages share: reading form values into types with clear
refusals, and error display."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from parkbase.core.messages import as_validation_error
from parkbase.core.views import STALE, as_int  # noqa: F401 (the evaluation pages import them)
from parkbase.core.violations import Violation


def as_date(post, name: str, model=None) -> dt.date | None:
    """A form's date, empty → None; an impossible one (2019-02-30) is refused."""
    text = (post.get(name) or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise as_validation_error([Violation(name, "not_a_date", {"value": text})], model) from exc


def as_decimal(post, name: str, model=None) -> Decimal | None:
    """A form's number (thousands separators allowed), empty → None; text, NaN and
    infinities are refused."""
    text = (post.get(name) or "").replace(",", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise as_validation_error([Violation(name, "not_a_number", {"value": text})], model)
    return value


def errors_of(exc: ValidationError) -> list[str]:
    """The messages of a service's refusal; each already names its field."""
    return list(exc.messages)
