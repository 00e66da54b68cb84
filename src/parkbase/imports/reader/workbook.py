"""Workbooks through python-calamine: the sheet chosen, read lazily, with the error
cells and merged cells calamine leaves out put back."""

from __future__ import annotations

import struct
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from parkbase.imports.reader.bounds import Bounds, check_declared
from parkbase.imports.reader.common import EMPTY_ROW, _encrypted, _not_a_spreadsheet, _unreadable
from parkbase.imports.reader.ods import _ods_extras, _ods_guard
from parkbase.imports.reader.text import _keep, _trim
from parkbase.imports.reader.xls import _xls_errors, _xls_guard, _xls_sheet_guard
from parkbase.imports.reader.xlsx import _xlsx_errors, _xlsx_guard, _xlsx_open_guard
from parkbase.imports.values import CellError

# ---------------------------------------------------------------- workbooks


def _read_workbook(path: Path, kind: str, sheet: str | None, bounds: Bounds) -> tuple[str, list]:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    _open_guard(path, kind, bounds)
    suffix_fits = {
        "xlsx": {".xlsx", ".xlsm", ".xltx", ".xltm"},
        "xlsb": {".xlsb"},
        "xls": {".xls", ".xla"},
        "ods": {".ods"},
    }[kind]
    try:
        if path.suffix.lower() in suffix_fits:
            workbook = CalamineWorkbook.from_path(str(path))
        else:  # misnamed: let calamine tell the format from the content
            with path.open("rb") as f:
                workbook = CalamineWorkbook.from_filelike(f)
    except PasswordError:
        raise _encrypted(path) from None
    except Exception as exc:  # calamine raises its own error types per format
        raise _not_a_spreadsheet(path, f"文件已损坏：{exc}", f"damaged: {exc}") from exc
    names = workbook.sheet_names
    if sheet is not None:
        if sheet not in names:
            raise _unreadable(
                path,
                "no_sheet",
                f"没有名为“{sheet}”的工作表（现有：{'、'.join(names)}）。",
                f"there is no sheet {sheet!r} (sheets: {', '.join(names)}).",
            )
        candidates = [sheet]
    else:
        candidates = [
            m.name
            for m in workbook.sheets_metadata
            if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet
        ] or list(names)
    with ThreadPoolExecutor(max_workers=1) as pool:
        for name in candidates:
            rows = _read_sheet(path, kind, workbook, name, pool, bounds)
            if rows:
                return name, rows
    if sheet is not None:
        raise _unreadable(
            path, "empty", f"工作表“{sheet}”是空的。", f"the sheet {sheet!r} is empty."
        )
    raise _unreadable(
        path,
        "empty",
        f"所有工作表都没有数据（工作表：{'、'.join(names)}）。",
        f"no sheet holds any data (sheets: {', '.join(names)}).",
    )


def _open_guard(path: Path, kind: str, bounds: Bounds) -> None:
    """Measure what python-calamine reads as it opens the workbook (see ``bounds``)."""
    if kind == "xlsx":
        _xlsx_open_guard(path, bounds)
    elif kind == "ods":
        _ods_guard(path, bounds)
    elif kind == "xls":
        _xls_guard(path, bounds)
    else:  # .xlsb: binary parts, bounded by their declared size
        with zipfile.ZipFile(path) as zf:
            check_declared(path, zf, bounds)


def _read_sheet(path: Path, kind: str, workbook, name: str, pool, bounds: Bounds) -> list:
    from python_calamine import PasswordError

    may_hold_errors = True
    if kind == "xlsx":
        may_hold_errors = _xlsx_guard(path, name, bounds)
    elif kind == "xls":
        _xls_sheet_guard(path, name, workbook.sheet_names.index(name), bounds)
    # the error/merge scan reads the file itself; it runs while calamine parses
    extras = None
    if may_hold_errors:
        extras = pool.submit(_extras, path, kind, name, workbook.sheet_names.index(name))
    try:
        sheet = workbook.get_sheet_by_name(name)
    except PasswordError:
        raise _encrypted(path) from None
    except Exception as exc:
        raise _not_a_spreadsheet(path, f"工作表无法读取：{exc}", f"damaged sheet: {exc}") from exc
    start = sheet.start
    rows = [] if start is None else _keep(sheet.iter_rows(), pad=start[1])
    errors, merges = extras.result() if extras is not None else ({}, None)
    if merges is None:
        merges = sheet.merged_cell_ranges or []
    if errors:
        _put_errors(rows, errors)
    if merges:
        _spread_merges(rows, merges)
    _trim(rows)
    return rows


def _extras(path: Path, kind: str, name: str, index: int):
    """(errors {(row, col): text}, merges or None to take calamine's). A part this
    scan cannot parse is left to calamine, which reports a damaged file itself."""
    try:
        if kind == "xlsx":
            return _xlsx_errors(path, name), None
        if kind == "xls":
            return _xls_errors(path, name, index), None
        if kind == "ods":
            return _ods_extras(path, name)
    except (ValueError, KeyError, OSError, EOFError, zipfile.BadZipFile, struct.error):
        pass  # ElementTree.ParseError is a SyntaxError subclass: caught below
    except SyntaxError:
        pass
    return {}, None


def _put_errors(rows: list, errors: dict) -> None:
    for (r, c), text in errors.items():
        while len(rows) <= r:
            rows.append(EMPTY_ROW)
        row = rows[r]
        if row is EMPTY_ROW:
            row = rows[r] = []
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        row[c] = CellError(text)


def _blank(cell) -> bool:
    return cell is None or (cell.__class__ is str and (not cell or cell.isspace()))


def _spread_merges(rows: list, merges) -> None:
    for (r0, c0), (r1, _c1) in merges:
        if r1 <= r0 or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if _blank(value):
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if row is EMPTY_ROW or all(_blank(cell) for i, cell in enumerate(row) if i != c0):
                continue  # a blank row inside the merge stays blank
            if len(row) <= c0:
                row.extend([""] * (c0 + 1 - len(row)))
            if _blank(row[c0]):
                row[c0] = value
