"""Uploads: the kind is told from the content, the file is stored under its checksum,
the same file is recognised only by those who see it, and every bad input is refused
(or kept safely) with a message in Chinese and English."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from parkbase.core.choices import Role
from parkbase.documents.messages import DocumentRefused
from parkbase.documents.models import Document
from tests.documents.files import (
    docx_bomb,
    docx_bytes,
    entity_bomb_docx,
    image_bytes,
    odt_bytes,
    pdf_bytes,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (lambda: pdf_bytes(["a"]), "report.docx", "pdf"),
        (lambda: docx_bytes(["正文"]), "scan.pdf", "docx"),
        (lambda: xlsx_bytes([["a", "b"], [1, 2]]), "table.pdf", "xlsx"),
        (lambda: odt_bytes(["正文"]), "text.txt", "odt"),
        (lambda: image_bytes("PNG"), "photo.jpg", "png"),
        (lambda: image_bytes("JPEG"), "photo.png", "jpeg"),
        (lambda: "园区通知\n".encode("gb18030"), "notice.pdf", "txt"),
    ],
)
def test_the_kind_comes_from_the_content_not_the_name(upload, no_converters, make, name, kind):
    document = upload(make(), name).document
    assert document.kind == kind
    assert document.file.name.endswith(document.sha256 + {"jpeg": ".jpg"}.get(kind, f".{kind}"))
    assert document.original_name == name


def test_a_file_is_stored_under_its_checksum_never_its_name(upload, media, no_converters):
    document = upload(pdf_bytes(["x"]), "../../etc/passwd\u202egpj.pdf").document
    path = media / document.file.name
    assert path.is_file() and path.resolve().is_relative_to(media.resolve())
    assert document.file.name.startswith("documents/originals/")
    assert "passwd" not in document.file.name
    assert document.original_name == "passwdgpj.pdf"  # no folders, no direction override
    assert document.title == "passwdgpj"


@pytest.mark.parametrize("name", ["..\\..\\win.ini.txt", "a/b/../c.txt", "\x07bell\x1b.txt"])
def test_names_with_folders_or_control_characters_are_cleaned(upload, no_converters, name):
    document = upload(b"plain text", name).document
    assert "/" not in document.original_name and "\\" not in document.original_name
    assert document.original_name.isprintable()


def test_the_same_file_is_recognised_for_whoever_sees_it(world, upload, no_converters):
    first = upload(pdf_bytes(["same"]), "a.pdf").document
    again = upload(pdf_bytes(["same"]), "b.pdf")
    assert again.created is False and again.document.pk == first.pk
    assert Document.objects.filter(sha256=first.sha256).count() == 1


def test_the_same_file_is_a_new_document_for_who_does_not_see_the_first(
    world, upload, no_converters
):
    """The first is the park's own (linked to nothing): a department user's upload of
    the same file (if departments could upload) must not learn of it; the check runs
    through the uploader's scope."""
    staff, dept = world.users[Role.STAFF], world.users[Role.DEPARTMENT]
    first = upload(pdf_bytes(["same"]), "a.pdf", user=staff).document
    second = upload(pdf_bytes(["same"]), "b.pdf", user=dept)
    assert second.created is True and second.document.pk != first.pk
    assert second.document.file.name == first.file.name  # one copy of the bytes


def _refused(upload, data, name, **values) -> DocumentRefused:
    with pytest.raises(DocumentRefused) as caught:
        upload(data, name, **values)
    words = caught.value.both()
    assert words["zh"] != words["en"] and name in words["zh"]
    assert any("\u4e00" <= c <= "\u9fff" for c in words["zh"].split("：", 1)[1])
    return caught.value


def test_a_renamed_program_is_refused(upload):
    program = b"MZ\x90\x00\x03" + b"\0" * 200 + b"This program cannot be run in DOS mode"
    assert _refused(upload, program, "年度报告.pdf").refusal == "program"
    assert Document.objects.count() == 0
    assert not default_storage.exists("documents/originals")


def test_a_zero_byte_file_is_refused(upload):
    assert _refused(upload, b"", "empty.pdf").refusal == "empty"


def test_a_file_over_the_size_limit_is_refused(upload, settings):
    settings.PARKBASE_DOCUMENT_MAX_MB = 1
    assert _refused(upload, b"a" * (1 << 20) + b"a", "big.txt").refusal == "too_large"


@pytest.mark.parametrize("make", [lambda: docx_bomb(3), lambda: _xlsx_bomb(3)])
def test_a_zip_bomb_dressed_as_office_is_refused_before_it_is_read(upload, settings, make):
    settings.PARKBASE_DOCUMENT_MAX_UNPACKED_MB = 2
    assert _refused(upload, make(), "bomb.docx").refusal == "zip_unpacked"


def _xlsx_bomb(unpacked_mb: int) -> bytes:
    import io
    import zipfile

    data = xlsx_bytes([["a"], [1]])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"] + b" " * (
        unpacked_mb << 20
    )
    return zip_bytes(parts)


def test_a_zip_of_too_many_parts_is_refused(upload, settings):
    settings.PARKBASE_DOCUMENT_MAX_PARTS = 50
    parts = {"word/document.xml": b"<w:document/>"} | {f"x/{i}.bin": b"" for i in range(60)}
    assert _refused(upload, zip_bytes(parts), "many.docx").refusal == "zip_members"


def test_an_xml_entity_bomb_inside_a_docx_is_refused(upload):
    assert _refused(upload, entity_bomb_docx(), "laughs.docx").refusal == "xml_entities"


def test_a_corrupt_image_is_refused(upload):
    good = image_bytes("JPEG", (300, 200))
    corrupt = good[:200] + bytes(range(256)) * 4
    assert _refused(upload, corrupt, "photo.jpg").refusal == "damaged_image"
    broken_png = image_bytes("PNG")[:60] + b"garbage" * 10
    assert _refused(upload, broken_png, "photo.png").refusal == "damaged_image"


def test_a_zip_that_is_no_office_file_is_refused(upload):
    assert _refused(upload, zip_bytes({"a.txt": b"x"}), "archive.docx").refusal == "unknown_kind"


def test_the_upload_page_shows_each_refusal_and_keeps_the_rest(world, client, no_converters):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.users[Role.STAFF])
    files = [
        SimpleUploadedFile("evil.pdf", b"MZ\x90\x00" + b"\0" * 100),
        SimpleUploadedFile("note.txt", "会议通知".encode()),
    ]
    response = client.post("/documents/upload/", {"files": files}, follow=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "evil.pdf" in text and "程序" in text
    assert list(Document.objects.values_list("original_name", flat=True)) == ["note.txt"]


def word97_bytes() -> bytes:
    """A Word 97 compound file (LibreOffice would make a real one where it is
    installed; the tests need only its structure: a WordDocument stream)."""
    from tests.documents.files import ole_with_stream

    return ole_with_stream("WordDocument")
