"""How the indicators' figures read: months, amounts in a display unit, percentages."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parkbase.core.names import english
from parkbase.core.units import unit_label
from parkbase.enterprises.monthly_calendar import period_text

MONTH_NAMES = {
    1: _("January"),
    2: _("February"),
    3: _("March"),
    4: _("April"),
    5: _("May"),
    6: _("June"),
    7: _("July"),
    8: _("August"),
    9: _("September"),
    10: _("October"),
    11: _("November"),
    12: _("December"),
}


def month_name(month: int):
    """A month's name in the language a message is rendered in (3月 / March)."""
    return MONTH_NAMES[month]


def period_label(year: int, month: int) -> str:
    """ "2020年1–6月" / "Jan–Jun 2020": the year to date at a month end."""
    return gettext("{year}, January–{month}").format(year=year, month=month_name(month))


def filed_text(filing) -> str:
    """ "已报 15/18 家" / "15 of 18 filed": how many of the enterprises expected to file for
    a period did (a ``PeriodFiling``); "" without one."""
    if filing is None:
        return ""
    return gettext("{filed} of {expected} filed").format(
        filed=filing.filed, expected=filing.expected
    )


def partial_note(filing) -> str:
    """What a comparison with last year of a period not every enterprise filed for yet
    leaves out (like with like); "" for a complete period."""
    if filing is None or filing.complete:
        return ""
    return ngettext(
        "Year on year compares the same enterprises: the {count} above-size enterprise "
        "that has not filed for {month} yet is left out of last year's figures too.",
        "Year on year compares the same enterprises: the {count} above-size enterprises "
        "that have not filed for {month} yet are left out of last year's figures too.",
        filing.late,
    ).format(count=filing.late, month=filing_period(filing))


def filing_period(filing) -> str:
    """The period a filing counts returns for: 2020年11月, 2020年1–2月 (combined)."""
    end = filing.period_end
    return period_text(filing.year, 1 if end == 2 else end, end)


def plain(value: Decimal | None, places: int = 2) -> str:
    """A number without trailing zeros, with thousands separators (1,234.5)."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(Decimal(1).scaleb(-places))
    text = number_format(value, decimal_pos=places, use_l10n=False, force_grouping=True)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# the display units of indicators that core's unit labels do not hold
UNIT_LABELS = {
    "%": "%",
    "个": _("projects"),
    "家": _("enterprises"),
    "项": _("items"),
    "万千瓦时": _("10k kWh"),
    "万吨标煤": _("10k tce"),
}


def display_unit_label(unit: str) -> str:
    """An indicator's display unit in the page's language (亿元 / 100m yuan); the
    Chinese page shows it as written."""
    if not english():
        return unit
    if unit in UNIT_LABELS:
        return str(UNIT_LABELS[unit])
    return unit_label(unit)


def _amount_text(value, unit: str) -> str:
    return f"{plain(value, 4)} {display_unit_label(unit)}"


amount_text = lazy(_amount_text, str)


def percent_text(value: Decimal | None, places: int = 1) -> str:
    return "—" if value is None else f"{plain(value, places)}%"
