"""The main indicators of a year against their targets (the indicators app's progress
table at the year's end), next year's targets and key tasks, and the key enterprises'
growth (their gross output on the year before, from their yearly data)."""

from __future__ import annotations

from decimal import Decimal

from parkbase.core.need_to_know import TITLED
from parkbase.core.tables import person_name
from parkbase.enterprises.models import EnterpriseYear
from parkbase.indicators import selectors as indicators_app
from parkbase.indicators.choices import TargetKind
from parkbase.indicators.engine import growth as growth_of
from parkbase.indicators.models import KeyTask
from parkbase.indicators.services import factor
from parkbase.indicators.wording import display_unit_label
from parkbase.projects.models import secret_projects
from parkbase.reports import facts as F
from parkbase.reports.selectors import projects as P
from parkbase.reports.selectors.common import Reading, rows, url

HUNDRED = Decimal(100)


def indicator_url(pk: int, year: int) -> str:
    return url("indicator", pk, year=year, month=12)


def _shown(value, indicator, address: str) -> F.Measure:
    """A stored value in the indicator's display unit (a rate: percent)."""
    if indicator.is_rate:
        return F.Measure(Decimal(value), address, F.PERCENT)
    label = display_unit_label(indicator.display_unit)
    return F.Measure(Decimal(value) / factor(indicator), address, "shown", label)


def progress(r: Reading) -> list:
    """The rows of the progress table at the year's end that have a target."""
    table = indicators_app.progress_table(r.park, r.year, 12, r.user)
    return [row for row in table if row.target is not None]


def indicators(r: Reading) -> F.Indicators:
    out = []
    for row in progress(r):
        indicator, target = row.indicator, row.target
        address = indicator_url(indicator.pk, r.year)
        growth_target = target.kind == TargetKind.GROWTH or indicator.is_rate
        whole_year = row.data_month == 12
        met = None
        if row.lead is not None and (growth_target or whole_year):
            met = row.lead >= 0
        out.append(
            F.Indicator(
                indicator=F.Named(indicator.name_in_language(), address),
                value=None if row.ytd is None else _shown(row.ytd, indicator, address),
                rate=indicator.is_rate,
                growth=None
                if row.growth is None or indicator.is_rate
                else F.Measure(row.growth, address, F.PERCENT),
                target=F.Measure(target.value, address, F.PERCENT)
                if growth_target
                else _shown(target.value, indicator, address),
                growth_target=growth_target,
                completion=None
                if row.completion is None
                else F.Measure(row.completion * HUNDRED, address, F.PERCENT),
                gap=F.Measure(row.lead, address, F.POINTS)
                if growth_target and row.lead is not None
                else None,
                met=met,
            )
        )
    return F.Indicators(out)


def targets(r: Reading, year: int) -> list[F.Target]:
    """The targets of ``year`` (the plan's), in the order of the indicators."""
    found = indicators_app.targets_of(r.park, year, r.user)
    active = indicators_app.indicators_of(r.park, r.user).order_by("order", "code")
    out = []
    for indicator in active:
        target = found.get(indicator.pk)
        if target is None:
            continue
        address = indicator_url(indicator.pk, year)
        growth = target.kind == TargetKind.GROWTH and not indicator.is_rate
        value = (
            F.Measure(target.value, address, F.PERCENT)
            if target.kind == TargetKind.GROWTH or indicator.is_rate
            else _shown(target.value, indicator, address)
        )
        out.append(F.Target(F.Named(indicator.name_in_language(), address), value, growth))
    return out


def tasks(r: Reading, year: int) -> list[KeyTask]:
    return list(
        rows(KeyTask, r)
        .filter(park=r.park, year=year)
        .select_related("unit", "owner")
        .prefetch_related("projects")
        .order_by("deadline", "id")
    )


def task_facts(r: Reading, year: int) -> list[F.Task]:
    """Next year's key tasks; a task serving a confidential project the reader is
    outside of is named by that project's code name, never by its title."""
    secret = dict(secret_projects(r.user).values_list("pk", "code_name"))
    out = []
    for task in tasks(r, year):
        hidden = [secret[p.pk] for p in task.projects.all() if p.pk in secret]
        title = str(TITLED) % {"code_name": hidden[0]} if hidden else task.title
        out.append(
            F.Task(
                task=F.Named(title, url("key-task", task.pk)),
                unit=task.unit.name_in_language() if task.unit else "",
                owner=person_name(task.owner),
                deadline=task.deadline,
            )
        )
    return out


def growth(r: Reading) -> list[F.Growth]:
    """The enterprises whose expansion projects moved in the year: the funds that
    arrived for them, the enterprise's gross output and its change on the year before."""
    expansions = P.expansions(r)
    if not expansions:
        return []
    ids = {p.enterprise_id for p in expansions}
    years = {
        (y.enterprise_id, y.year): y
        for y in rows(EnterpriseYear, r)
        .filter(enterprise_id__in=ids, year__in=[r.year - 1, r.year])
        .select_related("enterprise")
    }
    arrived: dict[int, Decimal] = {}
    for f in P.funds(r):
        arrived[f.project_id] = arrived.get(f.project_id, Decimal(0)) + f.amount
    out = []
    for project in expansions:
        now = years.get((project.enterprise_id, r.year))
        if now is None or now.gross_output is None:
            continue
        before = years.get((project.enterprise_id, r.year - 1))
        address = url("enterprise-detail", project.enterprise_id, tab="years")
        change = growth_of(now.gross_output, before.gross_output if before else None)
        funds = arrived.get(project.pk)
        out.append(
            F.Growth(
                enterprise=F.Named(
                    now.enterprise.name, url("enterprise-detail", now.enterprise_id)
                ),
                output=F.Measure(now.gross_output, address, F.YUAN),
                growth=None if change is None else F.Measure(change, address, F.PERCENT),
                funds=None
                if funds is None
                else F.Measure(funds, P.project_url(project.pk), F.YUAN),
                project=P.named(project),
            )
        )
    return out
