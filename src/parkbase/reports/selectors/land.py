"""Land as the draft reads it for a year: the parcels idle at the year's end by the
national rule and what holds each back (the constraints open then), the land recorded
as under-used, the land approvals pending at the year's end and those granted in the
year, and the land redevelopment freed in the year."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q

from parkbase.core import clock
from parkbase.core.need_to_know import shown
from parkbase.evaluation.choices import DecisionStatus
from parkbase.evaluation.models import Decision
from parkbase.land import engine as land_engine
from parkbase.land.choices import ApprovalStatus, UseStatus
from parkbase.land.models import Approval, Constraint, Parcel
from parkbase.reports import facts as F
from parkbase.reports.selectors.common import (
    Reading,
    count,
    figure_url,
    optional,
    rows,
    seen,
    total,
    url,
)
from parkbase.reports.selectors.old_park import campaigns

GRANTED = (ApprovalStatus.APPROVED, ApprovalStatus.PARTLY_APPROVED)


def parcel_url(pk: int) -> str:
    return url("land-parcel", pk)


def parcels(r: Reading) -> list[Parcel]:
    return r.memo(
        "parcels", lambda: list(rows(Parcel, r).filter(park=r.park).order_by("code", "id"))
    )


def idle(r: Reading) -> list[Parcel]:
    """The parcels idle at the year's end by the national rule of 2012 (not started a
    year after the agreed start, or halted a year with too little built or invested),
    unless transferred away."""

    def is_idle(p: Parcel) -> bool:
        if p.use_status == UseStatus.TRANSFERRED:
            return False
        finding = land_engine.idle_finding(
            today=r.end,
            agreed_start_on=p.agreed_start_on,
            started_on=p.started_on,
            halted_since=p.halted_since,
            invested_share=p.invested_share,
            developed_share=p.developed_share,
        )
        return finding.idle

    if r.future:
        return []
    return r.memo("idle", lambda: [p for p in parcels(r) if is_idle(p)])


def constraints(r: Reading, parcel_ids: list[int]) -> list[Constraint]:
    """The constraints on those parcels open at the year's end."""
    return list(
        rows(Constraint, r)
        .filter(parcel_id__in=parcel_ids)
        .filter(Q(since__isnull=True) | Q(since__lte=r.end))
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=r.end))
        .order_by("parcel_id", "id")
    )


def low(r: Reading, kind: str = "") -> list[Parcel]:
    """The parcels recorded as under-used (one of the five types), the idle ones left
    to their own paragraph; of one type where ``kind`` names it. The type is recorded
    as it stands, undated: it is reported for the park's current year and for a year
    whose survey campaign recorded the land's use, never for a year before."""
    if r.future or not (r.year == clock.today().year or campaigns(r)):
        return []
    idle_ids = {p.pk for p in idle(r)}
    return [
        p
        for p in parcels(r)
        if p.low_efficiency
        and p.pk not in idle_ids
        and p.use_status != UseStatus.TRANSFERRED
        and (not kind or p.low_efficiency == kind)
    ]


def pending(r: Reading) -> list[Approval]:
    """The land approvals submitted by the year's end and not decided by then."""
    if r.future:
        return []
    return r.memo(
        "pending",
        lambda: list(
            rows(Approval, r)
            .filter(park=r.park, submitted_on__lte=r.end)
            .filter(Q(decided_on__isnull=True) | Q(decided_on__gt=r.end))
            .exclude(status=ApprovalStatus.WITHDRAWN)
            .order_by("submitted_on", "id")
        ),
    )


def granted(r: Reading) -> list[Approval]:
    return list(
        rows(Approval, r)
        .filter(park=r.park, decided_on__year=r.year, status__in=GRANTED)
        .order_by("decided_on", "id")
    )


def freed(r: Reading) -> list[Decision]:
    """The redevelopment decisions done in the year that freed land."""
    return list(
        rows(Decision, r)
        .filter(
            enterprise__park=r.park,
            status=DecisionStatus.DONE,
            completed_on__year=r.year,
            land_freed__gt=0,
        )
        .select_related("enterprise")
        .order_by("completed_on", "id")
    )


def approval_fact(r: Reading, a: Approval, area_field: str) -> F.Approval:
    address = url("land-approval", a.pk)
    return F.Approval(
        approval=F.Named(shown(r.user, a, "name"), address),
        kind=a.get_kind_display(),
        authority=a.authority,
        area=optional(getattr(a, area_field), address, F.M2),
    )


def land(r: Reading) -> F.Land:
    idle_rows = idle(r)
    idle_url = figure_url(r, "idle")
    barriers = constraints(r, [p.pk for p in idle_rows])
    low_rows = low(r)
    low_url = figure_url(r, "low")
    kinds = Counter(p.low_efficiency for p in low_rows)
    labels = {p.low_efficiency: p.get_low_efficiency_display() for p in low_rows}
    pending_rows, granted_rows, freed_rows = pending(r), granted(r), freed(r)
    return F.Land(
        idle=count(idle_rows, idle_url, F.PARCELS),
        idle_area=total(idle_rows, "area", idle_url, F.M2),
        idle_parcels=[_idle(r, p, [c for c in barriers if c.parcel_id == p.pk]) for p in idle_rows],
        low=count(low_rows, low_url, F.PARCELS),
        low_area=total(low_rows, "area", low_url, F.M2),
        low_kinds=[
            F.KindCount(labels[kind], F.Measure(n, figure_url(r, "low", kind), F.PARCELS))
            for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        pending=count(pending_rows, figure_url(r, "pending"), F.ITEMS),
        pending_list=[approval_fact(r, a, "requested_area") for a in pending_rows],
        approved=count(granted_rows, figure_url(r, "granted"), F.ITEMS),
        approved_area=total(granted_rows, "approved_area", figure_url(r, "granted"), F.M2),
        approved_list=[approval_fact(r, a, "approved_area") for a in granted_rows],
        freed_area=total(freed_rows, "land_freed", figure_url(r, "freed"), F.M2),
        freed=[
            F.Freed(
                decision=F.Named(d.enterprise.name, url("evaluation-decision", d.pk)),
                kind=d.get_kind_display(),
                area=F.Measure(d.land_freed, url("evaluation-decision", d.pk), F.M2),
                counterpart=d.counterpart,
            )
            for d in freed_rows
        ],
    )


def _idle(r: Reading, parcel: Parcel, barriers: list[Constraint]) -> F.IdleParcel:
    address = parcel_url(parcel.pk)
    return F.IdleParcel(
        parcel=F.Named(parcel.name, address),
        owner=parcel.owner_name,
        area=F.Measure(parcel.area, address, F.M2),
        barriers=[
            F.Barrier(c.get_kind_display(), seen(r, c, "description"), c.authority)
            for c in barriers
        ],
        barrier_count=F.Measure(len(barriers), address, F.BARRIERS),
    )
