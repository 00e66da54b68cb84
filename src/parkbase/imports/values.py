"""Parse the cell values real offices type: full-width digits, thousands separators,
percent signs, units in headers, Excel dates and text dates such as 2015年3月."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．，－＋％"}
FULLWIDTH[ord("　")] = ord(" ")
EXCEL_EPOCH = dt.date(1899, 12, 30)

# unit text → factor to the canonical unit of its kind
UNIT_FACTORS = {
    "money": {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)},
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
EXCEL_ERRORS = {"#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"}
_HEADER_UNIT = re.compile(r"^(?P<base>.*?)\s*[（(]\s*(?P<unit>[^()（）]*)\s*[)）]\s*$")


class ValueProblem(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def split_header(text) -> tuple[str, str]:
    """'土地面积（亩）' → ('土地面积', '亩'); headers without a unit give ''."""
    text = normalise_text(text)
    match = _HEADER_UNIT.match(text)
    if match:
        return match["base"].strip(), match["unit"].strip()
    return text, ""


def normalise_text(value) -> str:
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value).translate(FULLWIDTH)).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-", "—", "/"))


def parse_decimal(value) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueProblem("not_a_number")
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = normalise_text(value)
    if text in EXCEL_ERRORS:
        raise ValueProblem("excel_error")
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem("not_a_number") from None
    if not number.is_finite():
        raise ValueProblem("not_a_number")
    return number / 100 if percent else number


def parse_date(value) -> dt.date | None:
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = normalise_text(value)
    if text in EXCEL_ERRORS:
        raise ValueProblem("excel_error")
    match = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月?)", text
    )
    if not match:
        raise ValueProblem("not_a_date")
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("not_a_date") from None


def parse_bool(value) -> bool | None:
    if is_blank(value):
        return None
    text = normalise_text(value).lower()
    if text in {"是", "y", "yes", "true", "1", "√", "✓"}:
        return True
    if text in {"否", "n", "no", "false", "0", "×"}:
        return False
    raise ValueProblem("not_a_boolean")


def unit_factor(kind: str, unit: str, default_unit: str) -> Decimal:
    units = UNIT_FACTORS[kind]
    key = (unit or default_unit).strip()
    for name, factor in units.items():
        if key.lower() == name.lower():
            return factor
    raise ValueProblem("unknown_unit")
