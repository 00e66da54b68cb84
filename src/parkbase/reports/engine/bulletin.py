"""The monthly economic bulletin (经济运行简报) composed from its facts: pure functions
over plain data, with the phrases of the reader's language (``Words``) and the names of
the months handed in.

``bulletin(facts, words, months)`` gives a ``Bulletin``: its masthead (title, issue,
issuer, date), a notice where figures are partial or missing (what is missing, never a
figure made up), and six blocks, each a list of paragraphs, tables and rows of charts:
the overview, the main indicators against their targets and elapsed time (with the
headline's months as a chart), what moved (by enterprise and by supervising
department), the monthly returns (who is late), the month's projects, and the
problems past their deadline. A chart is described here (its kind, title, labels and
values); ``reports.charts`` draws it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from parkbase.reports import bulletin_facts as B
from parkbase.reports.engine.bulletin_model import (  # noqa: F401 (what the engine gives)
    Block,
    Bulletin,
    Chart,
    Item,
    Table,
    amount,
    brief,
    cell_text,
    percent,
    signed,
    with_unit,
)
from parkbase.reports.engine.bulletin_parts import movers, overdue, projects, returns
from parkbase.reports.engine.text import (
    Link,
    Paragraph,
    Piece,
    Words,
    join,
    number,
    paragraph,
    phrase,
    sentence,
)

# ------------------------------------------------------------------ the bulletin


def month_label(facts: B.BulletinFacts, w: Words, months: Sequence[str], key="jan-feb") -> str:
    """The month as its figures cover it: 1–2月 for a February reported with January."""
    if facts.month == 2 and facts.trend and (1, 2) in facts.trend.periods:
        return w[key]
    return months[facts.month - 1]


def bulletin(
    facts: B.BulletinFacts, w: Words, months: Sequence[str], short: Sequence[str] | None = None
) -> Bulletin:
    """The bulletin; ``months``: the names of the months (11月 / November), ``short``:
    as the tables and charts write them (11月 / Nov)."""
    short = short or months
    month = months[facts.month - 1]
    d = facts.drafted_on
    return Bulletin(
        title=w["title"],
        issue=w["issue"].format(year=facts.year, month=facts.month),
        issuer=w["issuer"].format(park=facts.park),
        dated=w["date"].format(y=d.year, m=d.month, d=d.day),
        period=w["period"].format(year=facts.year, month=month),
        notice=notice(facts, w, month),
        blocks=[
            overview(facts, w, months),
            indicators(facts, w, short),
            movers(facts, w),
            returns(facts, w, month),
            projects(facts, w, month),
            overdue(facts, w, month),
        ],
        state=facts.returns.state,
    )


def notice(facts: B.BulletinFacts, w: Words, month: str) -> Paragraph | None:
    r = facts.returns
    values = {
        "month": month,
        "owed": r.owed,
        "filed": r.filed,
        "missing": r.missing,
        "due": w["date"].format(y=r.due.year, m=r.due.month, d=r.due.day) if r.due else "",
    }
    if r.state == B.COMBINED:
        return paragraph(phrase("notice.combined", w))
    if r.state == B.NONE:
        key = "notice.none" if r.owed else "notice.none.plain"
        return paragraph(phrase(key, w, **values))
    if r.state == B.PARTIAL:
        key = "notice.partial.late" if r.overdue else "notice.partial.due"
        return paragraph(phrase(key, w, **values))
    return None


# ------------------------------------------------------------------ (1) overview


def overview(facts: B.BulletinFacts, w: Words, months: Sequence[str]) -> Block:
    items: list[Item] = []
    head = facts.headline
    period = w["to-date"].format(month=months[facts.month - 1])
    if head is not None and head.ytd is not None and head.data_month == facts.month:
        whole = facts.month == 1 or month_label(facts, w, months) == w["jan-feb"]
        month = "" if whole else month_label(facts, w, months)
        items.append(_headline(head, facts, w, period, month))
    with_target = [r for r in facts.rows if r.target is not None and r.lead is not None]
    if with_target:
        behind = [r for r in with_target if r.lead < 0]
        ahead = [r for r in with_target if r.lead >= 0]
        key = "overview.targets"
        if not ahead:
            key = "overview.targets.behind"
        elif not behind:
            key = "overview.targets.ahead"
        clauses = [phrase(key, w, count=len(with_target), ahead=len(ahead), behind=len(behind))]
        alerts = [r.indicator for r in with_target if r.alert]
        if alerts:
            names = join([[Link(n.name, n.url)] for n in alerts], w.list_sep)
            clauses.append(phrase("overview.alerts", w, names=names))
        items.append(paragraph(sentence(clauses, w)))
    if not items:
        items.append(paragraph(phrase("overview.none", w)))
    return Block("overview", w["overview.heading"], items)


def _headline(head: B.Row, facts, w: Words, period: str, month: str) -> Paragraph:
    """The headline indicator's year to date against its target and elapsed time, and
    the month's own figure (``month`` "" where the month is the whole year so far)."""
    name = Link(head.indicator.name, head.indicator.url)
    ytd = with_unit(brief(head.ytd, w), head.unit, w)
    clauses = []
    if head.target is not None and not head.growth_target and head.completion is not None:
        if head.lead is None or abs(head.lead) < Decimal("0.05"):
            pace = phrase("pace.even", w)
        else:
            key = "pace.ahead" if head.lead > 0 else "pace.behind"
            pace = phrase(key, w, points=number(abs(head.lead), 1, w.group_digits))
        clauses.append(
            phrase(
                "overview.level",
                w,
                period=period,
                name=[name],
                ytd=ytd,
                completion=percent(head.completion, w),
                target=with_unit(brief(head.target, w), head.unit, w),
                pace=pace,
            )
        )
    else:
        clauses.append(phrase("overview.value", w, period=period, name=[name], ytd=ytd))
    if head.ytd_growth is not None:
        key = "overview.growth.up" if head.ytd_growth >= 0 else "overview.growth.down"
        clauses.append(phrase(key, w, rate=percent(abs(head.ytd_growth), w)))
    first = sentence(clauses, w)
    second = []
    if head.month is not None and month:
        parts = [
            phrase(
                "overview.month",
                w,
                month=month,
                value=with_unit(brief(head.month, w), head.unit, w),
            )
        ]
        if head.month_growth is not None:
            key = "overview.month.up" if head.month_growth >= 0 else "overview.month.down"
            parts.append(phrase(key, w, rate=percent(abs(head.month_growth), w)))
        second = sentence(parts, w)
    return paragraph(first, [w.gap] if second else [], _capital(second, w))


