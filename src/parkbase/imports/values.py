"""Parse the cell values real offices type: full-width digits, thousands separators,
percent signs, units in headers, Excel dates and text dates such as 2015年3月.

Decisions about what a cell means (each has a test in tests/imports):

- Surrounding white space of any kind is ignored: ordinary and ideographic spaces,
  non-breaking spaces (U+00A0, as pasted from web pages), tabs, line breaks, and the
  invisible zero-width space / byte-order mark. ``" 1,234\\xa0"`` is 1234.
- Control characters (ESC, BEL, the rest of C0 and C1), zero-width characters and
  direction marks, embeddings and isolates are dropped anywhere in a cell, as
  ``core.text`` drops them from typed text; a text cell is one line (its line breaks
  and runs of white space are one space).
- A cell holding only a dash or a slash (``-``, ``--``, ``—``, ``——``, ``–``, ``－``,
  ``/``, ``／``, ``\\``) is *empty*, in every kind of column: offices write it for
  "nothing to report" / "not applicable". It is never read as zero; a required
  column reports it as missing.
- ``(1,234)`` and ``（1,234）`` are negative, as accountants write them: -1234.
  The Unicode minus sign (U+2212) and a leading ``¥``/``￥`` are accepted too.
- A spreadsheet error (``#DIV/0!``, ``#REF!``, ``#N/A`` …, or LibreOffice's
  ``Err:502``) is an error, never zero or blank: the reader hands such cells over as
  ``CellError`` (a ``str`` holding the error text) and every parser raises
  ``ValueProblem("excel_error")``. Text that merely looks like an error is treated
  the same, since it is what the sheet shows.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from parkbase.core.text import MULTI_LINE

FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．，－＋％"}
FULLWIDTH[ord("　")] = ord(" ")
FULLWIDTH[0x2212] = ord("-")  # minus sign
# control, zero-width and direction characters go (the zero-width space and the
# byte-order mark among them), other line breaks become "\n": core.text's rule
FULLWIDTH.update(MULTI_LINE)
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
KNOWN_UNITS = {unit.lower() for units in UNIT_FACTORS.values() for unit in units}
EXCEL_ERRORS = {
    "#DIV/0!",
    "#REF!",
    "#N/A",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
}
_LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")
BLANK_MARKERS = {"", "-", "--", "---", "—", "——", "–", "－", "―", "/", "／", "\\"}

_OPEN, _CLOSE = "(（[［【〔", ")）]］】〕"
_BRACKET_UNIT = re.compile(
    rf"^(?P<base>.*?)\s*[{re.escape(_OPEN)}]\s*(?P<unit>[^{re.escape(_OPEN + _CLOSE)}]*?)"
    rf"\s*[{re.escape(_CLOSE)}]\s*$"
)
_UNIT_PREFIX = re.compile(r"^(?:计量|金额|面积|数量)?单位\s*[:：]\s*")
_UNIT_TOKENS = re.compile(r"[,，;；、\s]+")
_TRAILING_UNIT = re.compile(r"^(?P<base>.*?\S)\s*(?:/|／|\s)\s*(?P<unit>[^/／\s]+)$")
_NOTE_UNIT = re.compile(r"(?:计量|金额|面积|数量)?单位\s*[:：]\s*(?P<units>[^)）\]】〕]+)")
_WHITESPACE = re.compile(r"\s+")


class ValueProblem(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class CellError(str):
    """A cell whose (cached) value is a spreadsheet error; the text is the error, e.g.
    '#DIV/0!'. The reader puts these where python-calamine would give a blank."""

    __slots__ = ()


def is_error(value) -> bool:
    if value.__class__ is CellError:
        return True
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith(("#", "Err:")):
            return False
        return text in EXCEL_ERRORS or _LIBREOFFICE_ERROR.fullmatch(text) is not None
    return False


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


def normalise_text(value) -> str:
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()
    return _WHITESPACE.sub(" ", text.translate(FULLWIDTH)).strip()


def normalise_texts(texts: Iterable[str]) -> Iterator[str]:
    """``normalise_text`` of each string, mapped at C speed: the general branch of
    ``normalise_text``, which gives what its shortcut gives for plain ASCII."""
    translated = map(str.translate, texts, itertools.repeat(FULLWIDTH))
    return map(str.strip, map(_WHITESPACE.sub, itertools.repeat(" "), translated))


def is_blank(value) -> bool:
    if value is None:
        return True
    if value.__class__ is str:
        return not value or normalise_text(value) in BLANK_MARKERS
    return False


def parse_decimal(value) -> Decimal | None:
    if value is None:
        return None
    cls = value.__class__
    if cls is str:  # the common case first: a plain number stored as text
        try:
            number = Decimal(value)
        except InvalidOperation:
            pass
        else:
            if not number.is_finite():
                raise ValueProblem("not_a_number")
            return number
    elif cls is CellError:
        raise ValueProblem("excel_error")
    if isinstance(value, bool):
        raise ValueProblem("not_a_number")
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise ValueProblem("not_a_number")
        return number
    text = normalise_text(value)
    if text in BLANK_MARKERS:
        return None
    if is_error(text):
        raise ValueProblem("excel_error")
    negative = False
    if text[0] in "(（" and text[-1] in ")）":
        negative, text = True, text[1:-1].strip()
    text = text.lstrip("¥￥")
    percent = text.endswith("%")
    text = text.rstrip("%").replace(",", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem("not_a_number") from None
    if not number.is_finite() or (negative and number < 0):
        raise ValueProblem("not_a_number")
    if negative:
        number = -number
    return number / 100 if percent else number


def parse_date(value) -> dt.date | None:
    if is_blank(value):
        return None
    if value.__class__ is CellError:
        raise ValueProblem("excel_error")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem("not_a_date")
    if isinstance(value, int | float):
        try:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        except (OverflowError, ValueError):
            raise ValueProblem("not_a_date") from None
    text = normalise_text(value)
    if is_error(text):
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
    if is_error(value):
        raise ValueProblem("excel_error")
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
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
