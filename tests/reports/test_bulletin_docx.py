"""The bulletin as a Word document: A4, the masthead in red 方正小标宋简体, headings in
黑体, paragraphs in 仿宋_GB2312 and tables in 宋体 (each font named for East Asian
text), its three charts as pictures, the partial notice boxed; the page downloads it
in the reader's view; the annual draft's document carries its indicators chart."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from parkbase.reports.annual_charts import annual_images
from parkbase.reports.word import docx_bytes as annual_docx
from parkbase.reports.word_bulletin import docx_bytes, images
from tests.clients import page_client
from tests.reports.conftest import YEAR
from tests.reports.test_bulletin import CODE_NAME, REAL_NAME, bulletin_of

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n"


def east_asian(run) -> str | None:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def document(demo, django_db_blocker):
    park, users = demo
    with django_db_blocker.unblock():
        bulletin, _facts = bulletin_of(park, users["outsider"])
        drawn = images(bulletin)
    return Document(io.BytesIO(docx_bytes(bulletin, drawn))), bulletin, drawn


def test_a4_portrait(document):
    section = document[0].sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.page_width < section.page_height


def test_the_fonts_are_named(document):
    doc, bulletin, _drawn = document
    by_text = {p.text: p for p in doc.paragraphs}
    title = by_text["经济运行简报"].runs[0]
    assert east_asian(title) == "方正小标宋简体" and title.font.color.rgb == (0xC0, 0, 0)
    assert east_asian(by_text["一、总体情况"].runs[0]) == "黑体"
    body = next(p for p in doc.paragraphs if p.text.startswith("1–11月，规上工业总产值完成"))
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size.pt == 12
    notice = next(p for p in doc.paragraphs if p.text.startswith("本期为部分数据"))
    assert notice.runs[0].font.bold and "w:pBdr" in notice._p.xml  # boxed
    indicators = doc.tables[0]
    assert indicators.rows[0].cells[0].text == "指标"
    for row, font in ((0, "黑体"), (1, "宋体")):
        style = indicators.rows[row].cells[0].paragraphs[0].style
        assert style.element.rPr.rFonts.get(qn("w:eastAsia")) == font
        assert style.font.size.pt == 9
    assert indicators.rows[1].cells[0].text == "规上工业总产值"
    assert indicators.rows[1].cells[4].text == "21.07"


def test_the_charts_are_pictures(document):
    doc, bulletin, drawn = document
    assert set(drawn) == {"trend", "enterprises", "departments"}
    assert all(png.startswith(PNG) for png in drawn.values())
    pictures = [r.target_part.blob for r in doc.part.rels.values() if "image" in r.reltype]
    assert sorted(pictures) == sorted(drawn.values())
    blips = doc.element.body.xml.count("<a:blip ")
    assert blips == 3


def test_every_paragraph_and_row_is_in_it(document):
    doc, bulletin, _drawn = document
    text = "\n".join(p.text for p in doc.paragraphs)
    for paragraph in bulletin.paragraphs:
        assert paragraph.text in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert CODE_NAME in cells and REAL_NAME not in cells


def test_the_page_downloads_the_readers_document(demo):
    park, users = demo
    url = reverse("report-monthly-docx", args=["2020-11"])
    for name, real in (("outsider", False), ("leader", True)):
        response = page_client(users[name], "zh-hans").get(url)
        assert response.status_code == 200
        assert "bulletin-shendong-2020-11-zh.docx" in response["Content-Disposition"]
        doc = Document(io.BytesIO(response.content))
        cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
        assert (REAL_NAME in cells) is real, name


def test_the_annual_document_shows_the_indicators_against_their_targets(demo, drafts):
    park, users = demo
    charts = annual_images(park, YEAR, users["outsider"])
    assert set(charts) == {"indicators"} and charts["indicators"].startswith(PNG)
    doc = Document(io.BytesIO(annual_docx(drafts["outsider"], charts)))
    assert doc.element.body.xml.count("<a:blip ") == 1
    texts = [p.text for p in doc.paragraphs]
    heading = texts.index("（五）主要经济指标")
    picture = next(i for i, p in enumerate(doc.paragraphs) if "<a:blip " in p._p.xml)
    assert picture > heading
    response = page_client(users["leader"], "zh-hans").get(
        reverse("report-annual-docx", args=[YEAR])
    )
    assert Document(io.BytesIO(response.content)).element.body.xml.count("<a:blip ") == 1
