"""The park's stored monthly totals (``MonthlyTotal``), kept in step with the monthly
figures they sum.

``monthly_services.refresh_figures`` asks ``contributions`` what the enterprise-years it
derives again add to the totals before it replaces their figure rows and after, and
``apply`` adds the difference to the park's rows, locked for the transaction: a filing
touches at most the 24 rows of its year and the next, whatever the size of the park.
What an enterprise-year adds to the count of new filers also depends on its December of
the year before, so the keys always include the year after each one derived again.
``rebuild`` computes the totals again from the figures (for a database filled without
the services, such as a benchmark's)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum

from parkbase.core.scoping import SUBQUERY, SYSTEM_WORK
from parkbase.enterprises import monthly
from parkbase.enterprises.models import MonthlyFigure, MonthlyTotal

SUMS = tuple(c for name in monthly.FIGURES for c in (name, f"{name}_ytd"))
COUNTS = ("filers", "new_filers", *(f"{c}_n" for c in SUMS))
CHUNK = 5000

Key = tuple[int, int, int]  # park id, year, period end


def _grouped(rows) -> dict[Key, dict]:
    december_before = MonthlyFigure.objects.unscoped(SUBQUERY).filter(
        enterprise_id=OuterRef("enterprise_id"), year=OuterRef("year") - 1, period_end=12
    )
    # annotations may not take the name of a column they read: "s_", "n_" before theirs
    measures = {f"s_{c}": Sum(c) for c in SUMS} | {f"n_{c}": Count(c) for c in SUMS}
    measures |= {"filers": Count("id"), "new_filers": Count("id", filter=~Exists(december_before))}
    grouped = (
        rows.order_by().values("enterprise__park_id", "year", "period_end").annotate(**measures)
    )
    out = {}
    for row in grouped:
        key = (row.pop("enterprise__park_id"), row.pop("year"), row.pop("period_end"))
        out[key] = {c: Decimal(row[f"s_{c}"] or 0) for c in SUMS}
        out[key] |= {f"{c}_n": row[f"n_{c}"] for c in SUMS}
        out[key] |= {c: row[c] for c in ("filers", "new_filers")}
    return out


def contributions(
    keys: Iterable[tuple[int, int]], since: dict[tuple[int, int], int] | None = None
) -> dict[Key, dict]:
    """What the figure rows of the (enterprise id, year) ``keys`` add to each total;
    with ``since``, a key's rows from that period end on (the rows before it do not
    change, nor does what they add: the same before and after)."""
    since = since or {}
    groups: dict[tuple[int, int], list[int]] = {}
    for enterprise_id, year in set(keys):
        groups.setdefault((year, since.get((enterprise_id, year), 1)), []).append(enterprise_id)
    out: dict[Key, dict] = {}
    for (year, first), ids in groups.items():
        ids.sort()
        for i in range(0, len(ids), CHUNK):
            rows = MonthlyFigure.objects.unscoped(SYSTEM_WORK).filter(
                year=year, enterprise_id__in=ids[i : i + CHUNK]
            )
            if first > 1:
                rows = rows.filter(period_end__gte=first)
            for key, values in _grouped(rows).items():
                if key in out:
                    out[key] = {c: out[key][c] + values[c] for c in values}
                else:
                    out[key] = values
    return out


def apply(before: dict[Key, dict], after: dict[Key, dict]) -> None:
    """Add ``after`` − ``before`` to the park's totals (inside the caller's transaction)."""
    keys = sorted(before.keys() | after.keys())
    if not keys:
        return
    with transaction.atomic():
        MonthlyTotal.objects.bulk_create(
            [MonthlyTotal(park_id=p, year=y, period_end=m) for p, y, m in keys],
            ignore_conflicts=True,
        )
        wanted = set(keys)
        q = Q()
        for park_id, year, period_end in keys:
            q |= Q(park_id=park_id, year=year, period_end=period_end)
        rows = [
            row
            for row in MonthlyTotal.objects.unscoped(SYSTEM_WORK)
            .select_for_update()
            .filter(q)
            .order_by("pk")
            if (row.park_id, row.year, row.period_end) in wanted
        ]
        empty, changed = [], []
        for row in rows:
            key = (row.park_id, row.year, row.period_end)
            old, new = before.get(key, {}), after.get(key, {})
            for column in (*SUMS, *COUNTS):
                change = new.get(column, 0) - old.get(column, 0)
                if change:
                    setattr(row, column, getattr(row, column) + change)
            (empty if row.filers <= 0 else changed).append(row)
        if changed:
            MonthlyTotal.objects.unscoped(SYSTEM_WORK).bulk_update(
                changed, [*SUMS, *COUNTS], batch_size=500
            )
        if empty:
            MonthlyTotal.objects.unscoped(SYSTEM_WORK).filter(pk__in=[r.pk for r in empty]).delete()


@transaction.atomic
def rebuild(park_ids: Iterable[int] | None = None) -> int:
    """Compute the totals of the parks (all parks: None) again from their figures."""
    totals = MonthlyTotal.objects.unscoped(SYSTEM_WORK)
    figures = MonthlyFigure.objects.unscoped(SYSTEM_WORK)
    if park_ids is not None:
        park_ids = list(park_ids)
        totals = totals.filter(park_id__in=park_ids)
        figures = figures.filter(enterprise__park_id__in=park_ids)
    totals.delete()
    rows = [
        MonthlyTotal(park_id=p, year=y, period_end=m, **values)
        for (p, y, m), values in _grouped(figures).items()
    ]
    MonthlyTotal.objects.bulk_create(rows, batch_size=500)
    return len(rows)
