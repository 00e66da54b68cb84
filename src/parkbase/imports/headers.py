"""Reading a sheet's header, the same way whatever the kind of import.

Matching a header text to a column (``match_header``): a header is compared by its
*key*, which ignores spaces and line breaks inside it, full-width forms (（）［］＆ and
full-width letters, by NFKC), the separators ``_ - · : ： * 、``, letter case, the
unit in brackets or after a slash ('土地面积（亩）', '工业总产值/万元') and a leading
prefix such as '其中：', '其中', '含：', '1、', '（一）'. The full text is tried before
the text without its bracket, so a variant such as '工业总产值（当年价格）' matches as
written and its bracket is not taken for a unit. A key that names two fields of the
kind (the variants table may list a word such as '面积' under two fields on purpose)
is *ambiguous*: it is reported, never guessed.

The shape of a two-line header (``second_line``): group titles on the upper line
(用地情况, 经济指标（万元）, merged across the columns under them, or written once
over blank cells) over the column names on the lower line. The lower line is a
second header line when every cell of both lines is text (no number, date or error)
and either

- it repeats the upper line's text in some column: the reader gives the value of a
  cell merged down over both lines to each of them, and a data row never repeats the
  name of its column; or
- everywhere it differs from the upper line it sits under a group title (an upper
  cell whose text spans further right over blank upper cells with names below), or
  left of every upper text; and the upper line is no title (one text in its first
  cell, as a sheet's title is).

The column names are the lower line's, the upper line's where the lower is blank (a
name merged down in a file without merges, such as CSV). A group title's unit
('经济指标（万元）') is the unit of the columns under it that name none of their own.
This is decided before any column is matched, so every kind finds the same header.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping as AnyMapping
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parkbase.core.text import normalise_text
from parkbase.core.units import KNOWN_UNITS, UNIT_FACTORS, split_header, units_in_note
from parkbase.imports import values as V

if TYPE_CHECKING:
    from parkbase.imports.engine import Column

HEADER_SEARCH_ROWS = 15

_IGNORED = re.compile(r"[\s_\-·:：*＊、]")
_NUMBERING = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_PREFIX = re.compile(
    rf"^(?:(?:其中|内含|含|包括)\s*[:：]|其中|[(（]\s*{_NUMBERING}\s*[)）]|{_NUMBERING}\s*[、.．])\s*"
)
_DATE_LIKE = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}")


def header_key(text) -> str:
    return _IGNORED.sub("", unicodedata.normalize("NFKC", normalise_text(text))).lower()


def header_forms(cell) -> list[tuple[str, str]]:
    """The (key, unit) a header cell may be matched by, the most specific first."""
    text = normalise_text(cell)
    base, unit = split_header(text)
    forms: dict[str, str] = {}
    for name, name_unit in ((text, ""), (base, unit)):
        for plain in (name, _PREFIX.sub("", name, count=1)):
            if plain:
                forms.setdefault(header_key(plain), name_unit)
    return list(forms.items())


def index_columns(columns: Sequence) -> dict[str, tuple]:
    """Header key → the columns (of distinct fields) a header with that key names."""
    index: dict[str, tuple] = {}
    for col in columns:
        for header in (*col.headers, col.field):
            key = header_key(header)
            found = index.get(key, ())
            if all(c.field != col.field for c in found):
                index[key] = (*found, col)
    return index


def match_header(cell, index: dict[str, tuple]) -> tuple[tuple, str]:
    """(the columns the header names: none, one, or several when ambiguous; its unit)."""
    unit = ""
    for key, unit in header_forms(cell):
        found = index.get(key)
        if found:
            return found, unit
    return (), unit


# ---------------------------------------------------------------- the shape


def _text_of(row: Sequence, i: int) -> str | None:
    """The cell as header text: '' when blank, None when no header holds it (a number,
    a date, an error, a number or a date typed as text)."""
    cell = row[i] if i < len(row) else None
    if V.is_blank(cell):
        return ""
    if cell.__class__ is not str or V.is_error(cell):
        return None
    text = normalise_text(cell)
    if _DATE_LIKE.match(text):
        return None
    try:
        V.parse_decimal(text)
    except V.ValueProblem:
        return text
    return None


def second_line(upper: Sequence, lower: Sequence) -> bool:
    """Is ``lower`` the second line of a header whose first line is ``upper``?"""
    width = max(len(upper), len(lower))
    up = [_text_of(upper, i) for i in range(width)]
    low = [_text_of(lower, i) for i in range(width)]
    if None in up or None in low:
        return False
    filled = [i for i, text in enumerate(up) if text]
    if not filled or (filled == [0] and low[0] != up[0]):
        return False  # nothing above, or a title
    repeats = conflicts = under_groups = 0
    in_group: bool | None = None  # None: left of every upper text
    for i in range(width):
        above, below = up[i], low[i]
        if above:
            spans = i + 1 < width and not up[i + 1] and bool(low[i + 1])
            in_group = bool(below) and below != above and spans
            if below == above:
                repeats += 1
            elif below:
                under_groups += in_group
                conflicts += not in_group
        elif below:
            under_groups += in_group is not False
            conflicts += in_group is False
    return bool(repeats) or (not conflicts and bool(under_groups))


def combine(upper: Sequence, lower: Sequence) -> tuple[list, list[str]]:
    """The names of a two-line header's columns, and the group title over each ('')."""
    width = max(len(upper), len(lower))
    names, groups = [], []
    group = ""
    for i in range(width):
        above = upper[i] if i < len(upper) else None
        below = lower[i] if i < len(lower) else None
        if not V.is_blank(above):
            differs = not V.is_blank(below) and normalise_text(below) != normalise_text(above)
            group = above if differs else ""
        if V.is_blank(below):
            names.append(above)
            groups.append("")
        else:
            names.append(below)
            groups.append(normalise_text(group) if group else "")
    return names, groups


