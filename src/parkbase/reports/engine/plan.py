"""Next year's plan, drafted from what is open at the year's end: the projects to
carry on and their next steps, the problems to be solved and who must act, the
approvals and redevelopment decisions pending, next year's targets and key tasks."""

from __future__ import annotations

from parkbase.reports import facts as F
from parkbase.reports.engine.summary import approval_item, section
from parkbase.reports.engine.text import (
    Paragraph,
    Section,
    Words,
    join,
    paragraph,
    phrase,
    sentence,
)

LISTED = 10  # the projects, problems and tasks named one by one


def _rest(count: F.Measure, listed: int, w: Words) -> list[Paragraph]:
    """A closing word on those not named: how many more, with the same records."""
    more = int(count.value) - listed
    if more <= 0:
        return []
    rest = F.Measure(more, count.url, count.unit)
    return [paragraph(sentence([phrase("plan.rest", w, count=rest)], w))]


def projects(facts: F.Plan, w: Words) -> Section:
    out = []
    if facts.open_projects.value:
        out.append(paragraph(sentence([phrase("plan.projects", w, count=facts.open_projects)], w)))
    for step in facts.steps[:LISTED]:
        clauses = [phrase("plan.step", w, name=step.project, step=step.step or w["plan.step.on"])]
        if step.owner or step.due_on:
            key = "plan.when" if step.owner else "plan.when.plain"
            clauses[0] += phrase(key, w, owner=step.owner, due=w.date(step.due_on) or "—")
        out.append(paragraph(sentence(clauses, w)))
    return section("plan.projects", w, out, not out)


def blockers(facts: F.Plan, w: Words) -> Section:
    out = []
    if facts.blockers.value:
        out.append(paragraph(sentence([phrase("plan.blockers", w, count=facts.blockers)], w)))
    for b in facts.blocker_list[:LISTED]:
        key = "plan.blocker" if b.text else "plan.blocker.plain"
        clause = phrase(key, w, name=b.project, category=b.category, text=b.text)
        if b.authority:
            clause += phrase("plan.authority", w, authority=b.authority)
        if b.deadline:
            clause += phrase("plan.by", w, due=w.date(b.deadline))
        out.append(paragraph(sentence([clause], w)))
    out += _rest(facts.blockers, min(len(facts.blocker_list), LISTED), w) if out else []
    return section("plan.blockers", w, out, not out)


def pending(facts: F.Plan, w: Words) -> Section:
    out = []
    if facts.approvals.value:
        items = [approval_item(a, w) for a in facts.approval_list]
        out.append(
            paragraph(
                sentence(
                    [
                        phrase(
                            "plan.approvals",
                            w,
                            count=facts.approvals,
                            items=join(items, w.item_sep),
                        )
                    ],
                    w,
                )
            )
        )
    if facts.decisions.value:
        items = [
            phrase("plan.decision", w, name=d.decision, kind=d.kind, due=w.date(d.due_on))
            if d.due_on
            else phrase("plan.decision.plain", w, name=d.decision, kind=d.kind)
            for d in facts.decision_list
        ]
        out.append(
            paragraph(
                sentence(
                    [
                        phrase(
                            "plan.decisions",
                            w,
                            count=facts.decisions,
                            items=join(items, w.item_sep),
                        )
                    ],
                    w,
                )
            )
        )
    return section("plan.pending", w, out, not out)


def targets(facts: F.Plan, w: Words) -> Section:
    if not facts.targets:
        return _empty("plan.targets", facts, w)
    items = [
        phrase(
            "plan.target.growth" if t.growth else "plan.target", w, name=t.indicator, value=t.value
        )
        for t in facts.targets
    ]
    out = [
        paragraph(
            sentence([phrase("plan.targets", w, year=facts.year, items=join(items, w.item_sep))], w)
        )
    ]
    return section("plan.targets", w, out, False)


def tasks(facts: F.Plan, w: Words) -> Section:
    if not facts.task_list:
        return _empty("plan.tasks", facts, w)
    out = [paragraph(sentence([phrase("plan.tasks", w, year=facts.year, count=facts.tasks)], w))]
    for t in facts.task_list[:LISTED]:
        who = []
        if t.unit:
            key = "plan.task.unit" if t.owner else "plan.task.unit.plain"
            who = phrase(key, w, unit=t.unit, owner=t.owner)
        when = phrase("plan.by", w, due=w.date(t.deadline)) if t.deadline else []
        out.append(paragraph(sentence([[*phrase("plan.task", w, name=t.task), *who, *when]], w)))
    out += _rest(facts.tasks, min(len(facts.task_list), LISTED), w)
    return section("plan.tasks", w, out, False)


def _empty(key: str, facts: F.Plan, w: Words) -> Section:
    return section(key, w, [], True, year=facts.year)


def plan(facts: F.Plan, w: Words) -> list[Section]:
    return [
        projects(facts, w),
        blockers(facts, w),
        pending(facts, w),
        targets(facts, w),
        tasks(facts, w),
    ]
