"""The limits a file must keep before it is read, so that no file, however built,
makes a check hold more than a bounded amount of memory.

A 2.6 MB .xlsx can unpack to a gigabyte of rows, and one of 1 MB can hold a cell of a
gigabyte; an .ods can describe a billion cells in a few hundred bytes (a row repeated
a million times); python-calamine, asked to read such a file, holds all of it. So each
reader measures first, with nothing but counts over the raw bytes:

- ``unpacked_bytes``: a zip member (a sheet, the shared strings, .ods content) may
  unpack to at most this much. Its declared size (``ZipInfo.file_size``) is checked
  first, then the member is read in pieces counting what really comes out, so a
  header that lies about the size is caught too. For .xls and CSV it bounds the file.
- ``cells``: the cells holding a value, and the rectangle python-calamine would
  allocate for them (rows × columns up to the farthest value, 32 bytes a cell).
- ``cell_chars``: the length of one cell (Excel's own limit is 32,767 characters).
- ``line_chars`` and ``columns``: one line of delimited text, and its fields.
- ``members``: the parts of a zip archive (the document library checks it).

The defaults (200 MB, 10 million cells, 32,767 characters, 1 MiB lines, 16,384
columns) let a 100,000-row × 30-column sheet through with room to spare; settings
``PARKBASE_IMPORT_MAX_UNPACKED_MB``, ``PARKBASE_IMPORT_MAX_CELLS``,
``PARKBASE_IMPORT_MAX_CELL_CHARS`` and ``PARKBASE_IMPORT_MAX_LINE_CHARS`` change them.
A file beyond a limit raises ``UnreadableFile`` (reason ``too_large``) whose message
names the limit in Chinese and English."""

from __future__ import annotations

import html
import zipfile
from dataclasses import dataclass
from pathlib import Path

from parkbase.imports.reader.common import MAX_CELLS, _not_a_spreadsheet, _unreadable

MB = 1 << 20
PIECE = 4 * MB


@dataclass(frozen=True)
class Bounds:
    unpacked_bytes: int = 200 * MB
    cells: int = MAX_CELLS
    cell_chars: int = 32_767
    line_chars: int = 1 * MB
    columns: int = 16_384
    members: int = 10_000  # the parts of a zip archive (a workbook, a Word file)

    @property
    def unpacked_mb(self) -> int:
        return self.unpacked_bytes // MB


DEFAULT = Bounds()


def current() -> Bounds:
    """The bounds the settings give (the defaults outside a configured project)."""
    try:
        from django.conf import settings

        if not settings.configured:
            return DEFAULT
        return Bounds(
            unpacked_bytes=settings.PARKBASE_IMPORT_MAX_UNPACKED_MB * MB,
            cells=settings.PARKBASE_IMPORT_MAX_CELLS,
            cell_chars=settings.PARKBASE_IMPORT_MAX_CELL_CHARS,
            line_chars=settings.PARKBASE_IMPORT_MAX_LINE_CHARS,
        )
    except (ImportError, AttributeError):
        return DEFAULT


# ---------------------------------------------------------------- refusals


def _too_large(path: Path, zh: str, en: str):
    return _unreadable(
        path,
        "too_large",
        f"{zh}。请删除多余的内容或分成几个文件后再导入。",
        f"{en}. Remove what is not needed, or split the file, and import it again.",
    )


def too_big_unpacked(path: Path, what_zh: str, what_en: str, bounds: Bounds):
    return _too_large(
        path,
        f"{what_zh}解压后超过 {bounds.unpacked_mb} MB 的上限",
        f"{what_en} unpacks to more than the {bounds.unpacked_mb} MB limit",
    )


def too_big_file(path: Path, bounds: Bounds):
    return _too_large(
        path,
        f"文件超过 {bounds.unpacked_mb} MB 的上限",
        f"the file is larger than the {bounds.unpacked_mb} MB limit",
    )


def too_many_cells(path: Path, sheet: str, count: int, bounds: Bounds, where: str = ""):
    far_zh = f"（内容一直延伸到 {where}，多半是远处单元格里误填的内容）" if where else ""
    far_en = f" (it has content as far as {where}, usually something typed far away)"
    which_zh = f"工作表“{sheet}”有" if sheet else "各工作表合计有"
    which_en = f"the sheet {sheet!r} has" if sheet else "the sheets together have"
    return _too_large(
        path,
        f"{which_zh} {count:,} 个单元格{far_zh}，超过 {bounds.cells:,} 个单元格的上限",
        f"{which_en} {count:,} cells{far_en if where else ''}, more than the "
        f"{bounds.cells:,}-cell limit",
    )


