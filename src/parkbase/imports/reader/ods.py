""".ods: the error cells and row-spanning merges of a sheet, read from the ODF
content XML."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

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
