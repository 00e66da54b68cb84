"""The year's summary, one section per work stream (招商引资, land, the old park, major
projects and key enterprises, the main indicators), each as 一是…二是… paragraphs
composed from the facts; a stream the records hold nothing for says so."""

from __future__ import annotations

from decimal import Decimal

from parkbase.reports import facts as F
from parkbase.reports.engine.text import (
    Paragraph,
    Piece,
    Section,
    Words,
    compose,
    figure,
    join,
    names,
    numbered,
    paragraph,
    phrase,
    sentence,
    sentences,
)

LARGEST = 3  # the largest contracts named
KEY_PROJECTS = 5  # the key projects named


def section(key: str, w: Words, paragraphs: list[Paragraph], empty: bool, **values) -> Section:
    """A section of numbered paragraphs; where the records hold nothing for it, one
    sentence that says so (its ``key.none`` phrase, with ``values``)."""
    if empty or not paragraphs:
        nothing = paragraph(phrase(f"{key}.none", w, **values))
        return Section(key, w[f"{key}.heading"], [nothing], True)
    return Section(key, w[f"{key}.heading"], numbered(paragraphs, w))


# ------------------------------------------------------------------ (1) investment


def investment(facts: F.Investment, w: Words) -> Section:
    out = []
    talks = [phrase("investment.contacted", w, count=facts.contacted)]
    if facts.talks.value:
        talks.append(phrase("investment.talks", w, count=facts.talks))
    if facts.signed.value:
        talks.append(phrase("investment.signed", w, count=facts.signed, amount=facts.signed_amount))
    if facts.largest:
        items = [
            phrase("investment.largest.item", w, name=a.record, amount=a.amount)
            for a in facts.largest
        ]
        talks.append(phrase("investment.largest", w, items=join(items, w.list_sep)))
    if any(m.value for m in (facts.contacted, facts.talks, facts.signed)):
        out.append(paragraph(phrase("investment.talks.topic", w), sentence(talks, w)))
    if any(m.value for m in (facts.started, facts.landed, facts.producing)):
        building = [
            phrase("investment.started", w, count=facts.started),
            phrase("investment.landed", w, count=facts.landed),
            phrase("investment.producing", w, count=facts.producing),
        ]
        out.append(paragraph(phrase("investment.building.topic", w), sentence(building, w)))
    if facts.funds.value:
        out.append(
            paragraph(
                phrase("investment.funds.topic", w),
                sentence([phrase("investment.funds", w, amount=facts.funds)], w),
            )
        )
    if facts.lost.value:
        out.append(_losses(facts, w))
    return section("investment", w, out, facts.empty)


def _losses(facts: F.Investment, w: Words) -> Paragraph:
    if facts.lost_investment.value:
        head = phrase("investment.lost", w, count=facts.lost, amount=facts.lost_investment)
    else:
        head = phrase("investment.lost.plain", w, count=facts.lost)
    largest = max(
        facts.losses, key=lambda loss: loss.investment.value if loss.investment else 0, default=None
    )
    items = []
    for loss in facts.losses:
        places = names(loss.places, w) or w["unknown.place"]
        key = "investment.loss" if loss.investment else "investment.loss.plain"
        item = phrase(
            key, w, name=loss.project, amount=loss.investment, reason=loss.reason, places=places
        )
        if loss is largest and loss.kept:
            item += phrase("investment.loss.kept", w, kept=loss.kept)
        items.append(item)
    return paragraph(
        phrase("investment.lost.topic", w), head, [w["colon"]], sentence(items, w, items=True)
    )


# ------------------------------------------------------------------ (2) land


