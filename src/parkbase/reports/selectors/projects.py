"""The investment pipeline of a year as the draft reads it: the projects first
contacted, in talks at the year's end, signed, started, landed and in production in
the year, the funds that arrived, the projects lost and where to; the key projects
and the enterprises' expansions; and what is open at the year's end (projects and
their next steps, problems and who must act). Every row through the reader's scope;
a confidential project by its code name to anyone outside it."""

from __future__ import annotations

from django.db.models import F as Field
from django.db.models import Min, Prefetch, Q

from parkbase.core.tables import person_name
from parkbase.projects.choices import (
    OPEN_STATUSES,
    BlockerStatus,
    FundKind,
    KeyLevel,
    ProjectSource,
)
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Loss,
    LossDestination,
    Project,
    ProjectInvestor,
    Stage,
    StageChange,
)
from parkbase.projects.selectors import NOT_CLOSED
from parkbase.reports import facts as F
from parkbase.reports.selectors.common import (
    Reading,
    count,
    figure_url,
    is_secret,
    optional,
    rows,
    seen,
    total,
    url,
)

# key-project levels, the highest first; the major projects are those of the city's
# lists and above
LEVELS = (KeyLevel.NATIONAL, KeyLevel.PROVINCE, KeyLevel.CITY, KeyLevel.DISTRICT)
MAJOR = (KeyLevel.NATIONAL, KeyLevel.PROVINCE, KeyLevel.CITY)
LARGEST = 3


def project_url(project_id: int) -> str:
    return url("project", project_id)


def named(project: Project) -> F.Named:
    return F.Named(project.shown_name, project_url(project.pk))


def part_named(part) -> F.Named:
    """The project a part (a blocker, a loss…) belongs to, as the reader may see it."""
    return F.Named(part.project_name, project_url(part.project_id))


# ------------------------------------------------------------------ the park's projects


def projects(r: Reading) -> list[Project]:
    """Every project of the park the reader sees (the year's lists are read from it)."""
    return r.memo(
        "projects",
        lambda: list(rows(Project, r).filter(park=r.park).select_related("stage").order_by("pk")),
    )


def stages(r: Reading) -> list[Stage]:
    return r.memo(
        "stages", lambda: list(rows(Stage, r).filter(park=r.park).order_by("order", "id"))
    )


def states(r: Reading) -> dict[int, tuple[Stage, str]]:
    """{project id: (its stage, its status)} at the year's end, from its moves; a
    project first contacted later is not in it."""

    def read():
        if r.future:
            return {}
        by_id = {s.pk: s for s in stages(r)}
        out = {}
        moves = (
            rows(StageChange, r)
            .filter(project__park=r.park, changed_on__lte=r.end)
            .order_by("project_id", "changed_on", "id")
            .values_list("project_id", "stage_id", "status")
        )
        for project_id, stage_id, status in moves:
            out[project_id] = (by_id.get(stage_id), status)
        for p in projects(r):  # a project recorded without its moves: as it stands
            if p.pk not in out and p.first_contact_on <= r.end:
                out[p.pk] = (p.stage, p.status)
        return out

    return r.memo("states", read)


def _dated(r: Reading, field: str) -> list[Project]:
    """The projects whose ``field`` falls in the year, by that date."""
    found = [p for p in projects(r) if (d := getattr(p, field)) and d.year == r.year]
    return sorted(found, key=lambda p: (getattr(p, field), p.pk))


def contacted(r: Reading) -> list[Project]:
    return _dated(r, "first_contact_on")


def signed(r: Reading) -> list[Project]:
    return _dated(r, "signed_on")


def started(r: Reading) -> list[Project]:
    return _dated(r, "construction_started_on")


def landed(r: Reading) -> list[Project]:
    return _dated(r, "landed_on")


def producing(r: Reading) -> list[Project]:
    return _dated(r, "production_on")


def open_at_end(r: Reading) -> list[Project]:
    """The projects active or paused at the year's end."""
    ends = states(r)
    return [p for p in projects(r) if p.pk in ends and ends[p.pk][1] in OPEN_STATUSES]


