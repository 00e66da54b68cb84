"""The table engine: find the header row, map columns, convert units, parse rows.

Pure Python. Callers give a list of ``Column`` specs and the rows of a sheet; they
get back the mapping and one ``ParsedRow`` per data row, each with its values in
canonical units and its problems (sheet, Excel row number, column letter, rule).
Finding the header and mapping its columns is in ``headers``; the limits of the
fields the values go to in ``limits``.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping as AnyMapping
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from parkbase.core.text import normalise_text, normalise_texts
from parkbase.core.units import UNIT_FACTORS
from parkbase.imports import values as V
from parkbase.imports.converters import (  # noqa: F401 (callers take them from here)
    _number_rules,
    convert,
    make_column_converter,
    make_converter,
)
from parkbase.imports.headers import (  # noqa: F401 (the mapping is the engine's)
    HEADER_SEARCH_ROWS,
    Ignored,
    Mapping,
    find_mapping,
)
from parkbase.imports.limits import limit_problems

TOTAL_MARKERS = ("合计", "小计", "总计", "total", "subtotal")
NOTE_MARKERS = ("注：", "注:", "说明：", "说明:", "备注：", "填表说明", "note:")
_NOTE_MARKERS_LOWER = tuple(m.lower() for m in NOTE_MARKERS)
EXPECTED_SHOWN = 8  # columns listed when no header row is found


@dataclass(frozen=True)
class Column:
    field: str
    headers: tuple[str, ...]  # accepted header texts without unit, first is the template's
    kind: str = "text"  # text | decimal | int | date | bool | choice | year
    unit_kind: str | None = None  # money | area | energy | electricity | tonnes | count
    default_unit: str = ""
    places: int | None = 2
    choices: dict | None = None  # accepted text → stored value
    required: bool = False
    main: bool = False  # named, with the required ones, when no header row is found
    # a date column where a year alone (2015, '2015年') means 1 January of that year
    year_alone: bool = False
    # the importer compacts the text (a credit code loses its spaces and dashes) and
    # checks it by its own rules: its field's length is not checked on the cell
    compacted: bool = False
    # computed by the system: an export writes it, an import reads it back and leaves
    # it alone (the template does not offer it)
    derived: bool = False

    @property
    def template_header(self) -> str:
        unit = self.default_unit
        return f"{self.headers[0]}({unit})" if unit else self.headers[0]


@dataclass
class Problem:
    row: int  # as Excel shows it (1-based)
    column: str  # letter, '' when the whole row is concerned
    header: str
    field: str
    value: object
    code: str
    params: dict = field(default_factory=dict)  # more for the message: the choices…


@dataclass
class ParsedRow:
    number: int
    values: dict
    problems: list[Problem] = field(default_factory=list)
    raw: Sequence = ()


@dataclass
class ParsedTable:
    mapping: Mapping
    rows: list[ParsedRow]
    skipped: list[tuple[int, str]]  # (row number, reason code: total/note/blank)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def expected_headers(columns: Sequence[Column], limit: int = EXPECTED_SHOWN) -> list[str]:
    """The template headers a user should put in the header row: the required columns
    and those marked ``main``; when none is marked main, the others in template order.
    ``limit`` in all, '…' when there are more."""
    required = [c for c in columns if c.required]
    rest = [c for c in columns if c.main and not c.required] or [
        c for c in columns if not c.required
    ]
    ordered = required + rest
    shown = [c.template_header for c in ordered[:limit]]
    return shown + ["…"] if len(ordered) > limit or len(ordered) < len(columns) else shown


def _row_kind(row: Sequence, mapping: Mapping) -> str | None:
    first = None
    count = 0
    first_text = ""
    for cell in row:
        if cell.__class__ is str:
            text = normalise_text(cell)
            if text in V.BLANK_MARKERS:
                continue
            if first is None:
                first_text = text
        elif cell is None or cell == "":  # '' may also be an empty CellError
            continue
        count += 1
        if first is None:
            first = cell
        else:
            break
    if first is None:
        return "blank"
    if first.__class__ is not str:
        return None  # a number, a date or a spreadsheet error never starts a total or a note
    start = first_text.replace(" ", "").lower()
    if start.startswith(TOTAL_MARKERS):
        return "total"
    if start.startswith(_NOTE_MARKERS_LOWER):
        return "note"
    if count == 1 and len(mapping.columns) > 2 and len(first_text) > 20:
        return "note"
    return None


# ---------------------------------------------------------------- tables


def _data_rows(rows: Sequence[Sequence], mapping: Mapping):
    """(numbers, rows) of the data rows below the header, and the skipped
    (number, reason) of totals and notes; blank rows are neither."""
    numbers: list[int] = []
    data: list[Sequence] = []
    skipped: list[tuple[int, str]] = []
    start = mapping.header_row
    plainly = _plainly_data(rows[start:])
    for r, plain in zip(range(start, len(rows)), plainly, strict=True):
        row = rows[r]
        kind = None if plain else _row_kind(row, mapping)
        if kind is None:
            numbers.append(r + 1)
            data.append(row)
        elif kind != "blank":
            skipped.append((r + 1, kind))
    return numbers, data, skipped


def _plainly_data(body: list[Sequence]) -> list[bool]:
    """For each row, True when ``_row_kind`` would call it a data row for its first two
    cells alone: a first cell that is a number, a date or an error cell, or a first
    text that is no blank marker, total or note followed by a cell that is not blank.
    Found column-wise, at C speed for most of it; the other rows (False) go through
    ``_row_kind``."""
    firsts = _cells(body, 0)
    texts = list(normalise_texts([c if c.__class__ is str else "" for c in firsts]))
    starts = map(str.lower, map(str.replace, texts, itertools.repeat(" "), itertools.repeat("")))
    blank = V.BLANK_MARKERS
    return [
        (first is not None and first != "")
        if first.__class__ is not str
        else (
            text not in blank
            and not start.startswith(TOTAL_MARKERS)
            and not start.startswith(_NOTE_MARKERS_LOWER)
            and second is not None
            and (normalise_text(second) not in blank if second.__class__ is str else second != "")
        )
        for first, text, start, second in zip(firsts, texts, starts, _cells(body, 1), strict=True)
    ]


def _cells(rows: list[Sequence], index: int) -> list:
    """One column of ``rows``; a row too short to reach it gives None."""
    try:
        return list(map(operator.itemgetter(index), rows))
    except IndexError:
        return [row[index] if index < len(row) else None for row in rows]


def _has_blank(values: list) -> bool:
    kinds = set(map(type, values))  # no `None in values`: Decimal.__eq__ is slow with None
    return type(None) in kinds or (str in kinds and "" in values)


def problem_params(col: Column, unit: str, code: str) -> dict:
    """What a message needs besides the value: the values a choice column takes, the
    units a number column takes."""
    if code == "unknown_choice":
        return {"choices": "、".join(map(str, col.choices or {}))}
    if code == "unknown_unit":
        return {"unit": unit, "units": "、".join(UNIT_FACTORS.get(col.unit_kind or "", ()))}
    return {}


def _in_column_unit(params: dict, col: Column, unit: str) -> dict:
    """A field's range (canonical units) in the unit of the column, as the user reads it."""
    if "max" not in params or not col.unit_kind:
        return params
    try:
        factor = V.unit_factor(col.unit_kind, unit, col.default_unit)
    except V.ValueProblem:
        return params
    cents = Decimal("0.01")
    low, high = (
        (Decimal(params[k]) / factor).quantize(cents, rounding=ROUND_DOWN).normalize()
        for k in ("min", "max")
    )
    return {"min": f"{low:f}", "max": f"{high:f} {unit or col.default_unit}"}


