"""Text read from every kind of file, with the optional converters there and not
(a setting naming no program hides one): the status and note say what happened,
never a silent empty text."""

from __future__ import annotations

import shutil

import pytest

from parkbase.documents import preview
from parkbase.documents.engine.converters import LIBREOFFICE_PACKAGE, TESSERACT_PACKAGE
from parkbase.documents.messages import NOTES, both
from parkbase.documents.models import DocumentPage
from tests.documents.files import (
    blank_pdf,
    docx_bytes,
    encrypted_pdf,
    image_bytes,
    odt_bytes,
    pdf_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
HAS_LIBREOFFICE = shutil.which("soffice") is not None
HAS_TESSERACT = shutil.which("tesseract") is not None
needs_libreoffice = pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice not installed")
needs_tesseract = pytest.mark.skipif(not HAS_TESSERACT, reason="Tesseract not installed")


def texts(document) -> list[str]:
    return list(
        DocumentPage.objects.filter(document=document)
        .order_by("number")
        .values_list("text", flat=True)
    )


def test_a_pdf_gives_its_text_page_by_page(upload, no_converters):
    document = upload(pdf_bytes(["First page", "Second page", "Third"]), "a.pdf").document
    assert document.text_status == "done" and document.text_note == ""
    assert document.page_count == 3
    assert texts(document) == ["First page", "Second page", "Third"]
    assert preview.page_total(document) == 3


def test_a_docx_without_libreoffice_gives_its_text_through_mammoth(upload, no_converters):
    document = upload(docx_bytes(["园区2019年工作总结", "一是招商引资"]), "a.docx").document
    assert document.text_status == "done"
    assert "一是招商引资" in texts(document)[0]
    assert preview.mode(document) == "html"
    assert "<p>一是招商引资</p>" in preview.html_pages(document)[0]


@needs_libreoffice
def test_a_docx_with_libreoffice_becomes_pdf_pages(upload, settings):
    settings.PARKBASE_DOCUMENT_TESSERACT = ""
    document = upload(docx_bytes(["园区2019年工作总结", "一是招商引资"]), "a.docx").document
    assert document.text_status == "done"
    assert document.preview_pdf.endswith("preview.pdf")
    assert preview.mode(document) == "pages" and preview.page_total(document) == 1
    assert preview.page_png(document, 1).startswith(b"\x89PNG")
    assert "招商引资" in texts(document)[0].replace(" ", "")


def test_a_doc_without_libreoffice_is_kept_and_names_the_package(upload, no_converters):
    from tests.documents.test_upload import word97_bytes

    document = upload(word97_bytes(), "old.doc").document
    assert document.kind == "doc"
    assert document.text_status == "unavailable" and document.text_note == "libreoffice_missing"
    words = both(NOTES, document.text_note, document.text_params)
    assert LIBREOFFICE_PACKAGE in words["zh"] and LIBREOFFICE_PACKAGE in words["en"]
    assert preview.mode(document) == "none"


def test_an_xlsx_gives_each_sheet_as_a_page_and_a_table(upload, no_converters):
    document = upload(xlsx_bytes([["企业", "产值"], ["中钞信达", 1200]]), "t.xlsx").document
    assert document.text_status == "done"
    assert "中钞信达\t1200" in texts(document)[0]
    assert preview.mode(document) == "table"
    assert preview.table_page(document, 1)["rows"][1] == ["中钞信达", "1200"]


def test_an_odt_gives_its_paragraphs(upload, no_converters):
    document = upload(odt_bytes(["第一段", "第二段"]), "t.odt").document
    assert texts(document) == ["第一段\n第二段"]
    assert preview.mode(document) == "text"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_plain_text_in_any_of_its_encodings(upload, no_converters, encoding):
    document = upload("关于园区用地的通知\n第二行".encode(encoding), "n.txt").document
    assert texts(document) == ["关于园区用地的通知\n第二行"]


def test_a_scan_without_ocr_says_which_package_reads_it(upload, no_converters):
    document = upload(pdf_bytes(["", ""]), "scan.pdf").document
    assert document.text_status == "unavailable" and document.text_note == "ocr_missing"
    assert TESSERACT_PACKAGE in both(NOTES, document.text_note, document.text_params)["zh"]
    assert preview.mode(document) == "pages"  # its pages are still shown


def test_an_image_without_ocr_is_kept_and_shown(upload, no_converters):
    document = upload(image_bytes("PNG", (300, 200)), "photo.png").document
    assert document.text_status == "unavailable" and document.text_note == "ocr_missing"
    data, media = preview.image_bytes(document)
    assert media == "image/png" and data.startswith(b"\x89PNG")


@needs_tesseract
def test_a_scanned_image_is_read_by_ocr(upload, settings):
    from PIL import Image, ImageDraw, ImageFont

    settings.PARKBASE_DOCUMENT_SOFFICE = ""
    image = Image.new("L", (900, 160), 255)
    fonts = [
        f
        for f in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",)
        if shutil.os.path.exists(f)
    ]
    if not fonts:
        pytest.skip("no CJK font to draw with")
    ImageDraw.Draw(image).text(
        (20, 40), "园区工作总结", font=ImageFont.truetype(fonts[0], 72), fill=0
    )
    import io

    out = io.BytesIO()
    image.save(out, "PNG")
    document = upload(out.getvalue(), "scan.png").document
    assert document.text_status == "done"
    assert "工作总结" in texts(document)[0].replace(" ", "")


def test_an_encrypted_pdf_is_kept_with_a_note_and_no_preview(upload, no_converters):
    document = upload(encrypted_pdf(), "secret.pdf").document
    assert document.text_status == "failed" and document.text_note == "encrypted_pdf"
    assert preview.mode(document) == "none"
    assert "加密" in both(NOTES, "encrypted_pdf")["zh"]


def test_a_pdf_of_5000_pages_is_read_within_the_limit_and_previewed_page_by_page(
    upload, no_converters, settings
):
    settings.PARKBASE_DOCUMENT_TEXT_PAGES = 50
    document = upload(blank_pdf(5000), "huge.pdf").document
    assert document.page_count == 5000
    assert DocumentPage.objects.filter(document=document).count() == 50
    assert document.text_note in ("page_limit", "ocr_missing")  # blank pages: no text
    assert preview.page_total(document) == 5000
    assert preview.page_png(document, 4321).startswith(b"\x89PNG")
    assert preview.page_png(document, 5001) is None


def test_a_pdf_of_many_pages_with_text_notes_the_page_limit(upload, no_converters, settings):
    settings.PARKBASE_DOCUMENT_TEXT_PAGES = 2
    document = upload(pdf_bytes(["one", "two", "three"]), "long.pdf").document
    assert document.text_status == "partial" and document.text_note == "page_limit"
    assert document.text_params == {"read": 2, "total": 3}
    assert "3" in both(NOTES, document.text_note, document.text_params)["zh"]


def test_a_large_file_is_read_in_the_background_and_says_so_meanwhile(
    upload, no_converters, django_capture_on_commit_callbacks, monkeypatch
):
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr(HUEY, "immediate", True)
    with django_capture_on_commit_callbacks() as queued:
        document = upload(pdf_bytes(["later"]), "big.pdf", read_now=False).document
        document.refresh_from_db()
        assert document.text_status == "pending" and document.busy
    assert len(queued) == 1
    queued[0]()
    document.refresh_from_db()
    assert document.text_status == "done" and texts(document) == ["later"]
