"""Legacy .xls: the OLE2 compound file read by hand (``_Cfb``), and the cached errors
of its BIFF FORMULA and BOOLERR records."""

from __future__ import annotations

import re
import struct
import sys
from array import array
from pathlib import Path

from parkbase.imports.reader.bounds import Bounds, too_big_file, too_many_cells
from parkbase.imports.reader.common import OLE_MAGIC

# ---------------------------------------------------------------- .xls (BIFF in OLE2)


class _Cfb:
    """Just enough of the Compound File Binary format (MS-CFB) to list the streams of
    an OLE2 file and read one: enough to tell an encrypted .xlsx (EncryptionInfo) and
    to read the BIFF records of an .xls that python-calamine does not expose."""

    END = 0xFFFFFFFA  # ids at or above are free / end-of-chain / FAT / DIFAT markers

    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise ValueError("not an OLE2 file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise ValueError("bad sector size")
        self.size = 1 << shift
        (n_fat, dir_start, _t, self.cutoff, minifat_start, n_minifat, difat_start, n_difat) = (
            struct.unpack_from("<8I", data, 0x2C)
        )
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        per = self.size // 4
        sector = difat_start
        for _ in range(n_difat):
            if sector >= self.END:
                break
            block = struct.unpack(f"<{per}I", self._sector(sector))
            difat.extend(block[:-1])
            sector = block[-1]
        self.fat = self._table(s for s in difat[:n_fat] if s < self.END)
        directory = self._chain_bytes(dir_start)
        self.entries = {}
        for off in range(0, len(directory) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", directory, off + 64)
            if kind not in (1, 2, 5) or not 2 <= name_len <= 64:
                continue
            name = directory[off : off + name_len - 2].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<IQ", directory, off + 116)
            if self.size == 512:
                size &= 0xFFFFFFFF
            if kind == 5:
                self.root = (start, size)
            else:
                self.entries.setdefault(name.lower(), (kind, start, size))
        self.minifat = self._table(self._chain(minifat_start)) if n_minifat else array("I")

    @property
    def names(self) -> set[str]:
        return set(self.entries)

    def _sector(self, index: int) -> bytes:
        offset = (index + 1) * self.size
        if offset >= len(self.data):
            raise ValueError("sector beyond the end of the file")
        return self.data[offset : offset + self.size]

    def _table(self, sectors) -> array:
        table = array("I")
        for index in sectors:
            table.frombytes(self._sector(index))
        if sys.byteorder == "big":
            table.byteswap()
        return table

    def _chain(self, start: int, table: array | None = None):
        table = self.fat if table is None else table
        seen = set()
        while start < self.END:
            if start in seen or start >= len(table):
                raise ValueError("broken sector chain")
            seen.add(start)
            yield start
            start = table[start]

    def _chain_bytes(self, start: int) -> bytes:
        return b"".join(self._sector(s) for s in self._chain(start))

    def stream(self, name: str) -> bytes | None:
        entry = self.entries.get(name.lower())
        if entry is None or entry[0] != 2:
            return None
        _kind, start, size = entry
        if size >= self.cutoff:
            return self._chain_bytes(start)[:size]
        mini = self._chain_bytes(self.root[0])
        return b"".join(mini[s * 64 : s * 64 + 64] for s in self._chain(start, self.minifat))[:size]


BIFF_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}
_CODES = re.escape(bytes(BIFF_ERRORS))
# a FORMULA record's cached result that is an error, and a BOOLERR record holding one
_BIFF_ERROR_HINT = re.compile(
    rb"\x02\x00[" + _CODES + rb"]\x00\x00\x00\xff\xff|\x05\x02\x08\x00.{6}[" + _CODES + rb"]\x01",
    re.DOTALL,
)


def ole_stream_names(data: bytes) -> set[str]:
    """The names (lower case) of the streams and storages of an OLE2 compound file: a
    Word 97 file holds ``worddocument``, an .xls ``workbook`` or ``book``, an encrypted
    Office file ``encryptioninfo``. ValueError for a file that is not one."""
    return set(_Cfb(data).names)


def _sheet_offset(stream: bytes, sheet: str, index: int) -> int | None:
    """Where the named sheet's substream starts (BOUNDSHEET records of the globals)."""
    sheets = []  # (offset of the sheet's BOF, name)
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        rid, length = struct.unpack_from("<HH", stream, pos)
        if rid == 0x0085 and length >= 8:  # BOUNDSHEET
            offset, _state, _type, count = struct.unpack_from("<IBBB", stream, pos + 4)
            if length >= 9 and stream[pos + 11] in (0, 1):
                wide = stream[pos + 11] & 1
                raw = stream[pos + 12 : pos + 12 + count * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            else:
                name = ""
            sheets.append((offset, name))
        elif rid == 0x000A:  # EOF of the globals
            break
        pos += 4 + length
    offsets = [o for o, n in sheets if n == sheet]
    if offsets:
        return offsets[0]
    if index < len(sheets):
        return sheets[index][0]
    return None


# records of a cell with a value: (row, column) at the start of the body
_VALUE_RECORDS = {0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
_MULRK = 0x00BD  # row, first column, 6 bytes a cell, last column


def _xls_guard(path: Path, bounds: Bounds) -> None:
    """An .xls is not compressed: its size, checked when it was sniffed, bounds what
    calamine reads as it opens it (the shared strings)."""
    if path.stat().st_size > bounds.unpacked_bytes:
        raise too_big_file(path, bounds)


def _xls_sheet_guard(path: Path, sheet: str, index: int, bounds: Bounds) -> None:
    """Refuse a sheet with more values than the limit, or a value so far away that the
    rectangle calamine allocates up to it passes the limit. A sheet of .xls holds at
    most 65,536 × 256 cells, so nothing is walked when the limit is at least that."""
    if bounds.cells >= 65_536 * 256:
        return
    try:
        cfb = _Cfb(path.read_bytes())
        stream = cfb.stream("Workbook") or cfb.stream("Book")
    except (ValueError, struct.error):
        return  # calamine reports the damage
    pos = _sheet_offset(stream, sheet, index) if stream else None
    if pos is None:
        return
    cells = rows = cols = 0
    far = (0, 0)
    depth, end = 0, len(stream)
    unpack = struct.unpack_from
    values = _VALUE_RECORDS
    while pos + 4 <= end:
        rid, length = unpack("<HH", stream, pos)
        body = pos + 4
        pos = body + length
        if rid in values and length >= 4:
            row, col = unpack("<HH", stream, body)
            last = col
            cells += 1
        elif rid == _MULRK and length >= 6:
            row, col = unpack("<HH", stream, body)
            last = col + (length - 6) // 6 - 1
            cells += last - col + 1
        elif rid == 0x0809:  # BOF
            depth += 1
            continue
        elif rid == 0x000A:  # EOF
            depth -= 1
            if depth <= 0:
                break
            continue
        else:
            continue
        if row >= rows:
            rows, far = row + 1, (row, last)
        if last >= cols:
            cols, far = last + 1, (row, last)
    if cells > bounds.cells:
        raise too_many_cells(path, sheet, cells, bounds)
    if rows * cols > bounds.cells:
        where = f"{_letters(far[1])}{far[0] + 1}"
        raise too_many_cells(path, sheet, rows * cols, bounds, where)


def _letters(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xls_errors(path: Path, sheet: str, index: int) -> dict:
    """Error cells of one sheet, from the BIFF records (MS-XLS 2.4.127 FORMULA,
    2.4.24 BOOLERR). Nothing is walked unless the bytes of such a record occur."""
    try:
        cfb = _Cfb(path.read_bytes())
        stream = cfb.stream("Workbook") or cfb.stream("Book")
    except (ValueError, struct.error):
        return {}
    if not stream or not _BIFF_ERROR_HINT.search(stream):
        return {}
    pos = _sheet_offset(stream, sheet, index)
    if pos is None:
        return {}
    errors = {}
    depth, end = 0, len(stream)
    while pos + 4 <= end:
        rid, length = struct.unpack_from("<HH", stream, pos)
        body = pos + 4
        if rid == 0x0809:  # BOF
            depth += 1
        elif rid == 0x000A:  # EOF
            depth -= 1
            if depth <= 0:
                break
        elif rid == 0x0006 and length >= 14 and depth == 1:  # FORMULA
            row, col = struct.unpack_from("<HH", stream, body)
            result = stream[body + 6 : body + 14]
            if result[0] == 2 and result[6:8] == b"\xff\xff":
                errors[(row, col)] = BIFF_ERRORS.get(result[2], "#N/A")
        elif rid == 0x0205 and length >= 8 and depth == 1:  # BOOLERR
            row, col, _xf, value, is_error = struct.unpack_from("<HHHBB", stream, body)
            if is_error:
                errors[(row, col)] = BIFF_ERRORS.get(value, "#N/A")
        pos = body + length
    return errors
