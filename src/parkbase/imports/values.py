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
- A year by itself (``2015``, ``'2015'``, ``'2015年'``) is a date only in a column whose
  rule says so (``year_alone``, as the founding date under 成立年份): 1 January of that
  year. Elsewhere a text year is no date, and a number is an Excel date serial.
- A spreadsheet error (``#DIV/0!``, ``#REF!``, ``#N/A`` …, or LibreOffice's
  ``Err:502``) is an error, never zero or blank: the reader hands such cells over as
  ``CellError`` (a ``str`` holding the error text) and every parser raises
  ``ValueProblem("excel_error")``. Text that merely looks like an error is treated
  the same, since it is what the sheet shows.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from parkbase.core.text import normalise_text
from parkbase.core.units import UNIT_FACTORS

EXCEL_EPOCH = dt.date(1899, 12, 30)

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
# a whole number in this range, in a column that takes a year alone, is a year (as an
# Excel date serial it would be a day of 1904–1906)
YEARS_ALONE = (1800, 2200)
BLANK_MARKERS = {"", "-", "--", "---", "—", "——", "–", "－", "―", "/", "／", "\\"}


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


def parse_date(value, year_alone: bool = False) -> dt.date | None:
    """A date; with ``year_alone``, a year by itself (2015, '2015', '2015年') is
    1 January of that year (a column whose rule says so, such as a founding year)."""
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
        if year_alone and YEARS_ALONE[0] <= value <= YEARS_ALONE[1] and value == int(value):
            return dt.date(int(value), 1, 1)
        try:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        except (OverflowError, ValueError):
            raise ValueProblem("not_a_date") from None
    text = normalise_text(value)
    if is_error(text):
        raise ValueProblem("excel_error")
    if year_alone:
        match = re.fullmatch(r"(\d{4})\s*(?:年度?)?", text)
        if match and YEARS_ALONE[0] <= int(match[1]) <= YEARS_ALONE[1]:
            return dt.date(int(match[1]), 1, 1)
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
