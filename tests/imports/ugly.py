"""Writers of real spreadsheet files for the reader tests: .xlsx (xlsxwriter), .xls
(xlwt, with cached formula errors patched into its BIFF records), .ods (the ODF zip
written by hand, as LibreOffice lays it out) and CSV/TSV in several encodings.

A row is a list of cell values; ``Formula(text, cached)`` is a formula cell with its
cached result, ``Error('#REF!')`` an error constant. ``merges`` are
(first_row, first_col, last_row, last_col), 0-based, as xlsxwriter takes them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import resource
import struct
import sys
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

BIFF_ERROR_CODES = {"#NULL!": 0, "#DIV/0!": 7, "#VALUE!": 15, "#REF!": 23, "#NAME?": 29}
BIFF_ERROR_CODES |= {"#NUM!": 36, "#N/A": 42}


@dataclass(frozen=True)
class Formula:
    text: str  # without the leading '='
    cached: object


@dataclass(frozen=True)
class Error:
    text: str


# ---------------------------------------------------------------- .xlsx


def write_xlsx(path, rows, *, merges=(), sheet="企业名录", before=()):
    """``before``: names of empty sheets to put in front of the data sheet."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    for name in before:
        workbook.add_worksheet(name)
    ws = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    merged = {(m[0], m[1]): m for m in merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in covered:
                continue
            if (r, c) in merged:
                ws.merge_range(*merged[(r, c)], value)
            elif isinstance(value, Formula):
                ws.write_formula(r, c, "=" + value.text, None, value.cached)
            elif isinstance(value, Error):
                ws.write_formula(r, c, "=" + value.text, None, value.text)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write(r, c, value)
    workbook.close()
    return path


# ---------------------------------------------------------------- .xls


def write_xls(path, rows, *, merges=(), sheet="企业名录", encrypt=False):
    """xlwt writes formulas without a cached result; the cached values asked for are
    patched into the FORMULA records afterwards (MS-XLS 2.5.133 FormulaValue)."""
    import xlwt
    from xlwt.CompoundDoc import XlsDoc

    workbook = xlwt.Workbook(encoding="utf-8")
    ws = workbook.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    merged = {(m[0], m[1]): m for m in merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    cached = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in covered:
                continue
            if (r, c) in merged:
                r0, c0, r1, c1 = merged[(r, c)]
                ws.write_merge(r0, r1, c0, c1, value)
            elif isinstance(value, Formula):
                ws.write(r, c, xlwt.Formula(value.text))
                cached[(r, c)] = value.cached
            elif isinstance(value, Error):
                ws.row(r).set_cell_error(c, BIFF_ERROR_CODES[value.text])
            elif isinstance(value, dt.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    data = bytearray(workbook.get_biff_data())
    _patch_formula_results(data, cached)
    if encrypt:  # a FILEPASS record (RC4 CryptoAPI header) right after the first BOF
        _rid, length = struct.unpack_from("<HH", data, 0)
        filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 2, 2) + bytes(48)
        data[4 + length : 4 + length] = filepass
    XlsDoc().save(str(path), bytes(data))
    return path


def _patch_formula_results(data: bytearray, cached: dict) -> None:
    pos = 0
    while pos + 4 <= len(data) and cached:
        rid, length = struct.unpack_from("<HH", data, pos)
        if rid == 0x0006:
            row, col = struct.unpack_from("<HH", data, pos + 4)
            if (row, col) in cached:
                value = cached.pop((row, col))
                if isinstance(value, str):  # an error
                    result = bytes([2, 0, BIFF_ERROR_CODES[value], 0, 0, 0, 0xFF, 0xFF])
                else:
                    result = struct.pack("<d", float(value))
                data[pos + 10 : pos + 18] = result
        pos += 4 + length


# ---------------------------------------------------------------- .ods

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def _ods_cell(value, span=None) -> str:
    attrs = ""
    if span:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if value is None:
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, Error):  # as LibreOffice saves a formula whose result is an error
        return (
            f'<table:table-cell{attrs} table:formula="of:={escape(value.text)}" '
            'office:value-type="float" office:value="0" calcext:value-type="error">'
            f"<text:p>{escape(value.text)}</text:p></table:table-cell>"
        )
    if isinstance(value, Formula):
        inner = _ods_cell(value.cached)
        return inner.replace(
            "<table:table-cell", f'<table:table-cell table:formula="of:={escape(value.text)}"', 1
        )
    if isinstance(value, bool):
        kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, int | float):
        kind = f'office:value-type="float" office:value="{value}"'
    elif isinstance(value, dt.date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    else:
        kind = 'office:value-type="string"'
    return (
        f"<table:table-cell{attrs} {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def write_ods(path, rows, *, merges=(), sheet="企业名录"):
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {
        (r, c)
        for r0, c0, r1, c1 in merges
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    body = []
    for r, row in enumerate(rows):
        cells = [
            "<table:covered-table-cell/>" if (r, c) in covered else _ods_cell(v, spans.get((r, c)))
            for c, v in enumerate(row)
        ]
        body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    # a million formatted, empty rows, as LibreOffice writes the rest of a sheet
    body.append(
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f"<table:table table:name={quoteattr(sheet)}>{''.join(body)}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        mime = "application/vnd.oasis.opendocument.spreadsheet"
        zf.writestr("mimetype", mime, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


# ---------------------------------------------------------------- text


def write_csv(path, rows, *, encoding="utf-8", bom=False, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row]
        )
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- measuring


def million_formatted_rows(path, data_rows, *, stray=None):
    """An .xlsx whose data rows are followed by rows 1,000,000 long that carry only a
    fill format (as when a whole block was coloured); ``stray`` = (row, col, text)
    adds one value far away. Run it in a subprocess: xlsxwriter keeps row formats in
    memory while writing."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet("企业名录")
    yellow = workbook.add_format({"bg_color": "#FFFF00", "border": 1})
    for r, row in enumerate(data_rows):
        ws.write_row(r, 0, row)
    for r in range(len(data_rows), 1_000_000):
        ws.set_row(r, None, yellow)
    for c in range(6):
        ws.write_blank(999_999, c, None, yellow)
    if stray:
        ws.write_string(*stray)
    workbook.close()


def measure_read(path) -> None:
    """Print, as JSON, the peak RSS growth (MiB) of reading and parsing ``path`` as an
    enterprise sheet in this (fresh) process, with what was read."""
    from parkbase.enterprises.importers import ENTERPRISE_COLUMNS
    from parkbase.imports.engine import parse_table
    from parkbase.imports.reader import UnreadableFile, read_table

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result: dict = {}
    try:
        _name, rows = read_table(path)
        table = parse_table(rows, ENTERPRISE_COLUMNS)
        result["names"] = [r.values["name"] for r in table.rows]
        result["row_count"] = len(rows)
    except UnreadableFile as exc:
        result["unreadable"] = exc.reason
        result["message"] = str(exc)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    result["rss_growth_mib"] = grown / 1024  # ru_maxrss is in KiB on Linux
    json.dump(result, sys.stdout, ensure_ascii=False)
