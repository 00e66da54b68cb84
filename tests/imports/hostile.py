"""Files built to hurt: small archives that unpack to huge sheets, one cell of a
gigabyte, zip headers that lie about their size, .ods rows repeated a million times,
text with endless lines. Each writer streams what it writes, so building a file costs
next to no memory; ``measure_check`` reads one in a fresh process and prints its peak
memory (used by tests/imports/test_hostile_files.py and bench/bench_hostile.py)."""

from __future__ import annotations

import json
import resource
import struct
import sys
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_BOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_REL}">'
    '<sheets><sheet name="企业名录" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
HEADER = ("企业名称", "统一社会信用代码")


def _stream(zf: zipfile.ZipFile, name: str, pieces) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as f:
        for piece in pieces:
            f.write(piece if isinstance(piece, bytes) else piece.encode())


def _rows_without_refs(target_bytes: int):
    """Rows and cells that carry no ``r=`` reference: calamine places them by order."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    yield '<row><c t="inlineStr"><is><t>企业名称</t></is></c></row>'
    row = b"<row>" + b"<c><v>1</v></c>" * 20 + b"</row>"
    block = row * 4096
    written = 0
    while written < target_bytes:
        yield block
        written += len(block)
    yield "</sheetData></worksheet>"


def _one_huge_shared_string(chars: int):
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="2" uniqueCount="2">'
    yield "<si><t>企业名称</t></si><si><t>"
    block = b"A" * (1 << 20)
    for _ in range(chars >> 20):
        yield block
    yield b"A" * (chars & ((1 << 20) - 1))
    yield "</t></si></sst>"


def _small_sheet(rows: int = 1):
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    yield '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    for r in range(2, rows + 2):
        yield f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>'
    yield "</sheetData></worksheet>"


def write_bomb_xlsx(path, *, sheet=None, shared=None) -> Path:
    """An .xlsx of the given sheet and shared-strings pieces (iterables of text)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", _TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        _stream(zf, "xl/worksheets/sheet1.xml", sheet if sheet is not None else _small_sheet())
        shared = shared if shared is not None else [f'<sst xmlns="{MAIN}"><si><t>x</t></si></sst>']
        _stream(zf, "xl/sharedStrings.xml", shared)
    return Path(path)


def rows_bomb(path, unpacked_bytes: int) -> Path:
    """The probe's first file: rows without cell references, unpacking to ``unpacked_bytes``."""
    return write_bomb_xlsx(path, sheet=_rows_without_refs(unpacked_bytes))


def huge_cell(path, chars: int) -> Path:
    """The probe's second file: one shared string of ``chars`` characters."""
    return write_bomb_xlsx(path, shared=_one_huge_shared_string(chars))


def lie_about_size(path, part: str, declared: int) -> Path:
    """Rewrite the zip so that ``part`` declares ``declared`` unpacked bytes in both its
    local header and the central directory, whatever it really holds."""
    data = bytearray(Path(path).read_bytes())
    name = part.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                if struct.unpack_from("<I", data, start + size_at)[0] != 0xFFFFFFFF:
                    struct.pack_into("<I", data, start + size_at, declared)
                else:  # zip64: the real size sits in the extra field
                    extra_at = start + name_at + len(name)
                    _patch_zip64(data, extra_at, declared)
            start += 4
    Path(path).write_bytes(bytes(data))
    return Path(path)


def _patch_zip64(data: bytearray, at: int, declared: int) -> None:
    end = at + 256
    while at + 4 <= end:
        tag, size = struct.unpack_from("<HH", data, at)
        if tag == 0x0001:
            struct.pack_into("<Q", data, at + 4, declared)
            return
        at += 4 + size


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_repeat_bomb(path, rows: int = 1_000_000, cols: int = 1000) -> Path:
    """An .ods whose one row with a value is repeated ``rows`` times, its valued cell
    ``cols`` times across: a few hundred bytes that describe rows × cols cells."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        '<table:table table:name="企业名录"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>企业名称</text:p>'
        "</table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        mime = "application/vnd.oasis.opendocument.spreadsheet"
        zf.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return Path(path)


def ods_content_bomb(path, unpacked_bytes: int) -> Path:
    """An .ods whose content.xml unpacks to ``unpacked_bytes`` of plain rows."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def pieces():
        yield (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
            'office:version="1.2"><office:body><office:spreadsheet>'
            '<table:table table:name="企业名录">'
        )
        row = (
            b"<table:table-row>"
            + b'<table:table-cell office:value-type="float" office:value="1"/>' * 10
            + b"</table:table-row>"
        )
        block, written = row * 2048, 0
        while written < unpacked_bytes:
            yield block
            written += len(block)
        yield "</table:table></office:spreadsheet></office:body></office:document-content>"

    with zipfile.ZipFile(path, "w") as zf:
        mime = "application/vnd.oasis.opendocument.spreadsheet"
        zf.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        _stream(zf, "content.xml", pieces())
    return Path(path)


def long_line_csv(path, chars: int) -> Path:
    """A CSV whose second line is one field of ``chars`` characters."""
    with open(path, "wb") as f:
        f.write("企业名称,统一社会信用代码\r\n".encode())
        block = b"A" * (1 << 20)
        for _ in range(chars >> 20):
            f.write(block)
        f.write(b"A" * (chars & ((1 << 20) - 1)) + b",x\r\n")
    return Path(path)


def many_rows_csv(path, rows: int, cols: int = 10) -> Path:
    with open(path, "wb") as f:
        f.write(",".join(["企业名称"] + [f"c{i}" for i in range(cols - 1)]).encode() + b"\r\n")
        line = b",".join([b"1"] * cols) + b"\r\n"
        block = line * 10_000
        for _ in range(rows // 10_000):
            f.write(block)
    return Path(path)


def measure_check(path) -> None:
    """Print, as JSON, the peak RSS (MiB) of reading ``path`` in this fresh process
    and its growth, with the refusal's reason and message or the rows read."""
    from parkbase.imports.reader import UnreadableFile, read_table

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result: dict = {}
    try:
        _name, rows = read_table(path)
        result["row_count"] = len(rows)
    except UnreadableFile as exc:
        result["unreadable"] = exc.reason
        result["message"] = str(exc)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["rss_growth_mib"] = (peak - before) / 1024  # ru_maxrss is in KiB on Linux
    result["peak_rss_mib"] = peak / 1024
    json.dump(result, sys.stdout, ensure_ascii=False)
