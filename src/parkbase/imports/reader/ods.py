""".ods: the error cells and row-spanning merges of a sheet, read from the ODF
content XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from parkbase.imports.reader.bounds import (
    Bounds,
    RunMeter,
    check_declared,
    pieces,
    too_long_cell,
    too_many_cells,
)
from parkbase.imports.reader.common import _chunks

# ---------------------------------------------------------------- .ods

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_HINTS = (b"-spanned=", b'value-type="error"')


def _ods_extras(path: Path, sheet: str):
    """Errors and merges of one sheet, from content.xml: python-calamine gives no merge
    ranges for .ods and reads error cells as blank (or as their dummy value)."""
    errors: dict = {}
    merges: list = []
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.NameToInfo:
            return errors, merges
        hinted = any(
            h in chunk for chunk in _chunks(zf, "content.xml", overlap=64) for h in _ODS_HINTS
        )
        if not hinted:
            return errors, merges
        with zf.open("content.xml") as f:
            _walk_ods(f, sheet, errors, merges)
    return errors, merges


def _walk_ods(f, sheet: str, errors: dict, merges: list) -> None:
    row = col = 0
    inside = False
    cell_tags = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
    for event, el in ElementTree.iterparse(f, events=("start", "end")):
        tag = el.tag
        if tag == _TABLE + "table":
            if event == "start":
                inside = el.get(_TABLE + "name") == sheet
            elif inside:
                return
            continue
        if not inside:
            if event == "end" and tag == _TABLE + "table-row":
                el.clear()
            continue
        if tag == _TABLE + "table-row":
            if event == "start":
                col = 0
            else:
                row += int(el.get(_TABLE + "number-rows-repeated", "1"))
                el.clear()
        elif tag in cell_tags and event == "end":
            repeat = int(el.get(_TABLE + "number-columns-repeated", "1"))
            down = int(el.get(_TABLE + "number-rows-spanned", "1"))
            across = int(el.get(_TABLE + "number-columns-spanned", "1"))
            if down > 1 or across > 1:
                merges.append(((row, col), (row + down - 1, col + across - 1)))
            if el.get(_CALCEXT + "value-type") == "error":
                text = "".join(el.itertext()).strip() or "#N/A"
                for i in range(min(repeat, 1024)):
                    errors[(row, col + i)] = text
            col += repeat


# ---------------------------------------------------------------- bounds

_ROW_END = b"</table:table-row>"
_TABLE_OR_ROW = re.compile(
    rb"<table:table\b(?!-)[^>]*>|<table:table-row\b([^>]*)>(.*?)</table:table-row>", re.DOTALL
)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


def _ods_guard(path: Path, bounds: Bounds) -> None:
    """python-calamine reads every sheet of an .ods as it opens it, rows and cells
    repeated as often as ``number-rows-repeated``/``number-columns-repeated`` say (a
    few hundred bytes can describe a billion cells). So before it does, content.xml
    must unpack within the limit, hold no cell longer than the limit, and its sheets
    together must hold no more values, nor rectangles up to their farthest value,
    than the cell limit. Rows without repeats are measured by counts; a row that
    repeats something is walked cell by cell."""
    with zipfile.ZipFile(path) as zf:
        check_declared(path, zf, bounds)
        if "content.xml" not in zf.NameToInfo:
            return
        meter = RunMeter(bounds.cell_chars)
        valued = area = 0
        rows = cols = row = 0
        carry = b""
        for data in pieces(path, zf, "content.xml", bounds):
            if meter.feed(data):
                raise too_long_cell(path, "工作表", "the sheet", bounds)
            piece = carry + data if carry else data
            cut = piece.rfind(_ROW_END)
            if cut < 0:
                carry = piece
                continue
            work, carry = piece[: cut + len(_ROW_END)], piece[cut + len(_ROW_END) :]
            for match in _TABLE_OR_ROW.finditer(work):
                if match[2] is None:  # a new sheet
                    area += rows * cols
                    rows = cols = row = 0
                    continue
                repeat, width, count = _ods_row(match[1], match[2])
                if count:
                    valued += count * repeat
                    rows, cols = row + repeat, max(cols, width)
                row += repeat
            if valued > bounds.cells:
                raise too_many_cells(path, "", valued, bounds)
        area += rows * cols
    if area > bounds.cells:
        raise too_many_cells(path, "", area, bounds)


def _ods_row(attrs: bytes, body: bytes) -> tuple[int, int, int]:
    """(times the row repeats, columns up to its last value, values in one copy)."""
    found = _ROWS_REPEATED.search(attrs)
    repeat = int(found[1]) if found else 1
    if b"-repeated=" not in body:
        cells = body.count(b"<table:table-cell") + body.count(b"<table:covered-table-cell")
        values = body.count(b"value-type=") + body.count(b"</table:table-cell>")
        return repeat, cells, min(values, cells)
    col = width = values = 0
    for cell in _ODS_CELL.finditer(body):
        found = _COLS_REPEATED.search(cell[1])
        across = int(found[1]) if found else 1
        if b"value-type=" in cell[1] or not cell[2]:
            values += across
            width = col + across
        col += across
    return repeat, width, values
