#!/usr/bin/env python3
"""Time the XLSX export of 100,000 yearly rows (year 2019 of the benchmark park): the
query and row building, the workbook writing, and the whole request as the yearly-data
list page's export button makes it.

    PARKBASE_DATA_DIR=/tmp/bench-export python bench/bench_export.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench_export python bench/bench_export.py
    PARKBASE_DATA_DIR=/tmp/bench-export python bench/bench_export.py --writers

Needs the benchmark park of bench/seed_scale.py (run it first); nothing is written to
the database. Phases, each run ``--runs`` times (default 3; median and fastest shown):

* driver rows: ``core.exports.database_rows`` of the 32 template columns, read to the
  end (the query and the driver's values only);
* rows built: ``enterprises.exports.year_rows`` read into a list (the same query plus
  the per-column converters: choice text, 万元);
* write: ``core.exports.write_xlsx`` of those rows (plain values, formula check,
  rustpy-xlsxwriter);
* view: ``GET /enterprises/years/?year=2019&export=xlsx`` through django.test.Client
  as ``bench_staff`` (force_login): routing, middleware, scope, filterset, rows,
  workbook, response. This is the goal's figure.

The view's file is read back with python-calamine (rows, header, one row's values).

``--writers`` also writes the same rows with the other candidates, once each, and
reads every file back with python-calamine (all values) and openpyxl (read-only, the
first rows); a small workbook with a formula-like name, a date, a boolean and numbers,
written by the same writer, is checked with openpyxl for the contract: bold and frozen
header, quote prefix on the formula-like text (and never a formula), dates as dates,
是/否, numbers. Candidates: XlsxWriter as before this change (in_memory, a call per
cell), XlsxWriter tuned (constant_memory through a temporary file, write_number /
write_string only), PyExcelerate (if installed: ``pip install pyexcelerate``), the
sheet XML written by hand (a minimal package; zlib levels 1 and 6), and
rustpy-xlsxwriter (``write_xlsx``, the one parkbase uses).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

EXPORT_GOAL = 10.0
YEAR = 2019
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SAMPLE_HEADERS = ["企业名称", "成立日期", "规上企业", "注册资本(万元)", "专利数(件)"]
SAMPLE_ROWS = [
    ['=HYPERLINK("http://evil.example","点我")', dt.date(1986, 3, 12), True, 150, 3],
    ["沈阳沈东自动化研究所", dt.date(2019, 12, 31), False, 1.234567, None],
]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(runs: int, work):
    """(median seconds, fastest seconds, the last result) of ``runs`` calls."""
    seconds, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = work()
        seconds.append(time.perf_counter() - t)
    return statistics.median(seconds), min(seconds), result


# ---------------------------------------------------------------- candidate writers


def xlsxwriter_before(headers, rows) -> bytes:
    """write_xlsx as it was before rustpy-xlsxwriter (XlsxWriter, a call per cell)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": True,  # ignored by XlsxWriter together with in_memory
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = book.add_worksheet("Sheet1")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    quoted = book.add_format({"quote_prefix": True})
    for c, header in enumerate(headers):
        sheet.write_string(0, c, header, bold)
        sheet.set_column(c, c, max(10, min(40, len(header) * 2 + 2)))
    sheet.freeze_panes(1, 0)
    write_number, write_string = sheet.write_number, sheet.write_string

    def write_other(r, c, value):
        if isinstance(value, bool):
            write_string(r, c, "是" if value else "否")
        elif isinstance(value, int | float | Decimal):
            write_number(r, c, float(value))
        elif hasattr(value, "isoformat"):
            sheet.write_datetime(r, c, value, date_format)
        elif str(value).startswith(FORMULA_STARTS):
            write_string(r, c, str(value), quoted)
        else:
            write_string(r, c, str(value))

    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cls = value.__class__
            if cls is type(None):
                continue
            if cls is str:
                if not value:
                    continue
                if value.startswith(FORMULA_STARTS):
                    write_string(r, c, value, quoted)
                else:
                    write_string(r, c, value)
            elif cls is Decimal or cls is int or cls is float:
                write_number(r, c, float(value))
            elif value != "":
                write_other(r, c, value)
    book.close()
    return buffer.getvalue()


