"""Workbooks the import pages hand out: the documented template of each kind, and the
user's own rows back with an error column, so they can fix the file and upload again."""

from __future__ import annotations

import io
from collections import defaultdict

import xlsxwriter
from django.utils import translation

from parkbase.core.exports import looks_like_formula
from parkbase.core.messages import label
from parkbase.core.units import unit_label
from parkbase.imports.reader import read_table
from parkbase.imports.registry import Importer

KIND_TEXT = {
    "text": ("文本", "text"),
    "choice": ("选项", "one of the listed values"),
    "date": ("日期", "date (2015-03-08, 2015年3月, Excel date)"),
    "bool": ("是/否", "yes/no (是/否)"),
    "decimal": ("数值", "number"),
    "int": ("整数", "whole number"),
    "year": ("年份", "year"),
}


def template_columns(importer: Importer) -> list:
    """The columns a user fills in: what the system computes is left out."""
    return [c for c in importer.columns if not c.derived]


def template_workbook(importer: Importer) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    data = book.add_worksheet(str(importer.kind))
    for c, column in enumerate(template_columns(importer)):
        data.write_string(0, c, column.template_header, bold)
        data.set_column(c, c, max(12, len(column.template_header) * 2 + 2))
    data.freeze_panes(1, 0)
    notes = book.add_worksheet("说明 Notes")
    heads = [
        "列 Column",
        "字段 Field",
        "English",
        "单位 Unit",
        "类型 Type",
        "必填 Required",
        "也接受的列名 Also accepted",
        "取值 Values",
    ]
    for c, text in enumerate(heads):
        notes.write_string(0, c, text, bold)
    notes.set_column(0, 0, 22)
    notes.set_column(1, 2, 24)
    notes.set_column(3, 5, 12)
    notes.set_column(6, 7, 40)
    for r, column in enumerate(template_columns(importer), start=1):
        with translation.override("zh-hans"):
            zh = label(importer.model, column.field)
        with translation.override("en"):
            en = label(importer.model, column.field)
        kind_zh, kind_en = KIND_TEXT.get(column.kind, (column.kind, column.kind))
        values = "、".join(column.choices) if column.choices else ""
        if column.year_alone:
            values = "只填年份时为该年1月1日 / a year alone means 1 January of that year"
        notes.write_row(
            r,
            0,
            [
                column.template_header,
                zh,
                en,
                column.default_unit
                and f"{column.default_unit} ({unit_label(column.default_unit)})",
                f"{kind_zh} / {kind_en}",
                "是 yes" if column.required else "",
                "、".join(column.headers[1:]),
                values,
            ],
            wrap,
        )
    row = len(template_columns(importer)) + 2
    general = [
        "表头可在前几行标题之下；列的顺序不限；单位可写在表头括号中（元/万元/亿元，平方米/亩/公顷…），系统自动换算。",
        "合计、小计、总计行和注释行会被跳过并列出；Excel 错误值（#DIV/0! 等）会被报告为错误，不会当作 0。",
        "The header may sit under title rows; columns may come in any order; units in the "
        "header (元/万元/亿元, 平方米/亩/公顷 …) are converted. Totals and note rows are "
        "skipped and listed; Excel error values are reported, never read as zero.",
        "表头可以分两行：上行为分组标题（如“经济指标（万元）”，其单位适用于下方没有写单位的列），"
        "下行为列名。本导入不使用的列会在检查结果中逐一列出，不会悄悄丢弃。",
        "The header may have two lines: group titles above (a unit in a group title, as in "
        "经济指标（万元）, applies to the columns under it that give none), column names "
        "below. Columns this import does not take are listed in the check's result.",
    ]
    if importer.notes:
        general.append(str(importer.notes))
    for i, text in enumerate(general):
        notes.merge_range(row + i, 0, row + i, 7, text, wrap)
        notes.set_row(row + i, 32)
    book.close()
    return buffer.getvalue()


def errors_workbook(path, sheet: str | None, errors: list[dict], header_row: int = 1) -> bytes:
    """The uploaded sheet's rows as they were, with a last column naming each row's
    problems (Chinese, then English) and those rows highlighted."""
    name, rows = read_table(path, sheet)
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        by_row[error["row"]].append(f"{error['message']} / {error['message_en']}")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet_out = book.add_worksheet(name[:31])
    flagged = book.add_format({"bg_color": "#FDE2E1"})
    quoted = book.add_format({"quote_prefix": True})
    width = max((len(r) for r in rows), default=0)
    error_column = width
    sheet_out.set_column(error_column, error_column, 80)
    for r, row in enumerate(rows):
        number = r + 1
        problems = by_row.get(number)
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet_out.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet_out.write_number(r, c, value)
            elif hasattr(value, "isoformat"):
                sheet_out.write_string(r, c, value.isoformat())
            elif looks_like_formula(str(value)):
                sheet_out.write_string(r, c, str(value), quoted)
            else:
                sheet_out.write_string(r, c, str(value))
        if problems:
            sheet_out.write_string(r, error_column, "\n".join(problems), flagged)
        elif number == header_row:
            sheet_out.write_string(r, error_column, "错误 / Errors")
    book.close()
    return buffer.getvalue()