def _capital(pieces: list[Piece], w: Words) -> list[Piece]:
    """A sentence that opens a new one in English starts with a capital."""
    if pieces and isinstance(pieces[0], str) and w.gap:
        pieces = [pieces[0][:1].upper() + pieces[0][1:], *pieces[1:]]
    return pieces


# ------------------------------------------------------------------ (2) indicators


def indicators(facts: B.BulletinFacts, w: Words, months: Sequence[str]) -> Block:
    if not facts.rows:
        return Block("indicators", w["table.heading"], [paragraph(phrase("table.none", w))])
    month = month_label(facts, w, months, "jan-feb.short")
    header = [
        w["table.indicator"],
        w["table.unit"],
        month,
        w["table.growth"],
        w["to-date.short"].format(month=months[facts.month - 1]),
        w["table.growth"],
        w["table.target"],
        w["table.done"],
        w["table.lead"],
    ]
    rows, behind = [], []
    earlier = any(r.data_month and r.data_month != facts.month for r in facts.rows)
    for r in facts.rows:
        ytd = percent(r.ytd, w) if r.rate else amount(r.ytd, w, whole=r.whole)
        if r.ytd is not None and r.data_month is not None and r.data_month != facts.month:
            ytd = w["table.through"].format(value=ytd, month=months[r.data_month - 1])
        if r.target is None:
            target = "—"
        elif r.growth_target and not r.rate:
            target = w["table.growth-target"].format(value=number(r.target, 1, w.group_digits))
        elif r.rate:
            target = percent(r.target, w)
        else:
            target = amount(r.target, w, whole=r.whole)
        rows.append(
            [
                Link(r.indicator.name, r.indicator.url),
                r.unit,
                "—" if r.rate else amount(r.month, w, whole=r.whole),
                "—" if r.rate else percent(r.month_growth, w),
                ytd,
                "—" if r.rate else percent(r.ytd_growth, w),
                target,
                percent(r.completion, w),
                signed(r.lead),
            ]
        )
        behind.append(r.behind)
    table = Table(
        "indicators",
        header,
        rows,
        widths=[35, 14, 11, 10, 15, 10, 11, 10, 9],
        numeric_from=2,
        note=w["table.note"].format(
            elapsed=percent(facts.elapsed, w), month=months[facts.month - 1]
        )
        + (w["table.note.earlier"] if earlier else ""),
        behind=behind,
    )
    items: list[Item] = [table]
    if facts.trend is not None and any(
        v is not None for v in facts.trend.this_year + facts.trend.last_year
    ):
        items.append([_trend_chart(facts, w, months)])
    return Block("indicators", w["table.heading"], items)


def _period_label(period: tuple[int, int], w: Words, months: Sequence[str]) -> str:
    start, end = period
    if start == end:
        return months[end - 1]
    if (start, end) == (1, 2):
        return w["jan-feb.short"]
    return f"{months[start - 1]}–{months[end - 1]}"


def _float(value) -> float | None:
    return None if value is None else float(value)


def _trend_chart(facts: B.BulletinFacts, w: Words, months: Sequence[str]) -> Chart:
    t = facts.trend
    r = facts.returns
    note = ""
    if t.partial is not None:
        note = w["chart.partial"].format(month=months[facts.month - 1], filed=r.filed, owed=r.owed)
    return Chart(
        key="trend",
        kind="months",
        title=w["chart.trend"].format(name=t.indicator, unit=t.unit),
        labels=[_period_label(p, w, months) for p in t.periods],
        series=[
            (w["year"].format(year=facts.year), [_float(v) for v in t.this_year]),
            (w["year"].format(year=facts.year - 1), [_float(v) for v in t.last_year]),
        ],
        partial=t.partial,
        note=note,
    )
