"""How the survey form's changes and flags read: figures in the units offices use
(万元, m², persons, tce, kWh, t), flags as sentences in the active language."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parkbase.core.messages import render
from parkbase.core.units import strip_unit, unit_label
from parkbase.core.violations import Violation
from parkbase.enterprises.forms import FIGURE_COLUMNS
from parkbase.enterprises.models import EnterpriseYear
from parkbase.imports.values import UNIT_FACTORS

COLUMNS = {c.field: c for c in FIGURE_COLUMNS}

# the reasons the surveys' work gives its changes in the history, and their words
CHANGE_SOURCES = {
    "reassign": _("assigned to another team"),
    "visit": _("visit recorded"),
    "form": _("survey form saved"),
    "verify": _("survey form verified"),
    "balance": _("assignments balanced between the teams"),
    # survey: <campaign>: yearly figures written from a verified survey form
    "survey": _("from the verified survey form (%(detail)s)"),
}

FLAG_TEMPLATES = {
    "land_changed": _(
        "{field} changed from {old} to {new}: land is checked against the land register."
    ),
    "jump": _("{field} is {ratio} times last year's ({old} → {new})."),
    "drop": _("{field} fell to {ratio} of last year's ({old} → {new})."),
    "staff_drop": _("{field} fell by {percent}% ({old} → {new})."),
    "value_added_above_output": _("{field} ({new}) is above gross output ({output})."),
    "cleared": _("{field} was {old} last year and is now empty."),
}


def field_label(name: str) -> str:
    try:
        return strip_unit(EnterpriseYear._meta.get_field(name).verbose_name)
    except Exception:
        return name


def unit_of(name: str) -> str:
    column = COLUMNS.get(name)
    return unit_label(column.default_unit) if column and column.default_unit else ""


def plain(name: str, value) -> str:
    """A canonical value in the form's unit (yuan → 万元), without the unit (for cells
    under a unit header): whole numbers without decimals, others with the column's."""
    if value is None or value == "":
        return ""
    column = COLUMNS.get(name)
    number = Decimal(str(value))
    if column is not None and column.unit_kind:
        number = number / UNIT_FACTORS[column.unit_kind][column.default_unit]
    if number == number.to_integral():
        return f"{number:,.0f}"
    places = column.places if column is not None and column.places is not None else 2
    return f"{number:,.{places}f}"


def shown(name: str, value) -> str:
    """Like ``plain``, with the unit (for sentences)."""
    if value is None or value == "":
        return "—"
    return f"{plain(name, value)} {unit_of(name)}".strip()


def render_flag(flag: dict) -> str:
    code, name, params = flag.get("code"), flag.get("field", ""), dict(flag.get("params") or {})
    if code == "rule":
        rule = params.pop("rule", "")
        return render(Violation(name, rule, params), EnterpriseYear)
    template = FLAG_TEMPLATES.get(code)
    if template is None:
        return f"{field_label(name)}: {code}"
    values = {k: shown(name if k != "output" else "gross_output", v) for k, v in params.items()}
    if "ratio" in params:
        values["ratio"] = params["ratio"]
    if "percent" in params:
        values["percent"] = params["percent"]
    for key in ("old", "new", "output"):
        values.setdefault(key, "—")
    values.setdefault("ratio", "")
    values.setdefault("percent", "")
    return str(template).format(field=field_label(name), **values)


THRESHOLD_LABELS = {
    "land_fields": _("Land figures flagged on any change"),
    "land_tolerance_m2": _("Land change tolerated (m²)"),
    "jump_ratio": _("Jump: times last year's figure"),
    "drop_ratio": _("Drop: share of last year's figure or less"),
    "jump_fields": _("Figures checked for jumps and drops"),
    "staff_drop_share": _("Year-end staff: largest drop (share of last year's)"),
    "value_added_share_max": _("Value added: highest share of gross output"),
    "cleared_fields": _("Figures known last year that should not be left empty"),
}


def threshold_rows(values: dict) -> list[tuple[str, str, str]]:
    """A campaign's flag thresholds as (name, label, value): figures by their labels."""
    rows = []
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    for name, value in values.items():
        if isinstance(value, list):
            value = separator.join(field_label(v) for v in value) if value else "—"
        rows.append((name, str(THRESHOLD_LABELS.get(name, name)), value))
    return rows
