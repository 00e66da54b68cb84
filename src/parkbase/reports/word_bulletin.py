"""The monthly bulletin as a Word document laid out as a 简报 a leader reads on paper,
two A4 pages: the masthead (经济运行简报 in red 方正小标宋简体, the issue, who issues it and
when, a red rule), a boxed notice where figures are partial or missing, "一、"
headings in 黑体, paragraphs in 仿宋_GB2312 (小四, 12 pt) indented two characters,
tables in 宋体 小五 (9 pt) with the numbers aligned right, and the charts as pictures
(side by side where a block has two). Page numbers "— N —" at the foot, as the
annual draft's. Every font is named for East Asian text too (``w:eastAsia``)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from parkbase.reports import charts
from parkbase.reports.engine.bulletin import Bulletin, Table, cell_text
from parkbase.reports.engine.text import Paragraph, piece_text
from parkbase.reports.word import (
    BODY_FONT,
    HEADING_FONT,
    TITLE_FONT,
    _page_number,
    set_font,
)

NOTICE_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)
MASTHEAD_SIZE = Pt(32)
ISSUE_SIZE = Pt(12)
HEADING_SIZE = Pt(14)  # 四号
BODY_SIZE = Pt(12)  # 小四
TABLE_SIZE = Pt(9)  # 小五
NOTE_SIZE = Pt(9)
LINE = Pt(19)
INDENT = Pt(24)  # two characters of 小四

PAGE = {"width": Mm(210), "height": Mm(297)}
MARGINS = {"top": Mm(22), "bottom": Mm(20), "left": Mm(24), "right": Mm(22)}
TEXT_WIDTH_MM = 210 - 24 - 22
CHART_HEIGHT_MM = {"months": 40, "changes": 50}
HEADER_SHADE = "E7E6E6"
CELL_STYLE, HEAD_STYLE = "Bulletin Table Cell", "Bulletin Table Header"
STYLE_IDS = {CELL_STYLE: "BulletinTableCell", HEAD_STYLE: "BulletinTableHeader"}


def _layout(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Mm(10)
    normal = document.styles["Normal"]
    set_font(normal, BODY_FONT, BODY_SIZE)
    spacing = normal.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = LINE
    spacing.space_before = spacing.space_after = Pt(0)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    _table_styles(document)


def _border(paragraph, side: str, colour: str, size: int, space: int = 1) -> None:
    """A rule on one side of a paragraph (``size`` in eighths of a point)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), colour)
    borders.append(line)


def _text(document_or_cell, text: str, font: str, size, **options):
    paragraph = document_or_cell.add_paragraph()
    align = options.get("align")
    if align is not None:
        paragraph.alignment = align
    elif options.get("indent", True):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = INDENT
    run = paragraph.add_run(text)
    set_font(run, font, size, bold=options.get("bold", False))
    if options.get("colour") is not None:
        run.font.color.rgb = options["colour"]
    return paragraph