def xlsxwriter_tuned(headers, rows) -> bytes:
    """XlsxWriter at its fastest: constant_memory (needs a file), typed calls only."""
    import xlsxwriter

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        book = xlsxwriter.Workbook(
            file.name, {"constant_memory": True, "strings_to_formulas": False}
        )
        sheet = book.add_worksheet("Sheet1")
        bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        quoted = book.add_format({"quote_prefix": True})
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 0)
        write_number, write_string = sheet.write_number, sheet.write_string
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                cls = value.__class__
                if cls is float or cls is int:
                    write_number(r, c, value)
                elif cls is str:
                    if value.startswith(FORMULA_STARTS):
                        write_string(r, c, value, quoted)
                    elif value:
                        write_string(r, c, value)
                elif cls is bool:
                    write_string(r, c, "是" if value else "否")
                elif value is not None:
                    sheet.write_datetime(r, c, value, date_format)
        book.close()
        return Path(file.name).read_bytes()


def pyexcelerate_writer(headers, rows) -> bytes:
    from pyexcelerate import Font, Format, Panes, Style, Workbook
    from pyexcelerate.DataTypes import DataTypes

    quoted = Style(quote_prefix=True, data_type=DataTypes.INLINE_STRING)
    date_style = Style(format=Format("yyyy-mm-dd"))
    cells = [list(headers)]
    styled = []
    for r, row in enumerate(rows, start=2):
        out = list(row)
        for c, value in enumerate(out, start=1):
            cls = value.__class__
            if cls is str and value.startswith(FORMULA_STARTS):
                styled.append((r, c, quoted))  # else PyExcelerate writes "=…" as a formula
            elif cls is bool:
                out[c - 1] = "是" if value else "否"
            elif cls is dt.date:
                styled.append((r, c, date_style))
        cells.append(out)
    book = Workbook()
    sheet = book.new_sheet("Sheet1", data=cells)
    sheet.set_row_style(1, Style(font=Font(bold=True)))
    sheet.panes = Panes(0, 1)
    for r, c, style in styled:
        sheet.set_cell_style(r, c, style)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_PACKAGE = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
        '+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/'
        'styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
        '.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http:'
        '//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://'
        'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http:'
        '//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # cell formats: 0 plain, 1 bold header, 2 date, 3 quote prefix
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://'
        'schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt '
        'numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val='
        '"11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
        '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
        '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
        '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
        'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" '
        'fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" '
        'fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0"'
        ' fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
        "</styleSheet>"
    ),
}
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
    'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView '
    'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
    'state="frozen"/></sheetView></sheetViews><sheetData>'
)
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


def _column_letters(count: int) -> list[str]:
    letters = []
    for i in range(count):
        name, n = "", i + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def sheet_xml_writer(level: int):
    """The sheet XML written by hand into a minimal package (a sketch of the last
    resort: no control-character escaping, no column widths)."""

    def write(headers, rows) -> bytes:
        letters = _column_letters(len(headers))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as book:
            for name, text in _PACKAGE.items():
                book.writestr(name, text)
            with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
                head = "".join(
                    _text_cell(f"{c}1", h, 1) for c, h in zip(letters, headers, strict=True)
                )
                sheet.write(f'{_SHEET_START}<row r="1">{head}</row>'.encode())
                chunk = []
                for r, row in enumerate(rows, start=2):
                    cells = [f'<row r="{r}">']
                    for letter, value in zip(letters, row, strict=True):
                        cls = value.__class__
                        if value is None or value == "":
                            continue
                        if cls is str:
                            quoted = 3 if value.startswith(FORMULA_STARTS) else 0
                            cells.append(_text_cell(f"{letter}{r}", value, quoted))
                        elif cls is bool:
                            cells.append(_text_cell(f"{letter}{r}", "是" if value else "否"))
                        elif cls is dt.date:
                            serial = value.toordinal() - _EXCEL_EPOCH
                            cells.append(f'<c r="{letter}{r}" s="2"><v>{serial}</v></c>')
                        else:
                            cells.append(f'<c r="{letter}{r}"><v>{value!r}</v></c>')
                    cells.append("</row>")
                    chunk.append("".join(cells))
                    if len(chunk) == 1000:
                        sheet.write("".join(chunk).encode())
                        chunk.clear()
                sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        return buffer.getvalue()

    return write


