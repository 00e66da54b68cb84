"""What the browser shows of a document, page by page, made on the server on demand
and kept under the data directory (``storage.keep_derived``):

* a PDF, and a Word or OpenDocument file LibreOffice made a PDF of: each page rendered
  by pypdfium2 as a PNG of at most ``PARKBASE_DOCUMENT_PAGE_WIDTH`` pixels wide, only
  the page asked for (a file of 5,000 pages costs one page a view);
* a Word file without LibreOffice: mammoth's HTML, cleaned (``engine.html``), in pages;
* a spreadsheet: each sheet a page, its first ``TABLE_ROWS`` rows as a table;
* an image: itself, re-encoded by Pillow at a bounded size (never the bytes uploaded);
* anything else with text (plain text, an OpenDocument file without LibreOffice): the
  text read from it, page by page.
Every function takes a document its caller read in the user's scope."""

from __future__ import annotations

import io
import json

from django.conf import settings

from parkbase.core.scoping import UNDER_PARENT
from parkbase.documents import storage
from parkbase.documents.choices import IMAGES, SPREADSHEETS, Preview, TextStatus
from parkbase.documents.engine import html
from parkbase.documents.engine.extract import cell_text
from parkbase.documents.models import DocumentPage
from parkbase.imports.reader import UnreadableFile, read_table

TABLE_ROWS, TABLE_COLUMNS = 200, 40
IMAGE_SIDE = 2000
UNREADABLE_PDF = ("encrypted_pdf", "damaged_pdf")


def mode(document) -> str:
    kind = document.kind
    if kind == "pdf":
        return Preview.NONE if document.text_note in UNREADABLE_PDF else Preview.PAGES
    if document.preview_pdf:
        return Preview.PAGES
    if kind == "docx":
        return Preview.HTML
    if kind in SPREADSHEETS:
        return Preview.TABLE
    if kind in IMAGES:
        return Preview.NONE if document.text_note == "damaged_image" else Preview.IMAGE
    if document.text_status in (TextStatus.DONE, TextStatus.PARTIAL):
        return Preview.TEXT
    return Preview.NONE


def page_total(document) -> int:
    shown = mode(document)
    if shown == Preview.PAGES:
        return document.page_count or _pdf_pages(document)
    if shown == Preview.HTML:
        return len(html_pages(document))
    if shown == Preview.TABLE:
        return len(_sheets(document)) or 1
    if shown == Preview.TEXT:
        return _text_pages(document).count() or 1
    return 1


def _pdf_source(document) -> str:
    return document.preview_pdf or document.file.name


def _open_pdf(document):
    import pypdfium2 as pdfium

    with storage.local_copy(_pdf_source(document)) as path:
        return pdfium.PdfDocument(str(path))


def _pdf_pages(document) -> int:
    pdf = _open_pdf(document)
    try:
        return len(pdf)
    finally:
        pdf.close()


def page_png(document, number: int) -> bytes | None:
    """Page ``number`` (from 1) as a PNG, rendered once and kept; None past the end."""
    width = max(200, min(settings.PARKBASE_DOCUMENT_PAGE_WIDTH, 2400))
    part = f"pages/{number}-{width}.png"
    kept = storage.read_derived(document.sha256, part)
    if kept is not None:
        return kept
    pdf = _open_pdf(document)
    try:
        if not 1 <= number <= len(pdf):
            return None
        page = pdf[number - 1]
        scale = width / max(page.get_width(), 1)
        image = page.render(scale=min(scale, 4.0)).to_pil()
        page.close()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    data = out.getvalue()
    storage.keep_derived(document.sha256, part, data)
    return data


def html_pages(document) -> list[str]:
    kept = storage.read_derived(document.sha256, "preview-html.json")
    if kept is not None:
        return json.loads(kept)
    try:
        with storage.local_copy(document.file.name) as path:
            pages = html.docx_pages(path)
    except Exception:  # a damaged Word file: its note says so; nothing to show
        return [""]
    storage.keep_derived(document.sha256, "preview-html.json", json.dumps(pages).encode())
    return pages


def _sheets(document) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        with storage.local_copy(document.file.name) as path:
            return CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # a damaged workbook
        return []


def table_page(document, number: int) -> dict:
    """Sheet ``number``: its name and its first rows (cells as text)."""
    names = _sheets(document)
    if not 1 <= number <= len(names):
        return {"name": "", "rows": [], "more": False}
    try:
        with storage.local_copy(document.file.name) as path:
            _name, rows = read_table(path, names[number - 1])
    except UnreadableFile as exc:
        return {"name": names[number - 1], "rows": [], "more": False, "error": str(exc)}
    shown = [[cell_text(c) for c in row[:TABLE_COLUMNS]] for row in rows[:TABLE_ROWS]]
    return {"name": names[number - 1], "rows": shown, "more": len(rows) > TABLE_ROWS}


def image_bytes(document) -> tuple[bytes, str]:
    """The image re-encoded at most ``IMAGE_SIDE`` pixels a side: (bytes, media type)."""
    from PIL import Image

    part = "image.png" if document.kind == "png" else "image.jpg"
    media = "image/png" if document.kind == "png" else "image/jpeg"
    kept = storage.read_derived(document.sha256, part)
    if kept is not None:
        return kept, media
    with storage.local_copy(document.file.name) as path, Image.open(path) as image:
        image.thumbnail((IMAGE_SIDE, IMAGE_SIDE))
        out = io.BytesIO()
        if document.kind == "png":
            image.save(out, "PNG", optimize=True)
        else:
            image.convert("RGB").save(out, "JPEG", quality=85)
    data = out.getvalue()
    storage.keep_derived(document.sha256, part, data)
    return data, media


def _text_pages(document):
    return DocumentPage.objects.unscoped(UNDER_PARENT).filter(document=document)


def text_page(document, number: int) -> str:
    page = _text_pages(document).filter(number=number).first()
    return page.text if page else ""