def group_unit(group: str) -> str:
    """The known unit a group title names ('经济指标（万元）' → '万元'), or ''."""
    if not group:
        return ""
    unit = split_header(group)[1]
    return unit if unit.lower() in KNOWN_UNITS else ""


# ---------------------------------------------------------------- the mapping


@dataclass(frozen=True)
class Ignored:
    """A column of the file that no field takes, and why: ``unknown`` (no field has
    that header), ``ambiguous`` (several do: ``fields``), ``duplicate`` (the field is
    taken by column ``other``), ``by_user`` (the user's mapping ignores it)."""

    index: int
    header: str
    reason: str
    fields: tuple[str, ...] = ()
    other: int | None = None


@dataclass
class Mapping:
    header_row: int  # 1-based: the last line of the header
    columns: dict[int, tuple[Column, str]]  # column index → (spec, unit text in header)
    unknown: list[str]
    missing: list[Column]
    # unit kind → unit given once for the whole table by a title-row note ('单位：万元')
    note_units: dict[str, str] = field(default_factory=dict)
    headers: list = field(default_factory=list)  # each column's name (a two-line header's lower)
    ignored: list[Ignored] = field(default_factory=list)
    first_header_row: int = 0  # 1-based: the first line of the header
    # (column index, the header's unit, the title note's unit) where the two disagree
    unit_conflicts: list[tuple[int, str, str]] = field(default_factory=list)


def _overrides_index(
    overrides: AnyMapping[str, str] | None, columns: Sequence[Column]
) -> dict[str, Column | None]:
    """Header text (as keyed) → the column it is forced to, or None to ignore it."""
    if not overrides:
        return {}
    by_field = {c.field: c for c in columns}
    index: dict[str, Column | None] = {}
    for header, name in overrides.items():
        if name and name not in by_field:
            raise ValueError(f"header override {header!r}: no column {name!r} in this import")
        index[header_key(header)] = by_field[name] if name else None
    return index


def _override_for(cell, forced: dict[str, Column | None]):
    """(found, column) for a header cell: the full text first, then without its unit."""
    if not forced:
        return False, None
    for key in (header_key(cell), header_key(split_header(cell)[0])):
        if key in forced:
            return True, forced[key]
    return False, None


def _header_lines(rows: Sequence[Sequence], r: int) -> tuple[int, int]:
    """(first, last) row index of the header around row ``r``, by its shape alone."""
    if r > 0 and second_line(rows[r - 1], rows[r]):
        return r - 1, r
    if r + 1 < len(rows) and second_line(rows[r], rows[r + 1]):
        return r, r + 1
    return r, r


def _unit_fits(unit: str, kind: str | None) -> bool:
    return bool(unit) and any(unit.lower() == u.lower() for u in UNIT_FACTORS.get(kind or "", ()))


