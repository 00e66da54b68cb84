"""Park staff in a real browser, offline, on the demo park: save the year's annual draft
for editing, rewrite a paragraph and move another with the keyboard, save, and
download the Word document of the new version: it holds the text as written (the
confidential project under its code name), in the order the paragraphs were put."""

from __future__ import annotations

import io

import pytest
from docx import Document

from parkbase.reports.models import DraftVersion, ReportDraft
from tests.demo_copy import demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADDED = "在市委市政府的坚强领导下，园区上下齐心协力，"


def test_a_paragraph_edited_in_the_page_is_in_the_word_document(offline_page, live_server):
    demo_data()
    page = offline_page
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "demo-staff")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")

    page.goto(f"{live_server.url}/reports/annual/2019/")
    page.check("[data-testid=audience-outsiders]")
    page.click("[data-testid=draft-save-button]")
    page.wait_for_selector("[data-testid=draft-edit-form]")
    paragraphs = page.locator("[data-testid=text-para]")
    first = paragraphs.nth(0)
    drafted = first.input_value()
    assert drafted.startswith("抓洽谈签约。")
    first.fill(ADDED + drafted)
    # the second paragraph moved above the first from the keyboard; the text stays
    paragraphs.nth(1).focus()
    page.keyboard.press("Alt+ArrowUp")
    assert page.locator("[data-testid=text-para]").nth(1).input_value() == ADDED + drafted
    page.click("[data-testid=draft-save-version]")
    page.wait_for_selector("[data-testid=draft-version]")
    assert "第2版" in page.inner_text("[data-testid=draft-version]")

    with page.expect_download() as download:
        page.click("[data-testid=draft-docx]")
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = [p.text for p in document.paragraphs]
    assert f"二是{ADDED}{drafted}" in text
    assert any(t.startswith("一是抓项目建设。") for t in text)
    whole = "\n".join(text)
    assert "雏鹰项目" in whole and "小飞机制造与试飞基地项目" not in whole
    draft = ReportDraft.objects.get()
    assert draft.version == 2
    assert DraftVersion.objects.get(draft=draft, number=2).author.username == "staff"
    assert page.outside_requests == []
