"""Reads of the annual draft: ``annual_facts(park, year, user)`` gathers, through the
other apps' models and selectors and always through the reader's scope, everything
the year's summary and next year's plan are drafted from (``reports.facts``), each
figure with the page of its records; ``figure_records`` lists those records for a
figure that has no list page of its own (``records``); ``years`` gives the years a
park has records for.

``user`` None is the command line's outsider: system work (the caller runs inside a
bypass) that sees every row of the park and every confidential project by its code
name. The streams are read by ``projects``, ``land``, ``old_park`` and
``indicators``; ``common`` holds what they share."""

from __future__ import annotations

from parkbase.core.clock import today
from parkbase.core.names import in_language
from parkbase.reports import engine
from parkbase.reports import facts as F
from parkbase.reports.selectors import indicators as I
from parkbase.reports.selectors import land as L
from parkbase.reports.selectors import old_park as O
from parkbase.reports.selectors import projects as P
from parkbase.reports.selectors.common import Reading, count, figure_url
from parkbase.reports.selectors.records import FIGURES, figure_records  # noqa: F401
from parkbase.reports.wording import words

FIRST_YEAR = 1990
LAST_YEAR = 2100


def valid_year(year) -> bool:
    return isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR


def annual_draft(park, year: int, user=None) -> engine.Draft:
    """The year's draft for the reader, in the active language."""
    return engine.draft(annual_facts(park, year, user), words())


def annual_facts(park, year: int, user=None) -> F.AnnualFacts:
    r = Reading(park, year, user)
    key_projects, key_count = P.major(r)
    return F.AnnualFacts(
        park=in_language(park.name, park.name_en),
        year=year,
        investment=P.investment(r),
        land=L.land(r),
        old_park=O.old_park(r),
        major=F.Major(key_projects, key_count, I.growth(r)),
        indicators=I.indicators(r),
        plan=plan(r),
    )


def plan(r: Reading) -> F.Plan:
    following = r.year + 1
    tasks = I.task_facts(r, following)
    pending = L.pending(r)
    decisions = O.pending_decisions(r)
    return F.Plan(
        year=following,
        open_projects=count(P.open_at_end(r), figure_url(r, "open"), F.PROJECTS),
        steps=P.plan_steps(r),
        blockers=count(P.open_blockers(r), figure_url(r, "blockers"), F.PROBLEMS),
        blocker_list=P.plan_blockers(r),
        approvals=count(pending, figure_url(r, "pending"), F.ITEMS),
        approval_list=[L.approval_fact(r, a, "requested_area") for a in pending],
        decisions=count(decisions, figure_url(r, "pending-decisions"), F.DECISIONS),
        decision_list=O.pending_facts(decisions),
        targets=I.targets(r, following),
        tasks=F.Measure(len(tasks), figure_url(r, "tasks"), F.TASKS),
        task_list=tasks,
    )


def years(park, user=None) -> list[int]:
    """The years the park has records of, the latest first, up to this year (the
    as-of date's); this year and the last when it has none."""
    now = today().year
    r = Reading(park, now, user)
    found = [y for y in (P.first_year(r), O.first_year(r)) if y is not None]
    start = min(max(min(found, default=now - 1), FIRST_YEAR), now)
    return list(range(now, start - 1, -1))
