"""Charts drawn on the server: in Chinese with a CJK font of the system where there is
one, else with the subset of Noto Sans CJK SC shipped with parkbase; every character of
a chart's labels is a glyph of the font it is drawn in (matplotlib warns of none
missing), and a character the font lacks becomes 〓, never an empty box."""

from __future__ import annotations

import warnings

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from parkbase.reports import charts

PNG = b"\x89PNG\r\n\x1a\n"
LABELS = ["1–2月", "3月", "11月", "12月"]
NAMES = ["辽宁鑫源电力设备股份有限公司", "沈阳康华制药有限公司", "区工业和信息化局"]
TITLE = "规上工业总产值分月情况（亿元）"


def drawn_without_missing_glyphs(draw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" fails the test
        return draw()


def test_without_a_system_font_the_shipped_one_draws_every_label():
    font = charts.chart_font([])  # no font of the system
    assert font.shipped and font.path == charts.SHIPPED and font.path.exists()
    cmap = set(FT2Font(str(font.path)).get_charmap())
    for text in [*LABELS, *NAMES, TITLE, "2020年", "应报18家，已报15家"]:
        assert all(ord(c) in cmap for c in text if not c.isspace()), text
    png = drawn_without_missing_glyphs(
        lambda: charts.month_bars(
            LABELS,
            [("2020年", [2.8, 1.9, 2.27, None]), ("2019年", [2.9, 1.8, 2.2, 2.7])],
            TITLE,
            partial=2,
            note="11月为部分数据（应报18家，已报15家）",
            font=font,
        )
    )
    assert png.startswith(PNG)
    png = drawn_without_missing_glyphs(
        lambda: charts.change_bars(NAMES, [1388.1, -2321.8, 9523.0], "增减（万元）", font=font)
    )
    assert png.startswith(PNG)


def test_a_font_that_cannot_draw_chinese_is_passed_over():
    latin = [e for e in font_manager.fontManager.ttflist if e.name == "DejaVu Sans"]
    assert latin  # matplotlib's own font
    font = charts.chart_font(latin)
    assert font.shipped


def test_a_system_cjk_font_comes_first_where_there_is_one():
    found = [e for e in font_manager.fontManager.ttflist if e.name in charts.FAMILIES]
    if not found:
        pytest.skip("no CJK font on this machine (fonts-noto-cjk)")
    font = charts.chart_font()
    assert not font.shipped and font.name in charts.FAMILIES
    assert font.has(TITLE) and all(font.has(n) for n in NAMES)
    png = drawn_without_missing_glyphs(
        lambda: charts.completion_bars(
            ["规上工业总产值"], [87.8], 91.7, TITLE, "序时进度", font=font
        )
    )
    assert png.startswith(PNG)


def test_a_character_the_font_lacks_is_marked_not_boxed():
    font = charts.chart_font([])
    rare = "𪚥"  # outside GB 2312
    assert not font.has(rare)
    assert font.drawable(f"沈阳{rare}业") == "沈阳〓业"
    png = drawn_without_missing_glyphs(
        lambda: charts.change_bars([f"沈阳{rare}业"], [1.0], "增减", font=font)
    )
    assert png.startswith(PNG)
