"""The table engine: find the header row, map columns, convert units, parse rows.

Pure Python. Callers give a list of ``Column`` specs and the rows of a sheet; they
get back the mapping and one ``ParsedRow`` per data row, each with its values in
canonical units and its problems (sheet, Excel row number, column letter, rule).
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable, Sequence
from collections.abc import Mapping as AnyMapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from parkbase.core.text import normalise_text, normalise_texts
from parkbase.core.units import UNIT_FACTORS, split_header, units_in_note
from parkbase.imports import values as V

TOTAL_MARKERS = ("合计", "小计", "总计", "total", "subtotal")
NOTE_MARKERS = ("注：", "注:", "说明：", "说明:", "备注：", "填表说明", "note:")
_NOTE_MARKERS_LOWER = tuple(m.lower() for m in NOTE_MARKERS)
HEADER_SEARCH_ROWS = 15
EXPECTED_SHOWN = 8  # columns listed when no header row is found
_INF = float("inf")


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


@dataclass
class ParsedRow:
    number: int
    values: dict
    problems: list[Problem] = field(default_factory=list)
    raw: Sequence = ()


@dataclass
class Mapping:
    header_row: int  # 1-based
    columns: dict[int, tuple[Column, str]]  # column index → (spec, unit text in header)
    unknown: list[str]
    missing: list[Column]
    # unit kind → unit given once for the whole table by a title-row note ('单位：万元')
    note_units: dict[str, str] = field(default_factory=dict)


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


def _key(text: str) -> str:
    return re.sub(r"[\s_\-·:：*＊]", "", normalise_text(text)).lower()


def _index_columns(columns: Sequence[Column]) -> dict[str, Column]:
    index = {}
    for col in columns:
        for header in (*col.headers, col.field):
            index[_key(header)] = col
    return index


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
        index[_key(header)] = by_field[name] if name else None
    return index


def _override_for(cell, forced: dict[str, Column | None]):
    """(found, column) for a header cell: the full text first, then without its unit."""
    if not forced:
        return False, None
    for key in (_key(cell), _key(split_header(cell)[0])):
        if key in forced:
            return True, forced[key]
    return False, None


def find_mapping(
    rows: Sequence[Sequence],
    columns: Sequence[Column],
    overrides: AnyMapping[str, str] | None = None,
) -> Mapping | None:
    """The header is the row (among the first few) that names the most known columns.
    A header spread over two rows (merged group titles above) is read as the lower row,
    falling back to the upper row's text for cells the lower row leaves blank.

    ``overrides`` maps a header text as it appears in the file to a field name, or to
    '' to ignore that column; it is applied before the automatic matching (and its
    headers count as known when looking for the header row), so a user can correct
    the mapping. A unit in a title-row note ('（单位：万元）') applies to every column
    of that unit's kind whose header gives no unit of its own."""
    index = _index_columns(columns)
    forced = _overrides_index(overrides, columns)

    def known(cell) -> bool:
        if V.is_blank(cell):
            return False
        return _key(split_header(cell)[0]) in index or _override_for(cell, forced)[0]

    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if known(cell))
        if hits and (best is None or hits > best[1]):
            best = (r, hits)
    if best is None:
        return None
    r = best[0]

    header_cells = list(rows[r])
    lower = list(rows[r + 1]) if r + 1 < len(rows) else []
    if any(
        known(c) and not (i < len(header_cells) and known(header_cells[i]))
        for i, c in enumerate(lower)
    ):
        # a two-line header: group titles above, column names below
        for i, cell in enumerate(lower):
            if i >= len(header_cells):
                header_cells.append(cell)
            elif known(cell) or (V.is_blank(header_cells[i]) and not V.is_blank(cell)):
                header_cells[i] = cell
        r += 1
    elif r > 0:
        above = list(rows[r - 1])
        for i, cell in enumerate(header_cells):
            if V.is_blank(cell) and i < len(above) and not V.is_blank(above[i]):
                header_cells[i] = above[i]
    mapped: dict[int, tuple[Column, str]] = {}
    unknown = []
    seen_fields = set()
    automatic = []
    for i, cell in enumerate(header_cells):
        if V.is_blank(cell):
            continue
        found, col = _override_for(cell, forced)
        if not found:
            automatic.append((i, cell))
        elif col is not None and col.field not in seen_fields:
            seen_fields.add(col.field)
            mapped[i] = (col, split_header(cell)[1])
    for i, cell in automatic:
        base, unit = split_header(cell)
        col = index.get(_key(base))
        if col is None or col.field in seen_fields:
            unknown.append(normalise_text(cell))
            continue
        seen_fields.add(col.field)
        mapped[i] = (col, unit)
    note_units = _note_units(rows[: best[0]])
    if note_units:
        for i, (col, unit) in mapped.items():
            if not unit and col.unit_kind in note_units:
                mapped[i] = (col, note_units[col.unit_kind])
    missing = [c for c in columns if c.required and c.field not in seen_fields]
    return Mapping(
        header_row=r + 1,
        columns=dict(sorted(mapped.items())),
        unknown=unknown,
        missing=missing,
        note_units=note_units,
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


def make_converter(col: Column, unit: str) -> Callable[[object], object]:
    """The function that turns one cell of this column into its canonical value, or
    raises ValueProblem with a rule code. Built once per column: the unit factor and
    rounding are looked up here, not per cell."""
    kind = col.kind
    if kind == "text":
        return _text
    if kind == "choice":
        choices = [
            (str(a), stored, str(stored).lower()) for a, stored in (col.choices or {}).items()
        ]

        def choice(value):
            text = _text(value)
            if not text:
                return None
            lowered = text.lower()
            for accepted, stored, stored_lower in choices:
                if text == accepted or lowered == stored_lower:
                    return stored
            raise V.ValueProblem("unknown_choice")

        return choice
    if kind == "date":
        return V.parse_date
    if kind == "bool":
        return V.parse_bool
    factor, bad_unit, scale, whole, quantum = _number_rules(col, unit)

    def number(value):
        cls = value.__class__
        if cls is float:
            if value != value or value in (_INF, -_INF):
                raise V.ValueProblem("not_a_number")
            if whole and not scale and value.is_integer() and not bad_unit:
                return int(value)
            result = Decimal(repr(value))
        elif cls is int:
            if whole and not scale and not bad_unit:
                return value
            result = Decimal(value)
        else:
            result = V.parse_decimal(value)
            if result is None:
                return None
        if bad_unit:
            raise V.ValueProblem("unknown_unit")
        try:
            if scale:
                result *= factor
            if whole:
                if result != result.to_integral_value():
                    raise V.ValueProblem("not_an_integer")
                return int(result)
            if quantum is not None:
                result = result.quantize(quantum, rounding=ROUND_HALF_UP)
        except InvalidOperation:  # beyond 28 significant digits
            raise V.ValueProblem("not_a_number") from None
        return result

    return number


def _text(value) -> str:
    cls = value.__class__
    if cls is str:
        text = normalise_text(value)
        if text in V.BLANK_MARKERS:
            return ""
        if V.is_error(text):
            raise V.ValueProblem("excel_error")
        return text
    if value is None:
        return ""
    if cls is V.CellError:
        raise V.ValueProblem("excel_error")
    if cls is float and value.is_integer():
        value = int(value)
    return _text(str(value))


def _number_rules(col: Column, unit: str):
    """(factor, bad unit?, scale?, whole?, quantum) of a number column."""
    factor = Decimal(1)
    bad_unit = False
    if col.unit_kind:
        try:
            factor = V.unit_factor(col.unit_kind, unit, col.default_unit)
        except V.ValueProblem:
            bad_unit = True
    quantum = Decimal(1).scaleb(-col.places) if col.places is not None else None
    return factor, bad_unit, factor != 1, col.kind in ("int", "year"), quantum


def convert(value, col: Column, unit: str):
    """One cell → its canonical value; raises ValueProblem with a rule code."""
    return make_converter(col, unit)(value)


# ---------------------------------------------------------------- whole columns


class _NotPlain(Exception):
    """A column holds cells the whole-column path does not take: convert one by one."""


ColumnConverter = Callable[[list], tuple[list, dict[int, str]]]


def make_column_converter(col: Column, unit: str) -> ColumnConverter:
    """The function that turns all the cells of this column into (canonical values,
    {position: rule code} of the cells that break a rule, whose value is None).

    The result is what ``make_converter`` gives cell by cell. A column of plain
    numbers (floats, as spreadsheets hold them, with blank cells among them) or of
    text is converted with one C-level ``map`` per step instead of a Python call per
    cell; anything else (a number typed as text, an error cell, a value that breaks
    a rule) sends the column down the cell-by-cell path."""
    one = make_converter(col, unit)
    plain = _plain_converter(col, unit)

    def convert_column(cells: list) -> tuple[list, dict[int, str]]:
        if plain is not None:
            try:
                return plain(cells), {}
            except _NotPlain:
                pass
        return _one_by_one(cells, one)

    return convert_column


def _one_by_one(cells: list, one: Callable) -> tuple[list, dict[int, str]]:
    values = []
    problems = {}
    problem_type = V.ValueProblem
    for position, cell in enumerate(cells):
        try:
            values.append(one(cell))
        except problem_type as exc:
            problems[position] = exc.code
            values.append(None)
    return values, problems


def _plain_converter(col: Column, unit: str) -> Callable[[list], list] | None:
    if col.kind == "text":
        return _plain_texts
    if col.kind not in ("decimal", "int", "year"):
        return None
    _factor, bad_unit, _scale, _whole, _quantum = _number_rules(col, unit)
    if bad_unit:
        return None
    convert_floats = _float_converter(col, unit)

    def plain_numbers(cells: list) -> list:
        kinds = set(map(type, cells))
        if kinds == {float}:
            return convert_floats(cells)
        if not kinds <= {float, str, type(None)}:
            raise _NotPlain
        # floats among blank cells ('' or None, which are no value)
        if any(cell for cell in cells if cell.__class__ is not float):
            raise _NotPlain
        values = [None] * len(cells)
        positions = [p for p, cell in enumerate(cells) if cell.__class__ is float]
        converted = convert_floats([cells[p] for p in positions])
        for position, value in zip(positions, converted, strict=True):
            values[position] = value
        return values

    return plain_numbers


def _float_converter(col: Column, unit: str) -> Callable[[list], list]:
    """Floats → what ``number()`` of ``make_converter`` returns for each, the same
    steps mapped over the column: Decimal(repr(value)), × the unit factor, checked
    integral (int columns) or rounded half up to the column's places."""
    factor, _bad_unit, scale, whole, quantum = _number_rules(col, unit)

    def convert_floats(cells: list) -> list:
        if whole and not scale:
            if not all(map(float.is_integer, cells)):  # also false for inf and nan
                raise _NotPlain
            return list(map(int, cells))
        if not all(map(math.isfinite, cells)):
            raise _NotPlain
        numbers = map(Decimal, map(repr, cells))
        if scale:
            numbers = map(operator.mul, numbers, itertools.repeat(factor))
        try:
            if whole:
                numbers = list(numbers)
                if not all(map(operator.eq, numbers, map(Decimal.to_integral_value, numbers))):
                    raise _NotPlain
                return list(map(int, numbers))
            if quantum is not None:
                numbers = map(
                    Decimal.quantize,
                    numbers,
                    itertools.repeat(quantum),
                    itertools.repeat(ROUND_HALF_UP),
                )
            return list(numbers)
        except InvalidOperation:  # beyond 28 significant digits
            raise _NotPlain from None

    return convert_floats


_MAY_BE_ERROR = operator.methodcaller("startswith", ("#", "Err:"))


def _plain_texts(cells: list) -> list:
    """``_text`` of every cell of a column of strings (None, a missing cell, is '')."""
    kinds = set(map(type, cells))
    if not kinds <= {str, type(None)}:
        raise _NotPlain
    if type(None) in kinds:
        cells = ["" if cell is None else cell for cell in cells]
    texts = list(normalise_texts(cells))
    if any(map(_MAY_BE_ERROR, texts)):
        raise _NotPlain
    if not V.BLANK_MARKERS.isdisjoint(texts):
        texts = ["" if text in V.BLANK_MARKERS else text for text in texts]
    return texts


# ---------------------------------------------------------------- tables


def _data_rows(rows: Sequence[Sequence], mapping: Mapping):
    """(numbers, rows) of the data rows below the header, and the skipped
    (number, reason) of totals and notes; blank rows are neither."""
    numbers: list[int] = []
    data: list[Sequence] = []
    skipped: list[tuple[int, str]] = []
    for r in range(mapping.header_row, len(rows)):
        row = rows[r]
        kind = _row_kind(row, mapping)
        if kind is None:
            numbers.append(r + 1)
            data.append(row)
        elif kind != "blank":
            skipped.append((r + 1, kind))
    return numbers, data, skipped


def _cells(rows: list[Sequence], index: int) -> list:
    """One column of ``rows``; a row too short to reach it gives None."""
    try:
        return list(map(operator.itemgetter(index), rows))
    except IndexError:
        return [row[index] if index < len(row) else None for row in rows]


def _has_blank(values: list) -> bool:
    kinds = set(map(type, values))  # no `None in values`: Decimal.__eq__ is slow with None
    return type(None) in kinds or (str in kinds and "" in values)


def parse_table(
    rows: Sequence[Sequence],
    columns: Sequence[Column],
    *,
    overrides: AnyMapping[str, str] | None = None,
) -> ParsedTable | None:
    """Find the mapping, then convert the data rows column by column (each column's
    unit and rules are decided once) and put each row's values and problems
    together, problems in column order."""
    mapping = find_mapping(rows, columns, overrides)
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
            problem = Problem(numbers[position], letter, header, col.field, cells[position], code)
            problems.setdefault(position, []).append(problem)
        if col.required and _has_blank(values):
            for position, value in enumerate(values):
                if (value is None or value == "") and position not in broken:
                    problem = Problem(
                        numbers[position], letter, header, col.field, cells[position], "required"
                    )
                    problems.setdefault(position, []).append(problem)
        names.append(col.field)
        value_columns.append(values)
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
