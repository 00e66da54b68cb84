"""A document's pages: the download under its title, the preview's pages, versions,
links, metadata edits through the write path, and the API's upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parkbase.core.choices import Role
from parkbase.documents.models import Document, DocumentLink
from tests.clients import api_client, page_client
from tests.documents.files import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def test_the_download_is_named_after_the_title_in_rfc_5987(world, upload, no_converters):
    document = upload(pdf_bytes(["x"]), "scan001.pdf", title="关于/创建:医疗产业园的请示").document
    response = page_client(world.users[Role.STAFF]).get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "%E5%85%B3%E4%BA%8E_%E5%88%9B%E5%BB%BA_" in disposition  # 关于_创建_…
    assert disposition.endswith(".pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_preview_pages_through_a_word_file_as_web_pages(world, upload, no_converters):
    paragraphs = [f"第{i}段：" + "园区" * 200 for i in range(1, 9)]
    document = upload(docx_bytes(paragraphs), "long.docx").document
    client = page_client(world.users[Role.STAFF], language="zh-hans")
    first = client.get(f"/documents/{document.pk}/preview/").content.decode()
    assert "第1页 / 共" in first and "第1段" in first and 'rel="next"' in first
    last = client.get(f"/documents/{document.pk}/preview/?page=99").content.decode()
    assert "第8段" in last and 'rel="next"' not in last and 'rel="prev"' in last
    assert "<script" not in last.split('data-testid="page-html"')[1].split("</div>")[0]


def test_the_preview_waits_while_the_text_is_read(world, upload, no_converters):
    document = upload(docx_bytes(["稍后"]), "later.docx", read_now=False).document
    client = page_client(world.users[Role.STAFF])
    page = client.get(f"/documents/{document.pk}/preview/").content.decode()
    assert 'data-testid="preview-waiting"' in page and 'hx-trigger="every 2s"' in page


def test_a_new_version_keeps_the_old_one_and_its_links(world, upload, no_converters):
    ent = world.enterprises[0]
    first = upload(pdf_bytes(["v1"]), "plan.pdf", links=[ent], year=2019).document
    client = page_client(world.users[Role.STAFF])
    response = client.post(
        f"/documents/{first.pk}/version/",
        {"file": SimpleUploadedFile("plan-v2.pdf", pdf_bytes(["v2"])), "version": first.version},
    )
    second = Document.objects.exclude(pk=first.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{second.pk}/"
    first.refresh_from_db()
    assert (first.current, second.current) == (False, True)
    assert (second.first_id, second.edition, second.year) == (first.pk, 2, 2019)
    assert DocumentLink.objects.get(document=second).enterprise_id == ent.pk
    listed = client.get("/documents/").content.decode()
    assert f"/documents/{second.pk}/" in listed and f"/documents/{first.pk}/" not in listed
    page = client.get(f"/documents/{second.pk}/").content.decode()
    assert page.count('data-testid="versions"') == 1 and f"/documents/{first.pk}/" in page


def test_linking_and_unlinking_on_the_documents_page(world, upload, no_converters):
    document = upload(pdf_bytes(["x"]), "x.pdf").document
    client = page_client(world.users[Role.STAFF])
    ent = world.enterprises[1]
    client.post(f"/documents/{document.pk}/links/", {"kind": "enterprise", "key": ent.uscc})
    link = DocumentLink.objects.get(document=document)
    assert link.enterprise_id == ent.pk
    other = world.other  # park B's enterprise: not a record of the staff's park
    client.post(f"/documents/{document.pk}/links/", {"kind": "enterprise", "key": other.uscc})
    assert DocumentLink.objects.filter(document=document).count() == 1
    client.post(f"/documents/{document.pk}/links/", {"unlink": link.pk})
    assert not DocumentLink.objects.filter(document=document).exists()


def test_metadata_is_changed_at_the_version_read(world, upload, no_converters):
    document = upload(pdf_bytes(["x"]), "x.pdf").document
    client = page_client(world.users[Role.STAFF])
    data = {
        "title": "关于园区用地的通知",
        "number": "沈东园发〔2019〕9号",
        "issued_on": "2019-05-06",
        "year": "",
        "tags": "土地, 通知",
        "version": document.version,
    }
    assert client.post(f"/documents/{document.pk}/edit/", data).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.year, document.tag_list) == (
        "关于园区用地的通知",
        2019,
        ["土地", "通知"],
    )
    stale = client.post(f"/documents/{document.pk}/edit/", data | {"title": "旧的"})
    assert stale.status_code == 400
    assert Document.history.filter(id=document.pk).count() == 2


def test_the_api_uploads_and_recognises_the_same_file(world, no_converters):
    client = api_client(world.users[Role.STAFF])
    ent = world.enterprises[0]
    body = {
        "file": SimpleUploadedFile("a.pdf", pdf_bytes(["api"])),
        "link": f"enterprise:{ent.uscc}",
    }
    created = client.post("/api/documents/", body, format="multipart")
    assert created.status_code == 201, created.content
    assert created.json()["text_status"] == "done"
    assert created.json()["links"][0]["id"] == ent.pk
    again = client.post(
        "/api/documents/",
        {"file": SimpleUploadedFile("b.pdf", pdf_bytes(["api"]))},
        format="multipart",
    )
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    refused = client.post(
        "/api/documents/",
        {"file": SimpleUploadedFile("x.pdf", b"MZ" + b"\0" * 64)},
        format="multipart",
    )
    assert refused.status_code == 400 and "file" in refused.json()


def test_deleting_the_current_version_makes_the_one_before_current(
    world, upload, no_converters, media, django_capture_on_commit_callbacks
):
    first = upload(pdf_bytes(["v1"]), "a.pdf").document
    second = upload(pdf_bytes(["v2"]), "a2.pdf", replaces=first).document
    client = page_client(world.users[Role.STAFF])
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/documents/{second.pk}/delete/", {"version": second.version})
    first.refresh_from_db()
    assert first.current and not Document.objects.filter(pk=second.pk).exists()
    assert not (media / second.file.name).exists() and (media / first.file.name).exists()
