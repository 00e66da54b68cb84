"""The old park's reorganisation as the draft reads it for a year: the survey
campaigns of the year (teams, enterprises covered, phases, supervising departments,
verified forms), the concerns raised in the year and those resolved by its end, by
category, the year's published per-mu evaluation with its classes, and the
redevelopment decisions taken and carried out in the year."""

from __future__ import annotations

from collections import Counter

from django.db.models import Min, Q

from parkbase.core.names import in_language
from parkbase.evaluation.choices import DecisionStatus, RunStatus
from parkbase.evaluation.models import Decision, Run
from parkbase.evaluation.selectors import class_names, run_summary, sees_whole_park
from parkbase.reports import facts as F
from parkbase.reports.selectors.common import Reading, count, figure_url, rows, url
from parkbase.surveys.choices import AssignmentStatus, ConcernStatus
from parkbase.surveys.models import Assignment, Campaign, Concern, Team


def campaigns(r: Reading) -> list[Campaign]:
    return r.memo(
        "campaigns",
        lambda: list(
            rows(Campaign, r).filter(park=r.park, year=r.year).order_by("started_on", "id")
        ),
    )


def assignments(r: Reading, campaign_id: int):
    return rows(Assignment, r).filter(campaign_id=campaign_id)


def verified(r: Reading, campaign_id: int):
    """The forms verified by the year's end."""
    return assignments(r, campaign_id).filter(
        Q(verified_at__isnull=True) | Q(verified_at__date__lte=r.end),
        status=AssignmentStatus.VERIFIED,
    )


def departments(r: Reading, campaign_id: int) -> list[tuple[int, str, int]]:
    """The departments supervising the enterprises a campaign covers: (id, name,
    enterprises), the most enterprises first."""
    found = (
        assignments(r, campaign_id)
        .exclude(enterprise__department__isnull=True)
        .values_list("enterprise__department_id", "enterprise__department__name")
        .order_by()
    )
    counts = Counter(found)
    return sorted(
        ((pk, name, n) for (pk, name), n in counts.items()), key=lambda row: (-row[2], row[1])
    )


def _survey(r: Reading, campaign: Campaign) -> F.Survey:
    address = url("campaign-detail", campaign.pk)
    phases = campaign.scope_phases.order_by("order", "code")
    return F.Survey(
        campaign=F.Named(campaign.name, address),
        teams=F.Measure(rows(Team, r).filter(campaign=campaign).count(), address, F.TEAMS),
        enterprises=F.Measure(
            assignments(r, campaign.pk).count(),
            figure_url(r, "surveyed", str(campaign.pk)),
            F.ENTERPRISES,
        ),
        verified=F.Measure(
            verified(r, campaign.pk).count(),
            figure_url(r, "verified", str(campaign.pk)),
            F.ENTERPRISES,
        ),
        departments=F.Measure(
            len(departments(r, campaign.pk)),
            figure_url(r, "departments", str(campaign.pk)),
            F.DEPARTMENTS,
        ),
        phases=tuple(in_language(p.name, p.name_en) for p in phases),
    )


def concerns(r: Reading, category: str = "") -> list[Concern]:
    """The concerns raised in the year (of one category where asked)."""
    found = rows(Concern, r).filter(enterprise__park=r.park, raised_on__year=r.year)
    if category:
        found = found.filter(category=category)
    return list(found.select_related("enterprise").order_by("raised_on", "id"))


def resolved(r: Reading, category: str = "") -> list[Concern]:
    """Of those, the ones resolved by the year's end."""
    return [
        c
        for c in concerns(r, category)
        if c.status == ConcernStatus.RESOLVED and c.resolved_on and c.resolved_on <= r.end
    ]


def published_run(r: Reading) -> Run | None:
    return (
        rows(Run, r)
        .filter(park=r.park, year=r.year, status=RunStatus.PUBLISHED)
        .select_related("scheme")
        .first()
    )


def decisions(r: Reading, kind: str = "") -> list[Decision]:
    """The redevelopment decisions taken in the year (of one kind where asked)."""
    found = rows(Decision, r).filter(enterprise__park=r.park, decided_on__year=r.year)
    if kind:
        found = found.filter(kind=kind)
    return list(found.select_related("enterprise").order_by("decided_on", "id"))


