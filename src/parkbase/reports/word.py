"""The annual draft as a Word document laid out as an official document (党政机关公文格式,
GB/T 9704-2012): A4, margins 37 mm top, 35 mm bottom, 28 mm left (binding), 26 mm
right; the title in 方正小标宋简体 2号 (22 pt), centred; the body in 仿宋_GB2312 3号
(16 pt), each paragraph indented two characters; "一、" headings in 黑体 3号 and
"（一）" headings in 楷体_GB2312 3号; page numbers at the foot in 4号 (14 pt) 宋体
between em dashes ("— 1 —"), odd pages to the right, even pages to the left.

Every font is named for East Asian text too (``w:eastAsia`` of ``w:rFonts``), so Word
uses it for the Chinese characters and not only for Latin ones."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from parkbase.reports.engine import Draft, piece_text

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"  # "一、"
SUBHEADING_FONT = "楷体_GB2312"  # "（一）"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE = Pt(29)  # 22 lines in the 225 mm text block
INDENT = Pt(32)  # two characters of 3号

PAGE = {"width": Mm(210), "height": Mm(297)}
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}


def set_font(target, east_asian: str, size, *, bold: bool = False) -> None:
    """A style's or a run's font: ``east_asian`` for Chinese characters (w:eastAsia),
    Times New Roman for Latin letters and digits."""
    font = target.font
    font.name = LATIN_FONT
    font.size = size
    font.bold = bold
    element = target.element if hasattr(target, "element") else target._element
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _layout(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Mm(28)
    normal = document.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    spacing = normal.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = LINE
    spacing.space_before = spacing.space_after = Pt(0)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, alignment) -> None:
    """ "— N —" in 4号 宋体, a character in from the edge of the text block."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    spacing = paragraph.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        spacing.right_indent = PAGE_NUMBER_SIZE
    else:
        spacing.left_indent = PAGE_NUMBER_SIZE
    set_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    run = paragraph.add_run()
    set_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "PAGE":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            run._r.append(instruction)
        else:
            shown = OxmlElement("w:t")
            shown.text = text
            run._r.append(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)
    set_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _paragraph(document, text: str, font: str, size, *, centred=False, indent=True, bold=False):
    paragraph = document.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            paragraph.paragraph_format.first_line_indent = INDENT
    set_font(paragraph.add_run(text), font, size, bold=bold)
    return paragraph


def _picture(document, png: bytes) -> None:
    """A chart across the text block, centred."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    width = PAGE["width"] - MARGINS["left"] - MARGINS["right"]
    paragraph.add_run().add_picture(io.BytesIO(png), width=width)


def docx_bytes(draft: Draft, images: dict[str, bytes] | None = None) -> bytes:
    """The draft as a .docx file; ``images``: charts (PNG) placed after the section of
    their key (reports.annual_charts)."""
    document = Document()
    _layout(document)
    document.core_properties.title = draft.title
    title = _paragraph(document, draft.title, TITLE_FONT, TITLE_SIZE, centred=True)
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.space_after = LINE  # a blank line under the title
    _paragraph(document, draft.intro.text, BODY_FONT, BODY_SIZE)
    for part in draft.parts:
        _paragraph(document, part.heading, HEADING_FONT, BODY_SIZE)
        for section in part.sections:
            _paragraph(document, section.heading, SUBHEADING_FONT, BODY_SIZE)
            for p in section.paragraphs:
                text = p.lead + "".join(piece_text(piece) for piece in p.pieces)
                _paragraph(document, text, BODY_FONT, BODY_SIZE)
            if images and section.key in images:
                _picture(document, images[section.key])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
