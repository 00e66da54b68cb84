"""The pages of saved drafts: staff save the year's draft, edit it (moves without
saving, text pasted from Word tidied and said so), compare versions, redraft and
download a version; a save that missed a newer version is refused naming who saved it,
with the editor's text kept in the form; leaders read but may not edit (403); other
roles find nothing (404); a draft for insiders is found by no one outside them, in no
page and no file."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from parkbase.reports.drafts import rows as R
from parkbase.reports.drafts import services
from parkbase.reports.drafts.choices import Audience
from parkbase.reports.models import DraftVersion, ReportDraft
from tests.clients import page_client
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db

REAL, CODE = "小飞机制造与试飞基地项目", "雏鹰项目"


def form_data(draft, change=lambda rid, text: text, **more) -> dict:
    """What the edit form posts for the draft's latest version, each text through
    ``change``."""
    rows = R.rows_of(services.latest(draft).content)
    return {
        "row": [f"{r.kind}:{r.rid}" for r in rows],
        "text": [change(r.rid, r.text) for r in rows],
        "version": draft.version,
        "save": "1",
        **more,
    }


def docx_text(response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def saved_draft(park, user, audience=Audience.OUTSIDERS):
    return services.draft_create(park=park, year=YEAR, user=user, audience=audience)


def test_staff_save_the_years_draft_and_land_on_its_edit_form(demo):
    park, users = demo
    client = page_client(users["staff"], "zh-hans")
    annual = client.get(reverse("report-annual", args=[YEAR])).content.decode()
    assert 'data-testid="draft-save"' in annual and 'value="insiders"' in annual
    response = client.post(reverse("report-draft-create", args=[YEAR]), {"audience": "outsiders"})
    draft = ReportDraft.objects.get(park=park, year=YEAR)
    assert response.status_code == 302 and response["Location"] == reverse(
        "report-draft-edit", args=[draft.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert page.count('name="row" value="para:') > 10 and 'name="version" value="1"' in page


def test_an_edit_saved_is_the_next_version_and_in_its_word_document(demo):
    park, users = demo
    draft = saved_draft(park, users["outsider"])
    client = page_client(users["staff"], "zh-hans")
    pasted = "新写的一句\u200b：\u00a0成效显著。\r\n"
    data = form_data(draft, lambda rid, text: pasted + text if rid == "investment-1" else text)
    response = client.post(reverse("report-draft-edit", args=[draft.pk]), data, follow=True)
    html = response.content.decode()
    assert "已保存为第2版" in html or "version 2" in html
    assert "1个不可见字符或控制字符已删除" in html or "1 invisible" in html
    docx = client.get(reverse("report-draft-docx", args=[draft.pk, 2]))
    text = docx_text(docx)
    assert "一是新写的一句： 成效显著。\n抓洽谈签约。" in text
    assert CODE in text and REAL not in text
    markdown = client.get(reverse("report-draft-markdown", args=[draft.pk, 2])).content.decode()
    assert "新写的一句： 成效显著。" in markdown and "](http://testserver/" in markdown


def test_a_move_shows_the_form_again_and_saves_nothing(demo):
    park, users = demo
    draft = saved_draft(park, users["staff"])
    data = form_data(draft)
    data.pop("save")
    index = data["row"].index("para:investment-2")
    data["op"] = f"up:{index}"
    response = page_client(users["staff"], "en").post(
        reverse("report-draft-edit", args=[draft.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="not-saved"' in html
    order = re.findall(r'name="row" value="para:(investment-\d)"', html)
    assert order[:2] == ["investment-2", "investment-1"]
    assert DraftVersion.objects.filter(draft=draft).count() == 1


def test_a_save_that_missed_a_newer_version_is_refused_with_the_text_kept(demo):
    park, users = demo
    draft = saved_draft(park, users["staff"])
    mine = form_data(
        draft, lambda rid, text: "我的改写。" + text if rid == "investment-1" else text
    )
    theirs = form_data(draft, lambda rid, text: "他人的改写。" + text if rid == "land-1" else text)
    assert (
        page_client(users["staff"])
        .post(reverse("report-draft-edit", args=[draft.pk]), theirs)
        .status_code
        == 302
    )
    response = page_client(users["outsider"], "zh-hans").post(
        reverse("report-draft-edit", args=[draft.pk]), mine
    )
    html = response.content.decode()
    assert response.status_code == 409 and 'data-testid="newer-version"' in html
    assert "夏桂兰" in html and "第2版" in html  # who saved the version missed
    assert "我的改写。抓洽谈签约" in html  # the editor's text, still in the form
    assert 'name="version" value="2"' in html  # saving again keeps it after theirs
    assert re.search(r'<del [^>]*data-testid="deleted">他人的改写。</del>', html)
    assert DraftVersion.objects.filter(draft=draft).count() == 2


def test_two_versions_compared_and_the_versions_listed(demo):
    park, users = demo
    draft = saved_draft(park, users["staff"])
    data = form_data(draft, lambda rid, text: text + "新增的话。" if rid == "land-1" else text)
    page_client(users["staff"]).post(reverse("report-draft-edit", args=[draft.pk]), data)
    client = page_client(users["leader"], "zh-hans")
    versions = client.get(reverse("report-draft-versions", args=[draft.pk])).content.decode()
    assert versions.count('data-testid="version-row"') == 2 and "夏桂兰" in versions
    compare = client.get(reverse("report-draft-compare", args=[draft.pk]), {"a": 1, "b": 2})
    html = compare.content.decode()
    assert re.search(r'<ins [^>]*data-testid="inserted">新增的话。</ins>', html)
    assert html.count('data-testid="difference"') == 1


def test_the_redraft_page_says_when_there_is_nothing_to_redraft(demo):
    park, users = demo
    draft = saved_draft(park, users["staff"])
    html = (
        page_client(users["staff"], "en")
        .get(reverse("report-draft-redraft", args=[draft.pk]))
        .content.decode()
    )
    assert 'data-testid="redraft-nothing"' in html


def test_leaders_read_and_may_not_edit_other_roles_find_nothing(demo):
    park, users = demo
    draft = saved_draft(park, users["staff"])
    reads = [
        reverse("report-drafts"),
        reverse("report-draft", args=[draft.pk]),
        reverse("report-draft-versions", args=[draft.pk]),
        reverse("report-draft-compare", args=[draft.pk]),
        reverse("report-draft-version", args=[draft.pk, 1]),
        reverse("report-draft-docx", args=[draft.pk, 1]),
        reverse("report-draft-markdown", args=[draft.pk, 1]),
    ]
    edits = [
        reverse("report-draft-edit", args=[draft.pk]),
        reverse("report-draft-redraft", args=[draft.pk]),
    ]
    leader, dept = page_client(users["leader"]), page_client(users["dept"])
    for url in reads:
        assert leader.get(url).status_code == 200, url
        assert dept.get(url).status_code == 404, url
    for url in edits:
        assert leader.get(url).status_code == 403, url
        assert leader.post(url, form_data(draft)).status_code == 403, url
        assert dept.get(url).status_code == 404, url
    create = reverse("report-draft-create", args=[YEAR])
    assert leader.post(create).status_code == 403 and dept.post(create).status_code == 404
    assert (
        'data-testid="draft-save-button"'
        not in leader.get(reverse("report-annual", args=[YEAR])).content.decode()
    )
    assert DraftVersion.objects.filter(draft=draft).count() == 1


def test_a_draft_for_insiders_is_in_no_page_and_no_file_of_an_outsider(demo):
    park, users = demo
    draft = saved_draft(park, users["staff"], Audience.INSIDERS)
    outsider, insider = page_client(users["outsider"]), page_client(users["leader"], "zh-hans")
    urls = [
        reverse("report-draft", args=[draft.pk]),
        reverse("report-draft-edit", args=[draft.pk]),
        reverse("report-draft-redraft", args=[draft.pk]),
        reverse("report-draft-versions", args=[draft.pk]),
        reverse("report-draft-compare", args=[draft.pk]),
        reverse("report-draft-docx", args=[draft.pk, 1]),
        reverse("report-draft-markdown", args=[draft.pk, 1]),
    ]
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(urls[1], form_data(draft)).status_code == 404
    listed = outsider.get(reverse("report-drafts")).content.decode()
    assert reverse("report-draft", args=[draft.pk]) not in listed
    assert REAL in docx_text(insider.get(urls[5]))
    page = insider.get(urls[0]).content.decode()
    assert REAL in page and f"{CODE}" in page  # the page says whose insiders read it
