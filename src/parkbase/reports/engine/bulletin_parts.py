"""The monthly bulletin's later blocks (what moved, the monthly returns, the month's
projects, the problems past their deadline), composed as ``engine.bulletin`` composes
the first: pure functions over the facts and the reader's phrases."""

from __future__ import annotations

from decimal import Decimal

from parkbase.reports import bulletin_facts as B
from parkbase.reports.engine.bulletin_model import Block, Chart, Item, Table, brief, percent
from parkbase.reports.engine.text import Link, Piece, Words, join, paragraph, phrase, sentence

PROBLEM_CHARS = 30  # a problem's description is cut to fit its cell on paper
MOVERS_NAMED = 3  # enterprises the text names each way (the chart shows more)
PROJECTS_NAMED = 6  # projects named in a list (the rest counted)


# ------------------------------------------------------------------ (3) what moved


def movers(facts: B.BulletinFacts, w: Words) -> Block:
    if not facts.has_returns or facts.headline is None:
        return Block("movers", w["movers.heading"], [paragraph(phrase("movers.none", w))])
    name = facts.headline.indicator.name
    unit = facts.indicator_unit
    charts = []
    ranked = facts.risers + list(reversed(facts.decliners))
    if ranked:
        charts.append(
            Chart(
                key="enterprises",
                kind="changes",
                title=w["chart.enterprises"].format(name=name, unit=unit),
                labels=[m.enterprise.name for m in ranked],
                values=[float(m.change) for m in ranked],
            )
        )
    groups = sorted(facts.groups, key=lambda g: -g.change)
    if groups:
        charts.append(
            Chart(
                key="departments",
                kind="changes",
                title=w["chart.departments"].format(name=name, unit=unit),
                labels=[g.name or w["department.none"] for g in groups],
                values=[float(g.change) for g in groups],
            )
        )
    clauses = []
    if facts.risers:
        items = [_mover(m, w, up=True) for m in facts.risers[:MOVERS_NAMED]]
        clauses.append(phrase("movers.up", w, items=join(items, w.list_sep)))
    if facts.decliners:
        items = [_mover(m, w, up=False) for m in facts.decliners[:MOVERS_NAMED]]
        clauses.append(phrase("movers.down", w, items=join(items, w.list_sep)))
    if not clauses:
        clauses.append(phrase("movers.flat", w))
    text = paragraph(
        phrase("movers.intro", w),
        join(clauses, w.item_sep),
        phrase("movers.unit", w, unit=unit),
        [w.stop],
    )
    items: list[Item] = []
    if charts:
        items.append(charts)
    items.append(text)
    return Block("movers", w["movers.heading"], items)


def _mover(m: B.Mover, w: Words, up: bool) -> list[Piece]:
    """An enterprise with its change (whole 万元 from 100 up) and its growth."""
    change = abs(m.change)
    change = brief(change, w, 0 if change >= 100 else 2)
    name = Link(m.enterprise.name, m.enterprise.url)
    if m.growth is None:
        key = "movers.item.up.new" if up else "movers.item.down.gone"
        return phrase(key, w, name=[name], change=change)
    key = "movers.item.up" if up else "movers.item.down"
    return phrase(key, w, name=[name], change=change, growth=percent(abs(m.growth), w))


# ------------------------------------------------------------------ (4) returns