def done(r: Reading) -> list[Decision]:
    """The decisions carried out in the year."""
    return list(
        rows(Decision, r)
        .filter(enterprise__park=r.park, status=DecisionStatus.DONE, completed_on__year=r.year)
        .select_related("enterprise")
        .order_by("completed_on", "id")
    )


def old_park(r: Reading) -> F.OldPark:
    raised = concerns(r)
    fixed = resolved(r)
    raised_url, fixed_url = figure_url(r, "concerns"), figure_url(r, "resolved")
    by_category = Counter(c.category for c in raised)
    fixed_by_category = Counter(c.category for c in fixed)
    labels = {c.category: c.get_category_display() for c in raised}
    run = published_run(r)
    taken = decisions(r)
    kinds = Counter(d.kind for d in taken)
    kind_labels = {d.kind: d.get_kind_display() for d in taken}
    return F.OldPark(
        surveys=[_survey(r, c) for c in campaigns(r)],
        concerns=count(raised, raised_url, F.CONCERNS),
        resolved=count(fixed, fixed_url, F.CONCERNS),
        by_category=[
            F.KindCount(
                labels[code],
                F.Measure(n, figure_url(r, "concerns", code), F.CONCERNS),
                F.Measure(
                    fixed_by_category.get(code, 0), figure_url(r, "resolved", code), F.CONCERNS
                ),
            )
            for code, n in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        run=None if run is None else F.Named(run.scheme.shown_name, url("evaluation-run", run.pk)),
        evaluated=None if run is None else _evaluated(r, run),
        classes=[] if run is None else _classes(r, run),
        decisions=count(taken, figure_url(r, "decisions"), F.DECISIONS),
        by_kind=[
            F.KindCount(kind_labels[k], F.Measure(n, figure_url(r, "decisions", k), F.DECISIONS))
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        done=[
            F.Done(
                decision=F.Named(d.enterprise.name, url("evaluation-decision", d.pk)),
                kind=d.get_kind_display(),
                counterpart=d.counterpart,
            )
            for d in done(r)
        ],
    )


def _summary(r: Reading, run: Run) -> dict:
    """The run's counts as the reader may see them (the whole park's for the
    committee and the command line)."""
    if r.user is None or sees_whole_park(r.user):
        return run.summary or {}
    return run_summary(r.user, run)


def _evaluated(r: Reading, run: Run) -> F.Measure:
    address = url("evaluation-results", run=run.pk)
    return F.Measure(int(_summary(r, run).get("evaluated") or 0), address, F.ENTERPRISES)


def _classes(r: Reading, run: Run) -> list[F.KindCount]:
    counts = _summary(r, run).get("classes") or {}
    return [
        F.KindCount(
            name,
            F.Measure(
                int(counts.get(name) or 0),
                url("evaluation-results", run=run.pk, klass=name),
                F.ENTERPRISES,
            ),
        )
        for name in class_names(run)
        if name in counts
    ]


def pending_decisions(r: Reading) -> list[Decision]:
    """The decisions taken by the year's end and not carried out (nor dropped) by then."""
    if r.future:
        return []
    return list(
        rows(Decision, r)
        .filter(enterprise__park=r.park, decided_on__lte=r.end)
        .exclude(status=DecisionStatus.DROPPED)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=r.end))
        .select_related("enterprise")
        .order_by("due_on", "id")
    )


def pending_facts(found: list[Decision]) -> list[F.Pending]:
    return [
        F.Pending(
            decision=F.Named(d.enterprise.name, url("evaluation-decision", d.pk)),
            kind=d.get_kind_display(),
            due_on=d.due_on,
        )
        for d in found
    ]


def first_year(r: Reading) -> int | None:
    """The earliest year of a survey campaign or a redevelopment decision of the park."""
    years = [
        rows(Campaign, r).filter(park=r.park).aggregate(first=Min("year"))["first"],
    ]
    decided = rows(Decision, r).filter(enterprise__park=r.park).aggregate(first=Min("decided_on"))
    if decided["first"] is not None:
        years.append(decided["first"].year)
    found = [y for y in years if y is not None]
    return min(found) if found else None
