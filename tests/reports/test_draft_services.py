"""Saved drafts on the demo park: saved from the records as version 1, each save a
version with its author (and the draft's history naming them); a save from a version
someone moved on from refused, naming them, with nothing saved; a redraft after the
records changed changes the figures and keeps the words people wrote; and whom a draft
is for: a draft for everyone holds only code names whoever saved it, a draft for
insiders is found by no one outside its confidential project (nor by anyone once the
project is gone), and a real name typed into a draft for everyone is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parkbase.projects.models import Project
from parkbase.reports.drafts import rows as R
from parkbase.reports.drafts import services
from parkbase.reports.drafts.choices import Audience, VersionKind
from parkbase.reports.drafts.content import paragraphs, texts
from parkbase.reports.models import DraftSecret, DraftVersion, ReportDraft
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db

REAL, CODE = "小飞机制造与试飞基地项目", "雏鹰项目"


def whole(content) -> str:
    return "\n".join(texts(content))


def create(park, user, audience=Audience.OUTSIDERS):
    with translation.override("zh-hans"):
        return services.draft_create(park=park, year=YEAR, user=user, audience=audience)


def edited(draft, change) -> list[R.Row]:
    """The rows of the draft's latest version, each paragraph's text through ``change``
    (rid, text) -> text."""
    version = services.latest(draft)
    return [R.Row(r.kind, r.rid, change(r.rid, r.text)) for r in R.rows_of(version.content)]


def test_a_draft_for_everyone_holds_code_names_even_when_an_insider_saves_it(demo):
    park, users = demo
    draft = create(park, users["staff"])  # staff is an insider of the aircraft base
    assert draft.audience == Audience.OUTSIDERS and draft.language == "zh-hans"
    version = services.latest(draft)
    assert (version.number, version.kind, version.author) == (
        1,
        VersionKind.DRAFTED,
        users["staff"],
    )
    assert CODE in whole(version.content) and REAL not in whole(version.content)
    assert not DraftSecret.objects.filter(draft=draft).exists()
    assert ReportDraft.objects.visible_to(users["outsider"]).filter(pk=draft.pk).exists()


def test_a_draft_for_insiders_is_found_only_by_them(demo):
    park, users = demo
    draft = create(park, users["staff"], Audience.INSIDERS)
    assert draft.audience == Audience.INSIDERS
    assert REAL in whole(services.latest(draft).content)
    assert list(DraftSecret.objects.filter(draft=draft).values_list("code_name", flat=True)) == [
        CODE
    ]
    found = {
        name: ReportDraft.objects.visible_to(user).filter(pk=draft.pk).exists()
        for name, user in users.items()
    }
    # the administrator is not on the project's insiders: need-to-know holds for them too
    assert found == {
        "leader": True,
        "staff": True,
        "admin": False,
        "dept": False,
        "outsider": False,
    }
    assert not DraftVersion.objects.visible_to(users["outsider"]).filter(draft=draft).exists()
    # a project deleted leaves the draft to no one rather than to everyone
    DraftSecret.objects.filter(draft=draft).update(project=None)
    assert not ReportDraft.objects.visible_to(users["leader"]).filter(pk=draft.pk).exists()


def test_someone_outside_every_confidential_project_cannot_draft_for_insiders(demo):
    park, users = demo
    draft = create(park, users["outsider"], Audience.INSIDERS)
    assert draft.audience == Audience.OUTSIDERS
    assert REAL not in whole(services.latest(draft).content)


def test_each_save_is_a_version_with_its_author_and_the_draft_history(demo):
    park, users = demo
    draft = create(park, users["outsider"])
    rows = edited(draft, lambda rid, text: "新写的段落：" + text if rid == "investment-1" else text)
    saved = services.version_save(
        draft=draft, expected_version=1, user=users["staff"], rows=rows, note="改第一段"
    )
    draft.refresh_from_db()
    assert (draft.version, saved.version.number, saved.version.author) == (2, 2, users["staff"])
    assert saved.version.note == "改第一段" and saved.version.kind == VersionKind.EDITED
    assert draft.history.first().history_user == users["staff"]
    by_id = {p["id"]: p for _s, p in paragraphs(saved.version.content)}
    first = by_id["investment-1"]
    assert first["text"].startswith("新写的段落：抓洽谈签约。")
    # its figures moved with the text they stand in
    assert all(first["text"][f["start"] :].startswith(f["text"]) for f in first["figures"])
    assert services.version_of(draft, 1).content != saved.version.content


def test_a_save_from_a_version_someone_moved_on_from_is_refused_naming_them(demo):
    park, users = demo
    draft = create(park, users["outsider"])
    first = edited(draft, lambda rid, text: text + "（甲改）" if rid == "investment-1" else text)
    second = edited(draft, lambda rid, text: text + "（乙改）" if rid == "investment-1" else text)
    services.version_save(draft=draft, expected_version=1, user=users["staff"], rows=first)
    with pytest.raises(services.NewerVersion) as refused:
        services.version_save(draft=draft, expected_version=1, user=users["outsider"], rows=second)
    assert refused.value.newer.number == 2 and refused.value.newer.author == users["staff"]
    assert DraftVersion.objects.filter(draft=draft).count() == 2
    # saved on purpose after seeing theirs: the next version
    saved = services.version_save(
        draft=draft, expected_version=2, user=users["outsider"], rows=second
    )
    assert saved.version.number == 3


def test_a_real_name_typed_into_a_draft_for_everyone_is_refused_for_an_insider(demo):
    park, users = demo
    draft = create(park, users["outsider"])
    rows = edited(draft, lambda rid, text: text + REAL if rid == "investment-1" else text)
    with pytest.raises(ValidationError) as refused:
        services.version_save(draft=draft, expected_version=1, user=users["leader"], rows=rows)
    assert CODE in " ".join(refused.value.messages) and REAL not in " ".join(refused.value.messages)
    assert DraftVersion.objects.filter(draft=draft).count() == 1
    # someone outside the project is not told whether a name they typed is secret
    saved = services.version_save(
        draft=draft, expected_version=1, user=users["outsider"], rows=rows
    )
    assert saved.version.number == 2


def test_a_redraft_changes_the_figures_and_keeps_the_words_written_around_them(demo):
    park, users = demo
    draft = create(park, users["outsider"])
    before = services.latest(draft)
    rows = edited(
        draft, lambda rid, text: "在市委市政府领导下，" + text if rid == "investment-1" else text
    )
    services.version_save(draft=draft, expected_version=1, user=users["staff"], rows=rows)
    assert "283000万元" in whole(before.content)
    Project.objects.filter(name="大数据中心项目").update(contracted_amount=700_000_000)
    proposal = services.redraft_proposal(draft, services.latest(draft))
    done = {(c.old, c.new) for c in proposal.done}
    assert {("283000万元", "293000万元"), ("60000万元", "70000万元")} <= done
    saved = services.redraft_save(
        draft=draft, expected_version=2, user=users["staff"], texts={}, added=set()
    )
    first = {p["id"]: p for _s, p in paragraphs(saved.version.content)}["investment-1"]
    assert first["text"].startswith("在市委市政府领导下，抓洽谈签约。")
    assert "合同金额293000万元，其中大数据中心项目70000万元" in first["text"]
    assert saved.version.kind == VersionKind.REDRAFTED and saved.version.number == 3
    assert services.redraft_proposal(draft, saved.version).nothing
