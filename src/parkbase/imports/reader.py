"""Read a spreadsheet or CSV file into a list of rows of cell values.

``read_table(path, sheet=None)`` returns ``(sheet name, rows)``; cells keep their
spreadsheet types (str, float, int, bool, date, datetime). What it does with the
files offices really send (each case is tested in tests/imports/test_ugly_files.py):

- The format is told from the content, not the file name: .xlsx/.xlsm, .xlsb, .xls
  (and WPS .et), .ods, and delimited text (CSV or tab-separated, in UTF-8 with or
  without BOM, GBK/GB18030 or UTF-16) are read whatever they are called, so an .xlsx
  saved as .xls or a CSV saved as .xls still imports.
- Anything else raises ``UnreadableFile`` with a bilingual message and a ``reason``:
  ``missing``, ``empty`` (0 bytes, or no sheet holds any value), ``encrypted`` (an
  OLE2 file with an ``EncryptionInfo`` stream, i.e. a password-protected .xlsx; an
  .xls with a FILEPASS record, which python-calamine reports as PasswordError),
  ``not_a_spreadsheet`` (a PDF, a Word file, a web page or random bytes under a
  spreadsheet name, a damaged file), ``no_sheet`` and ``too_large``.
- Formula cells give their cached value. A cached *error* (#DIV/0!, #REF!, #N/A …)
  becomes ``values.CellError('#DIV/0!')``: python-calamine 0.9 turns error cells into
  '' (indistinguishable from blank), so the reader finds them itself — in .xlsx the
  sheet XML's ``t="e"`` cells, in .xls the FORMULA records whose cached result is an
  error and the BOOLERR error cells, in .ods the cells LibreOffice marks
  ``calcext:value-type="error"``. In .xlsb, errors still read as blank.
- Merged cells: a merge that spans several rows gives its value to every row of the
  merge that holds other data, in the merge's first column (a value merged across
  columns of one row — a title, a note, a group header — stays in its first cell).
  Merge ranges come from python-calamine for .xlsx and .xls and from the ODF
  ``number-rows-spanned`` attributes for .ods. CSV has no merges, and for .xlsb
  python-calamine gives none: there a merged value is only in the first row of the
  merge and the other rows are blank in that column (a required column then
  reports "required" on those rows; nothing is guessed).
- Rows are read lazily (``iter_rows``); blank rows are kept as a shared empty tuple
  (so row numbers stay those Excel shows) and trailing blank rows are dropped, so a
  sheet with a million formatted-but-empty rows costs next to nothing.
  python-calamine itself ignores cells that carry only a format, but a single value
  far away (a space typed in XFD1048576) makes it allocate the whole rectangle up
  to that cell, 32 bytes a cell, and abort the process when that fails. For .xlsx
  the reader therefore checks the sheet's extent first and refuses a sheet of more
  than ``MAX_CELLS`` cells with a message that names the far-away cell.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import sys
import zipfile
from array import array
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from parkbase.imports.values import CellError

EMPTY_ROW: tuple = ()
MAX_CELLS = 10_000_000  # calamine holds a sheet as a dense rectangle of 32-byte cells
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


def read_table(path: str | Path, sheet: str | None = None) -> tuple[str, list]:
    """Return (sheet name, rows). Cells keep their spreadsheet types (str, float, date).

    Without ``sheet``, the first visible worksheet that holds any value is read."""
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "missing", "文件不存在。", "the file does not exist.")
    kind = _sniff(path)
    if kind == "text":
        rows = _read_text(path)
        if not rows:
            raise _unreadable(path, "empty", "文件里没有数据。", "the file holds no data.")
        return path.stem, rows
    return _read_workbook(path, kind, sheet)


# ---------------------------------------------------------------- what is this file?


def _sniff(path: Path) -> str:
    """'xlsx' | 'xlsb' | 'ods' | 'xls' | 'text', or UnreadableFile."""
    size = path.stat().st_size
    if size == 0:
        raise _unreadable(path, "empty", "文件为空（0 字节）。", "the file is empty (0 bytes).")
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
    if _looks_like_text(head):
        if path.suffix.lower() in ZIP_SUFFIXES:  # an .xls may be text (system exports do it)
            raise _not_a_spreadsheet(
                path,
                "这是纯文本文件；如果是 CSV，请把扩展名改为 .csv",
                "it is plain text; if it is CSV, rename it to .csv",
            )
        return "text"
    raise _not_a_spreadsheet(path, "内容无法识别", "the content is no known spreadsheet format")


def _looks_like_text(head: bytes) -> bool:
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


# ---------------------------------------------------------------- delimited text


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the CSV file is neither UTF-8 nor GBK/GB18030 text", "not_a_spreadsheet")


def _read_text(path: Path) -> list:
    try:
        text = _decode(path.read_bytes())
    except UnreadableFile:
        raise _not_a_spreadsheet(
            path, "文本既不是 UTF-8 也不是 GBK 编码", "the text is neither UTF-8 nor GBK"
        ) from None
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return _keep(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _is_blank_row(row) -> bool:
    if not row:
        return True
    first = row[0]
    if first.__class__ is not str or (first and not first.isspace()):
        return False  # most data rows: decided by the first cell
    if row.count("") == len(row):
        return True
    return all(cell.__class__ is str and (not cell or cell.isspace()) for cell in row)


def _keep(rows_iter, pad: int = 0) -> list:
    """Rows as lists, blank ones as the shared EMPTY_ROW, trailing blank rows dropped."""
    rows: list = []
    append = rows.append
    prefix = [""] * pad
    for row in rows_iter:
        first = row[0] if row else ""
        if (first.__class__ is str and (not first or first.isspace())) and _is_blank_row(row):
            append(EMPTY_ROW)
        else:
            append(prefix + row if pad else row)
    _trim(rows)
    return rows


def _trim(rows: list) -> None:
    while rows and (rows[-1] is EMPTY_ROW or _is_blank_row(rows[-1])):
        rows.pop()


# ---------------------------------------------------------------- workbooks


def _read_workbook(path: Path, kind: str, sheet: str | None) -> tuple[str, list]:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

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
            rows = _read_sheet(path, kind, workbook, name, pool)
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


def _read_sheet(path: Path, kind: str, workbook, name: str, pool) -> list:
    from python_calamine import PasswordError

    if kind == "xlsx":
        _xlsx_guard(path, name)
    # the error/merge scan reads the file itself; it runs while calamine parses
    extras = pool.submit(_extras, path, kind, name, workbook.sheet_names.index(name))
    try:
        sheet = workbook.get_sheet_by_name(name)
    except PasswordError:
        raise _encrypted(path) from None
    except Exception as exc:
        raise _not_a_spreadsheet(path, f"工作表无法读取：{exc}", f"damaged sheet: {exc}") from exc
    start = sheet.start
    rows = [] if start is None else _keep(sheet.iter_rows(), pad=start[1])
    errors, merges = extras.result()
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
        pos = offsets[0]
    elif index < len(sheets):
        pos = sheets[index][0]
    else:
        return {}
    errors = {}
    depth = 0
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
