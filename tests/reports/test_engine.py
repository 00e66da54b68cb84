"""The drafting engine over facts made by hand: paragraphs numbered 一是, 二是…, a stream
with no records says so and shows no figure, money in 万元 and land in 亩 (and 万平方米
where large), every figure with its value, unit and the page of its records, a fall
written as a fall, English where asked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from parkbase.reports import engine
from parkbase.reports import facts as F
from parkbase.reports.wording import words

ZERO = F.Measure(0, "/nothing/", F.PROJECTS)


def m(value, unit=F.PROJECTS, url="/records/"):
    return F.Measure(Decimal(value), url, unit)


def investment(**given) -> F.Investment:
    values = dict(
        contacted=ZERO,
        talks=ZERO,
        signed=ZERO,
        signed_amount=m(0, F.YUAN),
        largest=[],
        started=ZERO,
        landed=ZERO,
        producing=ZERO,
        funds=m(0, F.YUAN),
        lost=ZERO,
        lost_investment=m(0, F.YUAN),
        losses=[],
    )
    return F.Investment(**(values | given))


def empty_facts(**streams) -> F.AnnualFacts:
    land = F.Land(
        ZERO, m(0, F.M2), [], ZERO, m(0, F.M2), [], ZERO, [], ZERO, m(0, F.M2), [], m(0, F.M2), []
    )
    old = F.OldPark([], ZERO, ZERO, [], None, None, [], ZERO, [], [])
    plan = F.Plan(2020, ZERO, [], ZERO, [], ZERO, [], ZERO, [], [], ZERO, [])
    values = dict(
        park="甲园区",
        year=2019,
        investment=investment(),
        land=land,
        old_park=old,
        major=F.Major([], ZERO, []),
        indicators=F.Indicators([]),
        plan=plan,
    )
    return F.AnnualFacts(**(values | streams))


def draft(facts, language="zh-hans"):
    with translation.override(language):
        return engine.draft(facts, words())


def test_a_year_without_records_says_so_in_every_section_and_shows_no_figure():
    result = draft(empty_facts())
    assert result.empty and result.figures == []
    assert all(s.empty and len(s.paragraphs) == 1 for s in result.sections)
    texts = [s.paragraphs[0].text for s in result.sections]
    assert texts[0] == "本年度没有招商引资项目的记录。"
    assert texts[-1] == "尚未确定2020年重点工作。"


def test_paragraphs_are_numbered_and_money_is_in_wan_yuan():
    facts = empty_facts(
        investment=investment(
            contacted=m(3, url="/contacted/"),
            signed=m(2, url="/signed/"),
            signed_amount=m(283_000_000, F.YUAN, "/signed/"),
            started=m(1),
            funds=m(12_345_678, F.YUAN, "/funds/"),
        )
    )
    section = draft(facts).sections[0]
    assert [p.lead for p in section.paragraphs] == ["一是", "二是", "三是"]
    first = section.paragraphs[0]
    assert first.text == "一是抓洽谈签约。全年新接触项目3个，新签约项目2个，合同金额28300万元。"
    amount = first.figures[-1]
    assert (amount.value, amount.unit, amount.url) == (Decimal(28300), "万元", "/signed/")
    assert section.paragraphs[2].text == "三是抓资金到位。全年项目实际到位资金1234.57万元。"


def test_english_words_one_apart_and_groups_digits():
    facts = empty_facts(
        investment=investment(contacted=m(1), signed=m(2), signed_amount=m(283_000_000, F.YUAN))
    )
    first = draft(facts, "en").sections[0].paragraphs[0].text
    assert first == (
        "First, on talks and contracts, 1 project was first contacted in the year; "
        "2 projects were signed, contracted for 28,300 10k yuan."
    )


def test_a_large_area_is_given_in_mu_and_in_wan_square_metres():
    parcel = F.IdleParcel(
        F.Named("东基地块", "/p/1/"), "东基集团", m(400000, F.M2, "/p/1/"), [], m(0, F.BARRIERS)
    )
    land = empty_facts().land
    land.idle, land.idle_area, land.idle_parcels = (
        m(1, F.PARCELS, "/idle/"),
        m(400000, F.M2, "/idle/"),
        [parcel],
    )
    text = draft(empty_facts(land=land)).sections[1].paragraphs[0]
    assert "年末园区闲置土地1宗，面积600亩（40万平方米）" in text.text
    assert {(f.text, f.url) for f in text.figures} >= {
        ("600亩", "/idle/"),
        ("40万平方米", "/idle/"),
    }
    assert all(f.url for f in text.figures)


def test_a_fall_is_written_as_a_fall_with_its_signed_value():
    growth = F.Growth(
        F.Named("某企业", "/e/1/"), m(50_000_000, F.YUAN), m("-3.21", F.PERCENT), None, None
    )
    section = draft(empty_facts(major=F.Major([], ZERO, [growth]))).sections[3]
    paragraph = section.paragraphs[0]
    assert (
        paragraph.text == "一是扶持重点企业扩产增收。某企业全年工业总产值5000万元，比上年下降3.2%。"
    )
    assert paragraph.figures[-1].value == Decimal("-3.21")


@pytest.mark.parametrize(
    "value, text", [(Decimal("65000.00"), "65000"), (Decimal("9.025"), "9.03"), (Decimal(0), "0")]
)
def test_numbers_lose_trailing_zeros_and_round_half_up(value, text):
    assert engine.number(value, 2, False) == text
