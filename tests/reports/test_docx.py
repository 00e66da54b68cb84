"""The Word document is laid out as an official document (GB/T 9704): A4, margins
37/35/28/26 mm, the title in 方正小标宋简体 22 pt, the body in 仿宋_GB2312 16 pt, "一、"
headings in 黑体 and "（一）" headings in 楷体_GB2312 (each font named for East Asian
text), page numbers "— N —" in 14 pt at the foot, odd pages right, even pages left;
the page downloads it, in the reader's view."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from parkbase.reports.word import docx_bytes
from tests.clients import page_client
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


def east_asian(run) -> str | None:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def document(drafts):
    return Document(io.BytesIO(docx_bytes(drafts["outsider"])))


def test_a4_with_the_official_margins(document):
    section = document.sections[0]
    expected = {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 37,
        "bottom_margin": 35,
        "left_margin": 28,
        "right_margin": 26,
    }
    for name, mm in expected.items():
        assert abs(getattr(section, name).mm - mm) < 0.05, name


def test_the_fonts_of_title_body_and_headings(document, drafts):
    draft = drafts["outsider"]
    by_text = {p.text: p for p in document.paragraphs}
    title = by_text[draft.title]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size.pt == 22 and east_asian(title.runs[0]) == "方正小标宋简体"
    part = by_text["一、2019年工作总结"].runs[0]
    assert part.font.size.pt == 16 and east_asian(part) == "黑体"
    stream = by_text["（一）招商引资"].runs[0]
    assert stream.font.size.pt == 16 and east_asian(stream) == "楷体_GB2312"
    body = next(p for p in document.paragraphs if p.text.startswith("一是抓洽谈签约。"))
    assert body.runs[0].font.size.pt == 16 and east_asian(body.runs[0]) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_every_paragraph_of_the_draft_is_in_it(document, drafts):
    texts = [p.text for p in document.paragraphs]
    for paragraph in drafts["outsider"].paragraphs:
        assert paragraph.text in texts
    assert "小飞机制造与试飞基地项目" not in "\n".join(texts)


def test_page_numbers_at_the_foot_between_dashes(document):
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == side
        assert paragraph.text == "— 1 —"
        assert "PAGE" in paragraph._p.xml  # the page number is Word's own field
        assert {r.font.size.pt for r in paragraph.runs} == {14}
        assert {east_asian(r) for r in paragraph.runs} == {"宋体"}


def test_the_page_downloads_the_readers_document(demo):
    park, users = demo
    url = reverse("report-annual-docx", args=[YEAR])
    for name, expected in (("outsider", False), ("leader", True)):
        response = page_client(users[name], "zh-hans").get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert f"annual-shendong-{YEAR}-zh.docx" in response["Content-Disposition"]
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        assert ("小飞机制造与试飞基地项目" in text) is expected, name
        assert "雏鹰项目" in text