def candidate_writers():
    from parkbase.core.exports import write_xlsx

    writers = {
        "XlsxWriter, as before": xlsxwriter_before,
        "XlsxWriter, tuned": xlsxwriter_tuned,
    }
    try:
        import pyexcelerate  # noqa: F401
    except ImportError:
        print("(PyExcelerate not installed: pip install pyexcelerate to compare it)")
    else:
        writers["PyExcelerate"] = pyexcelerate_writer
    writers["sheet XML by hand, zlib 6"] = sheet_xml_writer(6)
    writers["sheet XML by hand, zlib 1"] = sheet_xml_writer(1)
    writers["rustpy-xlsxwriter (write_xlsx)"] = write_xlsx
    return writers


# ---------------------------------------------------------------- checks


def calamine_rows(data: bytes) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def _same(expected, got) -> bool:
    if expected is None or expected == "":
        return got == ""
    if expected.__class__ in (int, float, Decimal):
        return isinstance(got, float | int) and abs(float(expected) - got) <= 1e-9 * max(
            1.0, abs(got)
        )
    return expected == got


def values_problems(headers, rows, read) -> list[str]:
    """Where the rows read back differ from the rows written (first five)."""
    problems = []
    if read[0] != list(headers):
        problems.append(f"header {read[0][:3]}…")
    if len(read) != len(rows) + 1:
        problems.append(f"{len(read) - 1} rows read, {len(rows)} written")
    for r, (row, back) in enumerate(zip(rows, read[1:], strict=False), start=2):
        for c, (expected, got) in enumerate(zip(row, back, strict=False)):
            if not _same(expected, got):
                problems.append(f"row {r} column {c + 1}: wrote {expected!r}, read {got!r}")
                if len(problems) >= 5:
                    return problems
    return problems


def openpyxl_opens(data: bytes, rows: int = 1000) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(max_row=rows + 1, values_only=True))
    book.close()
    return "" if count == rows + 1 else f"openpyxl read {count} rows"


def contract_problems(write) -> list[str]:
    """The export's promises, checked with openpyxl on a small workbook."""
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(write(SAMPLE_HEADERS, SAMPLE_ROWS))).worksheets[0]
    formula, date, flag, money, count = sheet[2]
    checks = {
        "header bold": all(cell.font.b for cell in sheet[1]),
        "header frozen": sheet.freeze_panes == "A2",
        "formula-like text: a string, quote prefix": formula.data_type == "s"
        and formula.quotePrefix
        and formula.value == SAMPLE_ROWS[0][0],
        "dates as dates": date.is_date and date.value.date() == SAMPLE_ROWS[0][1],
        "booleans as 是/否": flag.value == "是" and sheet["C3"].value == "否",
        "numbers as numbers": money.data_type == "n"
        and money.value == 150
        and sheet["D3"].value == 1.234567
        and count.value == 3,
        "empty stays empty": sheet["E3"].value is None,
        "ordinary text has no formula": sheet["A3"].data_type == "s",
    }
    return [name for name, ok in checks.items() if not ok]


