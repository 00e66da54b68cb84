"""A document's text, page by page, from its content (``extract``).

* PDF: each page's text layer (pypdfium2); a page without one is read by OCR where
  Tesseract with simplified Chinese is installed. An encrypted PDF gives nothing.
* DOCX, ODT and DOC: where LibreOffice is installed, the file is made a PDF (whose
  pages the preview shows) and read as one, so the text's pages are the preview's.
  Without it, DOCX gives its text through mammoth and ODT through its content XML
  (defusedxml: no entities), in pages of about ``PAGE_CHARS`` characters; a DOC gives
  nothing and says LibreOffice would read it.
* XLSX and XLS: each sheet is a page, its rows one line each (the imports' bounded
  reader: a sheet too large is refused as in an import).
* TXT: UTF-8, GB18030 or UTF-16, in pages of about ``PAGE_CHARS`` characters.
* JPEG and PNG: OCR where Tesseract is installed.

Reading stops at ``Limits.pages`` pages or ``Limits.seconds`` seconds, whichever comes
first, and says so (status ``partial``); every outcome carries a status and, unless all
went well, a note (a code and its values, worded by the app). Plain Python: no Django.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parkbase.documents.engine import converters
from parkbase.documents.engine.converters import LIBREOFFICE_PACKAGE, TESSERACT_PACKAGE, Tools
from parkbase.imports.reader import UnreadableFile, decode_text, read_table
from parkbase.imports.reader.bounds import Bounds, pieces

PAGE_CHARS = 2000
OCR_SCALE = 300 / 72  # PDF points to pixels at 300 dpi, what Tesseract reads best
MAX_SHEETS = 50


@dataclass(frozen=True)
class Limits:
    pages: int = 2000  # pages read at most
    seconds: int = 600  # time spent reading at most
    ocr_pages: int = 100  # pages read by OCR at most (slow: seconds a page)
    convert_seconds: int = 120  # LibreOffice's time for one file
    ocr_seconds: int = 120  # Tesseract's time for one page
    bounds: Bounds = field(default_factory=Bounds)


@dataclass
class Extraction:
    status: str = "done"  # a value of choices.TextStatus
    pages: list[str] = field(default_factory=list)
    page_count: int | None = None  # the file's pages (PDF), when known
    note: str = ""  # the code of the note the document shows ("" when all went well)
    params: dict = field(default_factory=dict)
    pdf: bytes | None = None  # the file made a PDF by LibreOffice (for the preview)

    def noted(self, status: str, note: str, **params) -> Extraction:
        self.status, self.note, self.params = status, note, params
        return self


Progress = Callable[[int, int], None]


def extract(
    path: Path, kind: str, tools: Tools, limits: Limits, progress: Progress | None = None
) -> Extraction:
    """The text of the file at ``path`` (of ``kind``, as ``detect`` found it)."""
    progress = progress or (lambda done, total: None)
    deadline = time.monotonic() + limits.seconds
    if kind == "pdf":
        return _pdf(path.read_bytes(), tools, limits, deadline, progress)
    if kind in ("docx", "doc", "odt"):
        return _office(path, kind, tools, limits, deadline, progress)
    if kind in ("xlsx", "xls"):
        return _spreadsheet(path, limits, deadline, progress)
    if kind == "txt":
        try:
            text = decode_text(path.read_bytes())
        except UnreadableFile:
            return Extraction().noted("failed", "bad_encoding")
        return _paged(text, limits)
    if kind in ("jpeg", "png"):
        return _image(path, tools, limits)
    return Extraction().noted("failed", "unknown_kind")


# ---------------------------------------------------------------- PDF


def _pdf(data: bytes, tools: Tools, limits: Limits, deadline: float, progress) -> Extraction:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return Extraction().noted("failed", "encrypted_pdf")
        return Extraction().noted("failed", "damaged_pdf", detail=str(exc)[:200])
    result = Extraction()
    try:
        total = len(pdf)
        result.page_count = total
        wanted = min(total, limits.pages)
        blank = ocr_done = 0
        for index in range(wanted):
            if time.monotonic() > deadline:
                return result.noted(
                    "partial", "time_limit", seconds=limits.seconds, read=index, total=total
                )
            page = pdf[index]
            text = _page_text(page)
            if not text.strip():
                if tools.ocr and ocr_done < limits.ocr_pages:
                    text = _ocr_page(page, tools, limits)
                    ocr_done += 1
                blank += not text.strip()
            result.pages.append(text.strip())
            page.close()
            progress(index + 1, wanted)
    finally:
        pdf.close()
    if total == 0:
        return result.noted("empty", "no_pages")
    if blank == len(result.pages):
        if not tools.ocr:
            return result.noted("unavailable", "ocr_missing", package=TESSERACT_PACKAGE)
        return result.noted("empty", "no_text")
    if wanted < total:
        return result.noted("partial", "page_limit", read=wanted, total=total)
    if blank and not tools.ocr:
        return result.noted("partial", "some_scanned", blank=blank, package=TESSERACT_PACKAGE)
    return result


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n")
    finally:
        textpage.close()


def _ocr_page(page, tools: Tools, limits: Limits) -> str:
    image = page.render(scale=OCR_SCALE, grayscale=True).to_pil()
    try:
        return converters.ocr(image, tools.tesseract, limits.ocr_seconds)
    except converters.ConversionFailed:
        return ""


# ---------------------------------------------------------------- Word and OpenDocument


def _office(path: Path, kind: str, tools: Tools, limits: Limits, deadline, progress):
    if tools.soffice:
        try:
            pdf = converters.to_pdf(path, f".{kind}", tools.soffice, limits.convert_seconds)
        except converters.ConversionFailed as exc:
            if kind == "doc":
                return Extraction().noted("failed", "conversion_failed", detail=str(exc))
        else:
            result = _pdf(pdf, tools, limits, deadline, progress)
            result.pdf = pdf
            return result
    if kind == "doc":
        return Extraction().noted("unavailable", "libreoffice_missing", package=LIBREOFFICE_PACKAGE)
    try:
        text = _docx_text(path) if kind == "docx" else _odt_text(path, limits.bounds)
    except UnreadableFile:
        return Extraction().noted("failed", "too_large", limit_mb=limits.bounds.unpacked_mb)
    except Exception as exc:  # a damaged file: the readers raise many kinds
        return Extraction().noted("failed", "damaged", detail=str(exc)[:200])
    result = _paged(text, limits)
    progress(1, 1)
    return result


def _docx_text(path: Path) -> str:
    import mammoth

    with path.open("rb") as f:
        return mammoth.extract_raw_text(f).value


_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _odt_text(path: Path, bounds: Bounds) -> str:
    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as zf:
        content = b"".join(pieces(path, zf, "content.xml", bounds))
    root = ElementTree.fromstring(content)
    blocks = []
    for element in root.iter():
        if element.tag in (_TEXT_NS + "p", _TEXT_NS + "h"):
            blocks.append("".join(element.itertext()))
    return "\n".join(blocks)


# ---------------------------------------------------------------- spreadsheets and text


def _spreadsheet(path: Path, limits: Limits, deadline: float, progress) -> Extraction:
    from python_calamine import CalamineWorkbook

    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names[:MAX_SHEETS]
    except Exception as exc:  # a damaged workbook
        return Extraction().noted("failed", "damaged", detail=str(exc)[:200])
    result = Extraction(page_count=len(names))
    found = False
    for index, name in enumerate(names[: limits.pages]):
        if time.monotonic() > deadline:
            return result.noted("partial", "time_limit", seconds=limits.seconds, read=index)
        try:
            _sheet, rows = read_table(path, name)
        except UnreadableFile as exc:
            if getattr(exc, "reason", "") == "too_large":
                return result.noted("failed", "too_large", limit_mb=limits.bounds.unpacked_mb)
            rows = []  # an empty sheet
        lines = [line for row in rows if (line := "\t".join(map(cell_text, row)).rstrip())]
        found = found or bool(lines)
        result.pages.append(f"{name}\n" + "\n".join(lines))
        progress(index + 1, len(names))
    if not found:
        return result.noted("empty", "no_text")
    return result


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _paged(text: str, limits: Limits) -> Extraction:
    result = Extraction(pages=split_pages(text))
    if not text.strip():
        result.pages = []
        return result.noted("empty", "no_text")
    if len(result.pages) > limits.pages:
        total = len(result.pages)
        result.pages = result.pages[: limits.pages]
        return result.noted("partial", "page_limit", read=limits.pages, total=total)
    return result


def split_pages(text: str, size: int = PAGE_CHARS) -> list[str]:
    """Text cut into pages of about ``size`` characters, at line ends where it can."""
    pages, current, length = [], [], 0
    for line in text.replace("\r\n", "\n").split("\n"):
        while len(line) > size:  # one very long line: cut it
            if current:
                pages.append("\n".join(current))
                current, length = [], 0
            pages.append(line[:size])
            line = line[size:]
        if length + len(line) > size and current:
            pages.append("\n".join(current))
            current, length = [], 0
        current.append(line)
        length += len(line) + 1
    if current:
        pages.append("\n".join(current))
    return [page.strip("\n") for page in pages if page.strip()] or [""]


# ---------------------------------------------------------------- images


def _image(path: Path, tools: Tools, limits: Limits) -> Extraction:
    if not tools.ocr:
        return Extraction(page_count=1).noted(
            "unavailable", "ocr_missing", package=TESSERACT_PACKAGE
        )
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()
            text = converters.ocr(image.convert("L"), tools.tesseract, limits.ocr_seconds)
    except converters.ConversionFailed as exc:
        return Extraction(page_count=1).noted("failed", "conversion_failed", detail=str(exc))
    except Exception as exc:  # a damaged image
        return Extraction(page_count=1).noted("failed", "damaged_image", detail=str(exc)[:200])
    if not text.strip():
        return Extraction(page_count=1).noted("empty", "no_text")
    return Extraction(pages=[text.strip()], page_count=1)