def _apply_given(values: list, broken: dict, given) -> dict[int, object]:
    """Blank cells of a column whose value the import gives (its year) take it; the
    cells that hold another value are returned (position → the cell's value)."""
    differ = {}
    for position, value in enumerate(values):
        if position in broken:
            continue
        if value is None or value == "":
            values[position] = given
        elif value != given:
            differ[position] = value
    return differ


def parse_table(
    rows: Sequence[Sequence],
    columns: Sequence[Column],
    *,
    overrides: AnyMapping[str, str] | None = None,
    given: AnyMapping[str, object] | None = None,
    limits: AnyMapping[str, tuple] | None = None,
) -> ParsedTable | None:
    """Find the mapping, then convert the data rows column by column (each column's
    unit and rules are decided once) and put each row's values and problems
    together, problems in column order.

    ``given``: field → the value the import gives for every row (``--year``): a sheet
    without that column takes it, a blank cell takes it, and a cell that says
    otherwise is a problem ``differs_from_given`` naming both. ``limits``: field → what
    its field holds (``limits.model_limits``); a value beyond it is a problem."""
    given = dict(given or {})
    limits = limits or {}
    mapping = find_mapping(rows, columns, overrides, given)
    if mapping is None:
        return None
    numbers, data, skipped = _data_rows(rows, mapping)
    names = []
    value_columns = []
    problems: dict[int, list[Problem]] = {}
    for i, (col, unit) in mapping.columns.items():
        cells = _cells(data, i)
        values, broken = make_column_converter(col, unit)(cells)
        letter, header = column_letter(i), col.template_header
        for position, code in broken.items():
            problem = Problem(
                numbers[position],
                letter,
                header,
                col.field,
                cells[position],
                code,
                problem_params(col, unit, code),
            )
            problems.setdefault(position, []).append(problem)
        if col.field in given:
            wanted = given[col.field]
            for position in _apply_given(values, broken, wanted):
                problem = Problem(
                    numbers[position],
                    letter,
                    header,
                    col.field,
                    cells[position],
                    "differs_from_given",
                    {"given": wanted},
                )
                problems.setdefault(position, []).append(problem)
        if col.field in limits:
            factor = _number_rules(col, unit)[0] if col.unit_kind else 1
            beyond = limit_problems(limits[col.field], values, cells, factor)
            for position, (code, params) in beyond.items():
                params = _in_column_unit(params, col, unit)
                problem = Problem(
                    numbers[position], letter, header, col.field, cells[position], code, params
                )
                problems.setdefault(position, []).append(problem)
                values[position] = None
                broken[position] = code
        if col.required and _has_blank(values):
            for position, value in enumerate(values):
                if (value is None or value == "") and position not in broken:
                    problem = Problem(
                        numbers[position], letter, header, col.field, cells[position], "required"
                    )
                    problems.setdefault(position, []).append(problem)
        names.append(col.field)
        value_columns.append(values)
    for name, value in given.items():
        if name not in names:
            names.append(name)
            value_columns.append([value] * len(data))
    row_values = zip(*value_columns, strict=True) if value_columns else [()] * len(data)
    parsed = [
        ParsedRow(number, dict(zip(names, values, strict=True)), problems.get(position, []), row)
        for position, (number, row, values) in enumerate(
            zip(numbers, data, row_values, strict=True)
        )
    ]
    return ParsedTable(mapping=mapping, rows=parsed, skipped=skipped)


def column_of(mapping: Mapping, field_name: str) -> tuple[str, str]:
    """(letter, header) of a mapped field, for reporting row rules on a column."""
    for i, (col, _unit) in mapping.columns.items():
        if col.field == field_name:
            return column_letter(i), col.template_header
    return "", field_name
