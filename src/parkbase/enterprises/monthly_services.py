"""Writes of monthly returns: file or correct a return, delete one, and refresh the
figures derived from an enterprise-year's returns (``monthly`` holds the rules).

Every write runs in one transaction: the return (with its history), then the
enterprise-year's ``MonthlyFigure`` rows, derived again from all its returns, so a
correction of an earlier month re-derives the later ones. The caller gets what the
correction changed (the derived values before → after)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action, Role
from parkbase.core.messages import as_validation_error
from parkbase.core.models import Park
from parkbase.core.scoping import (
    FOR_WRITE,
    RULE_CHECK,
    SYSTEM_WORK,
    role_allows,
    role_sees_model,
)
from parkbase.core.violations import Violation
from parkbase.core.write import StaleEdit, delete, locked, refuse, save, save_edit, today
from parkbase.enterprises import monthly, monthly_calendar, monthly_sums
from parkbase.enterprises.choices import ReturnSource
from parkbase.enterprises.models import (
    Enterprise,
    MonthlyFigure,
    MonthlyReturn,
    ReportingCalendar,
)
from parkbase.imports import bulk

FIGURES = monthly.FIGURES
RETURN_COLUMNS = (
    "enterprise_id",
    "year",
    "period_start",
    "period_end",
    "basis",
    "source",
    "confirmed_jumps",
    *FIGURES,
)
# flags that only explain a row (the months it covers, a jump the filer confirmed)
QUIET_FLAGS = ("covers_gap",)
AGAINST = {"last_month": _("the period before"), "last_year": _("the same month last year")}


class JumpsToConfirm(ValidationError):
    """The return's figures jumped; the filer confirms them (``confirm_jumps``) to file."""

    def __init__(self, jumps: list[dict], error: ValidationError):
        self.jumps = jumps
        super().__init__(error.error_dict)


@dataclass
class Filing:
    """A filed return, whether it was new, and what its filing changed in the figures."""

    monthly_return: MonthlyReturn
    created: bool
    changes: list[dict] = field(default_factory=list)
    jumps: list[dict] = field(default_factory=list)


def filed_from(values: dict) -> monthly.Filed:
    return monthly.Filed(
        values["period_start"],
        values["period_end"],
        values["basis"],
        values["source"],
        {name: values.get(name) for name in FIGURES},
        frozenset(values.get("confirmed_jumps") or ()),
    )


def returns_of(
    pairs: Iterable[tuple[int, int]], *, stored: dict | None = None, more: tuple = ()
) -> dict[tuple[int, int], list[monthly.Filed]]:
    """{(enterprise id, year): its returns} for the pairs, in one query per chunk.
    ``stored``: a dict to fill with each return's values, by (enterprise id, year,
    period end, source), with ``more`` columns (its id and version, to update it)."""
    pairs = set(pairs)
    found: dict[tuple[int, int], list[monthly.Filed]] = {}
    if not pairs:
        return found
    years = sorted({year for _e, year in pairs})
    ids = sorted({e for e, _y in pairs})
    for i in range(0, len(ids), 5000):
        rows = (
            MonthlyReturn.objects.unscoped(RULE_CHECK)
            .filter(enterprise_id__in=ids[i : i + 5000], year__in=years)
            .values(*RETURN_COLUMNS, *more)
        )
        for values in rows:
            key = (values["enterprise_id"], values["year"])
            if key in pairs:
                found.setdefault(key, []).append(filed_from(values))
                if stored is not None:
                    stored[(*key, values["period_end"], values["source"])] = values
    return found


def figure_rows(
    rows: list[monthly.Row], last_year: list[monthly.Row], enterprise_id: int, year: int
) -> list[dict]:
    """The MonthlyFigure rows (field → value) of an enterprise-year, jumps flagged."""
    figures = []
    for row in rows:
        flags = list(row.flags)
        for jump in monthly.jumps(rows, last_year, period_end=row.period_end):
            flags.append({**jump, "confirmed": jump["field"] in row.confirmed})
        loud = [f for f in flags if f["code"] not in QUIET_FLAGS and not f.get("confirmed")]
        values = {name: row.period[name] for name in FIGURES}
        values |= {f"{name}_ytd": row.ytd[name] for name in FIGURES}
        figures.append(
            {
                "enterprise_id": enterprise_id,
                "year": year,
                "period_start": row.period_start,
                "period_end": row.period_end,
                "source": row.source,
                "basis": row.basis,
                "flags": flags,
                "flagged": bool(loud),
                **values,
            }
        )
    return figures