def returns(facts: B.BulletinFacts, w: Words, month: str) -> Block:
    r = facts.returns
    due = w["date"].format(y=r.due.year, m=r.due.month, d=r.due.day) if r.due else ""
    if r.state == B.COMBINED:
        text = phrase("returns.combined", w)
    elif not r.owed:
        text = phrase("returns.nobody", w)
    elif r.missing == 0:
        text = phrase("returns.complete", w, owed=r.owed, month=month)
    elif r.filed == 0:
        key = "returns.none.late" if r.overdue else "returns.none"
        text = phrase(key, w, owed=r.owed, month=month, due=due)
    else:
        late = [
            phrase(
                "returns.late.item",
                w,
                name=[Link(e.enterprise.name, e.enterprise.url)],
                department=e.department,
            )
            if e.department
            else [Link(e.enterprise.name, e.enterprise.url)]
            for e in r.late
        ]
        names = join(late, w.list_sep)
        if r.missing > len(r.late):
            names += phrase("returns.more", w, count=r.missing - len(r.late))
        key = "returns.late" if r.overdue else "returns.due"
        rate = percent(Decimal(r.filed) * 100 / Decimal(r.owed), w)
        text = phrase(
            key,
            w,
            owed=r.owed,
            month=month,
            filed=r.filed,
            rate=rate,
            missing=r.missing,
            due=due,
            names=names,
        )
    return Block("returns", w["returns.heading"], [paragraph(text)])


# ------------------------------------------------------------------ (5) projects


def projects(facts: B.BulletinFacts, w: Words, month: str) -> Block:
    clauses = []

    def names(notes):
        named = join(
            [[Link(n.project.name, n.project.url)] for n in notes[:PROJECTS_NAMED]], w.list_sep
        )
        if len(notes) > PROJECTS_NAMED:
            named += phrase("projects.more", w, count=len(notes) - PROJECTS_NAMED)
        return named

    if facts.new:
        clauses.append(phrase("projects.new", w, count=len(facts.new), names=names(facts.new)))
    if facts.signed:
        clauses.append(
            phrase("projects.signed", w, count=len(facts.signed), names=names(facts.signed))
        )
    if facts.lost:
        items = []
        for n in facts.lost[:PROJECTS_NAMED]:
            link = [Link(n.project.name, n.project.url)]
            if n.places:
                items.append(
                    phrase(
                        "projects.lost.item",
                        w,
                        name=link,
                        reason=n.reason,
                        places=w.list_sep.join(n.places),
                    )
                )
            else:
                items.append(phrase("projects.lost.item.plain", w, name=link, reason=n.reason))
        joined = join(items, w.list_sep)
        if len(facts.lost) > PROJECTS_NAMED:
            joined += phrase("projects.more", w, count=len(facts.lost) - PROJECTS_NAMED)
        clauses.append(phrase("projects.lost", w, count=len(facts.lost), items=joined))
    if not clauses:
        text = phrase("projects.none", w, month=month)
    else:
        text = phrase("projects.in", w, month=month) + sentence(clauses, w, items=True)
    return Block("projects", w["projects.heading"], [paragraph(text)])


# ------------------------------------------------------------------ (6) problems


def overdue(facts: B.BulletinFacts, w: Words, month: str) -> Block:
    if not facts.overdue_count:
        return Block(
            "overdue", w["overdue.heading"], [paragraph(phrase("overdue.none", w, month=month))]
        )
    key = "overdue.count.one" if facts.overdue_count == 1 else "overdue.count"
    head = phrase(key, w, month=month, count=facts.overdue_count)
    if facts.overdue_count > len(facts.overdue):
        head += phrase("overdue.listed", w, listed=len(facts.overdue))
    rows = []
    for o in facts.overdue:
        problem = o.category
        if o.text:
            text = o.text if len(o.text) <= PROBLEM_CHARS else o.text[: PROBLEM_CHARS - 1] + "…"
            problem = w["overdue.item"].format(category=o.category, text=text)
        rows.append(
            [
                Link(o.project.name, o.project.url),
                problem,
                o.authority or "—",
                o.deadline.isoformat(),
                str(o.days),
            ]
        )
    table = Table(
        "overdue",
        [
            w["overdue.project"],
            w["overdue.problem"],
            w["overdue.authority"],
            w["overdue.deadline"],
            w["overdue.days"],
        ],
        rows,
        widths=[26, 54, 26, 15, 9],
        numeric_from=3,  # the deadline and the days, aligned right
    )
    return Block("overdue", w["overdue.heading"], [paragraph(sentence([head], w)), table])
