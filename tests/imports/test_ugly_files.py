"""The reader and the engine on the files government offices really send: every
format, misnamed files, empty and encrypted workbooks, a million formatted rows,
cached formula errors, merged cells, unfindable headers, header overrides, units
written in odd ways, and numbers as accountants type them. Every file is written
for real in the test (see ugly.py); nothing is mocked."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from parkbase.core.units import split_header
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.imports import values as V
from parkbase.imports.engine import expected_headers, find_mapping, parse_table
from parkbase.imports.reader import MAX_CELLS, UnreadableFile, read_table
from tests.imports.ugly import Error, Formula, write_csv, write_ods, write_xls, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
USCC = ["91210112000000001A", "91210112000000002B", "91210112000000003C"]  # shape only

HEADER = [
    "企业名称",
    "统一社会信用代码",
    "行业代码",
    "园区期次",
    "成立日期",
    "注册资本（万元）",
    "规上企业",
]
SHEET = [
    ["2019年园区企业名录", None, None, None, None, None, None],
    HEADER,
    ["沈阳一号机械有限公司", USCC[0], "34", "P1", dt.date(2015, 3, 8), 1000, "是"],
    ["沈阳二号电子有限公司", USCC[1], "39", "P2", dt.date(2012, 5, 6), 500.5, "否"],
    ["沈阳三号化工有限公司", USCC[2], "26", "P1", dt.date(2008, 1, 31), 12.25, "否"],
]
EXPECTED = [
    {
        "name": "沈阳一号机械有限公司",
        "uscc": USCC[0],
        "industry_code": "34",
        "phase": "P1",
        "founded_on": dt.date(2015, 3, 8),
        "registered_capital": Decimal("10000000.00"),
        "is_above_size": True,
    },
    {
        "name": "沈阳二号电子有限公司",
        "uscc": USCC[1],
        "industry_code": "39",
        "phase": "P2",
        "founded_on": dt.date(2012, 5, 6),
        "registered_capital": Decimal("5005000.00"),
        "is_above_size": False,
    },
    {
        "name": "沈阳三号化工有限公司",
        "uscc": USCC[2],
        "industry_code": "26",
        "phase": "P1",
        "founded_on": dt.date(2008, 1, 31),
        "registered_capital": Decimal("122500.00"),
        "is_above_size": False,
    },
]


def parsed(path, columns=ENTERPRISE_COLUMNS, **kwargs):
    _name, rows = read_table(path)
    table = parse_table(rows, columns, **kwargs)
    assert table is not None
    return table


def write(kind: str, tmp_path: Path, rows, **kwargs) -> Path:
    """One file of ``kind``, the name telling the format or, for the misnamed kinds,
    lying about it."""
    writers = {
        "xlsx": lambda p: write_xlsx(p, rows, **kwargs),
        "xls": lambda p: write_xls(p, rows, **kwargs),
        "ods": lambda p: write_ods(p, rows, **kwargs),
        "csv": lambda p: write_csv(p, rows),
        "csv-bom": lambda p: write_csv(p, rows, bom=True),
        "csv-gbk": lambda p: write_csv(p, rows, encoding="gbk"),
        "tsv-utf16.txt": lambda p: write_csv(p, rows, encoding="utf-16", delimiter="\t"),
        "xlsx-as.xls": lambda p: write_xlsx(p, rows, **kwargs),
        "csv-gbk-as.xls": lambda p: write_csv(p, rows, encoding="gbk"),
    }
    suffix = {"csv-bom": ".csv", "csv-gbk": ".csv", "tsv-utf16.txt": ".txt"}.get(kind)
    suffix = suffix or ("." + kind.rsplit(".", 1)[-1] if "." in kind else "." + kind)
    return writers[kind](tmp_path / f"sheet{suffix}")


# ---------------------------------------------------------------- 1. every format


ALL_KINDS = ["xlsx", "xls", "ods", "csv", "csv-bom", "csv-gbk", "tsv-utf16.txt"]


@pytest.mark.parametrize("kind", [*ALL_KINDS, "xlsx-as.xls", "csv-gbk-as.xls"])
def test_every_format_reads_the_same_enterprise_sheet(kind, tmp_path):
    table = parsed(write(kind, tmp_path, SHEET))
    assert table.mapping.header_row == 2
    assert [r.problems for r in table.rows] == [[], [], []]
    got = [{k: r.values[k] for k in EXPECTED[0]} for r in table.rows]
    assert got == EXPECTED
    assert [r.number for r in table.rows] == [3, 4, 5]


def test_the_formats_agree_cell_for_cell(tmp_path):
    reference = None
    for kind in ALL_KINDS:
        folder = tmp_path / kind
        folder.mkdir()
        values = [r.values for r in parsed(write(kind, folder, SHEET)).rows]
        reference = reference or values
        assert values == reference, kind


def test_gbk_csv_imports_like_the_xlsx(park, tmp_path):
    from parkbase.enterprises.models import Enterprise
    from parkbase.enterprises.services import import_enterprises
    from tests.factories import make_uscc

    codes = [make_uscc() for _ in range(3)]
    rows = [row[:] for row in SHEET]
    for row, code in zip(rows[2:], codes, strict=True):
        row[1] = code
    report = import_enterprises(write_csv(tmp_path / "gbk.csv", rows, encoding="gbk"), park=park)
    assert (report.errors, report.created, report.written) == ([], 3, True)
    first = Enterprise.objects.get(uscc=codes[0])
    assert (first.name, first.phase.code, first.registered_capital) == (
        "沈阳一号机械有限公司",
        "P1",
        Decimal("10000000.00"),
    )


# ---------------------------------------------------------------- 2. unreadable files


def _encrypted_xlsx(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(path.with_name("plain.xlsx"), SHEET)
    with plain.open("rb") as src, path.open("wb") as out:
        OOXMLFile(src).encrypt("口令123", out)
    return path


UNREADABLE = {
    "zero bytes": ("empty.xlsx", lambda p: p.write_bytes(b""), "empty", "0 字节", "0 bytes"),
    "only empty sheets": (
        "blank.xlsx",
        lambda p: write_xlsx(p, [], sheet="Sheet3", before=["Sheet1", "Sheet2"]),
        "empty",
        "所有工作表都没有数据",
        "no sheet holds any data",
    ),
    "a PDF renamed": (
        "report.xlsx",
        lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
        "not_a_spreadsheet",
        "PDF",
        "PDF document",
    ),
    "random bytes renamed": (
        "data.xls",
        lambda p: p.write_bytes(os.urandom(8192)),
        "not_a_spreadsheet",
        "不是电子表格",
        "not a spreadsheet",
    ),
    "a web page renamed": (
        "export.xls",
        lambda p: p.write_text(
            "<html><body><table><tr><td>企业名称</td></tr></table></body></html>"
        ),
        "not_a_spreadsheet",
        "网页",
        "web page",
    ),
    "text named .xlsx": (
        "junk.xlsx",
        lambda p: p.write_text("this is not a spreadsheet"),
        "not_a_spreadsheet",
        "纯文本",
        "plain text",
    ),
    "an encrypted xlsx": ("locked.xlsx", _encrypted_xlsx, "encrypted", "密码", "password"),
    "an encrypted xls": (
        "locked.xls",
        lambda p: write_xls(p, SHEET, encrypt=True),
        "encrypted",
        "密码",
        "password",
    ),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_unreadable_files_say_which_kind_of_unreadable(case, tmp_path):
    name, make, reason, zh, en = UNREADABLE[case]
    path = tmp_path / name
    make(path)
    with pytest.raises(UnreadableFile) as info:
        read_table(path)
    message = str(info.value)
    assert info.value.reason == reason
    assert zh in message and en in message  # both languages, in one line
    assert message.startswith(name)


def test_an_encrypted_workbook_is_detected_before_calamine_sees_it(tmp_path):
    """The OLE2 container of an encrypted .xlsx holds an EncryptionInfo stream."""
    from parkbase.imports.reader import _Cfb

    path = _encrypted_xlsx(tmp_path / "locked.xlsx")
    assert {"encryptioninfo", "encryptedpackage"} <= _Cfb(path.read_bytes()).names


def test_the_cli_exits_2_on_an_encrypted_workbook(park, tmp_path):
    from django.core.management import call_command

    path = _encrypted_xlsx(tmp_path / "locked.xlsx")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "enterprises", str(path), "--park", park.code, "--json", stdout=out)
    assert exit_info.value.code == 2
    assert "encrypted" in json.loads(out.getvalue())["unusable"]


def test_an_empty_first_sheet_is_passed_over(tmp_path):
    path = write_xlsx(tmp_path / "later.xlsx", SHEET, before=["说明"])
    name, rows = read_table(path)
    assert name == "企业名录" and rows[1][0] == "企业名称"


# ---------------------------------------------------------------- 3. a million formatted rows


def _in_fresh_python(code: str) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "parkbase.settings"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}


@pytest.mark.parametrize("stray", [None, (999_999, 20, " ")], ids=["formatted", "stray space"])
def test_a_million_formatted_rows_cost_no_memory(stray, tmp_path):
    """Written and read in fresh processes, so the peak RSS is the reader's own.
    calamine skips cells that carry only a format; one value far away would make it
    allocate the whole rectangle, so the reader refuses such a sheet up front."""
    path = tmp_path / "formatted.xlsx"
    data = [r[:3] for r in SHEET[1:]]
    _in_fresh_python(
        "from tests.imports.ugly import million_formatted_rows; "
        f"million_formatted_rows({str(path)!r}, {data!r}, stray={stray!r})"
    )
    assert path.stat().st_size < 4_000_000
    result = _in_fresh_python(
        f"from tests.imports.ugly import measure_read; measure_read({str(path)!r})"
    )
    assert result["rss_growth_mib"] < 300, result
    if stray is None:
        assert result["names"] == [row[0] for row in SHEET[2:]]
        assert result["row_count"] == 4
    else:
        assert result["unreadable"] == "too_large"
        assert "U1000000" in result["message"]
        assert MAX_CELLS < 1_000_000 * 21


def test_a_value_in_the_last_cell_of_the_sheet_is_refused_not_a_crash(tmp_path):
    """A space in XFD1048576 made python-calamine try to allocate 512 GiB and abort."""
    import xlsxwriter

    path = tmp_path / "far.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet("企业名录")
    for r, row in enumerate(SHEET[:2]):
        ws.write_row(r, 0, [v for v in row if v is not None])
    ws.write_string(1_048_575, 16_383, " ")
    workbook.close()
    with pytest.raises(UnreadableFile) as info:
        read_table(path)
    assert info.value.reason == "too_large" and "XFD1048576" in str(info.value)


# ---------------------------------------------------------------- 4. formula cells


ERROR_SHEET = [
    HEADER,
    ["甲公司", USCC[0], "34", "P1", dt.date(2015, 3, 8), Formula("100*10", 1000), "是"],
    ["乙公司", USCC[1], "39", "P2", dt.date(2012, 5, 6), Error("#DIV/0!"), "否"],
    ["丙公司", USCC[2], Error("#REF!"), "P1", dt.date(2008, 1, 31), 12.25, Error("#N/A")],
]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_formulas_give_their_cached_value_and_errors_stay_errors(kind, tmp_path):
    table = parsed(write(kind, tmp_path, ERROR_SHEET))
    assert table.rows[0].values["registered_capital"] == Decimal("10000000.00")
    assert table.rows[0].problems == []
    found = {(p.row, p.column, p.code, str(p.value)) for r in table.rows for p in r.problems}
    assert found == {
        (3, "F", "excel_error", "#DIV/0!"),
        (4, "C", "excel_error", "#REF!"),
        (4, "G", "excel_error", "#N/A"),
    }
    assert table.rows[1].values["registered_capital"] is None


def test_only_a_sheet_that_may_hold_error_cells_is_scanned_for_them(tmp_path):
    """The guard's pass over the sheet tells whether it may hold error cells (``t="e"``),
    so that a sheet without any is not read a second time for them."""
    from parkbase.imports.reader.bounds import current
    from parkbase.imports.reader.xlsx import _xlsx_guard

    errors = write("xlsx", tmp_path, ERROR_SHEET)
    plain = write_xlsx(tmp_path / "plain.xlsx", [HEADER, ["甲公司", USCC[0], "34"]])
    assert _xlsx_guard(errors, "企业名录", current()) is True
    assert _xlsx_guard(plain, "企业名录", current()) is False


def test_xls_error_constants_are_errors_too(tmp_path):
    """xlwt writes an Error cell as a BOOLERR record (not a formula)."""
    path = write_xls(
        tmp_path / "consts.xls", [["企业名称", "注册资本(万元)"], ["甲", Error("#VALUE!")]]
    )
    _name, rows = read_table(path)
    assert rows[1][1] == "#VALUE!" and isinstance(rows[1][1], V.CellError)


def test_a_cached_error_is_reported_with_row_column_and_value(park, tmp_path):
    from parkbase.enterprises.services import import_enterprises

    path = write_xlsx(
        tmp_path / "err.xlsx",
        [["企业名称", "注册资本（万元）"], ["新公司甲", Formula("1/0", "#DIV/0!")]],
    )
    report = import_enterprises(path, park=park)
    assert not report.written
    (error,) = report.errors
    assert (error["row"], error["column"], error["code"], error["value"]) == (
        2,
        "B",
        "excel_error",
        "#DIV/0!",
    )
    assert "第2行" in error["message"] and "#DIV/0!" in error["message"]
    assert error["message_en"].startswith("Sheet 企业名录, row 2, column B")


# ---------------------------------------------------------------- 5. merged cells


MERGED_SHEET = [
    ["2019年园区企业名录（合并单元格）", None, None, None, None],
    ["企业名称", "统一社会信用代码", "园区期次", "主管部门", "地址"],
    ["甲公司", USCC[0], "P1", "经济发展局", "一号路"],
    ["乙公司", USCC[1], None, None, "二号路"],
    ["丙公司", USCC[2], None, "科技局", "三号路"],
    ["丁公司", "", "P2", None, "四号路"],
]
MERGES = [(0, 0, 0, 4), (2, 2, 4, 2), (2, 3, 3, 3)]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_vertical_merge_gives_its_value_to_every_row(kind, tmp_path):
    table = parsed(write(kind, tmp_path, MERGED_SHEET, merges=MERGES))
    assert [r.values["phase"] for r in table.rows] == ["P1", "P1", "P1", "P2"]
    assert [r.values["department"] for r in table.rows] == [
        "经济发展局",
        "经济发展局",
        "科技局",
        "",
    ]
    assert all(r.problems == [] for r in table.rows)


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_title_merged_across_columns_stays_in_its_first_cell(kind, tmp_path):
    _name, rows = read_table(write(kind, tmp_path, MERGED_SHEET, merges=MERGES))
    assert rows[0][0].startswith("2019年") and all(not c for c in rows[0][1:])


def test_a_blank_row_inside_a_merge_stays_blank(tmp_path):
    rows = [r[:] for r in MERGED_SHEET[:4]]
    rows.insert(3, [None] * 5)  # row 4 blank, inside the P1 merge of rows 3–5
    path = write_xlsx(tmp_path / "gap.xlsx", rows, merges=[(2, 2, 4, 2)])
    _name, read = read_table(path)
    assert read[3] == () and read[4][2] == "P1"


def test_csv_has_no_merges_and_the_missing_values_stay_missing(tmp_path):
    path = write_csv(tmp_path / "m.csv", MERGED_SHEET)
    table = parsed(path)
    assert [r.values["phase"] for r in table.rows] == ["P1", "", "", "P2"]


# ---------------------------------------------------------------- 6. no header row


def test_no_header_lists_the_expected_columns(tmp_path):
    path = write_xlsx(tmp_path / "odd.xlsx", [["单位", "代号"], ["甲", "1"]])
    _name, rows = read_table(path)
    assert parse_table(rows, ENTERPRISE_COLUMNS) is None
    expected = expected_headers(ENTERPRISE_COLUMNS)
    assert expected[0] == "企业名称"  # the required column first
    assert "统一社会信用代码" in expected and expected[-1] == "…"
    assert expected_headers(YEAR_COLUMNS)[0] == "年度"
    assert expected[:5] == ["企业名称", "统一社会信用代码", "行业代码", "园区期次", "主管部门"]
    marked = [replace(c, main=c.field == "phase") for c in ENTERPRISE_COLUMNS]
    assert expected_headers(marked) == ["企业名称", "园区期次", "…"]


def test_the_no_header_message_names_the_columns_in_both_languages(park, tmp_path):
    from parkbase.enterprises.services import import_enterprises

    path = write_xlsx(tmp_path / "odd.xlsx", [["单位", "代号"], ["甲", "1"]])
    report = import_enterprises(path, park=park)
    assert report.unusable == "no_header"
    (error,) = report.errors
    assert error["code"] == "no_header"
    for text in ("企业名称", "统一社会信用代码", "行业代码"):
        assert text in error["message"] and text in error["message_en"]
    assert "表头" in error["message"]
    assert "Expected columns" in error["message_en"]


# ---------------------------------------------------------------- 7. header overrides


OVERRIDE_SHEET = [
    ["单位全称", "代码", "备注", "产值合计（万元）", "名称"],
    ["甲公司", USCC[0], "随便写的", 12.5, "旧名"],
]


def test_overrides_map_headers_the_matcher_does_not_know(tmp_path):
    rows = [r[:] for r in OVERRIDE_SHEET]
    overrides = {"单位全称": "name", "代码": "uscc", "备注": ""}
    mapping = find_mapping(rows, ENTERPRISE_COLUMNS, overrides)
    assert {i: c.field for i, (c, _u) in mapping.columns.items()} == {0: "name", 1: "uscc"}
    assert "备注" not in mapping.unknown  # ignored on request, not unknown
    assert "名称" in mapping.unknown  # name is taken by the override
    table = parse_table(rows, ENTERPRISE_COLUMNS, overrides=overrides)
    assert table.rows[0].values["name"] == "甲公司"


def test_an_override_keeps_the_unit_of_its_header(tmp_path):
    path = write_xlsx(
        tmp_path / "o.xlsx",
        [["统一社会信用代码", "年度", "产值合计（万元）"], [USCC[0], 2019, 12.5]],
    )
    table = parsed(path, YEAR_COLUMNS, overrides={"产值合计（万元）": "gross_output"})
    assert table.rows[0].values["gross_output"] == Decimal("125000.00")


def test_without_overrides_the_same_file_has_no_header():
    assert find_mapping([r[:4] for r in OVERRIDE_SHEET], ENTERPRISE_COLUMNS) is None


def test_an_override_to_an_unknown_field_is_an_error():
    with pytest.raises(ValueError, match="no_such_field"):
        find_mapping(OVERRIDE_SHEET, ENTERPRISE_COLUMNS, {"代码": "no_such_field"})


# ---------------------------------------------------------------- 8. units in headers


@pytest.mark.parametrize(
    "header",
    [
        "工业总产值/万元",
        "工业总产值 万元",
        "工业总产值【万元】",
        "工业总产值[万元]",
        "工业总产值（单位：万元）",
    ],
)
def test_units_written_in_other_ways(header, tmp_path):
    assert split_header(header) == ("工业总产值", "万元")
    path = write_xlsx(
        tmp_path / "u.xlsx", [["统一社会信用代码", "年度", header], [USCC[0], 2019, 3]]
    )
    assert parsed(path, YEAR_COLUMNS).rows[0].values["gross_output"] == Decimal("30000.00")


def test_a_word_that_is_not_a_unit_stays_in_the_header():
    assert split_header("R&D人员") == ("R&D人员", "")
    assert split_header("销售收入/利润") == ("销售收入/利润", "")
    assert split_header("工业总产值（当年价，万元）") == ("工业总产值", "万元")


def test_a_unit_note_in_the_title_rows_applies_to_money_columns_without_a_unit(tmp_path):
    rows = [
        ["2019年园区企业主要经济指标", None, None, None, None],
        [None, None, None, None, "（单位：万元）"],
        ["统一社会信用代码", "年度", "工业总产值", "营业收入（元）", "土地面积"],
        [USCC[0], 2019, 3, 40000, 100],
    ]
    path = write_xlsx(tmp_path / "note.xlsx", rows)
    table = parsed(path, YEAR_COLUMNS)
    assert table.mapping.note_units == {"money": "万元"}
    values = table.rows[0].values
    assert values["gross_output"] == Decimal("30000.00")  # the note's 万元
    assert values["revenue"] == Decimal("40000.00")  # its own 元
    assert values["land_area"] == Decimal("100.00")  # area: the note says nothing


# ---------------------------------------------------------------- 9. numbers as typed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234\u00a0", Decimal("1234")),
        ("\u00a0 1234.5 \u3000", Decimal("1234.5")),
        ("1\u00a0234", Decimal("1234")),
        ("(1,234)", Decimal("-1234")),
        ("（1,234.5）", Decimal("-1234.5")),
        ("\u22125", Decimal("-5")),
        ("￥1,000", Decimal("1000")),
        ("—", None),
        ("——", None),
        ("－", None),
        ("/", None),
        ("\u200b12", Decimal("12")),
    ],
)
def test_numbers_as_accountants_type_them(raw, expected):
    assert V.parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["(-5)", "()", "1,2,3元"])
def test_what_is_still_not_a_number(raw):
    with pytest.raises(V.ValueProblem) as info:
        V.parse_decimal(raw)
    assert info.value.code == "not_a_number"


def test_a_dash_is_blank_in_every_kind_of_column(tmp_path):
    rows = [
        ["企业名称", "统一社会信用代码", "注册资本（万元）", "成立日期", "规上企业", "状态"],
        ["甲公司", "—", "——", "—", "—", "—"],
        ["—", USCC[1], "(1,234)", None, None, None],
        ["乙公司 ", "\u00a0" + USCC[2] + "\u00a0", "  8\u00a0", None, None, None],
    ]
    table = parsed(write_xlsx(tmp_path / "dash.xlsx", rows))
    first, second, third = table.rows
    assert first.problems == []
    assert {k: first.values[k] for k in ("uscc", "registered_capital", "founded_on")} == {
        "uscc": "",
        "registered_capital": None,
        "founded_on": None,
    }
    assert (first.values["is_above_size"], first.values["status"]) == (None, None)
    assert [(p.column, p.code) for p in second.problems] == [("A", "required")]
    assert second.values["registered_capital"] == Decimal("-12340000.00")
    assert (third.values["name"], third.values["uscc"]) == ("乙公司", USCC[2])
    assert third.values["registered_capital"] == Decimal("80000.00")


def test_a_number_beyond_decimal_precision_is_a_problem_not_a_crash():
    rows = [["企业名称", "注册资本（万元）"], ["甲", "1e40"]]
    (row,) = parse_table(rows, ENTERPRISE_COLUMNS).rows
    assert [p.code for p in row.problems] == ["not_a_number"]


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def park(db, industry_codes):
    from tests.factories import DepartmentFactory, ParkFactory, PhaseFactory

    park = ParkFactory(code="ugly", name="丑文件园区")
    for code in ("P1", "P2"):
        PhaseFactory(park=park, code=code)
    DepartmentFactory(park=park, code="D1", name="经济发展局")
    return park


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_table_that_starts_at_c3_keeps_its_row_numbers_and_column_letters(kind, tmp_path):
    """python-calamine's iter_rows starts at the first used column; the reader pads."""
    rows = [[None] * 4, [None] * 4]
    rows += [[None, None, *row] for row in ERROR_SHEET[:3]]
    table = parsed(write(kind, tmp_path, rows))
    assert table.mapping.header_row == 3
    assert [r.values["name"] for r in table.rows] == ["甲公司", "乙公司"]
    problems = [(p.row, p.column, p.code) for r in table.rows for p in r.problems]
    assert problems == [(5, "H", "excel_error")]


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", SHEET, before=["说明"])
    with pytest.raises(UnreadableFile) as info:
        read_table(path, sheet="2020年")
    assert info.value.reason == "no_sheet" and "说明、企业名录" in str(info.value)
    with pytest.raises(UnreadableFile) as info:
        read_table(path, sheet="说明")
    assert info.value.reason == "empty"
