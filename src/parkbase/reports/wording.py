"""The phrases an annual draft is written in, in the reader's language: each a
translatable text (context "annual report") whose ``{name}`` places the engine fills
with figures, links and words; the units, ordinals and separators of the language.
``words()`` gives them, in the language active when it is called."""

from __future__ import annotations

from django.utils.translation import pgettext, pgettext_lazy

from parkbase.core.names import english
from parkbase.reports.engine import Words

CONTEXT = "annual report"


def _(text: str):
    return pgettext_lazy(CONTEXT, text)


PHRASES = {
    "title": _("{park}: summary of {year} and plan for {next}"),
    "intro": _(
        "In {year} the park's work ran along five streams: investment attraction, land, "
        "the old park, major projects and key enterprises, and the main economic "
        "indicators. This draft sums up the year from the records and sets out the plan "
        "for {next}."
    ),
    "part.summary": _("I. Work in {year}"),
    "part.plan": _("II. Plan for {year}"),
    "ordinal.more": _("Item {n}: "),
    "date": _("{y}-{m:02d}-{d:02d}"),
    "colon": _(": "),
    "among": _(", of which {items}"),
    "kind.count": _("{label} {count}"),
    "area.both": _("{mu} ({m2})"),
    "unknown.place": _("a destination not recorded"),
    # (1) investment attraction
    "investment.heading": _("(1) Investment attraction"),
    "investment.none": _("The records hold no investment project for this year."),
    "investment.talks.topic": _("on talks and contracts, "),
    "investment.contacted": _("{count} were first contacted in the year"),
    "investment.contacted.one": _("{count} was first contacted in the year"),
    "investment.talks": _("{count} were in talks at the year's end"),
    "investment.talks.one": _("{count} was in talks at the year's end"),
    "investment.signed": _("{count} were signed, contracted for {amount}"),
    "investment.signed.one": _("{count} was signed, contracted for {amount}"),
    "investment.largest": _("the largest being {items}"),
    "investment.largest.item": _("{name} ({amount})"),
    "investment.building.topic": _("on construction, "),
    "investment.started": _("{count} started construction in the year"),
    "investment.landed": _("{count} landed"),
    "investment.producing": _("{count} went into production"),
    "investment.funds.topic": _("on funds, "),
    "investment.funds": _("{amount} of funds arrived for the projects in the year"),
    "investment.lost.topic": _("on the projects lost, "),
    "investment.lost": _("{count} were lost in the year, with {amount} of total investment"),
    "investment.lost.one": _("{count} was lost in the year, with {amount} of total investment"),
    "investment.lost.plain": _("{count} were lost in the year"),
    "investment.lost.plain.one": _("{count} was lost in the year"),
    "investment.loss": _("{name} ({amount}) went to {places} ({reason})"),
    "investment.loss.plain": _("{name} went to {places} ({reason})"),
    "investment.loss.kept": _(" (what would have kept it: {kept})"),
    # (2) land
    "land.heading": _("(2) Land"),
    "land.none": _("The records hold no idle land, land approval or land freed for this year."),
    "land.idle.topic": _("on idle land, "),
    "land.idle": _("{count} lay idle at the year's end, {area} in all"),
    "land.idle.one": _("{count} lay idle at the year's end, {area}"),
    "land.idle.parcel": _("{name} ({owner}, {area})"),
    "land.barriers": _(" is held back by {count}: {items}"),
    "land.barrier": _("{kind} ({text})"),
    "land.barrier.plain": _("{kind}"),
    "land.authorities": _("{authorities} must act"),
    "land.low.topic": _("on under-used land, "),
    "land.low": _("{count} ({area}) are recorded as under-used"),
    "land.low.one": _("{count} ({area}) is recorded as under-used"),
    "land.approvals.topic": _("on land approvals, "),
    "land.pending": _("{count} awaited a decision at the year's end: {items}"),
    "land.approved": _("{count} were approved in the year, for {area}"),
    "land.approved.one": _("{count} was approved in the year, for {area}"),
    "approval.item": _("{name} ({kind}, with {authority}, {area})"),
    "approval.item.plain": _("{name} ({kind}, with {authority})"),
    "approval.item.bare": _("{name} ({kind})"),
    "land.freed.topic": _("on land freed, "),
    "land.freed": _("redevelopment freed {area}"),
    "land.freed.item": _("{name} ({kind}): {area}"),
    # (3) the old park
    "old.heading": _("(3) Reorganising the old park"),
    "old.none": _(
        "The records hold no survey, concern, per-mu evaluation or redevelopment decision "
        "for this year."
    ),
    "old.survey.topic": _("on the enterprise survey, "),
    "old.survey": _("{campaign} sent {teams} to {enterprises} of {phases}, under {departments}"),
    "old.survey.park": _("the whole park"),
    "old.survey.verified": _("{count} were verified"),
    "old.survey.verified.one": _("{count} was verified"),
    "old.concerns.topic": _("on the enterprises' concerns, "),
    "old.concerns": _("{count} were raised in the year and {resolved} resolved"),
    "old.concerns.one": _("{count} was raised in the year and {resolved} resolved"),
    "old.concerns.item": _("{label} {count} ({resolved} resolved)"),
    "old.classes.topic": _("on per-mu evaluation, "),
    "old.classes": _("under {run}, {count} were evaluated: "),
    "old.class": _("class {label} {count}"),
    "old.decisions.topic": _("on redevelopment, "),
    "old.decisions": _("{count} were decided in the year ({kinds})"),
    "old.decisions.one": _("{count} was decided in the year ({kinds})"),
    "old.done": _("{name}: {kind} done (to {counterpart})"),
    "old.done.plain": _("{name}: {kind} done"),
    # (4) major projects and key enterprises
    "major.heading": _("(4) Major projects and key enterprises"),
    "major.none": _("The records hold no key project or expansion of an enterprise for this year."),
    "major.key.topic": _("on major projects, "),
    "major.key": _(
        "{count} on the city's key-project lists or above were under way at the year's end"
    ),
    "major.key.one": _(
        "{count} on the city's key-project lists or above was under way at the year's end"
    ),
    "major.project": _("{name} ({level}, {amount}) was at the {stage} stage"),
    "major.project.plain": _("{name} ({level}) was at the {stage} stage"),
    "major.investors": _(", with {investors} investing"),
    "major.blockers": _(", with {count} to solve"),
    "major.growth.topic": _("on key enterprises, "),
    "major.growth.item": _(
        "{name} carried out {project} with {funds} in place in the year; its gross output "
        "was {output}"
    ),
    "major.growth.item.plain": _("the gross output of {name} was {output}"),
    "major.rise": _(", up {rate} on the year before"),
    "major.fall": _(", down {rate} on the year before"),
    # (5) indicators
    "indicators.heading": _("(5) Main economic indicators"),
    "indicators.none": _("No economic indicator has a target for this year."),
    "indicator.level": _("{name} reached {value}, {share} of the year's target of {target}"),
    "indicator.met": _(", meeting the target"),
    "indicator.unmet": _(", short of the target"),
    "indicator.rate": _("{name} was {value} against a target of {target}"),
    "indicator.value": _("{name} reached {value}"),
    "indicator.growth.target": _(", against a growth target of {target}"),
    "indicator.above": _(", {points} above the target"),
    "indicator.below": _(", {points} below the target"),
    "indicator.nodata": _("{name}: the target was {target}; no figures are recorded"),
    # the plan
    "plan.projects.heading": _("(1) Projects to carry forward"),
    "plan.projects.none": _("No project was open at the year's end."),
    "plan.projects": _("{count} were open at the year's end; their next steps follow"),
    "plan.projects.one": _("{count} was open at the year's end; its next step follows"),
    "plan.step": _("{name}: {step}"),
    "plan.step.on": _("to go on as planned"),
    "plan.when": _(" ({owner}, by {due})"),
    "plan.when.plain": _(" (by {due})"),
    "plan.rest": _("{count} more are to be followed up as planned"),
    "plan.rest.one": _("{count} more is to be followed up as planned"),
    "plan.blockers.heading": _("(2) Problems to solve"),
    "plan.blockers.none": _("No problem of a project was open at the year's end."),
    "plan.blockers": _("{count} of the projects were open at the year's end"),
    "plan.blockers.one": _("{count} of the projects was open at the year's end"),
    "plan.blocker": _("{name} ({category}): {text}"),
    "plan.blocker.plain": _("{name} ({category})"),
    "plan.authority": _("; {authority} must act"),
    "plan.by": _(", by {due}"),
    "plan.pending.heading": _("(3) Approvals and decisions pending"),
    "plan.pending.none": _(
        "No land approval or redevelopment decision was pending at the year's end."
    ),
    "plan.approvals": _("{count} await a decision: {items}"),
    "plan.approvals.one": _("{count} awaits a decision: {items}"),
    "plan.decisions": _("{count} are to be carried through: {items}"),
    "plan.decisions.one": _("{count} is to be carried through: {items}"),
    "plan.decision": _("{name}: {kind} (by {due})"),
    "plan.decision.plain": _("{name}: {kind}"),
    "plan.targets.heading": _("(4) Main targets"),
    "plan.targets.none": _("No targets are set for {year} yet."),
    "plan.targets": _("the main targets for {year} are {items}"),
    "plan.target": _("{name} {value}"),
    "plan.target.growth": _("{name}: growth of {value}"),
    "plan.tasks.heading": _("(5) Key tasks"),
    "plan.tasks.none": _("No key tasks are set for {year} yet."),
    "plan.tasks": _("{count} are set for {year}"),
    "plan.tasks.one": _("{count} is set for {year}"),
    "plan.task": _("{name}"),
    "plan.task.unit": _(": {unit} ({owner})"),
    "plan.task.unit.plain": _(": {unit}"),
}

