"""The pieces of a saved draft that need no database: the draft as saved content and
back, its figures carried through a person's edit, the edit form's moves, a redraft
that changes only figures (the words people wrote kept; a figure they rewrote, or one
whose words no longer fit, left for them to decide), two versions compared, and text
pasted from Word made plain."""

from __future__ import annotations

import pytest
from django.utils import translation

from parkbase.reports import engine
from parkbase.reports import facts as F
from parkbase.reports.drafts import compare as C
from parkbase.reports.drafts import redraft as RD
from parkbase.reports.drafts import rows as R
from parkbase.reports.drafts.content import content_of, paragraphs, placed, to_draft
from parkbase.reports.drafts.marks import carry
from parkbase.reports.drafts.paste import tidy
from parkbase.reports.wording import words
from tests.reports.test_engine import empty_facts, investment, m


def drafted(language="zh-hans", **given):
    facts = empty_facts(investment=investment(**given))
    with translation.override(language):
        return content_of(engine.draft(facts, words()))


def first(content) -> dict:
    return content["parts"][0]["sections"][0]["paragraphs"][0]


BEFORE = dict(
    contacted=m(5, url="/contacted/"),
    signed=m(3, url="/signed/"),
    signed_amount=m(283_000_000, F.YUAN, "/signed/"),
)


def test_a_draft_saved_reads_back_as_drafted_with_its_figures_and_ordinals():
    facts = empty_facts(investment=investment(**BEFORE, started=m(2)))
    with translation.override("zh-hans"):
        made = engine.draft(facts, words())
        back = to_draft(content_of(made), words(), park="甲园区", year=2019)
    assert back.text == made.text
    assert [f.text for f in back.figures] == [f.text for f in made.figures]
    assert [f.url for f in back.figures] == [f.url for f in made.figures]
    assert back.sections[0].paragraphs[1].lead == "二是"


def test_figures_follow_the_text_a_person_wrote_around_them():
    p = first(drafted(**BEFORE))
    assert p["text"] == "抓洽谈签约。全年新接触项目5个，新签约项目3个，合同金额28300万元。"
    new = "在市委市政府领导下，抓洽谈签约。全年共新接触项目5个，新签约项目三个，合同金额28300万元。"
    moved = carry(p["text"], new, p)
    where = {mark["slot"]: mark["start"] for mark in moved["figures"]}
    assert new[where["investment.contacted.count"] :].startswith("5个")
    assert new[where["investment.signed.amount"] :].startswith("28300万元")
    # the person wrote the count in words: it has no place any more
    assert where["investment.signed.count"] is None
    assert [mark["text"] for _s, mark, _f in placed(moved)] == ["5个", "28300万元"]


def test_a_redraft_changes_the_figures_and_keeps_the_words_people_wrote():
    saved = drafted(**BEFORE)
    p = first(saved)
    text = "在市委市政府领导下，抓洽谈签约。全年共新接触项目5个，新签约项目三个，合同金额28300万元，好于预期。"
    edited = R.content_from(_rows_with(saved, p["id"], text), saved)
    after = dict(BEFORE, contacted=m(7, url="/contacted/"), signed=m(4, url="/signed/"))
    proposal = RD.propose(edited.content, drafted(**after))
    done = [(c.old, c.new) for c in proposal.done]
    assert done == [("5个", "7个")]
    new_text = first(proposal.content)["text"]
    assert new_text == text.replace("5个", "7个")
    # the count the person wrote in words is theirs to change
    decided = proposal.decisions[p["id"]]
    assert [(c.old, c.new, c.why) for c in decided] == [("3个", "4个", RD.REWRITTEN)]
    content, _tidied = RD.apply(proposal, {p["id"]: new_text.replace("三个", "四个")}, set(), set())
    assert first(content)["text"] == text.replace("5个", "7个").replace("三个", "四个")
    # decided: the next redraft from the same records asks nothing
    assert RD.propose(content, drafted(**after)).nothing


def _rows_with(content, pid, text):
    return [
        R.Row(row.kind, row.rid, text if row.rid == pid else row.text) for row in R.rows_of(content)
    ]


def test_a_count_that_becomes_one_is_left_to_the_person_in_english():
    saved = drafted("en", contacted=m(2, url="/c/"))
    assert "2 projects were first contacted" in first(saved)["text"]
    proposal = RD.propose(saved, drafted("en", contacted=m(1, url="/c/")))
    change = proposal.decisions[first(saved)["id"]][0]
    assert (change.old, change.new, change.why) == ("2 projects", "1 project", RD.WORDING)
    assert first(proposal.content)["text"] == first(saved)["text"]


