"""Delimited text (CSV or tab-separated, in UTF-8, GBK/GB18030 or UTF-16), and the
row handling every reader shares: blank rows kept as one empty tuple, trailing ones
dropped."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from parkbase.imports.reader.common import EMPTY_ROW, UnreadableFile, _not_a_spreadsheet

# ---------------------------------------------------------------- delimited text


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the CSV file is neither UTF-8 nor GBK/GB18030 text", "not_a_spreadsheet")


def _read_text(path: Path) -> list:
    try:
        text = _decode(path.read_bytes())
    except UnreadableFile:
        raise _not_a_spreadsheet(
            path, "文本既不是 UTF-8 也不是 GBK 编码", "the text is neither UTF-8 nor GBK"
        ) from None
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return _keep(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


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
