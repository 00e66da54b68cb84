"""The phrases of the monthly economic bulletin, in the reader's language: each a
translatable text (context "monthly bulletin") whose ``{name}`` places the engine fills
with numbers, names and links. ``words()`` gives them, with the units, separators and
month names of the language active when it is called."""

from __future__ import annotations

from django.utils.translation import pgettext, pgettext_lazy

from parkbase.core.names import english
from parkbase.indicators.wording import month_name
from parkbase.reports.engine import Words
from parkbase.reports.wording import UNITS

CONTEXT = "monthly bulletin"


def _(text: str):
    return pgettext_lazy(CONTEXT, text)


PHRASES = {
    "title": _("Economic bulletin"),
    "issue": _("No. {month}, {year}"),
    "issuer": _("{park} management committee"),
    "period": _("{month} {year}"),
    "jan-feb": _("January–February"),
    "jan-feb.short": _("Jan–Feb"),
    "to-date": _("January–{month}"),
    "to-date.short": _("Jan–{month}"),
    "months.short": _("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    "date": _("{y}-{m:02d}-{d:02d}"),
    "year": _("{year}"),
    # what is missing
    "notice.partial.late": _(
        "Partial figures: {owed} above-size enterprises owe their return for {month}; "
        "{filed} filed it and {missing} have not, past the deadline of {due} (listed under "
        "the monthly returns below). The figures from the monthly returns cover the "
        "enterprises that filed only."
    ),
    "notice.partial.due": _(
        "Partial figures: {filed} of the {owed} above-size enterprises have filed their "
        "return for {month}; the others have until {due}. The figures from the monthly "
        "returns cover the enterprises that filed only."
    ),
    "notice.none": _(
        "Figures missing: no monthly return for {month} is recorded yet ({owed} above-size "
        "enterprises owe it, by {due}). The month's figures from the monthly returns are "
        "left blank; their year to date is given up to the latest month with returns, as "
        "marked in the table."
    ),
    "notice.none.plain": _(
        "Figures missing: no monthly return for {month} is recorded, and no enterprise of "
        "the park is marked above designated size. The figures from the monthly returns are "
        "left blank."
    ),
    "notice.combined": _(
        "January is reported with February (January–February): the monthly returns hold no "
        "figure of January alone, and the figures from them appear in the bulletin of "
        "February."
    ),
    # (1) overview
    "overview.heading": _("I. Overview"),
    "overview.level": _(
        "In {period}, {name} reached {ytd}, {completion} of the year's target of {target}, {pace}"
    ),
    "overview.value": _("In {period}, {name} reached {ytd}"),
    "overview.growth.up": _("up {rate} on the same period last year"),
    "overview.growth.down": _("down {rate} on the same period last year"),
    "overview.month": _("in {month} alone it was {value}"),
    "overview.month.up": _("up {rate} on the same month last year"),
    "overview.month.down": _("down {rate} on the same month last year"),
    "pace.ahead": _("{points} points ahead of elapsed time"),
    "pace.behind": _("{points} points behind elapsed time"),
    "pace.even": _("level with elapsed time"),
    "overview.targets": _(
        "Of the {count} indicators with a target for the year, {ahead} are on pace and "
        "{behind} behind"
    ),
    "overview.targets.behind": _(
        "All {count} indicators with a target for the year are behind their pace"
    ),
    "overview.targets.ahead": _("All {count} indicators with a target for the year are on pace"),
    "overview.alerts": _("{names} are behind by more than their alert threshold"),
    "overview.none": _("No indicator has a figure or a target for this month."),
    # (2) the indicators
    "table.heading": _("II. Main indicators"),
    "table.none": _("No indicator of the park has a figure or a target for this month."),
    "table.indicator": _("Indicator"),
    "table.unit": _("Unit"),
    "table.growth": _("YoY"),
    "table.target": _("Target"),
    "table.done": _("Done"),
    "table.lead": _("Pace"),
    "table.through": _("{value} (to {month})"),
    "table.growth-target": _("+{value}%"),
    "table.note": _(
        "Elapsed time: {elapsed} of the year at the end of {month}. Pace, in percentage "
        "points: the share of the target done ahead of (+) or behind (−) elapsed time; for a "
        "growth target, the growth to date against the target growth."
    ),
    "table.note.earlier": _(
        " A row with figures to an earlier month is measured against elapsed time at the "
        "end of that month."
    ),
    "chart.trend": _("{name} by month ({unit})"),
    "chart.partial": _("{month}: partial ({filed} of {owed} enterprises filed)"),
    # (3) what moved
    "movers.heading": _("III. What moved"),
    "movers.none": _("The monthly returns hold no figure for this month: nothing to compare."),
    "movers.intro": _(
        "Against the same period last year (of the enterprises that filed for the month), "
    ),
    "movers.up": _("the largest rises were {items}"),
    "movers.down": _("the largest falls were {items}"),
    "movers.item.up": _("{name} (up {change}, {growth})"),
    "movers.item.down": _("{name} (down {change}, {growth})"),
    "movers.item.up.new": _("{name} (up {change}, none a year before)"),
    "movers.item.down.gone": _("{name} (down {change}, none this year)"),
    "movers.unit": _(" ({unit})"),
    "movers.flat": _("no enterprise's figure changed"),
    # the chart's title names the indicator where the language has room ({name})
    "chart.enterprises": _("Largest changes by enterprise ({unit})"),
    "chart.departments": _("Change by supervising department ({unit})"),
    "department.none": _("no department"),
    # (4) the returns
    "returns.heading": _("IV. Monthly returns"),
    "returns.complete": _(
        "All {owed} above-size enterprises that owe the return for {month} have filed it."
    ),
    "returns.late": _(
        "{owed} above-size enterprises owe the return for {month}: {filed} filed it "
        "({rate}); {missing} have not, past the deadline of {due}: {names}."
    ),
    "returns.due": _(
        "{owed} above-size enterprises owe the return for {month}: {filed} filed it "
        "({rate}); {missing} have until {due}: {names}."
    ),
    "returns.none": _(
        "{owed} above-size enterprises owe the return for {month}, by {due}; none has filed it yet."
    ),
    "returns.none.late": _(
        "{owed} above-size enterprises owe the return for {month}; none filed it by the "
        "deadline of {due}."
    ),
    "returns.nobody": _("No enterprise of the park is marked above designated size."),
    "returns.combined": _("January is reported with February: nothing is owed for it alone."),
    "returns.late.item": _("{name} ({department})"),
    "returns.more": _(" and {count} more"),
    # (5) projects
    "projects.heading": _("V. Investment projects"),
    "projects.none": _("No project was first contacted, signed or lost in {month}."),
    "projects.new": _("{count} first contacted: {names}"),
    "projects.signed": _("{count} signed: {names}"),
    "projects.lost": _("{count} lost: {items}"),
    "projects.lost.item": _("{name} ({reason}, to {places})"),
    "projects.lost.item.plain": _("{name} ({reason})"),
    "projects.in": _("In {month}, "),
    "projects.more": _(" and {count} more projects"),
    # (6) problems
    "overdue.heading": _("VI. Problems past their deadline"),
    "overdue.none": _("At the end of {month} no problem of a project was open past its deadline."),
    "overdue.count": _(
        "At the end of {month}, {count} problems of the projects were open past their deadline"
    ),
    "overdue.count.one": _(
        "At the end of {month}, {count} problem of the projects was open past its deadline"
    ),
    "overdue.listed": _("; the {listed} longest overdue are listed"),
    "overdue.item": _("{category}: {text}"),
    "overdue.project": _("Project"),
    "overdue.problem": _("Problem"),
    "overdue.authority": _("To act"),
    "overdue.deadline": _("Deadline"),
    "overdue.days": _("Days over"),
}


def words() -> Words:
    """The bulletin's phrases, units and separators in the active language."""
    en = english()
    return Words(
        phrases={key: str(text) for key, text in PHRASES.items()},
        units={code: (str(one), str(many)) for code, (one, many) in UNITS.items()},
        ordinals=[],
        list_sep=", " if en else "、",
        clause_sep="; " if en else "，",
        item_sep="; " if en else "；",
        stop="." if en else "。",
        gap=" " if en else "",
        space=" " if en else "",
        group_digits=True,
    )


def month_text(month: int) -> str:
    """A month's name (11月 / November)."""
    return str(month_name(month))


def month_names() -> tuple[list[str], list[str]]:
    """The months' names and their short forms (11月, 11月 / November, Nov)."""
    short = str(PHRASES["months.short"]).split("|")
    return [month_text(m) for m in range(1, 13)], short


def label(text: str) -> str:
    """One more phrase of the bulletin's pages, in the active language."""
    return pgettext(CONTEXT, text)