def find_mapping(
    rows: Sequence[Sequence],
    columns: Sequence[Column],
    overrides: AnyMapping[str, str] | None = None,
    given: AnyMapping[str, object] | None = None,
) -> Mapping | None:
    """The header is the row (among the first few) that names the most known columns,
    with the line above or below it when the two make a two-line header by their
    shape (``headers.second_line``): the same lines whatever the kind.

    ``overrides`` maps a header text as it appears in the file to a field name, or to
    '' to ignore that column; it is applied before the automatic matching (and its
    headers count as known when looking for the header row), so a user can correct
    the mapping. A column's unit is its header's; else its group title's
    ('经济指标（万元）'); else a title-row note's ('（单位：万元）'), for the columns of
    that unit's kind. ``given`` fields (an import's option, such as its year) are not
    missing when the sheet has no column for them."""
    index = index_columns(columns)
    forced = _overrides_index(overrides, columns)

    def known(cell) -> bool:
        if V.is_blank(cell):
            return False
        return bool(match_header(cell, index)[0]) or _override_for(cell, forced)[0]

    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if known(cell))
        if hits and (best is None or hits > best[1]):
            best = (r, hits)
    if best is None:
        return None
    top, bottom = _header_lines(rows, best[0])
    if top < bottom:
        header_cells, groups = combine(rows[top], rows[bottom])
    else:
        header_cells, groups = list(rows[top]), [""] * len(rows[top])
        if top > 0:
            above = list(rows[top - 1])
            for i, cell in enumerate(header_cells):
                if V.is_blank(cell) and i < len(above) and not V.is_blank(above[i]):
                    header_cells[i] = above[i]
    mapped: dict[int, tuple[Column, str]] = {}
    ignored: list[Ignored] = []
    taken: dict[str, int] = {}  # field → the column index that took it
    automatic = []
    for i, cell in enumerate(header_cells):
        if V.is_blank(cell):
            continue
        found, col = _override_for(cell, forced)
        if not found:
            automatic.append((i, cell))
        elif col is None:
            ignored.append(Ignored(i, normalise_text(cell), "by_user"))
        elif col.field in taken:
            ignored.append(
                Ignored(i, normalise_text(cell), "duplicate", (col.field,), taken[col.field])
            )
        else:
            taken[col.field] = i
            mapped[i] = (col, split_header(cell)[1])
    for i, cell in automatic:
        found, unit = match_header(cell, index)
        text = normalise_text(cell)
        if not found:
            ignored.append(Ignored(i, text, "unknown"))
        elif len(found) > 1:
            ignored.append(Ignored(i, text, "ambiguous", tuple(c.field for c in found)))
        elif found[0].field in taken:
            ignored.append(Ignored(i, text, "duplicate", (found[0].field,), taken[found[0].field]))
        else:
            taken[found[0].field] = i
            mapped[i] = (found[0], unit)
    note_units = _note_units(rows[:top])
    conflicts = []
    for i, (col, unit) in mapped.items():
        noted = note_units.get(col.unit_kind or "")
        if unit and noted and unit.lower() != noted.lower() and _unit_fits(unit, col.unit_kind):
            conflicts.append((i, unit, noted))
        if unit or not col.unit_kind:
            continue
        from_group = group_unit(groups[i]) if i < len(groups) else ""
        if _unit_fits(from_group, col.unit_kind):
            mapped[i] = (col, from_group)
        elif col.unit_kind in note_units:
            mapped[i] = (col, note_units[col.unit_kind])
    given = given or {}
    missing = [c for c in columns if c.required and c.field not in taken and c.field not in given]
    ignored.sort(key=lambda item: item.index)
    return Mapping(
        header_row=bottom + 1,
        columns=dict(sorted(mapped.items())),
        unknown=[item.header for item in ignored if item.reason != "by_user"],
        missing=missing,
        note_units=note_units,
        headers=header_cells,
        ignored=ignored,
        first_header_row=top + 1,
        unit_conflicts=conflicts,
    )


def _note_units(title_rows: Sequence[Sequence]) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in title_rows:
        for cell in row:
            if cell.__class__ is not str or "单位" not in cell:
                continue
            for unit in units_in_note(cell):
                for kind, units in UNIT_FACTORS.items():
                    if any(unit.lower() == u.lower() for u in units):
                        found.setdefault(kind, unit)
    return found


_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d)")


def title_years(title_rows: Sequence[Sequence]) -> list[int]:
    """The years the text above a header names as the table's year, in order and each
    once: '2019年度企业调查表', '2019年企业基本情况调查表' → [2019]. A date
    ('填报日期：2020年3月5日') names none."""
    found: list[int] = []
    for row in title_rows:
        for cell in row:
            if cell.__class__ is not str:
                continue
            for match in _TITLE_YEAR.finditer(normalise_text(cell)):
                year = int(match[1])
                if year not in found:
                    found.append(year)
    return found
