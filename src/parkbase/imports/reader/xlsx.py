""".xlsx: the sheet's extent checked before calamine reads it (``MAX_CELLS``), and
the cached error cells read from the sheet XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from parkbase.imports.reader.common import MAX_CELLS, _chunks, _unreadable

# ---------------------------------------------------------------- .xlsx


_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_DIMENSION = re.compile(
    rb'<(?:[\w.-]+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"'
)
_ERROR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b([^>]*\bt=[\"']e[\"'][^>]*)(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.DOTALL
)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</", re.DOTALL)
_VALUED_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b[^>]*?\br=\"([A-Z]{1,3})(\d+)\"[^>]*?(?<!/)>"
    rb"(?:(?!</(?:[\w.-]+:)?c>).)*?<(?:[\w.-]+:)?(?:v>[^<]|is>)",
    re.DOTALL,
)


def _col_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def _xlsx_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the named sheet (via workbook.xml and its relations)."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    rel_id = None
    for el in book.iter():
        if el.tag.endswith("}sheet") and el.get("name") == sheet:
            rel_id = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
    for el in rels.iter():
        if el.get("Id") == rel_id and el.get("Target"):
            target = el.get("Target")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    return None


def _xlsx_guard(path: Path, sheet: str) -> None:
    """Refuse a sheet whose values span more than MAX_CELLS cells (see module doc)."""
    with zipfile.ZipFile(path) as zf:
        part = _xlsx_part(zf, sheet)
        if part is None or part not in zf.NameToInfo:
            return
        with zf.open(part) as f:
            start = f.read(8192)
        match = _DIMENSION.search(start)
        if match and match[4]:
            rows, cols = int(match[4]), _col_index(match[3]) + 1
            if rows * cols <= MAX_CELLS:
                return
        elif match and match[2]:
            return  # a one-cell dimension such as A1
        far_row = far_col = (0, b"A", b"1")
        for chunk in _chunks(zf, part):
            for cell in _VALUED_CELL.finditer(chunk):
                row, col = int(cell[2]), _col_index(cell[1]) + 1
                if row > far_row[0]:
                    far_row = (row, cell[1], cell[2])
                if col > _col_index(far_col[1]) + 1:
                    far_col = (col, cell[1], cell[2])
    rows, cols = far_row[0], _col_index(far_col[1]) + 1
    if rows * cols <= MAX_CELLS:
        return
    cells = sorted({(far_row[1] + far_row[2]).decode(), (far_col[1] + far_col[2]).decode()})
    raise _unreadable(
        path,
        "too_large",
        f"工作表“{sheet}”的内容一直延伸到 {'、'.join(cells)}（{rows} 行 × {cols} 列，"
        f"超过 {MAX_CELLS:,} 个单元格），多半是远处单元格里误填的空格等内容。"
        "请删除数据区以外的行和列后再导入。",
        f"the sheet {sheet!r} has content as far as {', '.join(cells)} ({rows} rows × "
        f"{cols} columns, more than {MAX_CELLS:,} cells), usually a stray space typed far "
        "away. Delete the rows and columns outside the data and import it again.",
    )


def _xlsx_errors(path: Path, sheet: str) -> dict:
    errors = {}
    with zipfile.ZipFile(path) as zf:
        part = _xlsx_part(zf, sheet)
        if part is None or part not in zf.NameToInfo:
            return errors
        for chunk in _chunks(zf, part):
            if b'"e"' not in chunk and b"'e'" not in chunk:
                continue
            for cell in _ERROR_CELL.finditer(chunk):
                ref = _REF.search(cell[1])
                value = _VALUE.search(cell[2])
                if ref:
                    key = (int(ref[2]) - 1, _col_index(ref[1]))
                    errors[key] = value[1].decode("utf-8", "replace").strip() if value else "#N/A"
    return errors