# ---------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--writers", action="store_true", help="compare the candidate writers")
    parser.add_argument("--profile", action="store_true", help="cProfile of one view request")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    import seed_scale
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from parkbase.core.exports import database_rows, write_xlsx
    from parkbase.core.models import Park, User
    from parkbase.enterprises import exports
    from parkbase.enterprises.importers import YEAR_COLUMNS
    from parkbase.enterprises.models import EnterpriseYear

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}")
    park = (
        Park.objects.unscoped("benchmark and tool scripts: system work")
        .filter(code=seed_scale.PARK_CODE)
        .first()
    )
    user = User.objects.filter(username=seed_scale.STAFF_USER).first()
    if park is None or user is None:
        sys.exit(f"no park {seed_scale.PARK_CODE}: run bench/seed_scale.py first")
    queryset = EnterpriseYear.objects.unscoped("benchmark and tool scripts: system work").filter(
        enterprise__park=park, year=YEAR
    )
    fields = [exports.YEAR_SOURCES.get(c.field, c.field) for c in YEAR_COLUMNS]

    driver_s, driver_min, count = timed(
        args.runs, lambda: sum(1 for _ in database_rows(queryset, fields))
    )
    rows_s, rows_min, (headers, rows) = timed(
        args.runs, lambda: (lambda h, r: (h, list(r)))(*exports.year_rows(queryset))
    )
    write_s, write_min, data = timed(args.runs, lambda: write_xlsx(headers, rows))
    Path("/tmp/bench_export.xlsx").write_bytes(data)

    client = Client()
    client.force_login(user)
    url = reverse("enterprise-year-list")
    params = {"year": YEAR, "export": "xlsx"}
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, url, params)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    view_s, view_min, response = timed(args.runs, lambda: client.get(url, params))
    assert response.status_code == 200, response.status_code
    read = calamine_rows(response.content)
    view_check = "" if read[0] == headers and len(read) == count + 1 else "MISMATCH"
    view_check = view_check or (
        "" if values_problems(headers, rows[:1], read[:2]) == [] else "VALUES"
    )

    cells = count * len(headers)
    print(
        f"vendor: {vendor}; rows: {count:,}; columns: {len(headers)}; year {YEAR}; runs {args.runs}"
    )
    print(f"| {'phase':<40} | {'median':>9} | {'fastest':>9} | {'goal':>7} |        |")
    print(f"|{'-' * 42}|{'-' * 11}|{'-' * 11}|{'-' * 9}|{'-' * 8}|")

    def line(name, median, fastest, goal=None):
        verdict = "" if goal is None else ("ok" if median <= goal else "MISSED")
        goal_text = "" if goal is None else f"<= {goal:.0f} s"
        print(
            f"| {name:<40} | {median:>7.2f} s | {fastest:>7.2f} s | {goal_text:>7} | {verdict:<6} |"
        )

    line("  driver rows (query only)", driver_s, driver_min)
    line("  rows built (query + converters)", rows_s, rows_min)
    line("  write (write_xlsx)", write_s, write_min)
    line("  rows built + write", rows_s + write_s, rows_min + write_min)
    line("view: GET …/years/?year=2019&export=xlsx", view_s, view_min, EXPORT_GOAL)
    print(
        f"file {len(response.content) / 1e6:.1f} MB, {cells / view_s / 1e6:.2f} M cells/s, "
        f"read back with calamine: {view_check or 'ok'}; peak RSS {rss_mb():,.0f} MB"
    )

    if args.writers:
        compare_writers(headers, rows)


def compare_writers(headers, rows):
    print()
    print(f"writers, the same {len(rows):,} rows x {len(headers)} columns, one run each")
    print(f"| {'writer':<32} | {'write':>8} | {'file':>7} | {'read back':<40} | contract |")
    print(f"|{'-' * 34}|{'-' * 10}|{'-' * 9}|{'-' * 42}|{'-' * 10}|")
    for name, write in candidate_writers().items():
        t = time.perf_counter()
        data = write(headers, rows)
        seconds = time.perf_counter() - t
        problems = values_problems(headers, rows, calamine_rows(data))
        opened = openpyxl_opens(data)
        read_back = "; ".join([*problems, opened][:2]) or "calamine all, openpyxl 1,000: ok"
        contract = contract_problems(write)
        print(
            f"| {name:<32} | {seconds:>6.2f} s | {len(data) / 1e6:>4.1f} MB | "
            f"{read_back[:40]:<40} | {'ok' if not contract else 'MISSED'} |"
        )
        if contract:
            print(f"    contract missed: {', '.join(contract)}")


if __name__ == "__main__":
    main()