def land(facts: F.Land, w: Words) -> Section:
    out = []
    if facts.idle.value:
        parts = [sentence([phrase("land.idle", w, count=facts.idle, area=facts.idle_area)], w)]
        parts += [_idle_parcel(idle, w) for idle in facts.idle_parcels]
        out.append(paragraph(phrase("land.idle.topic", w), sentences(parts, w)))
    if facts.low.value:
        kinds = [phrase("kind.count", w, label=k.label, count=k.count) for k in facts.low_kinds]
        out.append(
            paragraph(
                phrase("land.low.topic", w),
                sentence(
                    [
                        phrase("land.low", w, count=facts.low, area=facts.low_area)
                        + phrase("among", w, items=join(kinds, w.list_sep))
                    ],
                    w,
                ),
            )
        )
    if facts.pending.value or facts.approved.value:
        clauses = []
        if facts.pending.value:
            items = [approval_item(a, w) for a in facts.pending_list]
            clauses.append(
                phrase("land.pending", w, count=facts.pending, items=join(items, w.item_sep))
            )
        if facts.approved.value:
            clauses.append(
                phrase("land.approved", w, count=facts.approved, area=facts.approved_area)
            )
        out.append(paragraph(phrase("land.approvals.topic", w), sentence(clauses, w, items=True)))
    if facts.freed_area.value:
        items = [
            phrase("land.freed.item", w, name=f.decision, kind=f.kind, area=f.area)
            for f in facts.freed
        ]
        out.append(
            paragraph(
                phrase("land.freed.topic", w),
                sentence(
                    [
                        phrase("land.freed", w, area=facts.freed_area)
                        + [w["colon"]]
                        + join(items, w.item_sep)
                    ],
                    w,
                ),
            )
        )
    return section("land", w, out, facts.empty)


def _idle_parcel(idle: F.IdleParcel, w: Words) -> list[Piece]:
    head = phrase("land.idle.parcel", w, name=idle.parcel, owner=idle.owner, area=idle.area)
    if not idle.barriers:
        return sentence([head], w)
    barriers = [
        phrase("land.barrier", w, kind=b.kind, text=b.text)
        if b.text
        else phrase("land.barrier.plain", w, kind=b.kind)
        for b in idle.barriers
    ]
    authorities = names(dict.fromkeys(b.authority for b in idle.barriers if b.authority), w)
    clauses = [
        head
        + phrase("land.barriers", w, count=idle.barrier_count, items=join(barriers, w.item_sep))
    ]
    if authorities:
        clauses.append(phrase("land.authorities", w, authorities=authorities))
    return sentence(clauses, w, items=True)


def approval_item(a: F.Approval, w: Words) -> list[Piece]:
    values = {"name": a.approval, "kind": a.kind, "authority": a.authority, "area": a.area}
    if not a.authority:
        return phrase("approval.item.bare", w, **values)
    if a.area is None:
        return phrase("approval.item.plain", w, **values)
    return phrase("approval.item", w, **values)


# ------------------------------------------------------------------ (3) the old park


def old_park(facts: F.OldPark, w: Words) -> Section:
    out = []
    for survey in facts.surveys:
        out.append(
            paragraph(
                phrase("old.survey.topic", w),
                sentence(
                    [
                        phrase(
                            "old.survey",
                            w,
                            campaign=survey.campaign,
                            teams=survey.teams,
                            phases=names(survey.phases, w) or w["old.survey.park"],
                            enterprises=survey.enterprises,
                            departments=survey.departments,
                        ),
                        phrase("old.survey.verified", w, count=survey.verified),
                    ],
                    w,
                ),
            )
        )
    if facts.concerns.value:
        kinds = [
            phrase("old.concerns.item", w, label=k.label, count=k.count, resolved=k.amount)
            for k in facts.by_category
        ]
        out.append(
            paragraph(
                phrase("old.concerns.topic", w),
                sentence(
                    [
                        phrase("old.concerns", w, count=facts.concerns, resolved=facts.resolved)
                        + phrase("among", w, items=join(kinds, w.list_sep))
                    ],
                    w,
                ),
            )
        )
    if facts.run is not None and facts.evaluated is not None:
        classes = [phrase("old.class", w, label=k.label, count=k.count) for k in facts.classes]
        out.append(
            paragraph(
                phrase("old.classes.topic", w),
                sentence(
                    [
                        phrase("old.classes", w, run=facts.run, count=facts.evaluated)
                        + join(classes, w.list_sep)
                    ],
                    w,
                ),
            )
        )
    if facts.decisions.value:
        kinds = [phrase("kind.count", w, label=k.label, count=k.count) for k in facts.by_kind]
        clauses = [phrase("old.decisions", w, count=facts.decisions, kinds=join(kinds, w.list_sep))]
        for done in facts.done:
            key = "old.done" if done.counterpart else "old.done.plain"
            clauses.append(
                phrase(key, w, name=done.decision, kind=done.kind, counterpart=done.counterpart)
            )
        out.append(paragraph(phrase("old.decisions.topic", w), sentence(clauses, w, items=True)))
    return section("old", w, out, facts.empty)