def refresh_figures(
    pairs: Iterable[tuple[int, int]],
    current: dict | None = None,
    *,
    since: dict | None = None,
    derived: dict | None = None,
) -> int:
    """Derive again the MonthlyFigure rows of each (enterprise id, year), and of the
    year after it (its jumps compare with this one), and the park's monthly totals with
    them; returns the rows written.

    An import gives what it knows: ``current``, the pairs' returns as they now stand
    (only the years around them are read); ``since``, the first period end a pair's
    change touches (the rows before it cannot change: each row is derived from the
    ones before it); ``derived``, a pair's rows when it derived them already."""
    pairs = set(pairs)
    since = since or {}
    wanted = pairs | {(e, y + 1) for e, y in pairs}
    around = {(e, y + 1) for e, y in pairs} | {(e, y - 1) for e, y in pairs}
    if current is None:
        returns = returns_of(wanted | around)
    else:
        returns = returns_of(around - pairs) | {p: current.get(p, []) for p in pairs}
    targets = {p for p in wanted if p in pairs or p in returns}
    derived = dict(derived or {})
    for key, filed in returns.items():
        if key not in derived:
            derived[key] = monthly.derive(filed)
    figures = []
    groups: dict[tuple[int, int], list[int]] = {}  # (year, first end) → enterprises
    for enterprise_id, year in sorted(targets):
        first = since.get((enterprise_id, year), 1)
        groups.setdefault((year, first), []).append(enterprise_id)
        rows = derived.get((enterprise_id, year), [])
        last_year = derived.get((enterprise_id, year - 1), [])
        found = figure_rows(rows, last_year, enterprise_id, year)
        figures.extend(f for f in found if f["period_end"] >= first)
    with transaction.atomic():
        # the park's totals follow the rows: what the rows added before, and after (a
        # year after without returns has no rows either way: not read twice for nothing)
        before = monthly_sums.contributions(targets, since)
        for (year, first), ids in groups.items():
            for i in range(0, len(ids), 5000):
                # derived rows with nothing under them and no history: one DELETE
                MonthlyFigure.objects.unscoped(SYSTEM_WORK).filter(
                    year=year, period_end__gte=first, enterprise_id__in=ids[i : i + 5000]
                )._raw_delete(using="default")
        if figures:
            bulk.bulk_insert_rows(MonthlyFigure, figures)
        monthly_sums.apply(before, monthly_sums.contributions(targets, since))
    return len(figures)


# ---------------------------------------------------------------- filing


def _source_for(user, source: str | None) -> str:
    """Who files: an enterprise user files on the portal; staff enter returns as
    staff, or the statistics system's figure by hand; the system (imports) says."""
    if user is None:
        return source or ReturnSource.STATISTICS
    if getattr(user, "role", None) == Role.ENTERPRISE:
        if source not in (None, ReturnSource.PORTAL):
            raise PermissionDenied
        return ReturnSource.PORTAL
    return source or ReturnSource.STAFF


def check_filer(user, enterprise: Enterprise, action: str = Action.ADD) -> None:
    """An enterprise outside the user's scope is not found (404); a role that may not
    file is refused (403). No user: system work (imports, the demo)."""
    if user is None:
        return
    if not Enterprise.objects.visible_to(user).filter(pk=enterprise.pk).exists():
        raise Http404
    if not role_allows(user, action, MonthlyReturn):
        raise PermissionDenied


