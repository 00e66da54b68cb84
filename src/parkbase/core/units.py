"""Canonical units and how they are shown (store one, show many); the units a header
or a note names, and their factors to the canonical unit."""

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from parkbase.core.text import normalise_text

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


# a unit after "per" where it reads differently from its own label (万元/人: per person)
PER_UNIT_LABELS = {"人": _("person")}


def unit_label(unit: str) -> str:
    """A unit in the page's language; a rate such as 万元/亩 part by part."""
    if unit in UNIT_LABELS:
        return str(UNIT_LABELS[unit])
    top, per, bottom = unit.partition("/")
    if per and top and bottom:
        return f"{unit_label(top)}/{PER_UNIT_LABELS.get(bottom) or unit_label(bottom)}"
    return unit


def strip_unit(label) -> str:
    """'工业总产值（元）' → '工业总产值'; the unit is shown separately, converted."""
    return split_header(str(label))[0]


# unit text → factor to the canonical unit of its kind
UNIT_FACTORS = {
    "money": {
        "元": Decimal(1),
        "千元": Decimal(1_000),
        "万元": Decimal(10_000),
        "亿元": Decimal(100_000_000),
    },
    "area": {
        "平方米": Decimal(1),
        "m2": Decimal(1),
        "m²": Decimal(1),
        "亩": Decimal(2000) / Decimal(3),
        "公顷": Decimal(10_000),
        "平方公里": Decimal(1_000_000),
        "km2": Decimal(1_000_000),
        "km²": Decimal(1_000_000),
    },
    "energy": {
        "吨标煤": Decimal(1),
        "吨标准煤": Decimal(1),
        "tce": Decimal(1),
        "万吨标煤": Decimal(10_000),
    },
    "electricity": {
        "千瓦时": Decimal(1),
        "kwh": Decimal(1),
        "度": Decimal(1),
        "万千瓦时": Decimal(10_000),
    },
    "tonnes": {"吨": Decimal(1), "t": Decimal(1), "千克": Decimal("0.001"), "kg": Decimal("0.001")},
    "count": {"人": Decimal(1), "件": Decimal(1), "个": Decimal(1), "项": Decimal(1)},
}
KNOWN_UNITS = {unit.lower() for units in UNIT_FACTORS.values() for unit in units}
_OPEN, _CLOSE = "(（[［【〔", ")）]］】〕"
_BRACKET_UNIT = re.compile(
    rf"^(?P<base>.*?)\s*[{re.escape(_OPEN)}]\s*(?P<unit>[^{re.escape(_OPEN + _CLOSE)}]*?)"
    rf"\s*[{re.escape(_CLOSE)}]\s*$"
)
_UNIT_PREFIX = re.compile(r"^(?:计量|金额|面积|数量)?单位\s*[:：]\s*")
_UNIT_TOKENS = re.compile(r"[,，;；、\s]+")
_TRAILING_UNIT = re.compile(r"^(?P<base>.*?\S)\s*(?:/|／|\s)\s*(?P<unit>[^/／\s]+)$")
_NOTE_UNIT = re.compile(r"(?:计量|金额|面积|数量)?单位\s*[:：]\s*(?P<units>[^)）\]】〕]+)")


def _unit_in(text: str) -> str:
    """The unit named in bracket text: '万元', '单位：万元', '当年价，万元' → '万元'."""
    text = _UNIT_PREFIX.sub("", text).strip()
    if text.lower() in KNOWN_UNITS:
        return text
    known = [t for t in _UNIT_TOKENS.split(text) if t.lower() in KNOWN_UNITS]
    return known[0] if len(known) == 1 else text


def split_header(text) -> tuple[str, str]:
    """The column name and the unit of a header; headers without a unit give ''.

    '土地面积（亩）', '土地面积(亩)', '土地面积【亩】', '土地面积[亩]', '土地面积（单位：亩）'
    and, when the last word is a known unit, '土地面积/亩' and '土地面积 亩' all give
    ('土地面积', '亩'). A bracket may hold more than the unit ('（当年价，万元）')."""
    text = normalise_text(text)
    match = _BRACKET_UNIT.match(text)
    if match and match["base"]:
        return match["base"].strip(), _unit_in(match["unit"].strip())
    match = _TRAILING_UNIT.match(text)
    if match and match["unit"].lower() in KNOWN_UNITS:
        return match["base"].strip(), match["unit"]
    return text, ""


def units_in_note(text) -> list[str]:
    """Units a title-row note gives: '（单位：万元）', '金额单位：万元、亩' → ['万元', ...]."""
    text = normalise_text(text)
    found = []
    for match in _NOTE_UNIT.finditer(text):
        for token in _UNIT_TOKENS.split(match["units"]):
            if token.lower() in KNOWN_UNITS:
                found.append(token)
    return found