# ------------------------------------------------------------------ (4) major projects


def major(facts: F.Major, w: Words) -> Section:
    out = []
    if facts.key_projects:
        clauses = [phrase("major.key", w, count=facts.key_count)]
        for key in facts.key_projects[:KEY_PROJECTS]:
            values = {"name": key.project, "level": key.level, "stage": key.stage}
            if key.investment is not None:
                item = phrase("major.project", w, amount=key.investment, **values)
            else:
                item = phrase("major.project.plain", w, **values)
            if key.investors:
                item += phrase("major.investors", w, investors=names(key.investors, w))
            if key.blockers.value:
                item += phrase("major.blockers", w, count=key.blockers)
            clauses.append(item)
        out.append(paragraph(phrase("major.key.topic", w), sentence(clauses, w, items=True)))
    if facts.growth:
        out.append(paragraph(phrase("major.growth.topic", w), _growth(facts.growth, w)))
    return section("major", w, out, facts.empty)


def _growth(rows: list[F.Growth], w: Words) -> list[Piece]:
    clauses = []
    for g in rows:
        values = {"name": g.enterprise, "project": g.project, "funds": g.funds, "output": g.output}
        if g.project is not None and g.funds is not None:
            clause = phrase("major.growth.item", w, **values)
        else:
            clause = phrase("major.growth.item.plain", w, **values)
        if g.growth is not None:
            key = "major.rise" if Decimal(g.growth.value) >= 0 else "major.fall"
            clause += compose(w[key], w, rate=figure(g.growth, w, absolute=True))
        clauses.append(clause)
    return sentence(clauses, w, items=True)


# ------------------------------------------------------------------ (5) indicators


def indicators(facts: F.Indicators, w: Words) -> Section:
    out = []
    for row in facts.rows:
        out.append(paragraph(sentence([_indicator(row, w)], w)))
    return section("indicators", w, out, facts.empty)


def _indicator(row: F.Indicator, w: Words) -> list[Piece]:
    name = row.indicator
    if row.value is None:
        return phrase("indicator.nodata", w, name=name, target=row.target)
    if row.growth_target or row.rate:
        if row.rate:
            clause = phrase("indicator.rate", w, name=name, value=row.value, target=row.target)
        else:
            clause = phrase("indicator.value", w, name=name, value=row.value)
            if row.growth is not None:
                key = "major.rise" if Decimal(row.growth.value) >= 0 else "major.fall"
                clause += compose(w[key], w, rate=figure(row.growth, w, absolute=True))
            clause += phrase("indicator.growth.target", w, target=row.target)
        if row.gap is not None:
            key = "indicator.above" if Decimal(row.gap.value) >= 0 else "indicator.below"
            clause += compose(w[key], w, points=figure(row.gap, w, absolute=True))
        return clause
    clause = phrase(
        "indicator.level", w, name=name, value=row.value, target=row.target, share=row.completion
    )
    if row.met is not None:
        clause += phrase("indicator.met" if row.met else "indicator.unmet", w)
    return clause
