"""XLSX export: rows in, a workbook out. Text that a spreadsheet would run as a
formula is neutralised: it is written as a string cell with Excel's quote prefix
(the cell shows '=HYPERLINK(…) as typed text, and editing it never turns it into a
formula), while its value stays exactly the text, so the export re-imports unchanged."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence], sheet: str = "Sheet1") -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    quoted = workbook.add_format({"quote_prefix": True})
    for col, header in enumerate(headers):
        worksheet.write_string(0, col, header, bold)
        worksheet.set_column(col, col, max(10, min(40, len(header) * 2 + 2)))
    worksheet.freeze_panes(1, 0)
    write_number = worksheet.write_number
    write_string = worksheet.write_string

    def write_other(r, c, value):
        if isinstance(value, bool):
            write_string(r, c, "是" if value else "否")
        elif isinstance(value, int | float | Decimal):
            write_number(r, c, float(value))
        elif hasattr(value, "isoformat"):
            worksheet.write_datetime(r, c, value, date_format)
        elif looks_like_formula(str(value)):
            write_string(r, c, str(value), quoted)
        else:
            write_string(r, c, str(value))

    # the common cell types by exact class, the rest as before (bool before int)
    str_, int_, float_, decimal_, none_ = str, int, float, Decimal, type(None)
    starts = FORMULA_STARTS
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            cls = value.__class__
            if cls is none_:
                continue
            if cls is str_:
                if not value:
                    continue
                if value.startswith(starts):
                    write_string(r, c, value, quoted)
                else:
                    write_string(r, c, value)
            elif cls is decimal_ or cls is int_ or cls is float_:
                write_number(r, c, float(value))
            else:
                if value == "":
                    continue
                write_other(r, c, value)
    workbook.close()
    return buffer.getvalue()


def xlsx_response(basename: str, headers, rows, sheet: str = "Sheet1") -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(write_xlsx(headers, rows, sheet), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.xlsx"'
    return response
