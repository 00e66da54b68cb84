"""Render Violations as sentences, in the active language or in both."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.text import format_lazy
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
    "enterprise_fixed": _("{field} cannot change: the record belongs to its enterprise."),
    "duplicate_elsewhere": _("{field} {value} is already registered in another park."),
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
    "no_header": format_lazy(
        "{} {}",
        _("No header row with known column names was found in the first rows."),
        _("Expected columns such as: {expected}."),
    ),
    "stale": _(
        "This record was changed by someone else since you opened it. "
        "Reload it to see their changes, then apply yours again."
    ),
    # surveys
    "already_assigned": _("{field} {value} is already assigned to {team} in this campaign."),
    "not_in_scope": _("{field} {value} is not in the scope of this campaign."),
    "other_campaign": _("{field} {value} belongs to another campaign."),
    "campaign_not_open": _(
        "{field}: the campaign is {value}; visits, forms and verification need an open campaign."
    ),
    "campaign_closed": _("{field}: the campaign is closed; reopen it first."),
    "campaign_status": _("{field}: a campaign cannot go from {current} to {value}."),
    "status_same": _("{field} is already {value}."),
    "status_skip": _(
        "{field}: cannot go from {current} to {value}; the steps are not visited → visited "
        "→ filled → verified."
    ),
    "reason_required": _("{field} is required to move back from {current} to {value}."),
    "no_response": _("{field}: there is no filled-in form yet."),
    "already_verified": _(
        "{field}: the form is verified; move it back to filled (with a reason) to change it."
    ),
    "no_teams": _("{field}: the campaign has no teams to assign enterprises to."),
    "not_a_member": _("{field} {value} is not a member of team {team}."),
    "before_campaign": _("{field} ({value}) is before the campaign started ({other_value})."),
    "unknown_setting": _("{field}: unknown setting {value}; known: {choices}."),
    "not_a_mapping": _("{field} must be a set of name: value pairs."),
    "not_a_list": _("{field} {value} must be a list of field names."),
    "resolution_required": _("{field} is required when a concern is {value}."),
    "handler_field": _(
        "{field} may only be changed by park staff; your department changes the status "
        "and the resolution."
    ),
    "other_enterprise": _("{field} {value} is a visit to another enterprise."),
    "in_use": _("{field}: {value} still has {count} assignments."),
}


def label(model, field: str) -> str:
    if model is None:
        return field
    try:
        found = model._meta.get_field(field)
    except FieldDoesNotExist:
        return field
    if not hasattr(found, "verbose_name"):  # a reverse relation: name what it holds
        return str(found.related_model._meta.verbose_name_plural)
    return str(found.verbose_name)


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