@transaction.atomic
def monthly_return_file(
    *,
    user,
    enterprise: Enterprise,
    year: int,
    period_start: int,
    period_end: int,
    basis: str,
    values: dict,
    source: str | None = None,
    confirm_jumps: bool = False,
    note: str = "",
    expected_version: int | None = None,
) -> Filing:
    """File the return of ``enterprise`` for ``year`` and the months
    ``period_start``..``period_end`` (figures in canonical units on ``basis``), or
    update the one already filed for that period end from the same source (a second
    filing is an update, kept in the history). Refused with every rule broken, naming
    the enterprise, month and figure; jumps against last month or last year raise
    ``JumpsToConfirm`` until the filer confirms them. Nothing is saved on a refusal."""
    check_filer(user, enterprise)
    source = _source_for(user, source)
    existing = (
        MonthlyReturn.objects.unscoped(FOR_WRITE)
        .filter(enterprise=enterprise, year=year, period_end=period_end, source=source)
        .first()
    )
    if existing is not None:
        if expected_version is not None:
            existing = locked(MonthlyReturn, existing.pk, expected_version)
        else:  # a filing of the same month again: it replaces the earlier one
            existing = (
                MonthlyReturn.objects.unscoped(FOR_WRITE).select_for_update().get(pk=existing.pk)
            )
    elif expected_version is not None:
        raise StaleEdit(0)
    figures = {name: values.get(name) for name in FIGURES}
    candidate = monthly.Filed(period_start, period_end, basis, source, figures)
    others = [
        f
        for f in returns_of([(enterprise.pk, year)]).get((enterprise.pk, year), [])
        if not (f.period_end == period_end and f.source == source)
    ]
    before = monthly.derive(
        others + ([filed_from(_values_of(existing))] if existing is not None else [])
    )
    after = monthly.derive([*others, candidate])
    violations = monthly.check_return(
        candidate, after, year=year, today=today(), enterprise=enterprise.name
    )
    if not any(name in figures and figures[name] is not None for name in FIGURES):
        violations.append(Violation("gross_output", "required"))
    refuse(violations, MonthlyReturn)
    last_year = monthly.derive(
        returns_of([(enterprise.pk, year - 1)]).get((enterprise.pk, year - 1), [])
    )
    mine = next((row for row in after if row.period_end == period_end), None)
    jumps = []
    if mine is not None and mine.source == source:
        jumps = monthly.jumps(after, last_year, period_end=period_end)
    if jumps and not confirm_jumps:
        month = monthly.month_params(year, period_start, period_end)
        raise JumpsToConfirm(
            jumps,
            as_validation_error(
                [_jump_violation(j, enterprise.name, year, month) for j in jumps], MonthlyReturn
            ),
        )
    created = existing is None
    current = existing or MonthlyReturn(enterprise=enterprise, year=year, period_end=period_end)
    current.period_start = period_start
    current.basis = basis
    current.source = source
    for name, value in figures.items():
        setattr(current, name, value)
    current.confirmed_jumps = sorted({j["field"] for j in jumps})
    current.note = note
    current.filed_by = user if getattr(user, "is_authenticated", False) else None
    current.filed_at = timezone.now()
    if created:
        save(current, user)
    else:
        save_edit(current, user)
    refresh_figures([(enterprise.pk, year)])
    return Filing(current, created, monthly.changes(before, after), jumps)


def _values_of(instance: MonthlyReturn) -> dict:
    return {name: getattr(instance, name) for name in RETURN_COLUMNS if name != "enterprise_id"}


def _jump_violation(jump: dict, enterprise: str, year: int, month: dict) -> Violation:
    return Violation(
        jump["field"],
        "jump_unconfirmed",
        {
            "enterprise": enterprise,
            **month,
            "percent": jump["percent"],
            "against": str(AGAINST[jump["against"]]),
        },
    )


@transaction.atomic
def monthly_return_delete(*, user, monthly_return: MonthlyReturn, expected_version: int) -> Filing:
    """Delete a return (staff); the figures are derived again without it."""
    check_filer(user, monthly_return.enterprise, Action.DELETE)
    current = locked(MonthlyReturn, monthly_return.pk, expected_version)
    key = (current.enterprise_id, current.year)
    filed = returns_of([key]).get(key, [])
    before = monthly.derive(filed)
    after = monthly.derive(
        [
            f
            for f in filed
            if not (f.period_end == current.period_end and f.source == current.source)
        ]
    )
    delete(current, user)
    refresh_figures([key])
    return Filing(current, False, monthly.changes(before, after))


# ---------------------------------------------------------------- the reporting calendar


@transaction.atomic
def reporting_calendar_save(
    *, user, park: Park, expected_version: int | None = None, **days
) -> ReportingCalendar:
    """Set the park's monthly deadlines (``data_by``, ``checked_by``, ``reported_by``:
    days of the month after the one reported). A park still on the defaults gets its
    row (``expected_version`` None); a park with one changes it at the version the
    editor read. A park out of the user's scope is not found (404); a role that may
    not change the calendar is refused (403). No user: system work."""
    unknown = sorted(set(days) - set(monthly_calendar.DEADLINES))
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(unknown)}")
    if user is not None:
        if not Park.objects.visible_to(user).filter(pk=park.pk).exists():
            raise Http404
        allowed = role_allows(user, Action.CHANGE, ReportingCalendar)
        if not (allowed and role_sees_model(user, ReportingCalendar)):
            raise PermissionDenied
    # the park's row locked: two first saves of its calendar do not both create one
    Park.objects.unscoped(FOR_WRITE).select_for_update().get(pk=park.pk)
    existing = ReportingCalendar.objects.unscoped(FOR_WRITE).filter(park_id=park.pk).first()
    if existing is None and expected_version is not None:
        raise StaleEdit(0)  # the row the editor saw is gone
    current = (
        locked(ReportingCalendar, existing.pk, expected_version)
        if existing is not None
        else ReportingCalendar(park=park)
    )
    merged = {name: getattr(current, name) for name in monthly_calendar.DEADLINES} | days
    refuse(monthly_calendar.calendar_violations(merged), ReportingCalendar)
    for name, value in days.items():
        setattr(current, name, value)
    if existing is None:
        save(current, user)
    else:
        save_edit(current, user)
    return current
