""".xlsx: the workbook and the sheet measured before calamine reads them (see
``bounds``), and the cached error cells read from the sheet XML."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from parkbase.imports.reader.bounds import (
    Bounds,
    RunMeter,
    check_declared,
    pieces,
    too_big_unpacked,
    too_long_cell,
    too_many_cells,
)
from parkbase.imports.reader.common import _chunks

# ---------------------------------------------------------------- .xlsx


_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_DIMENSION = re.compile(
    rb'<(?:[\w.-]+:)?dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"'
)
_ERROR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b([^>]*\bt=[\"']e[\"'][^>]*)(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.DOTALL
)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</", re.DOTALL)


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


def _xlsx_open_guard(path: Path, bounds: Bounds) -> None:
    """What python-calamine reads as it opens a workbook: no member may declare more
    than the limit, and the shared strings may neither unpack beyond it nor hold a
    cell longer than the limit."""
    with zipfile.ZipFile(path) as zf:
        check_declared(path, zf, bounds)
        for name in zf.NameToInfo:
            if name.lower().endswith("sharedstrings.xml"):
                meter = RunMeter(bounds.cell_chars)
                for data in pieces(path, zf, name, bounds):
                    if meter.feed(data):
                        raise too_long_cell(
                            path, "共享字符串表", "the shared-strings table", bounds
                        )


def _xlsx_guard(path: Path, sheet: str, bounds: Bounds) -> bool:
    """Refuse a sheet before calamine reads it if it unpacks to more than the limit,
    holds a cell that is too long, more cells than the limit, or a value so far away
    that the rectangle calamine allocates up to it would pass the limit.

    One pass over the raw bytes counts the cells with a value (closing ``</c>``
    tags) and searches for a cell tag that does not begin with a reference inside
    the sheet's ``<dimension>`` (one regular expression: a cell without ``r="…"``
    first, one with other whitespace or attributes before it, or one beyond the
    dimension). When there is none, the dimension is the extent; otherwise (no
    dimension, or cells that calamine places by their order) a second pass walks
    the tags to find the farthest value.

    True when the sheet may hold error cells (the pass saw a ``"e"`` or ``'e'``, as
    ``t="e"`` has it), so that ``_xlsx_errors`` need not read a sheet without any."""
    with zipfile.ZipFile(path) as zf:
        part = _xlsx_part(zf, sheet)
        if part is None or part not in zf.NameToInfo:
            return True
        if zf.getinfo(part).file_size > bounds.unpacked_bytes:
            raise too_big_unpacked(path, f"工作表“{sheet}”", f"the sheet {sheet!r}", bounds)
        meter = RunMeter(bounds.cell_chars)
        valued = 0
        closing = outside = extent = None
        errors = False
        for piece, end in _tag_pieces(pieces(path, zf, part, bounds), meter, path, sheet, bounds):
            if closing is None:
                prefix, extent, outside = _dimension(piece[:end])
                closing = b"</" + prefix + b"c>"
            valued += piece.count(closing, 0, end)
            if outside is not None and outside.search(piece, 0, end):
                outside = extent = None
            # a tag is never cut in two, so neither is its t="e"
            errors = errors or piece.find(b'"e"', 0, end) >= 0 or piece.find(b"'e'", 0, end) >= 0
        if valued > bounds.cells:
            raise too_many_cells(path, sheet, valued, bounds)
        if extent is not None and extent[0] * extent[1] <= bounds.cells:
            return errors
        rows, cols, far = _extent(zf, part, path, sheet, bounds)
    if rows * cols > bounds.cells:
        raise too_many_cells(path, sheet, rows * cols, bounds, "、".join(far))
    return errors


def _tag_pieces(chunks, meter: RunMeter, path: Path, sheet: str, bounds: Bounds):
    """(piece, end): the pieces cut just before a ``<`` (the part to look at is
    ``piece[:end]``, left uncopied), so that no tag is cut in two."""
    carry = b""
    for data in chunks:
        if meter is not None and meter.feed(data):
            raise too_long_cell(path, f"工作表“{sheet}”", f"the sheet {sheet!r}", bounds)
        piece = carry + data if carry else data
        cut = piece.rfind(b"<")
        if cut < 0:
            carry = b""
            continue
        if len(piece) - cut > 4096 and (close := piece.find(b">", cut)) >= 0:
            yield piece, close + 1  # a tag and then long text (holding no tag)
            carry = b""
            continue
        carry = piece[cut:]
        yield piece, cut
    if carry:
        yield carry, len(carry)


def _dimension(head: bytes):
    """(namespace prefix, (rows, columns) of the dimension or None, the regular
    expression of a cell tag that does not begin with a reference within the
    dimension, or None)."""
    root = re.search(rb"<([\w.-]+:)?worksheet\b", head)
    prefix = root[1] or b"" if root else b""
    match = _DIMENSION.search(head)
    if not match or not (match[4] or match[2]):
        return prefix, None, None
    letters, digits = (match[3], match[4]) if match[4] else (match[1] or b"A", match[2])
    cols = (rb"[A-Z]{%d,3}" % (len(letters) + 1) if len(letters) < 3 else rb"(?!)") + _greater(
        letters, b"AZ"
    )
    rows = rb"[0-9]{%d,}" % (len(digits) + 1) + _greater(digits, b"09")
    outside = re.compile(
        b"<"
        + re.escape(prefix)
        + rb'c(?:(?=[\s>/])(?! r="[A-Z]{1,3}[0-9]+")| r="(?:(?:'
        + cols
        + rb")[0-9]|[A-Z]++(?:"
        + rows
        + b')"))'
    )
    return prefix, (int(digits), _col_index(letters) + 1), outside


def _greater(text: bytes, alphabet: bytes) -> bytes:
    """Alternatives (each led by ``|``) matching the strings of ``text``'s length
    that sort after it over the contiguous ``alphabet``."""
    out = b""
    any_char = b"[%c-%c]" % (alphabet[0], alphabet[-1])
    for i, ch in enumerate(text):
        if ch < alphabet[-1]:
            rest = len(text) - i - 1
            out += b"|" + re.escape(text[:i]) + b"[%c-%c]" % (ch + 1, alphabet[-1])
            out += any_char + b"{%d}" % rest if rest else b""
    return out


_TAG = re.compile(rb"<(?:[\w.-]+:)?(row|c)\b([^>]*?)(/?)>")
_ATTR_R = re.compile(rb'\br="([A-Z]{0,3})(\d*)"')


def _extent(zf, part: str, path: Path, sheet: str, bounds: Bounds):
    """(rows, columns, farthest cells) of the values, as calamine places them: a cell
    by its reference, or after the cell before it; a row by its number, or after the
    row before it. Only run when the counts alone cannot tell (see ``_xlsx_guard``)."""
    row = col = -1
    far_row = far_col = (0, 0)
    for piece, end in _tag_pieces(pieces(path, zf, part, bounds), None, path, sheet, bounds):
        for tag in _TAG.finditer(piece, 0, end):
            ref = _ATTR_R.search(tag[2])
            if tag[1] == b"row":
                row = int(ref[2]) - 1 if ref and ref[2] else row + 1
                col = -1
                continue
            if ref and ref[1]:
                col = _col_index(ref[1])
                if ref[2]:
                    row = int(ref[2]) - 1
            else:
                col += 1
            if not tag[3]:  # <c …>value</c>; <c …/> holds only a format
                if row >= far_row[0]:
                    far_row = (row, col)
                if col >= far_col[1]:
                    far_col = (row, col)
    names = sorted({_cell_name(*far_row), _cell_name(*far_col)})
    return far_row[0] + 1, far_col[1] + 1, names


def _cell_name(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


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
