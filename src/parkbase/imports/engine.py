"""The table engine: find the header row, map columns, convert units, parse rows.

Pure Python. Callers give a list of ``Column`` specs and the rows of a sheet; they
get back the mapping and one ``ParsedRow`` per data row, each with its values in
canonical units and its problems (sheet, Excel row number, column letter, rule).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from parkbase.imports import values as V

TOTAL_MARKERS = ("合计", "小计", "总计", "total", "subtotal")
NOTE_MARKERS = ("注：", "注:", "说明：", "说明:", "备注：", "填表说明", "note:")
HEADER_SEARCH_ROWS = 15


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
    return re.sub(r"[\s_\-·:：*＊]", "", V.normalise_text(text)).lower()


def _index_columns(columns: Sequence[Column]) -> dict[str, Column]:
    index = {}
    for col in columns:
        for header in (*col.headers, col.field):
            index[_key(header)] = col
    return index


def find_mapping(rows: Sequence[Sequence], columns: Sequence[Column]) -> Mapping | None:
    """The header is the row (among the first few) that names the most known columns.
    A header spread over two rows (merged group titles above) is read as the lower row,
    falling back to the upper row's text for cells the lower row leaves blank."""
    index = _index_columns(columns)
    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for cell in row if _key(V.split_header(cell)[0]) in index)
        if hits and (best is None or hits > best[1]):
            best = (r, hits)
    if best is None:
        return None
    r = best[0]

    def known(cell) -> bool:
        return not V.is_blank(cell) and _key(V.split_header(cell)[0]) in index

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
    for i, cell in enumerate(header_cells):
        if V.is_blank(cell):
            continue
        base, unit = V.split_header(cell)
        col = index.get(_key(base))
        if col is None or col.field in seen_fields:
            unknown.append(V.normalise_text(cell))
            continue
        seen_fields.add(col.field)
        mapped[i] = (col, unit)
    missing = [c for c in columns if c.required and c.field not in seen_fields]
    return Mapping(header_row=r + 1, columns=mapped, unknown=unknown, missing=missing)


def _row_kind(row: Sequence, mapping: Mapping) -> str | None:
    texts = [V.normalise_text(c) for c in row if not V.is_blank(c)]
    if not texts:
        return "blank"
    first = texts[0].replace(" ", "").lower()
    if any(first.startswith(m) for m in TOTAL_MARKERS):
        return "total"
    if any(first.startswith(m.lower()) for m in NOTE_MARKERS):
        return "note"
    if len(texts) == 1 and len(mapping.columns) > 2 and len(texts[0]) > 20:
        return "note"
    return None


def convert(value, col: Column, unit: str):
    """One cell → its canonical value; raises ValueProblem with a rule code."""
    kind = col.kind
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = V.normalise_text(value)
        if text in V.EXCEL_ERRORS:
            raise V.ValueProblem("excel_error")
        return text
    if kind == "choice":
        text = V.normalise_text(value)
        if text in V.EXCEL_ERRORS:
            raise V.ValueProblem("excel_error")
        if not text:
            return None
        for accepted, stored in (col.choices or {}).items():
            if text == accepted or text.lower() == str(stored).lower():
                return stored
        raise V.ValueProblem("unknown_choice")
    if kind == "date":
        return V.parse_date(value)
    if kind == "bool":
        return V.parse_bool(value)
    number = V.parse_decimal(value)
    if number is None:
        return None
    if col.unit_kind:
        number *= V.unit_factor(col.unit_kind, unit, col.default_unit)
    if kind in ("int", "year"):
        if number != number.to_integral_value():
            raise V.ValueProblem("not_an_integer")
        return int(number)
    if col.places is not None:
        number = number.quantize(Decimal(1).scaleb(-col.places), rounding=ROUND_HALF_UP)
    return number


def parse_table(
    rows: Sequence[Sequence],
    columns: Sequence[Column],
    *,
    row_check: Callable[[dict], list] | None = None,
) -> ParsedTable | None:
    mapping = find_mapping(rows, columns)
    if mapping is None:
        return None
    parsed: list[ParsedRow] = []
    skipped: list[tuple[int, str]] = []
    for r in range(mapping.header_row, len(rows)):
        row = rows[r]
        number = r + 1
        kind = _row_kind(row, mapping)
        if kind:
            if kind != "blank":
                skipped.append((number, kind))
            continue
        result = ParsedRow(number=number, values={}, raw=row)
        for i, (col, unit) in mapping.columns.items():
            cell = row[i] if i < len(row) else None
            try:
                result.values[col.field] = convert(cell, col, unit)
            except V.ValueProblem as exc:
                result.problems.append(
                    Problem(
                        number, column_letter(i), col.template_header, col.field, cell, exc.code
                    )
                )
                result.values[col.field] = None
                continue
            if col.required and result.values[col.field] in (None, ""):
                result.problems.append(
                    Problem(
                        number, column_letter(i), col.template_header, col.field, cell, "required"
                    )
                )
        parsed.append(result)
    return ParsedTable(mapping=mapping, rows=parsed, skipped=skipped)


def column_of(mapping: Mapping, field_name: str) -> tuple[str, str]:
    """(letter, header) of a mapped field, for reporting row rules on a column."""
    for i, (col, _unit) in mapping.columns.items():
        if col.field == field_name:
            return column_letter(i), col.template_header
    return "", field_name
