"""Render Violations as sentences, in the active language or in both."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parkbase.core.violations import Violation

TEMPLATES = {
    "required": _("{field} is required."),
    "negative": _("{field} must not be negative (got {value})."),
    "exceeds": _("{field} ({value}) may not exceed {other} ({other_value})."),
    "education_exceeds_staff": _(
        "Staff by education ({value} in all) may not exceed {other} ({other_value})."
    ),
    "before": _("{field} ({value}) may not be earlier than {other}."),
    "future_date": _("{field} ({value}) is in the future."),
    "year_range": _("{field} {value} is outside {min}–{max}."),
    "unknown_code": _("{field} {value} is not in GB/T 4754-2017 as loaded."),
    "industry_format": _("{field} {value} must be a section letter or 2–4 digits."),
    "uscc_length": _("{field} {value} must be 18 characters."),
    "uscc_alphabet": _(
        "{field} {value} contains characters a credit code never uses (I, O, S, V, Z or symbols)."
    ),
    "uscc_department": _("{field} {value} starts with an unknown registering department."),
    "uscc_division": _("{field} {value}: characters 3–8 must be the 6-digit division code."),
    "uscc_check": _("{field} {value} has a wrong check character (GB 32100-2015)."),
    "other_park": _("{field} {value} belongs to another park."),
    "duplicate": _("{field} {value} is already used by {other}."),
    "not_a_number": _("{field} {value!r} is not a number."),
    "not_a_date": _("{field} {value!r} is not a date."),
    "unknown_choice": _("{field} {value!r} is not one of: {choices}."),
    "unknown_reference": _("{field} {value!r} does not exist."),
    "excel_error": _("{field}: the cell holds a spreadsheet error ({value}), not a value."),
    "not_an_integer": _("{field} {value!r} must be a whole number."),
    "not_a_boolean": _("{field} {value!r} must be 是 or 否 (yes or no)."),
    "unknown_unit": _("{field}: the unit in the column header is not understood."),
    "duplicate_in_file": _("{field} {value} appears twice in the file (also row {other_row})."),
    "missing_column": _("The required column {field} was not found in the header row."),
    "no_header": _("No header row with known column names was found in the first rows."),
    "stale": _(
        "This record was changed by someone else since you opened it. "
        "Reload it to see their changes, then apply yours again."
    ),
}


def label(model, field: str) -> str:
    if model is None:
        return field
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def render(violation: Violation, model=None) -> str:
    params = dict(violation.params)
    params.setdefault("value", "")
    if "other" in params:
        params["other"] = label(model, params["other"])
    template = TEMPLATES.get(violation.code, _("{field}: rule {code} broken."))
    return str(template).format(field=label(model, violation.field), code=violation.code, **params)


def render_both(violation: Violation, model=None) -> dict:
    with translation.override("zh-hans"):
        zh = render(violation, model)
    with translation.override("en"):
        en = render(violation, model)
    return {"zh": zh, "en": en}


def as_validation_error(violations: list[Violation], model=None) -> ValidationError:
    """Field-keyed ValidationError, for forms and serializers."""
    by_field: dict[str, list] = {}
    for v in violations:
        by_field.setdefault(v.field, []).append(ValidationError(render(v, model), code=v.code))
    return ValidationError(by_field)
