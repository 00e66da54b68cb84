"""Canonical units and how they are shown (store one, show many)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parkbase.imports.values import split_header

MU_M2 = Decimal(2000) / Decimal(3)  # 1 亩 = 2000/3 m²
WAN = Decimal(10_000)
YI = Decimal(100_000_000)

UNIT_LABELS = {
    "万元": _("10k yuan"),
    "亿元": _("100m yuan"),
    "元": _("yuan"),
    "平方米": "m²",
    "亩": _("mu"),
    "人": _("persons"),
    "件": _("items"),
    "吨": _("t"),
    "吨标煤": _("tce"),
    "千瓦时": _("kWh"),
}


def in_mu(value, places: int = 2) -> Decimal | None:
    """An area in m² as 亩, rounded to ``places`` (exports); None stays None."""
    if value is None:
        return None
    return (Decimal(value) / MU_M2).quantize(Decimal(1).scaleb(-places))


def unit_label(unit: str) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def strip_unit(label) -> str:
    """'工业总产值（元）' → '工业总产值'; the unit is shown separately, converted."""
    return split_header(str(label))[0]
