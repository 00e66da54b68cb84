"""`parkbase report monthly`: the bulletin as a Word document, Markdown or HTML, in
Chinese or English, as an outsider of every confidential project by default; a month
partial or without returns drafted with a note on stderr; bad input refused with a
message in both languages that names the option."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.reports.test_bulletin import CODE_NAME, REAL_NAME

pytestmark = pytest.mark.django_db


def report(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "monthly", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_markdown_on_the_screen_with_a_note_of_the_partial_month(demo):
    out, err = report("--month", "2020-11")
    assert out.startswith("# 经济运行简报\n\n2020年第11期")
    assert "> 本期为部分数据" in out and "| 规上工业总产值 | 亿元 | 2.27 |" in out
    assert CODE_NAME in out and REAL_NAME not in out  # an outsider by default
    assert "部分数据" in err and "15 of 18 above-size enterprises filed" in err


def test_word_html_and_markdown_files(demo, tmp_path):
    for suffix in ("docx", "html", "md"):
        target = tmp_path / f"bulletin.{suffix}"
        out, _err = report("--month", "2020-11", "--out", str(target), "--lang", "en")
        assert str(target) in out and target.stat().st_size > 1000
    doc = Document(str(tmp_path / "bulletin.docx"))
    assert doc.paragraphs[0].text == "Economic bulletin"
    assert doc.element.body.xml.count("<a:blip ") == 3
    html = (tmp_path / "bulletin.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and html.count('src="data:image/png;base64,') == 3
    assert "II. Main indicators" in (tmp_path / "bulletin.md").read_text(encoding="utf-8")


def test_an_insider_named_reads_the_real_name(demo):
    out, _err = report("--month", "2020-11", "--user", "leader")
    assert REAL_NAME in out


def test_a_month_without_returns_says_so(demo):
    out, err = report("--month", "2020-12")
    assert "缺少数据：尚无12月规上企业月报" in out
    assert "no monthly return is recorded" in err


@pytest.mark.parametrize(
    "args, zh, en",
    [
        (
            ["--month", "2020-13"],
            "月份须写作 YYYY-MM",
            "--month 2020-13: write the month as YYYY-MM",
        ),
        (["--month", "2020-1"], "月份须写作 YYYY-MM", "--month 2020-1: write the month as YYYY-MM"),
        (["--month", "nov"], "月份须写作 YYYY-MM", "--month nov: write the month as YYYY-MM"),
        (["--month", "2021-01"], "尚未结束", "--month 2021-01: the month is not over yet"),
        (["--month", "2020-11", "--out", "b.pdf"], "文件须以", "must end in .docx, .md or .html"),
        (["--month", "2020-11", "--user", "nobody"], "没有名为", "No active user named 'nobody'"),
        (
            ["--month", "2020-11", "--user", "dept"],
            "不能阅读经济运行简报",
            "may not read the monthly",
        ),
        (["--month", "2020-11", "--park", "nowhere"], "没有代码为", "No park with code 'nowhere'"),
    ],
)
def test_bad_input_is_refused_in_both_languages(demo, args, zh, en):
    with pytest.raises(CommandError) as refused:
        report(*args)
    message = str(refused.value)
    assert zh in message and en in message


def test_the_month_is_required(demo):
    with pytest.raises(CommandError, match="--month"):
        report()
