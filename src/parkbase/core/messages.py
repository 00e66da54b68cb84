"""Render Violations as sentences, in the active language or in both."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from parkbase.core.names import in_language
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
    "park_fixed": _("{field} cannot change: the record stays in its park ({value})."),
    "required_for_role": _("{field} is required for the role {value}."),
    "slug_format": _(
        "{field} {value!r} may hold only letters a–z, digits, hyphens and underscores."
    ),
    "username_format": _(
        "{field} {value!r} may hold only letters, digits and @ . + - _ (at most 150)."
    ),
    "still_referenced": _(
        "{value} cannot be deleted: {count} records still refer to it ({kinds})."
    ),
    "duplicate_elsewhere": _("{field} {value} is already registered in another park."),
    "duplicate": _("{field} {value} is already used by {other}."),
    "not_a_number": _("{field} {value!r} is not a number."),
    "not_a_date": _(
        "{field} {value!r} is not a date (write 2015-03-08, 2015/3/8, 2015年3月8日 or an "
        "Excel date)."
    ),
    "unknown_choice": _("{field} {value!r} is not one of: {choices}."),
    "unknown_reference": _("{field} {value!r} does not exist."),
    # the same rule, when the values to choose from are few enough to name
    "unknown_reference+choices": _("{field} {value!r} does not exist; use one of: {choices}."),
    "excel_error": _("{field}: the cell holds a spreadsheet error ({value}), not a value."),
    "not_an_integer": _("{field} {value!r} must be a whole number."),
    "not_a_boolean": _("{field} {value!r} must be 是 or 否 (yes or no)."),
    "unknown_unit": _(
        "{field}: the unit {unit!r} in the column header is not understood; use one of: {units}."
    ),
    "differs_from_given": _(
        "{field} {value} in the file differs from {given}, given for the whole import."
    ),
    "out_of_range": _("{field} {value} is outside {min}–{max}."),
    "duplicate_in_file": _("{field} {value} appears twice in the file (also row {other_row})."),
    "missing_column": _("The required column {field} was not found in the header row."),
    "unit_contradicts_note": _(
        "{field}: the column header says {unit} but the note above the table says "
        "单位：{note_unit}; correct the one that is wrong (nothing is guessed), or ignore "
        "the column in the column mapping."
    ),
    "no_year": _(
        "{field}: no year for the figures. Give the year (--year, or the year of the "
        "upload), a 年度 column, or a title such as 2019年度企业调查表."
    ),
    "no_header": format_lazy(
        "{} {}",
        _("No header row with known column names was found in the first rows."),
        _("Expected columns such as: {expected}."),
    ),
    "stale": _(
        "This record was changed by someone else since you opened it. "
        "Reload it to see their changes, then apply yours again."
    ),
    # monthly returns (``month``: 2019年3月 or 2019年1–2月, ``enterprise``: its name)
    "period_range": _("{enterprise} {month}: the months must run from 1 to 12."),
    "month_not_over": _(
        "{enterprise} {month}: the month is not over yet; file its return once it is."
    ),
    "negative_in_month": _("{enterprise} {month}: {field} must not be negative (got {value})."),
    "ytd_below_previous": _(
        "{enterprise} {month}: {field} for the year to date ({value}) is below "
        "{other_month}'s ({other_value}); a year-to-date figure never falls."
    ),
    "ytd_above_next": _(
        "{enterprise} {month}: {field} for the year to date ({value}) is above "
        "{other_month}'s ({other_value}), already filed; correct {other_month} as well."
    ),
    "jump_unconfirmed": _(
        "{enterprise} {month}: {field} changed by {percent} % against {against}; "
        "check it and confirm it to file it."
    ),
    "day_before": _("{field} (day {value}) may not come before {other} (day {other_value})."),
    "not_above_size": _(
        "{enterprise} is not an above-size enterprise; only above-size enterprises file "
        "monthly returns."
    ),
    "mixed_bases": _(
        "{field}: the file gives {value} both as the month's figures (当月) and as the "
        "year to date (累计), in rows {rows}; give one basis per file."
    ),
    "row_mixed_bases": _(
        "The row gives figures both as the month's (本月) and as the year to date (累计); "
        "give one basis per return."
    ),
    "no_period": _(
        "{field}: no month for the figures. Give a 月份 or 期别 column (such as "
        "2019年1-2月 or 1-3月累计) or the month of the import (--month 2019-03)."
    ),
    "not_a_period": _(
        "{field} {value!r} is not a month; write 2019年3月, 2019年1-2月 or 1-3月累计."
    ),
    "period_without_year": _(
        "{field} {value!r} has no year; give the month of the import (--month 2019-03)."
    ),
    "no_figures": _("The row gives no figure."),
    "no_basis": _(
        "{field} {value!r}: the figure columns ({columns}) say neither 本月 nor 累计, and "
        "the period does not run from January; name the basis in the headers."
    ),
    "period_says_ytd": _(
        "{field} {value!r} is a year-to-date period (累计), but the figure columns are "
        "the month's (本月)."
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
    # evaluation schemes (``field`` is the place in the scheme file, e.g. groups[0].weight)
    "not_a_list_of": _("{field} must be a list."),
    "not_text": _("{field}: {value!r} must be text (put it in quotes)."),
    "flag_operator": _("{field}: a yes/no field takes the conditions true or false, not {value}."),
    "text_operator": _("{field}: codes and names can be equal or in a list, not {value}."),
    "unknown_field": _("{field}: {value!r} is not a field a scheme can use."),
    "unknown_operator": _("{field}: {value!r} is not a condition; use one of: {choices}."),
    "duplicate_name": _("{field}: {value!r} is used twice."),
    "share_range": _("{field}: {value} must be a share above 0 and at most 1."),
    "cutoffs_order": _("{field}: {value} must be above the cut-off before it ({other})."),
    "last_cutoff": _("{field}: the last class must reach 1 (everyone left), not {value}."),
    "negative_weight": _("{field}: a weight must be a number of 0 or more (got {value})."),
    "positive": _("{field} must be a number above 0 (got {value})."),
    "method_direction": _(
        "{field}: method {value} does not fit the direction; use benchmark for "
        "higher-is-better indicators and lower for lower-is-better ones."
    ),
    "weights_total": _("{field}: the weights add up to {value}, not 100."),
    "nonzero": _("{field}: an adjustment needs points other than 0."),
    "file_too_large": _("{field} has {value} bytes; at most {limit} are accepted."),
    "not_utf8": _("{field} {value} is not UTF-8 text; save it as UTF-8 and upload it again."),
    "scheme_syntax": _("{field} is not valid YAML or JSON (at {value})."),
    # evaluation runs
    "run_status": _("{field}: not possible while the run is {value}."),
    "notice_end": _("{field} ({value}) must be today or later."),
    "notice_running": _("{field}: the public notice runs until {value}; publish after it."),
    "notice_over": _("{field}: the public notice ended on {value}; objections are closed."),
    "answered_already": _("{field}: the objection is already answered ({value})."),
    "open_objections": _("{field}: answer every open objection before publishing."),
    "already_published": _("{field}: a run for {value} is already published."),
    # evaluation: warnings and explanations
    "benchmark_fallback": _(
        "{field}: last year has no values for group {group}; this year's were used."
    ),
    "benchmark_unusable": _("{field}: the benchmark ({value}) is not above 0; scores are 0."),
    "missing_for_all": _("{field}: no enterprise of the group has this value; all score 0."),
    "no_peer_group": _("Not evaluated: no peer group's conditions hold."),
    "no_denominator": _(
        "{indicator}: {other} is missing or zero, so it cannot be computed; "
        "scored {score} (rule: {handled})."
    ),
    "missing_value": _("{indicator}: {other} is missing; scored {score} (rule: {handled})."),
    "below_benchmark": _(
        "{indicator}: {value} {unit} against a benchmark of {benchmark} {unit}; "
        "scored {score} of {weight}."
    ),
    "below_group": _(
        "{indicator}: {value} {unit} scores {score} of {weight}, below the group's median "
        "score {median}."
    ),
    "adjustment": _("{rule}: {points} points."),
    "forced_class": _("{rule}: class {value} whatever the score."),
    "inherits_owner": _("Takes the class of the enterprise whose land it uses."),
    "merged_with_owner": _("Evaluated together with the enterprise whose land it uses."),
    "ungraded": _("Evaluated but not graded: {rule}."),
    "no_tenancy_data": _(
        "{field}: the scheme asks for “{value}”, but no tenancies are recorded yet; every "
        "enterprise was evaluated on its own."
    ),
    "unknown_rule": _("{field} {value!r} is not in the run's scheme."),
    "required_when_done": _("{field} is required when the decision is done."),
    "recorded_already": _("{field}: {value} is already recorded for this enterprise in {year}."),
    # investment projects
    "stage_gate": _("{Field}: to move to “{value}”, fill in {missing} first."),
    "project_closed": _("{field}: the project is {value}; reopen it first."),
    "landed_computed": _(
        "{field}: a project is landed when the landed rule's milestones are all dated, "
        "never by hand."
    ),
    "lost_needs_loss": _(
        "{field}: record a lost project with its reason and destination (Mark as lost)."
    ),
    "move_before_last": _("{field} ({value}) is before the project's last move ({other_value})."),
    "required_when_confidential": _("{field} is required for a confidential project."),
    "destination_required": _(
        "{field}: name at least one destination (district or city) the project went to."
    ),
    "destination_level": _("{field}: destination {row} ({value}) needs its level."),
    "required_with": _("{field} is required when {other} is given."),
    "over_contract": _(
        "{field}: {value} would bring the money in place to {total}, above the contracted "
        "amount {other_value}; confirm the figure to record it."
    ),
    "exceeds_needed": _("{field} ({value}) must be more than {other} ({other_value})."),
    "unknown_project_field": _("{field}: {value!r} is not a project field."),
    "stage_in_use": _("{field}: {count} projects are in {value}; move them first."),
    "no_correction": _(
        "{field}: the objection names no yearly figure with a proposed value to write."
    ),
    "import_status": _(
        "{field} {value!r}: an import records projects under way; pause, terminate or "
        "mark a project lost on its page."
    ),
    "confidential_match": _(
        "{field}: {value} is a confidential project; only its insiders may import its "
        "name, description, referrer, investors or confidential mark."
    ),
    "ambiguous_team": _(
        "{field} {value!r} is in several campaigns; write CAMPAIGN/TEAM: {choices}."
    ),
    "ambiguous_reference": _("{field} {value!r} matches more than one record; be more precise."),
    # land: geometry, areas, tenants
    "geometry_not_geojson": _("{field} is not GeoJSON ({detail})."),
    "geometry_type": _("{field}: {value!r} is not a Polygon or MultiPolygon."),
    "geometry_empty": _("{field} has no area."),
    "coordinates_out_of_range": _(
        "{field}: polygon {polygon}, ring {ring}, position {position} ({value}) is outside "
        "longitude −180…180 / latitude −90…90."
    ),
    "coordinates_projected": _(
        "{field}: polygon {polygon}, ring {ring}, position {position} ({value}) looks like "
        "projected coordinates in metres; give longitude/latitude in degrees (WGS84 or "
        "CGCS2000)."
    ),
    "ring_too_short": _(
        "{field}: polygon {polygon}, ring {ring} has {count} positions; a ring needs at least "
        "4 (the first repeated at the end)."
    ),
    "ring_not_closed": _(
        "{field}: polygon {polygon}, ring {ring} is not closed (its last position must repeat "
        "the first)."
    ),
    "self_intersection": _("{field} crosses itself or its rings overlap: {detail}."),
    "ring_reversed": _(
        "{field}: polygon {polygon}, ring {ring} ran the wrong way round and was turned "
        "(outer rings counter-clockwise, holes clockwise)."
    ),
    "area_mismatch": _(
        "{field} {value} m² differs from the geometry's {other_value} m² by {percent} % "
        "(more than 5 %)."
    ),
    "geometry_too_large": _(
        "{field} covers {value} km², more than any park (at most 10,000 km²): are the "
        "coordinates in degrees of longitude and latitude?"
    ),
    "area_too_large": _("{field} {value} m² is more than any park holds (under 10,000 km²)."),
    "too_many_floors": _("{field} {value}: a building has at most {max} floors."),
    "parcel_linked": _(
        "The parcel cannot be deleted while {buildings} buildings, {decisions} redevelopment "
        "decisions and {approvals} approvals name it: change them first."
    ),
    "tenants_exceed_parcel": _(
        "The tenants occupy {value} m² in all, more than the parcel's {other_value} m²."
    ),
    # land: GeoJSON files
    "geojson_not_json": _("The file is not JSON text ({detail}); a GeoJSON file is."),
    "geojson_not_collection": _(
        "The file is not a GeoJSON FeatureCollection (its type is {value!r}); save the "
        "layer as a FeatureCollection."
    ),
    "geojson_crs": _(
        "The file declares the coordinate system {value}: only longitude/latitude in WGS84 "
        "or CGCS2000 (EPSG:4326, EPSG:4490, CRS84) are accepted; reproject it first."
    ),
    "not_a_feature": _(
        "{field}: this item of the FeatureCollection is not a GeoJSON Feature (found {value})."
    ),
    "duplicate_feature": _("{field} {value} appears twice in the file (also feature {first})."),
    "text_too_long": _("{field} {value!r} is longer than {limit} characters."),
    # land: parcels and approvals
    "parcel_overlap": _(
        "{field} overlaps other parcels of the park: {others}. Correct it, or confirm the "
        "overlap to record it."
    ),
    "idle_computed": _(
        "{field}: idle is decided by the national rule from the start dates and the shares "
        "invested and developed, never typed."
    ),
    "percent_range": _("{field} {value} must be a percentage from 0 to 100."),
    "required_for_approval": _("{field} is required when the approval is {value}."),
    "investor_origin_required": _(
        "{field}: {value} is a new investor; give its origin (本地, 市外, 省外 or 境外)."
    ),
    # land: buildings and units
    "units_exceed_floor_area": _(
        "{field}: the units of the building would cover {total} m² in all, more than its "
        "floor area of {floor_area} m²."
    ),
    "floor_area_below_units": _(
        "{field} ({value} m²) may not be less than the area of the building's units ({total} m²)."
    ),
    "floor_range": _("{field} {value} is outside 1–{max}: the building has {max} floors."),
    "floors_below_units": _(
        "{field} ({value}) may not be fewer than the highest floor a unit is on ({max})."
    ),
    "required_for_status": _("{field} is required when the unit is {value}."),
    "tenant_not_occupied": _("{field}: only an occupied unit has a tenant (this one is {value})."),
    "unknown_record": _(
        "{field} {value} is not the number of a record of this list; leave it blank for a "
        "new record."
    ),
    "project_fixed": _(
        "{field} cannot change: the record stays with its project ({value}); record it "
        "anew under the other project instead."
    ),
    "unit_building_fixed": _(
        "{field} cannot change: the unit stays in {value}; add a new unit to the other "
        "building instead."
    ),
    # indicators and targets
    "rate_by_hand": _(
        "{field}: a rate in percent is entered by hand, never summed or counted ({value})."
    ),
    "builtin_indicator": _(
        "{field}: {value} is a built-in indicator; mark it inactive instead of deleting it."
    ),
    "not_by_hand": _("{field}: {value} takes its values from {source}, not by hand."),
    "value_month_not_over": _(
        "{field}: {value} is not over yet; enter its value after the month ends."
    ),
    "growth_not_split": _("{field}: a growth-rate target is not split by unit or by month."),
    "share_negative": _("{field}: the share of {unit} ({value}) must not be negative."),
    "shares_short": _(
        "{field}: the units' shares add up to {total}, {difference} short of the year's "
        "target of {target}."
    ),
    "shares_over": _(
        "{field}: the units' shares add up to {total}, {difference} more than the year's "
        "target of {target}."
    ),
    "month_negative": _("{field}: the amount planned for {month} ({value}) must not be negative."),
    "months_short": _(
        "{field}: the months add up to {total}, {difference} short of the year's target of "
        "{target}."
    ),
    "months_over": _(
        "{field}: the months add up to {total}, {difference} more than the year's target of "
        "{target}."
    ),
    "twelve_months": _("{field}: give all 12 months (got {value})."),
    "milestone_what": _("{field}: milestone {row} needs what is to be done."),
    "required_when_task_done": _("{field} is required when the task is done."),
}


def label(model, field: str) -> str:
    if model is None:
        return field
    place_label = getattr(model, "place_label", None)
    if place_label is not None:  # a place in a file (a scheme's groups[1].weight)
        return place_label(field)
    try:
        found = model._meta.get_field(field)
    except FieldDoesNotExist:
        return field
    if not hasattr(found, "verbose_name"):  # a reverse relation: name what it holds
        return str(found.related_model._meta.verbose_name_plural)
    return str(found.verbose_name)


class _Params(dict):
    """A message's parameters; one the caller left out shows as '?' instead of
    raising, so a message never breaks the work that reports it."""

    def __missing__(self, key):
        return "?"


def _in_language(params: dict) -> None:
    """A parameter given in two languages (``rule`` and ``rule_en``: a name someone
    wrote in both) becomes the one of the active language, or the one held."""
    for key in [k for k in params if k.endswith("_en")]:
        base = key[: -len("_en")]
        params[base] = in_language(params.get(base), params.pop(key))


def render(violation: Violation, model=None) -> str:
    params = dict(violation.params)
    _in_language(params)
    params.setdefault("value", "")
    if "other" in params:
        params["other"] = label(model, params["other"])
    template = TEMPLATES.get(violation.code, _("{field}: rule {code} broken."))
    if "choices" in params:
        template = TEMPLATES.get(f"{violation.code}+choices", template)
    field = label(model, violation.field)
    # {Field}: the label opening a sentence, capitalised as a form shows it
    params |= {"field": field, "Field": capfirst(field), "code": violation.code}
    return str(template).format_map(_Params(params))


def _named(labels: list) -> str:
    quoted = pgettext("a field named in a message", "“{label}”")
    return pgettext("list separator", ", ").join(
        quoted.format(label=capfirst(str(name))) for name in labels
    )


def field_names(labels: Iterable):
    """Fields a message asks for, each by its label as the form shows it (“Contract
    signed”, “Contracted amount”; in Chinese 签约日期、签约额), in the language the
    message is rendered in: a message parameter."""
    return lazy(_named, str)(list(labels))


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


def refusal_in_both(check, *args, **kwargs) -> tuple[list[str], list[str]] | None:
    """Run ``check`` (a rule that raises ``ValidationError`` and writes nothing) in
    Chinese and, when it refuses, again in English: the refusal's messages in both
    languages (for the command line), or None when it passes."""
    try:
        with translation.override("zh-hans"):
            check(*args, **kwargs)
    except ValidationError as exc:
        zh = list(exc.messages)
    else:
        return None
    try:
        with translation.override("en"):
            check(*args, **kwargs)
    except ValidationError as exc:
        return zh, list(exc.messages)
    return zh, zh