def test_a_figure_the_records_no_longer_give_is_asked_about_and_new_paragraphs_offered():
    saved = drafted(**BEFORE)
    fresh = drafted(contacted=m(5, url="/contacted/"), funds=m(10_000_000, F.YUAN, "/funds/"))
    proposal = RD.propose(saved, fresh)
    gone = {(c.old, c.why) for c in proposal.changes}
    assert gone == {("3个", RD.GONE), ("28300万元", RD.GONE)}
    assert [a.paragraph["text"] for a in proposal.additions] == [
        "抓资金到位。全年项目实际到位资金1000万元。"
    ]
    content, _ = RD.apply(proposal, {first(saved)["id"]: first(saved)["text"]}, {0}, {"r1"})
    section = content["parts"][0]["sections"][0]
    assert [p["id"] for p in section["paragraphs"]] == [first(saved)["id"], "r2"]
    assert first(content)["figures"][0]["text"] == "5个" and len(first(content)["figures"]) == 1


def test_moves_keep_paragraphs_under_a_section_heading():
    rows = [
        R.Row(R.TITLE, "", "标题"),
        R.Row(R.INTRO_ROW, "intro", "开头"),
        R.Row(R.PART, "0", "一、"),
        R.Row(R.SECTION, "a", "（一）"),
        R.Row(R.PARA, "a1", "甲一"),
        R.Row(R.PART, "1", "二、"),
        R.Row(R.SECTION, "b", "（一）"),
        R.Row(R.PARA, "b1", "乙一"),
        R.Row(R.PARA, "b2", "乙二"),
    ]
    ids = lambda rows: [r.rid for r in rows]  # noqa: E731
    moved, focus = R.operate(rows, "up", 7)  # over the heading into the section before
    assert ids(moved) == ["", "intro", "0", "a", "a1", "b1", "1", "b", "b2"] and focus == 5
    moved, focus = R.operate(moved, "down", 5)  # and back, as its first paragraph
    assert ids(moved) == ids(rows) and focus == 7
    stuck, focus = R.operate(rows, "up", 4)  # the first paragraph goes no higher
    assert ids(stuck) == ids(rows) and focus == 4
    deleted, _ = R.operate(rows, "delete-section", 6)
    assert ids(deleted) == ["", "intro", "0", "a", "a1", "1"]
    added, focus = R.operate(rows, "add", 4)
    assert added[5].kind == R.PARA and added[5].rid == "" and focus == 5


def test_text_pasted_from_word_is_made_plain_and_nothing_else_is_lost():
    pasted = (
        "\u3000\u3000全年\u200b新签约\u00a0项目\ufeff3个，\u201c双招双引\u201d\u2018成效\u2019显著。\r\n"
        "第二行\x07\x1b\tA\u0301\u202e末尾 \r"
    )
    text, done = tidy(pasted)
    assert text == "全年新签约 项目3个，“双招双引”‘成效’显著。\n第二行 \u00c1末尾"
    assert (done.removed, done.spaces, done.line_ends) == (5, 2, 2)
    single, _ = tidy("标题\r\n第二行\u200b", multiline=False)
    assert single == "标题 第二行"


def test_pasted_text_is_cleaned_when_the_rows_are_saved_and_reported():
    saved = drafted(**BEFORE)
    rows = R.rows_of(saved)
    rows[4] = R.Row(R.PARA, rows[4].rid, rows[4].text.replace("合同", "合\u200b同\u00a0"))
    read = R.content_from(rows, saved)
    text = {p["id"]: p for _s, p in paragraphs(read.content)}[rows[4].rid]["text"]
    assert "合同 金额" in text and "\u200b" not in text
    assert (read.tidied.removed, read.tidied.spaces) == (1, 1)
    assert read.problems == []


def test_an_empty_title_and_a_paragraph_too_long_are_refused():
    saved = drafted(**BEFORE)
    rows = R.rows_of(saved)
    rows[0] = R.Row(R.TITLE, "", " \u200b ")
    rows.append(R.Row(R.PARA, "", "字" * (R.MAX_PARAGRAPH + 1)))
    codes = [code for code, _ in R.content_from(rows, saved).problems]
    assert codes == ["paragraph_too_long", "title_required"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_two_versions_compared_paragraph_by_paragraph(language):
    older = drafted(language, **BEFORE, started=m(2))
    rows, _ = R.operate(R.rows_of(older), "down", 4)  # the first paragraph moved
    assert rows[7].kind == R.PARA
    rows[7] = R.Row(R.PARA, rows[7].rid, rows[7].text + " ABC")  # changed
    rows.append(R.Row(R.PARA, "", "新的段落"))  # added
    newer = R.content_from(rows, older).content
    found = {row.state for row in C.compare(older, newer)}
    assert {C.CHANGED, C.ADDED, C.MOVED} <= found
    changed = next(r for r in C.compare(older, newer) if r.state == C.CHANGED)
    assert [p.text for p in changed.pieces if p.op == "insert"] == [" ABC"]
    assert C.compare(older, older) and not any(r.changed for r in C.compare(older, older))
