"""A scheme's data and a result's facts in words a reader knows: the names of peer
groups, indicators and rules in the page's language, the figures a result used by
their labels in the units offices read (万元, 亩, 吨标煤), the scoring methods and
missing-value rules by what they do, and explanations with their figures rounded.

The engine keeps codes and exact numbers; the pages, the API and the command line
turn them into words here."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from parkbase.core.messages import render
from parkbase.core.names import in_language
from parkbase.core.units import UNIT_FACTORS, strip_unit, unit_label
from parkbase.core.violations import Violation
from parkbase.enterprises.importers import YEAR_COLUMNS
from parkbase.evaluation.places import SchemePlaces
from parkbase.evaluation.population import field_catalogue

METHOD_WORDS = {
    "benchmark": _("share of the benchmark"),
    "minmax": _("min–max within the group"),
    "lower": _("lower is better"),
}
MISSING_WORDS = {
    "zero": _("a missing value scores 0"),
    "average": _("a missing value scores the group's average"),
}
# the unit a figure of each kind is read in (the places shown), where it is not the
# unit its spreadsheet column takes: land in 亩, energy to two places
SHOWN_UNITS = {"area": ("亩", 2), "money": ("万元", 2), "energy": ("吨标煤", 2)}
DERIVED_UNITS = {"emissions_t": ("吨", 3), "age_years": ("", 0)}
# explanation parameters that are figures, and how many places they are shown with
FIGURE_PARAMS = ("value", "benchmark", "median", "score", "weight", "points")


def named(item) -> str:
    """The name of a group, an indicator or a rule (or a mapping of the file) in the
    page's language, else its code."""
    if item is None:
        return ""
    if isinstance(item, Mapping):
        return in_language(item.get("name"), item.get("name_en")) or str(item.get("code", ""))
    return in_language(item.name, item.name_en) or item.code


def definition_name(definition, kind: str, code: str) -> str:
    """The name, in the page's language, of the item of ``kind`` ("groups", "ungraded",
    "forced", "adjustments") whose code is ``code`` in a stored scheme definition; the
    code when the definition has no such item."""
    if not code:
        return ""
    items = definition.get(kind) if isinstance(definition, Mapping) else None
    for item in items or ():
        if isinstance(item, Mapping) and item.get("code") == code:
            return named(item)
    return code


def figure_label(name: str) -> str:
    """A figure a scheme reads (``tax_total``) by its label, without a unit."""
    label = field_catalogue().get(name)
    return strip_unit(label) if label is not None else name


@cache
def _shown_units() -> dict[str, tuple[str, Decimal, int]]:
    """Figure name → (unit it is shown in, factor from the stored unit, places)."""
    out = {}
    for column in YEAR_COLUMNS:
        if not column.unit_kind:
            continue
        unit, places = SHOWN_UNITS.get(column.unit_kind, (column.default_unit, column.places or 0))
        if column.kind == "int":
            places = 0
        out[column.field] = (unit, UNIT_FACTORS[column.unit_kind][unit], places)
    for name, (unit, places) in DERIVED_UNITS.items():
        out[name] = (unit, Decimal(1), places)
    return out


def figure_unit(name: str) -> tuple[str, Decimal, int]:
    """The unit a figure (``land_area``) is shown and typed in (亩, 万元, 吨标煤; '' for
    one without a unit), its factor from the stored unit (m², yuan) and its places."""
    return _shown_units().get(name, ("", Decimal(1), 2))


def figure_choices() -> dict[str, str]:
    """Every figure a scheme may read, by its label with the unit its value is typed in:
    营业收入（万元）, 用地面积（亩）; a flag or a text by its label alone."""
    choices = {}
    for name in field_catalogue():
        unit, label = figure_unit(name)[0], capfirst(figure_label(name))
        if unit:
            label = _("{label} ({unit})").format(label=label, unit=unit_label(unit))
        choices[name] = label
    return choices


def figure_value(name: str, value) -> str:
    """A stored figure (m², yuan) in the unit it is shown in, with that unit:
    '15.00 亩'; '' for none."""
    if value is None:
        return ""
    unit, factor, places = figure_unit(name)
    return f"{_number(Decimal(value) / factor, places)} {unit_label(unit)}".strip()


def _number(value, places: int) -> str:
    return f"{value:,.{places}f}"


def figures_used(figures: Mapping) -> list[dict]:
    """A result's figures (``Result.figures``, canonical units) as the scorecard shows
    them: label, value in the unit offices read, and that unit."""
    rows = []
    for name, value in figures.items():
        unit, factor, places = figure_unit(name)
        shown = ""
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            shown = _number(Decimal(str(value)) / factor, places)
        rows.append({"label": figure_label(name), "value": shown, "unit": unit_label(unit)})
    return rows


def figure(value) -> str:
    """A number of an explanation: whole numbers as such, others to two places."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if float(value).is_integer():
        return _number(float(value), 0)
    return _number(float(value), 2)


# words in the language of the rendering, which may come later (both languages, for
# the command line)
_figure_label = lazy(figure_label, str)
_unit_label = lazy(unit_label, str)


def readable(violation: Violation) -> Violation:
    """An explanation's reason with words for its codes (the figure it misses, the
    rule for missing values, the unit) and its figures rounded, for ``render``."""
    params = dict(violation.params)
    if "other" in params:
        params["other"] = _figure_label(params["other"])
    if "handled" in params:
        params["handled"] = MISSING_WORDS.get(params["handled"], params["handled"])
    if "unit" in params:
        params["unit"] = _unit_label(params["unit"] or "")
    for key in FIGURE_PARAMS:
        if key in params and isinstance(params[key], int | float | None):
            params[key] = figure(params[key])
    return Violation(violation.field, violation.code, params)


SHARED_PARCEL_WORDS = {
    "none": _("every enterprise on its own"),
    "inherit": _("a tenant takes the class of the enterprise whose land it uses"),
    "merge": _("a tenant is evaluated together with the enterprise whose land it uses"),
}


class RunPlaces:
    """Names the places a run's warnings give (``above_size.tax_per_mu``: a group's
    indicator) by the names of the run's scheme; other places as a scheme file's."""

    def __init__(self, definition):
        self.definition = definition if isinstance(definition, Mapping) else {}

    def place_label(self, path) -> str:
        group_code, dot, indicator_code = str(path).partition(".")
        for group in self.definition.get("groups") or ():
            if not dot or not isinstance(group, Mapping) or group.get("code") != group_code:
                continue
            for indicator in group.get("indicators") or ():
                if isinstance(indicator, Mapping) and indicator.get("code") == indicator_code:
                    return f"{named(group)} · {named(indicator)}"
        return SchemePlaces.place_label(path)


def run_warning(warning: Mapping, definition) -> str:
    """A run's stored warning (field, code, params) as a sentence."""
    params = dict(warning.get("params", {}))
    if warning.get("code") == "no_tenancy_data":
        params["value"] = SHARED_PARCEL_WORDS.get(params.get("value"), params.get("value"))
    violation = Violation(warning["field"], warning["code"], params)
    return render(readable(violation), RunPlaces(definition))


def explained(reasons) -> list[str]:
    """An explanation (``services.explanation``) as sentences in the page's language."""
    return [render(readable(reason)) for reason in reasons]
