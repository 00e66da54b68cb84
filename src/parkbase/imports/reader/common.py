"""What the readers share: the limits, the file signatures, ``UnreadableFile`` with
its bilingual messages, and a zip part read in pieces (.xlsx, .ods)."""

from __future__ import annotations

import zipfile
from pathlib import Path

EMPTY_ROW: tuple = ()
MAX_CELLS = 10_000_000  # the default cell limit (bounds.Bounds.cells, from the settings)
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".ods"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 4 << 20


class UnreadableFile(ValueError):
    """The input is not a table we can read (not a spreadsheet, encrypted, empty)."""

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


def _unreadable(path: Path, reason: str, zh: str, en: str) -> UnreadableFile:
    return UnreadableFile(f"{path.name}：{zh} / {path.name}: {en}", reason)


def _not_a_spreadsheet(path: Path, zh: str, en: str) -> UnreadableFile:
    return _unreadable(
        path,
        "not_a_spreadsheet",
        f"不是电子表格文件（{zh}）。请上传 .xlsx、.xls、.ods 或 .csv 文件。",
        f"not a spreadsheet ({en}). Upload an .xlsx, .xls, .ods or .csv file.",
    )


def _encrypted(path: Path) -> UnreadableFile:
    return _unreadable(
        path,
        "encrypted",
        "文件设置了打开密码（已加密），无法读取。请在 Excel 中取消密码、保存后再导入。",
        "the workbook is password-protected (encrypted) and cannot be read. "
        "Remove the password in Excel, save, and import it again.",
    )


def _chunks(zf: zipfile.ZipFile, part: str, overlap: int = 65536):
    """The decompressed part in pieces of a few megabytes, each repeating the last
    ``overlap`` bytes of the one before, so an element cut in two by one piece is
    whole in the next. Callers key what they find by cell, so a repeat is harmless."""
    tail = b""
    with zf.open(part) as f:
        while True:
            data = f.read(_CHUNK)
            if not data:
                return
            yield tail + data
            tail = data[-overlap:]