def _masthead(document, b: Bulletin) -> None:
    title = _text(
        document, b.title, TITLE_FONT, MASTHEAD_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, colour=RED
    )
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title.paragraph_format.line_spacing = Pt(40)
    _text(document, b.issue, BODY_FONT, ISSUE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    set_font(line.add_run(f"{b.issuer}\t{b.dated}"), NOTICE_FONT, ISSUE_SIZE)
    line.paragraph_format.space_after = Pt(8)
    _border(line, "bottom", "C00000", 18, 4)


def _notice(document, p: Paragraph) -> None:
    paragraph = _text(document, p.text, NOTICE_FONT, BODY_SIZE, bold=True)
    paragraph.paragraph_format.space_before = Pt(4)
    paragraph.paragraph_format.space_after = Pt(2)
    for side in ("top", "left", "bottom", "right"):
        _border(paragraph, side, "C00000", 6, 2)


def _table_styles(document) -> None:
    """The paragraph styles of the tables' cells: 宋体 小五 (the header row in 黑体),
    single spaced, not indented; a cell names its style (by id, ``w:pStyle``) instead of
    its run's fonts."""
    for name, font in ((CELL_STYLE, TABLE_FONT), (HEAD_STYLE, HEADING_FONT)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = STYLE_IDS[name]
        style.base_style = document.styles["Normal"]
        set_font(style, font, TABLE_SIZE)
        spacing = style.paragraph_format
        spacing.line_spacing_rule = WD_LINE_SPACING.SINGLE
        spacing.first_line_indent = Pt(0)
        spacing.space_before = spacing.space_after = Pt(0)


def _cell_format(cell, text: str, *, right: bool, header: bool, colour=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = STYLE_IDS[HEAD_STYLE if header else CELL_STYLE]
    if header:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    if colour is not None:
        run.font.color.rgb = colour
    if header:
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:color"), "auto")
        shade.set(qn("w:fill"), HEADER_SHADE)
        cell._tc.get_or_add_tcPr().append(shade)


def _cell_margins(table, mm: float = 0.8) -> None:
    t_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", 0.3), ("bottom", 0.3), ("left", mm), ("right", mm)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(int(value * 56.7)))  # twentieths of a point per mm
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    t_pr.append(margins)


def _table(document, t: Table) -> None:
    table = document.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table)
    total = sum(t.widths)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in t.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    rows = table.rows  # each row's cells read once: python-docx builds them on each read
    for i, (cell, text) in enumerate(zip(rows[0].cells, t.header, strict=True)):
        cell.width = widths[i]
        _cell_format(cell, text, right=False, header=True)
    for r, row in enumerate(t.rows, start=1):
        behind = t.behind[r - 1] if r - 1 < len(t.behind) else False
        for i, (cell, value) in enumerate(zip(rows[r].cells, row, strict=True)):
            cell.width = widths[i]
            last = i == len(row) - 1
            colour = RED if behind and last and t.key == "indicators" else None
            _cell_format(
                cell, cell_text(value), right=i >= t.numeric_from, header=False, colour=colour
            )
    _repeat_header(rows[0])
    if t.note:
        note = _text(document, t.note, BODY_FONT, NOTE_SIZE, indent=False)
        note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        note.paragraph_format.space_before = Pt(2)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def _charts(document, charts: list, images: dict[str, bytes]) -> None:
    drawn = [c for c in charts if c.key in images]
    if not drawn:
        return
    if len(drawn) == 1:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_before = Pt(4)
        paragraph.add_run().add_picture(io.BytesIO(images[drawn[0].key]), width=Mm(TEXT_WIDTH_MM))
        return
    table = document.add_table(rows=1, cols=len(drawn))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, 0.5)
    width = TEXT_WIDTH_MM / len(drawn)
    for cell, chart in zip(table.rows[0].cells, drawn, strict=True):
        cell.width = Mm(width)
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.add_run().add_picture(io.BytesIO(images[chart.key]), width=Mm(width - 2))


def chart_size(chart, columns: int) -> tuple[float, float]:
    """The size in mm a chart is drawn at: the text block's width (or its share of
    it beside another), so that its lettering prints at the size it was drawn."""
    width = TEXT_WIDTH_MM if columns == 1 else TEXT_WIDTH_MM / columns - 2
    return width, CHART_HEIGHT_MM.get(chart.kind, 55)


def images(b: Bulletin) -> dict[str, bytes]:
    """Every chart of the bulletin drawn, at the size the document prints it."""
    out = {}
    for block in b.blocks:
        for item in block.items:
            if isinstance(item, list):
                for chart in item:
                    out[chart.key] = charts.draw(chart, chart_size(chart, len(item)))
    return out


def docx_bytes(b: Bulletin, images: dict[str, bytes]) -> bytes:
    """The bulletin as a .docx file, with the charts' PNGs (by chart key)."""
    document = Document()
    _layout(document)
    document.core_properties.title = f"{b.title} {b.issue}"
    _masthead(document, b)
    if b.notice is not None:
        _notice(document, b.notice)
    for block in b.blocks:
        heading = _text(document, block.heading, HEADING_FONT, HEADING_SIZE, indent=False)
        heading.paragraph_format.space_before = Pt(4)
        heading.paragraph_format.keep_with_next = True
        for item in block.items:
            if isinstance(item, Paragraph):
                text = item.lead + "".join(piece_text(p) for p in item.pieces)
                _text(document, text, BODY_FONT, BODY_SIZE)
            elif isinstance(item, Table):
                _table(document, item)
            else:
                _charts(document, item, images)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
