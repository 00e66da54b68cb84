"""Delimited text (CSV or tab-separated, in UTF-8, GBK/GB18030 or UTF-16), and the
row handling every reader shares: blank rows kept as one empty tuple, trailing ones
dropped."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from parkbase.imports.reader.bounds import (
    DEFAULT,
    Bounds,
    too_long_cell,
    too_long_line,
    too_many_cells,
    too_many_columns,
)
from parkbase.imports.reader.common import EMPTY_ROW, UnreadableFile, _not_a_spreadsheet

# ---------------------------------------------------------------- delimited text


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the CSV file is neither UTF-8 nor GBK/GB18030 text", "not_a_spreadsheet")


def _read_text(path: Path, bounds: Bounds = DEFAULT) -> list:
    """The rows of a delimited text file. Its size was checked when it was sniffed;
    a line longer than the limit is refused before parsing, a field or a row of
    fields beyond the limits, or more fields in all than the cell limit, while
    parsing (see ``bounds``)."""
    data = path.read_bytes()
    wide = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # UTF-16: measured once decoded
    line = 0 if wide else _long_line(data, bounds.line_chars)  # before a decoded copy
    if line:
        raise too_long_line(path, line, bounds)
    try:
        text = decode_text(data)
    except UnreadableFile:
        raise _not_a_spreadsheet(
            path, "文本既不是 UTF-8 也不是 GBK 编码", "the text is neither UTF-8 nor GBK"
        ) from None
    del data
    line = _long_line(text, bounds.line_chars) if wide else 0
    if line:
        raise too_long_line(path, line, bounds)
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    if csv.field_size_limit() < bounds.cell_chars + 1:
        csv.field_size_limit(bounds.cell_chars + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _keep(_bounded(reader, path, bounds))


def _long_line(text: str | bytes, limit: int) -> int:
    """The number of the first line longer than ``limit`` characters, or 0. A line of
    ``limit`` characters or more holds a whole aligned block of ``limit // 2``
    without a line break, so a few ``find`` calls over the text tell. Over bytes (UTF-8
    or GBK, whose line break is the byte 0x0A) a long line is decoded to count."""
    newline = "\n" if isinstance(text, str) else b"\n"
    block, n = max(limit // 2, 1), len(text)
    for start in range(0, n - block + 1, block):
        if text.find(newline, start, start + block) < 0:
            lo = text.rfind(newline, 0, start) + 1
            hi = text.find(newline, start)
            hi = n if hi < 0 else hi
            # at most 4 bytes a character: a line of more bytes than that is too long
            if hi - lo > 4 * limit or (hi - lo > limit and _chars(text[lo:hi]) > limit):
                return text.count(newline, 0, lo) + 1
    return 0


def _chars(line: str | bytes) -> int:
    if isinstance(line, str):
        return len(line)
    try:
        return len(line.decode("utf-8"))
    except UnicodeDecodeError:
        return len(line.decode("gb18030", "replace"))


def _bounded(reader, path: Path, bounds: Bounds):
    cells = 0
    try:
        for row in reader:
            width = len(row)
            cells += width
            if width > bounds.columns:
                raise too_many_columns(path, reader.line_num, bounds)
            if width and max(map(len, row)) > bounds.cell_chars:
                raise too_long_cell(
                    path, f"第{reader.line_num}行", f"line {reader.line_num}", bounds
                )
            if cells > bounds.cells:
                raise too_many_cells(path, path.stem, cells, bounds)
            yield row
    except csv.Error as exc:
        where_zh, where_en = f"第{reader.line_num}行", f"line {reader.line_num}"
        if "field larger" in str(exc):
            raise too_long_cell(path, where_zh, where_en, bounds) from None
        raise _not_a_spreadsheet(path, f"{where_zh}无法读取：{exc}", f"{where_en}: {exc}") from None


def _is_blank_row(row) -> bool:
    if not row:
        return True
    first = row[0]
    if first.__class__ is not str or (first and not first.isspace()):
        return False  # most data rows: decided by the first cell
    if row.count("") == len(row):
        return True
    return all(cell.__class__ is str and (not cell or cell.isspace()) for cell in row)


def _keep(rows_iter, pad: int = 0) -> list:
    """Rows as lists, blank ones as the shared EMPTY_ROW, trailing blank rows dropped."""
    rows: list = []
    append = rows.append
    prefix = [""] * pad
    for row in rows_iter:
        first = row[0] if row else ""
        if (first.__class__ is str and (not first or first.isspace())) and _is_blank_row(row):
            append(EMPTY_ROW)
        else:
            append(prefix + row if pad else row)
    _trim(rows)
    return rows


def _trim(rows: list) -> None:
    while rows and (rows[-1] is EMPTY_ROW or _is_blank_row(rows[-1])):
        rows.pop()
