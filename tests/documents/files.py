"""Files of every kind the library takes (and some it refuses), made in memory."""

from __future__ import annotations

import io
import zipfile


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF whose pages hold ``pages`` (ASCII text, Helvetica) in their text layer;
    an empty string makes a page with no text (as a scan's)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    pages_id = len(objects) + 1 + 2 * len(pages)
    for text in pages:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 18 Tf 72 720 Td ({escaped}) Tj ET".encode() if text else b""
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty pages (pypdfium2)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(612, 792)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF that opens only with its password (RC4, as old scanners write them)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["secret page"]))))
    writer.encrypt(user_password="open-sesame", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    word = docx.Document()
    for text in paragraphs:
        word.add_paragraph(text)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def zip_bytes(parts: dict[str, bytes], stored: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=kind)
    return out.getvalue()


def odt_bytes(paragraphs: list[str]) -> bytes:
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": content.encode(),
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest/>',
        },
        stored=("mimetype",),
    )


def xlsx_bytes(rows: list[list]) -> bytes:
    from tests.imports.test_jobs import xlsx_bytes as sheet

    return sheet(rows)


def image_bytes(kind: str = "PNG", size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


def docx_bomb(unpacked_mb: int) -> bytes:
    """A DOCX whose document part unpacks to ``unpacked_mb`` MB of zeros."""
    data = docx_bytes(["bomb"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/media/padding.bin"] = b"\0" * (unpacked_mb << 20)
    return zip_bytes(parts)


def entity_bomb_docx() -> bytes:
    """A DOCX whose document part declares the "billion laughs" entities."""
    data = docx_bytes(["x"])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    parts["word/document.xml"] = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{laughs}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    return zip_bytes(parts)


def ole_with_stream(name: str) -> bytes:
    """An OLE2 compound file (xlwt's writer) whose workbook stream is renamed ``name``
    (at most 31 characters): a Word 97 file is one with a ``WordDocument`` stream."""
    import struct

    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("s").write(0, 0, "x")
    out = io.BytesIO()
    book.save(out)
    data = bytearray(out.getvalue())
    old = "Workbook".encode("utf-16-le") + b"\0\0"
    at = data.index(old)
    new = name.encode("utf-16-le") + b"\0\0"
    data[at : at + 64] = new.ljust(64, b"\0")
    struct.pack_into("<H", data, at + 64, len(new))
    return bytes(data)
