"""Files built to hurt (a security probe found the first two): each is refused before
it is read, with a message that names the limit in Chinese and English, and checking
it holds little memory. Files are built in the test (tests/imports/hostile.py); the
limits are lowered through the settings' environment variables so the files stay
small, and the memory of a check is measured in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parkbase.imports.reader import UnreadableFile, read_table
from parkbase.imports.reader.bounds import DEFAULT
from tests.imports import hostile

ROOT = Path(__file__).resolve().parents[2]
MB = 1 << 20


def check_in_fresh_python(path: Path, **limits) -> dict:
    """Read ``path`` in a new process with the limits given (PARKBASE_IMPORT_MAX_…)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "parkbase.settings"}
    env.update({f"PARKBASE_IMPORT_MAX_{k.upper()}": str(v) for k, v in limits.items()})
    code = (
        "import django; django.setup(); from tests.imports.hostile import measure_check; "
        f"measure_check({str(path)!r})"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_refused(result: dict, *phrases: str) -> None:
    assert result.get("unreadable") == "too_large", result
    for phrase in phrases:
        assert phrase in result["message"], (phrase, result["message"])


# ---------------------------------------------------------------- the probe's files


def test_rows_without_references_that_unpack_past_the_limit_are_refused(tmp_path):
    """The probe's 2.6 MB .xlsx unpacked to 1 GB of rows whose cells carry no ``r=``
    and drove the worker to 23.7 GB; here 48 MB of such rows against a 40 MB limit."""
    path = hostile.rows_bomb(tmp_path / "rows.xlsx", 48 * MB)
    assert path.stat().st_size < 1 * MB
    result = check_in_fresh_python(path, unpacked_mb=40)
    assert_refused(result, "解压后超过 40 MB 的上限", "unpacks to more than the 40 MB limit")
    assert result["rss_growth_mib"] < 60, result


def test_one_huge_cell_is_refused_by_size_or_by_length(tmp_path):
    """The probe's 1 MB .xlsx held one cell of 1 GB: 3.2 GB held, then the report could
    not be saved. Beyond the unpacked limit it is refused for its size, within it for
    the length of the cell."""
    path = hostile.huge_cell(tmp_path / "cell.xlsx", 48 * MB)
    result = check_in_fresh_python(path, unpacked_mb=40)
    assert_refused(result, "共享字符串表解压后超过 40 MB", "shared-strings table unpacks")
    assert result["rss_growth_mib"] < 60, result
    path = hostile.huge_cell(tmp_path / "cell2.xlsx", 8 * MB)
    result = check_in_fresh_python(path)
    assert_refused(
        result, "超过 32,767 个字符的上限", "has a cell longer than the 32,767-character limit"
    )
    assert result["rss_growth_mib"] < 60, result


def test_a_cell_just_within_the_length_passes_and_one_beyond_does_not(tmp_path):
    limit = DEFAULT.cell_chars
    path = hostile.huge_cell(tmp_path / "fits.xlsx", limit)
    _name, rows = read_table(path)
    assert rows[0][0] == "企业名称"
    path = hostile.huge_cell(tmp_path / "beyond.xlsx", limit + 1)
    with pytest.raises(UnreadableFile) as info:
        read_table(path)
    assert info.value.reason == "too_large"


def test_more_cells_than_the_limit_are_refused_before_calamine_reads_them(tmp_path):
    path = hostile.rows_bomb(tmp_path / "cells.xlsx", 4 * MB)  # ~270,000 cells
    result = check_in_fresh_python(path, cells=100_000)
    assert_refused(result, "超过 100,000 个单元格的上限", "more than the 100,000-cell limit")


def test_cells_placed_by_their_order_count_their_whole_rectangle(tmp_path):
    """Without references calamine places a cell after the one before it: one wide
    row and many narrow ones make a rectangle far larger than the cells."""
    wide = "<row>" + "<c><v>1</v></c>" * 2000 + "</row>"
    narrow = "<row><c><v>1</v></c></row>" * 100
    sheet = [f'<worksheet xmlns="{hostile.MAIN}"><sheetData>', wide, narrow]
    sheet.append("</sheetData></worksheet>")
    path = hostile.write_bomb_xlsx(tmp_path / "wide.xlsx", sheet=sheet)
    result = check_in_fresh_python(path, cells=100_000)
    assert_refused(result, "202,000 个单元格", "BXX1", "202,000 cells")


def test_a_dimension_that_lies_does_not_hide_a_far_cell(tmp_path):
    """The sheet says A1:B2; one value sits at CV5000 (5,000 × 100 cells)."""
    sheet = [
        f'<worksheet xmlns="{hostile.MAIN}"><dimension ref="A1:B2"/><sheetData>',
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        '<row r="5000"><c r="CV5000"><v>1</v></c></row></sheetData></worksheet>',
    ]
    path = hostile.write_bomb_xlsx(tmp_path / "lying.xlsx", sheet=sheet)
    result = check_in_fresh_python(path, cells=100_000)
    assert_refused(result, "CV5000", "500,000 cells")


def test_a_cell_opened_with_a_line_break_is_placed_by_its_order(tmp_path):
    """The sheet says A1:A100 and every cell but one carries its reference; a row of
    cells opened with a line break (``<c\\n>``, which calamine reads as ``<c>``) and
    no reference is placed by its order, 2,000 columns wide."""
    wide = '<row r="1">' + "<c\n><v>1</v></c>" * 2000 + "</row>"
    sheet = [
        f'<worksheet xmlns="{hostile.MAIN}"><dimension ref="A1:A100"/><sheetData>',
        wide,
        '<row r="100"><c r="A100"><v>1</v></c></row></sheetData></worksheet>',
    ]
    path = hostile.write_bomb_xlsx(tmp_path / "spelled.xlsx", sheet=sheet)
    result = check_in_fresh_python(path, cells=100_000)
    assert_refused(result, "200,000 个单元格", "200,000 cells")


def test_a_zip_header_that_understates_the_size_is_caught(tmp_path):
    """The member declares 1,000 bytes and unpacks to 48 MB: reading stops at the
    declared size and the archive is refused (its checksum no longer matches), so
    nothing past the limit is ever held."""
    path = hostile.rows_bomb(tmp_path / "liar.xlsx", 48 * MB)
    hostile.lie_about_size(path, "xl/worksheets/sheet1.xml", 1000)
    result = check_in_fresh_python(path, unpacked_mb=40)
    assert result.get("unreadable") in ("too_large", "not_a_spreadsheet"), result
    assert result["rss_growth_mib"] < 60, result


def test_a_zip_header_that_overstates_the_size_is_refused_at_once(tmp_path):
    path = hostile.rows_bomb(tmp_path / "big-claim.xlsx", 1 * MB)
    hostile.lie_about_size(path, "xl/worksheets/sheet1.xml", 300 * MB)
    with pytest.raises(UnreadableFile) as info:
        read_table(path)
    assert info.value.reason == "too_large"
    assert "200 MB" in str(info.value)


# ---------------------------------------------------------------- .ods


def test_an_ods_row_repeated_a_million_times_is_refused(tmp_path):
    """A few hundred bytes describing 1,000,000 × 1,000 cells: python-calamine would
    try to hold every one of them as it opens the file."""
    path = hostile.ods_repeat_bomb(tmp_path / "repeat.ods")
    assert path.stat().st_size < 4096
    result = check_in_fresh_python(path)
    assert_refused(result, "个单元格的上限", "the sheets together have", "10,000,000-cell limit")
    assert result["rss_growth_mib"] < 60, result


def test_an_ods_whose_content_unpacks_past_the_limit_is_refused(tmp_path):
    path = hostile.ods_content_bomb(tmp_path / "content.ods", 24 * MB)
    result = check_in_fresh_python(path, unpacked_mb=20)
    assert_refused(result, "工作表解压后超过 20 MB 的上限", "the sheet unpacks to more")
    assert result["rss_growth_mib"] < 60, result


def test_the_formatted_rows_libreoffice_writes_are_not_counted(tmp_path):
    """An empty row repeated a million times is how LibreOffice ends every sheet."""
    from tests.imports.ugly import write_ods

    path = write_ods(tmp_path / "plain.ods", [["企业名称"], ["甲公司"]])
    _name, rows = read_table(path)
    assert rows == [["企业名称"], ["甲公司"]]


# ---------------------------------------------------------------- .xls


def test_an_xls_value_far_away_is_refused(tmp_path):
    from tests.imports.ugly import write_xls

    rows = [["企业名称"], ["甲公司"]] + [[None]] * 5000 + [[None] * 100 + ["远处"]]
    path = write_xls(tmp_path / "far.xls", rows)
    result = check_in_fresh_python(path, cells=100_000)
    assert_refused(result, "CW5003", "505,303 cells")
    _name, read = read_table(path)  # within the default limit
    assert read[-1][-1] == "远处"


# ---------------------------------------------------------------- CSV


def test_a_csv_line_longer_than_the_limit_is_refused(tmp_path):
    path = hostile.long_line_csv(tmp_path / "line.csv", 3 * MB)
    result = check_in_fresh_python(path)
    assert_refused(result, "第2行超过 1,048,576 个字符的上限", "line 2 is longer than")
    assert result["rss_growth_mib"] < 60, result


def test_a_csv_field_longer_than_a_cell_is_refused(tmp_path):
    path = tmp_path / "field.csv"
    path.write_text('企业名称\n"' + "甲\n" * 20_000 + '"\n', encoding="utf-8")
    with pytest.raises(UnreadableFile) as info:
        read_table(path)
    assert info.value.reason == "too_large" and "32,767" in str(info.value)


def test_a_csv_with_more_cells_than_the_limit_is_refused(tmp_path):
    path = hostile.many_rows_csv(tmp_path / "many.csv", 50_000)
    result = check_in_fresh_python(path, cells=100_000)
    assert_refused(result, "超过 100,000 个单元格的上限")


def test_a_file_larger_than_the_limit_is_not_read_at_all(tmp_path):
    path = hostile.many_rows_csv(tmp_path / "big.csv", 200_000)  # ~4 MB
    result = check_in_fresh_python(path, unpacked_mb=1)
    assert_refused(result, "文件超过 1 MB 的上限", "the file is larger than the 1 MB limit")


# ---------------------------------------------------------------- what still passes


def test_the_default_limits_leave_room_for_100000_rows_of_30_columns(tmp_path):
    """Written in a fresh process (xlsxwriter in constant-memory mode) and checked."""
    assert DEFAULT.cells >= 5_000_000
    path = tmp_path / "big.xlsx"
    code = (
        "import xlsxwriter; "
        f"b = xlsxwriter.Workbook({str(path)!r}, {{'constant_memory': True}}); "
        "s = b.add_worksheet('企业名录'); "
        "s.write_row(0, 0, ['企业名称'] + [f'列{i}' for i in range(29)]); "
        "[s.write_row(r, 0, [f'公司{r}'] + [r + i * 0.5 for i in range(29)]) "
        "for r in range(1, 100_001)]; b.close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
    from parkbase.imports.reader.xlsx import _xlsx_guard, _xlsx_open_guard

    _xlsx_open_guard(path, DEFAULT)
    _xlsx_guard(path, "企业名录", DEFAULT)  # refuses nothing
