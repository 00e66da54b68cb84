"""Reading an exported workbook back: the values as python-calamine gives them, and
the XML of a cell with its format, for what a reader of values cannot see (quote
prefix, bold header, frozen row, formulas)."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from python_calamine import CalamineWorkbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"m": MAIN}


def read_rows(xlsx: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()


def _parts(xlsx: bytes) -> tuple[ET.Element, ET.Element]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
        styles = ET.fromstring(book.read("xl/styles.xml"))
    return sheet, styles


def cell_xml(xlsx: bytes, ref: str) -> tuple[ET.Element, dict[int, dict]]:
    """The <c> element of cell ``ref`` (e.g. "A2") on the first sheet, and the cell
    formats (cellXfs) of the workbook by index."""
    sheet, styles = _parts(xlsx)
    formats = {i: xf.attrib for i, xf in enumerate(styles.find("m:cellXfs", NS))}
    cell = sheet.find(f".//m:c[@r='{ref}']", NS)
    assert cell is not None, ref
    return cell, formats


def cell_format(xlsx: bytes, ref: str) -> dict:
    cell, formats = cell_xml(xlsx, ref)
    return formats.get(int(cell.get("s", 0)), {})


def is_quoted(xlsx: bytes, ref: str) -> bool:
    return cell_format(xlsx, ref).get("quotePrefix") in ("1", "true")


def is_bold(xlsx: bytes, ref: str) -> bool:
    _, styles = _parts(xlsx)
    fonts = list(styles.find("m:fonts", NS))
    font = fonts[int(cell_format(xlsx, ref).get("fontId", 0))]
    return font.find("m:b", NS) is not None


def number_format(xlsx: bytes, ref: str) -> str:
    _, styles = _parts(xlsx)
    codes = {
        int(f.get("numFmtId")): f.get("formatCode")
        for f in styles.iterfind("m:numFmts/m:numFmt", NS)
    }
    return codes.get(int(cell_format(xlsx, ref).get("numFmtId", 0)), "General")


def frozen_rows(xlsx: bytes) -> int:
    sheet, _ = _parts(xlsx)
    pane = sheet.find(".//m:sheetView/m:pane", NS)
    if pane is None or pane.get("state") != "frozen":
        return 0
    return int(float(pane.get("ySplit", 0)))
