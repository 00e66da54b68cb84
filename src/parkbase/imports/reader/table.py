"""The front door: ``read_table`` tells the format from the content, not the file
name, and hands the file to the reader of that format."""

from __future__ import annotations

import zipfile
from pathlib import Path

from parkbase.imports.reader.bounds import Bounds, current, too_big_file
from parkbase.imports.reader.common import (
    ODS_MIME,
    OLE_MAGIC,
    ZIP_SUFFIXES,
    _encrypted,
    _not_a_spreadsheet,
    _unreadable,
)
from parkbase.imports.reader.text import _read_text
from parkbase.imports.reader.workbook import _read_workbook
from parkbase.imports.reader.xls import _Cfb


def read_table(path: str | Path, sheet: str | None = None) -> tuple[str, list]:
    """Return (sheet name, rows). Cells keep their spreadsheet types (str, float, date).

    Without ``sheet``, the first visible worksheet that holds any value is read."""
    path = Path(path)
    bounds = current()
    if not path.is_file():
        raise _unreadable(path, "missing", "文件不存在。", "the file does not exist.")
    kind = _sniff(path, bounds)
    if kind == "text":
        rows = _read_text(path, bounds)
        if not rows:
            raise _unreadable(path, "empty", "文件里没有数据。", "the file holds no data.")
        return path.stem, rows
    return _read_workbook(path, kind, sheet, bounds)


# ---------------------------------------------------------------- what is this file?


def _sniff(path: Path, bounds: Bounds) -> str:
    """'xlsx' | 'xlsb' | 'ods' | 'xls' | 'text', or UnreadableFile."""
    size = path.stat().st_size
    if size == 0:
        raise _unreadable(path, "empty", "文件为空（0 字节）。", "the file is empty (0 bytes).")
    if size > bounds.unpacked_bytes:  # nothing is read of a file larger than the limit
        raise too_big_file(path, bounds)
    with path.open("rb") as f:
        head = f.read(65536)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path)
    if head.startswith(b"%PDF"):
        raise _not_a_spreadsheet(path, "这是 PDF 文档", "it is a PDF document")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise _not_a_spreadsheet(
            path,
            "这是 Excel 2003 XML 表格，请在 Excel 中另存为 .xlsx",
            "it is an Excel 2003 XML spreadsheet; save it as .xlsx in Excel",
        )
    if stripped.startswith((b"<!doctype html", b"<html")) or (
        stripped.startswith(b"<") and b"<table" in stripped
    ):
        raise _not_a_spreadsheet(
            path,
            "这是网页（HTML）文件，请用 Excel 打开后另存为 .xlsx",
            "it is a web page (HTML); open it in Excel and save it as .xlsx",
        )
    if looks_like_text(head):
        if path.suffix.lower() in ZIP_SUFFIXES:  # an .xls may be text (system exports do it)
            raise _not_a_spreadsheet(
                path,
                "这是纯文本文件；如果是 CSV，请把扩展名改为 .csv",
                "it is plain text; if it is CSV, rename it to .csv",
            )
        return "text"
    raise _not_a_spreadsheet(path, "内容无法识别", "the content is no known spreadsheet format")


def looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(head.count(bytes([b])) for b in (*range(1, 9), *range(14, 32)))
    if controls > len(head) // 100:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if len(head) == 65536 and exc.start >= len(head) - 4:
                return True  # only the last character was cut in two by the 64 KiB read
    return False


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.read("mimetype").strip() == ODS_MIME:
                return "ods"
    except (zipfile.BadZipFile, OSError, EOFError):
        raise _not_a_spreadsheet(path, "压缩包已损坏", "a damaged zip archive") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "word/document.xml" in names:
        raise _not_a_spreadsheet(path, "这是 Word 文档", "it is a Word document")
    if "ppt/presentation.xml" in names:
        raise _not_a_spreadsheet(path, "这是 PowerPoint 演示文稿", "it is a PowerPoint file")
    raise _not_a_spreadsheet(path, "这是压缩包", "it is a zip archive")


def _sniff_ole(path: Path) -> str:
    try:
        cfb = _Cfb(path.read_bytes())
    except ValueError:
        raise _not_a_spreadsheet(path, "OLE 文件已损坏", "a damaged OLE2 file") from None
    names = cfb.names
    if "encryptioninfo" in names or "encryptedpackage" in names:
        raise _encrypted(path)
    if "workbook" in names or "book" in names:
        return "xls"
    if "worddocument" in names:
        raise _not_a_spreadsheet(path, "这是 Word 文档", "it is a Word document")
    if "powerpoint document" in names:
        raise _not_a_spreadsheet(path, "这是 PowerPoint 演示文稿", "it is a PowerPoint file")
    raise _not_a_spreadsheet(path, "OLE 文件中没有工作簿", "an OLE2 file without a workbook")
