"""Park staff upload a PDF in a real browser (every request outside the live server
blocked), wait for its preview and page through it: 第1页 / 共3页, the next page's
image, back again; the download carries the document's title."""

import pytest

from parkbase.core.choices import Role
from parkbase.documents.models import Document
from tests.documents.files import pdf_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def files_apart(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    settings.PARKBASE_DOCUMENT_SOFFICE = ""
    settings.PARKBASE_DOCUMENT_TESSERACT = ""


def test_upload_a_pdf_wait_for_its_preview_and_page_through_it(
    world, offline_page, live_server, tmp_path
):
    page = offline_page
    source = tmp_path / "年度报告.pdf"
    source.write_bytes(pdf_bytes(["Page one", "Page two", "Page three"]))
    page.goto(f"{live_server.url}/login/?next=/documents/upload/")
    page.fill("#id_username", world.users[Role.STAFF].username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=upload-form]")
    page.set_input_files("#id_files", str(source))
    page.click("[data-testid=upload-submit]")
    page.wait_for_selector("[data-testid=document-title]")
    document = Document.objects.get()
    assert page.inner_text("[data-testid=document-title]") == "年度报告"
    page.click("[data-testid=open-preview]")
    page.wait_for_selector("[data-testid=page-of]")
    assert page.inner_text("[data-testid=page-of]") == "第1页 / 共3页"
    image = page.wait_for_selector("[data-testid=page-image]")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image)
    assert page.locator("[data-testid=previous]").count() == 0
    page.click("[data-testid=next]")
    page.wait_for_selector("text=第2页 / 共3页")
    src = page.get_attribute("[data-testid=page-image]", "src")
    assert src.endswith(f"/documents/{document.pk}/pages/2/")
    page.click("[data-testid=next]")
    page.wait_for_selector("text=第3页 / 共3页")
    assert page.locator("[data-testid=next]").count() == 0
    page.click("[data-testid=previous]")
    page.wait_for_selector("text=第2页 / 共3页")
    with page.expect_download() as caught:
        page.click("[data-testid=download]")
    assert caught.value.suggested_filename == "年度报告.pdf"
    assert page.outside_requests == []
