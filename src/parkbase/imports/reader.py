"""Read a spreadsheet or CSV file into a list of rows of cell values."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}


class UnreadableFile(ValueError):
    """The input is not a table we can read (not a spreadsheet, encrypted, empty)."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the CSV file is neither UTF-8 nor GBK/GB18030 text")


def read_table(path: str | Path, sheet: str | None = None) -> tuple[str, list[list]]:
    """Return (sheet name, rows). Cells keep their spreadsheet types (str, float, date)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"{path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        text = _decode(path.read_bytes())
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
        name = path.stem
    elif suffix in SPREADSHEET_SUFFIXES:
        from python_calamine import CalamineWorkbook

        try:
            workbook = CalamineWorkbook.from_path(str(path))
        except Exception as exc:  # calamine raises its own error types per format
            raise UnreadableFile(f"cannot open {path.name} as a spreadsheet: {exc}") from exc
        names = workbook.sheet_names
        if sheet is not None and sheet not in names:
            raise UnreadableFile(f"{path.name} has no sheet {sheet!r} (sheets: {', '.join(names)})")
        name = sheet or names[0]
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    else:
        raise UnreadableFile(f"{path.name}: unsupported file type {suffix or '(none)'}")
    if not any(any(str(c).strip() for c in row) for row in rows):
        raise UnreadableFile(f"{path.name} is empty")
    return name, rows