def too_long_cell(path: Path, what_zh: str, what_en: str, bounds: Bounds):
    return _too_large(
        path,
        f"{what_zh}有一个单元格超过 {bounds.cell_chars:,} 个字符的上限",
        f"{what_en} has a cell longer than the {bounds.cell_chars:,}-character limit",
    )


def too_long_line(path: Path, line: int, bounds: Bounds):
    return _too_large(
        path,
        f"第{line}行超过 {bounds.line_chars:,} 个字符的上限",
        f"line {line} is longer than the {bounds.line_chars:,}-character limit",
    )


def too_many_columns(path: Path, line: int, bounds: Bounds):
    return _too_large(
        path,
        f"第{line}行超过 {bounds.columns:,} 列的上限",
        f"line {line} has more than the {bounds.columns:,}-column limit",
    )


# ---------------------------------------------------------------- zip members


def check_declared(path: Path, zf: zipfile.ZipFile, bounds: Bounds) -> None:
    """No member may declare more than the limit (what python-calamine reads when it
    opens a workbook: workbook, styles, shared strings, relations)."""
    for info in zf.infolist():
        if info.file_size > bounds.unpacked_bytes:
            zh, en = _member_words(info.filename)
            raise too_big_unpacked(path, zh, en, bounds)


def check_members(zf: zipfile.ZipFile, bounds: Bounds) -> tuple[int, int] | None:
    """(members, limit) when the archive holds more parts than ``bounds.members``: a
    file of a million empty parts costs its reader as much as one huge part. None when
    it keeps the limit. The caller words the refusal for what it reads."""
    count = len(zf.infolist())
    return (count, bounds.members) if count > bounds.members else None


def _member_words(name: str) -> tuple[str, str]:
    if "sharedStrings" in name:
        return "共享字符串表", "the shared-strings table"
    if "worksheets/" in name or name == "content.xml":
        return "工作表", "the sheet"
    return f"文件中的 {name} ", f"the part {name} of the file"


def pieces(path: Path, zf: zipfile.ZipFile, name: str, bounds: Bounds):
    """The unpacked member in pieces, refusing it once more than the limit came out
    (whatever its header said)."""
    total = 0
    try:
        with zf.open(name) as f:
            while data := f.read(PIECE):
                total += len(data)
                if total > bounds.unpacked_bytes:
                    zh, en = _member_words(name)
                    raise too_big_unpacked(path, zh, en, bounds)
                yield data
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        damaged = _not_a_spreadsheet(path, f"压缩包已损坏：{exc}", f"a damaged zip archive: {exc}")
        raise damaged from exc


class RunMeter:
    """The longest run of bytes between two ``<`` in a stream of XML pieces, found
    with a few ``find`` calls a piece: a run of ``limit`` bytes or more holds a whole
    aligned block of ``limit // 2`` bytes with no ``<``. A run longer than ``limit``
    bytes is decoded to count its characters (an entity counts as one); a character
    takes at most 10 bytes (``&#x10FFFF;``), so a run of more than ten times the limit
    is too long without looking."""

    def __init__(self, limit_chars: int):
        self.limit = limit_chars
        self.block = max(limit_chars // 2, 1)
        self.open_run = 0  # bytes since the last '<' of the pieces before
        self.tail = b""  # those bytes, while there are few enough to decode

    def feed(self, data: bytes) -> bool:
        """True when a run longer than the limit (in characters) is seen."""
        first = data.find(b"<")
        if first < 0:
            self._carry(data)
            return self.open_run > 10 * self.limit
        if self.open_run and self.open_run + first > self.limit:
            if self.open_run + first > 10 * self.limit:
                return True
            if self._chars(self.tail + data[:first]) > self.limit:
                return True
        block, n = self.block, len(data)
        for start in range(first, n - block + 1, block):
            if data.find(b"<", start, start + block) < 0:
                lo = data.rfind(b"<", 0, start) + 1
                hi = data.find(b"<", start)
                hi = n if hi < 0 else hi
                if hi - lo > self.limit and self._chars(data[lo:hi]) > self.limit:
                    return True
        self.open_run, self.tail = 0, b""
        self._carry(data[data.rfind(b"<") + 1 :])
        return False

    def _carry(self, data: bytes) -> None:
        self.open_run += len(data)
        self.tail = self.tail + data if self.open_run <= 10 * self.limit else b""

    def _chars(self, run: bytes) -> int:
        text = run[run.find(b">") + 1 :].decode("utf-8", "replace")
        return len(html.unescape(text)) if "&" in text else len(text)