def _signing_order(r: Reading) -> int | None:
    """The order of the stage a project enters by signing (the first whose gate asks
    for the signing date)."""
    for stage in stages(r):
        if "signed_on" in (stage.required_fields or []):
            return stage.order
    return None


def talks(r: Reading) -> list[Project]:
    """In talks at the year's end: open, past the first stage (a lead) and not yet at
    the signing stage."""
    ends, signing = states(r), _signing_order(r)
    first = stages(r)[0].order if stages(r) else None
    out = []
    for p in open_at_end(r):
        stage = ends[p.pk][0]
        if stage is None or stage.order == first:
            continue
        if signing is None or stage.order < signing:
            out.append(p)
    return out


def funds(r: Reading) -> list[Funding]:
    return r.memo(
        "funds",
        lambda: list(
            rows(Funding, r)
            .filter(project__park=r.park, kind=FundKind.IN_PLACE, dated_on__year=r.year)
            .select_related("project")
            .order_by("dated_on", "id")
        ),
    )


def losses(r: Reading) -> list[Loss]:
    return r.memo(
        "losses",
        lambda: list(
            rows(Loss, r)
            .filter(project__park=r.park, lost_on__year=r.year)
            .select_related("project")
            .prefetch_related(
                Prefetch(
                    "destinations",
                    queryset=rows(LossDestination, r).order_by("id"),
                    to_attr="places",
                )
            )
            .order_by("lost_on", "id")
        ),
    )


# ------------------------------------------------------------------ (1) investment


def investment(r: Reading) -> F.Investment:
    signed_rows = signed(r)
    signed_url = figure_url(r, "signed")
    largest = sorted(
        (p for p in signed_rows if p.contracted_amount),
        key=lambda p: (-p.contracted_amount, p.pk),
    )[:LARGEST]
    lost = losses(r)
    lost_url = url("projects-lost", year=r.year, **r.park_query)
    return F.Investment(
        contacted=count(contacted(r), url("projects", year=r.year, **r.park_query), F.PROJECTS),
        talks=count(talks(r), figure_url(r, "talks"), F.PROJECTS),
        signed=count(signed_rows, signed_url, F.PROJECTS),
        signed_amount=total(signed_rows, "contracted_amount", signed_url),
        largest=[
            F.Amount(named(p), F.Measure(p.contracted_amount, project_url(p.pk), F.YUAN))
            for p in largest
        ],
        started=count(started(r), figure_url(r, "started"), F.PROJECTS),
        landed=count(landed(r), figure_url(r, "landed"), F.PROJECTS),
        producing=count(producing(r), figure_url(r, "producing"), F.PROJECTS),
        funds=total(
            funds(r),
            "amount",
            url("project-funding", kind=FundKind.IN_PLACE, year=r.year, **r.park_query),
        ),
        lost=count(lost, lost_url, F.PROJECTS),
        lost_investment=total([loss.project for loss in lost], "total_investment", lost_url),
        losses=[_loss(loss, r) for loss in lost],
    )


def _loss(loss: Loss, r: Reading) -> F.Loss:
    project = loss.project
    return F.Loss(
        project=part_named(loss),
        reason=loss.get_reason_display(),
        places=tuple(d.place for d in loss.places),
        investment=optional(project.total_investment, project_url(project.pk)),
        kept=seen(r, loss, "would_have_kept"),
    )


# ------------------------------------------------------------------ (4) major projects


def key_projects(r: Reading) -> list[Project]:
    """The major projects open at the year's end (key projects of the city's lists and
    above), the highest level first, then the largest."""
    rank = {level: i for i, level in enumerate(MAJOR)}
    keyed = [p for p in open_at_end(r) if p.key_level in rank]
    return sorted(keyed, key=lambda p: (rank[p.key_level], -(p.total_investment or 0), p.pk))


