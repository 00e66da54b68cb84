"""`parkbase report annual`: the draft as a Word document, Markdown or HTML, in Chinese
or English, as an outsider of every confidential project by default or as a named
user; bad input refused with a message in both languages."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db

REAL_NAME = "小飞机制造与试飞基地项目"


def report(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "annual", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_markdown_on_the_screen_with_every_figure_a_link(demo):
    out, _err = report("--year", str(YEAR))
    assert out.startswith("# 沈阳沈东工业园区(高新区)2019年工作总结及2020年工作计划")
    assert "### （一）招商引资" in out and "[14个](/reports/annual/2019/figure/signed/" in out
    assert "雏鹰项目" in out and REAL_NAME not in out  # an outsider by default


def test_word_html_and_markdown_files(demo, tmp_path):
    for suffix in ("docx", "html", "md"):
        target = tmp_path / f"report.{suffix}"
        out, _err = report("--year", str(YEAR), "--out", str(target), "--lang", "en")
        assert str(target) in out and target.stat().st_size > 1000
    words = "\n".join(p.text for p in Document(str(tmp_path / "report.docx")).paragraphs)
    assert "(1) Investment attraction" in words
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and 'class="report-figure" href="/' in html
    assert "First, on talks and contracts" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_an_insider_named_reads_the_real_name(demo):
    out, _err = report("--year", str(YEAR), "--user", "leader", "--park", "shendong")
    assert REAL_NAME in out


def test_a_year_without_records_says_so_in_each_section(demo, tmp_path):
    out, err = report("--year", "2030")
    assert "没有任何记录" in err and "hold nothing for 2030" in err
    assert "本年度没有招商引资项目的记录。" in out and "](" not in out  # no figure at all


@pytest.mark.parametrize(
    "args, zh, en",
    [
        (["--year", "3000"], "年份须在", "--year must be between 1990 and 2100"),
        (["--year", "2019", "--park", "nowhere"], "没有代码为", "No park with code 'nowhere'"),
        (["--year", "2019", "--user", "nobody"], "没有名为", "No active user named 'nobody'"),
        (["--year", "2019", "--user", "dept"], "不能阅读", "may not read the annual report"),
        (["--year", "2019", "--user", "leader", "--park", "other"], "不能阅读园区", "not other"),
        (["--year", "2019", "--out", "report.pdf"], "文件须以", "must end in .docx, .md or .html"),
    ],
)
def test_bad_input_is_refused_in_both_languages(demo, args, zh, en):
    with pytest.raises(CommandError) as refused:
        report(*args)
    message = str(refused.value)
    assert zh in message and en in message
