"""The annual draft (工作总结及工作计划) composed from its facts: pure functions over
plain data, with the phrases of the reader's language handed in (``Words``).

``draft(facts, words)`` gives a ``Draft``: its title, an opening paragraph and two
parts, the year's summary (one section per work stream, its paragraphs led 一是, 二是…)
and next year's plan; every paragraph a list of text, links to the records named and
figures, each figure with its value, unit and the page of the records it was computed
from. Nothing is invented: a stream the records hold nothing for says so."""

from __future__ import annotations

from parkbase.reports import facts as F
from parkbase.reports.engine import plan as plan_part
from parkbase.reports.engine import summary
from parkbase.reports.engine.text import (  # noqa: F401 (what the engine gives)
    Draft,
    Figure,
    Link,
    Paragraph,
    Part,
    Piece,
    Section,
    Words,
    number,
    paragraph,
    phrase,
    piece_text,
)

STREAMS = ("investment", "land", "old", "major", "indicators")
PLAN = ("plan.projects", "plan.blockers", "plan.pending", "plan.targets", "plan.tasks")


def draft(facts: F.AnnualFacts, w: Words) -> Draft:
    year, following = facts.year, facts.plan.year
    streams = [
        summary.investment(facts.investment, w),
        summary.land(facts.land, w),
        summary.old_park(facts.old_park, w),
        summary.major(facts.major, w),
        summary.indicators(facts.indicators, w),
    ]
    return Draft(
        title=w["title"].format(park=facts.park, year=year, next=following),
        park=facts.park,
        year=year,
        intro=paragraph(phrase("intro", w, year=year, next=following)),
        parts=[
            Part(w["part.summary"].format(year=year), streams),
            Part(w["part.plan"].format(year=following), plan_part.plan(facts.plan, w)),
        ],
        empty=facts.empty,
    )