def open_blockers(r: Reading) -> list[Blocker]:
    """The problems of the park's projects open at the year's end: raised by then, and
    not resolved or dropped by then."""
    if r.future:
        return []
    return r.memo(
        "blockers",
        lambda: list(
            rows(Blocker, r)
            .filter(project__park=r.park, raised_on__lte=r.end)
            .filter(
                Q(status=BlockerStatus.OPEN, resolved_on__isnull=True) | Q(resolved_on__gt=r.end)
            )
            .select_related("project")
            .order_by(Field("deadline").asc(nulls_last=True), "raised_on", "id")
        ),
    )


def major(r: Reading) -> tuple[list[F.KeyProject], F.Measure]:
    keyed = key_projects(r)
    ends = states(r)
    blockers: dict[int, int] = {}
    for b in open_blockers(r):
        blockers[b.project_id] = blockers.get(b.project_id, 0) + 1
    investors = _investors(r, [p for p in keyed if not p.hides_details])
    out = []
    for p in keyed:
        stage = ends[p.pk][0]
        out.append(
            F.KeyProject(
                project=named(p),
                level=p.get_key_level_display(),
                stage=stage.name_in_language() if stage else "",
                investment=optional(p.total_investment, project_url(p.pk)),
                investors=tuple(investors.get(p.pk, ())),
                blockers=F.Measure(
                    blockers.get(p.pk, 0), figure_url(r, "blockers", str(p.pk)), F.PROBLEMS
                ),
            )
        )
    return out, count(keyed, figure_url(r, "key"), F.PROJECTS)


def _investors(r: Reading, shown: list[Project]) -> dict[int, list[str]]:
    """The investors' names of the projects whose details the reader may see."""
    if not shown:
        return {}
    links = (
        rows(ProjectInvestor, r)
        .filter(project__in=[p.pk for p in shown])
        .select_related("investor")
        .order_by("role", "id")
    )
    out: dict[int, list[str]] = {}
    for link in links:
        if not is_secret(r, link):
            out.setdefault(link.project_id, []).append(link.investor.name)
    return out


def expansions(r: Reading) -> list[Project]:
    """The park's enterprises' expansion projects that moved in the year (signed,
    started, in production or funded in it)."""
    funded = {f.project_id for f in funds(r)}
    moved = {p.pk for p in signed(r) + started(r) + producing(r)} | funded
    return [
        p
        for p in projects(r)
        if p.source == ProjectSource.EXPANSION and p.enterprise_id and p.pk in moved
    ]


# ------------------------------------------------------------------ the plan


def next_steps(r: Reading) -> list[Activity]:
    """Each project's latest next step not done at the year's end, of the projects not
    closed then (key projects first, then by due date)."""
    ends = states(r)
    live = {pk for pk, (_stage, status) in ends.items() if status in NOT_CLOSED}
    steps = (
        rows(Activity, r)
        .filter(project__park=r.park, project__in=list(live), occurred_on__lte=r.end)
        .exclude(next_step="")
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=r.end))
        .select_related("project", "owner")
        .order_by("project_id", "-occurred_on", "-id")
    )
    latest: dict[int, Activity] = {}
    for step in steps:
        latest.setdefault(step.project_id, step)
    rank = {level: i for i, level in enumerate(LEVELS)}
    return sorted(
        latest.values(),
        key=lambda a: (
            rank.get(a.project.key_level, len(LEVELS)),
            a.due_on or r.end.replace(year=r.year + 2),
            a.project_id,
        ),
    )


def plan_steps(r: Reading) -> list[F.Step]:
    return [
        F.Step(
            project=part_named(a),
            step=seen(r, a, "next_step"),
            due_on=a.due_on,
            owner=person_name(a.owner),
        )
        for a in next_steps(r)
    ]


def plan_blockers(r: Reading) -> list[F.Blocker]:
    return [
        F.Blocker(
            project=part_named(b),
            category=b.get_category_display(),
            text=seen(r, b, "description"),
            authority=b.authority,
            deadline=b.deadline,
        )
        for b in open_blockers(r)
    ]


def first_year(r: Reading) -> int | None:
    """The year of the park's earliest first contact."""
    first = rows(Project, r).filter(park=r.park).aggregate(first=Min("first_contact_on"))
    return first["first"].year if first["first"] else None