# (one, many) of each unit; a count's noun
UNITS = {
    "wan_yuan": (_("10k yuan"), _("10k yuan")),
    "mu": (_("mu"), _("mu")),
    "wan_m2": (_("10k m²"), _("10k m²")),
    "points": (_("point"), _("points")),
    "projects": (_("project"), _("projects")),
    "enterprises": (_("enterprise"), _("enterprises")),
    "parcels": (_("parcel"), _("parcels")),
    "teams": (_("team"), _("teams")),
    "departments": (_("department"), _("departments")),
    "concerns": (_("concern"), _("concerns")),
    "items": (_("item"), _("items")),
    "barriers": (_("barrier"), _("barriers")),
    "decisions": (_("decision"), _("decisions")),
    "problems": (_("problem"), _("problems")),
    "tasks": (_("key task"), _("key tasks")),
}

ORDINALS = _(
    "First, |Second, |Third, |Fourth, |Fifth, |Sixth, |Seventh, |Eighth, |Ninth, |Tenth, |"
    "Eleventh, |Twelfth, |Thirteenth, |Fourteenth, |Fifteenth, |Sixteenth, |Seventeenth, |"
    "Eighteenth, |Nineteenth, |Twentieth, "
)


def words() -> Words:
    """The phrases, units and ordinals of the active language."""
    en = english()
    return Words(
        phrases={key: str(text) for key, text in PHRASES.items()},
        units={code: (str(one), str(many)) for code, (one, many) in UNITS.items()},
        ordinals=str(ORDINALS).split("|"),
        list_sep=", " if en else "、",
        clause_sep="; " if en else "，",
        item_sep="; " if en else "；",
        stop="." if en else "。",
        gap=" " if en else "",
        space=" " if en else "",
        group_digits=en,
    )


def label(text: str) -> str:
    """One more phrase of the draft's pages, in the active language."""
    return pgettext(CONTEXT, text)
