"""Reads over published results: class migration year over year, consecutive years in
the lowest class, redevelopment candidates and what the class policies cost."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from parkbase.core.choices import Role
from parkbase.core.scoping import role_sees_model
from parkbase.enterprises.choices import Status
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.evaluation.choices import PolicyKind, RunStatus
from parkbase.evaluation.models import ClassPolicy, Decision, Result, Run
from parkbase.evaluation.scheme import scheme_from_dict
from parkbase.land.models import Parcel

NO_CLASS = "-"


def published_run(user, year: int) -> Run | None:
    return (
        Run.objects.visible_to(user)
        .filter(year=year, status=RunStatus.PUBLISHED)
        .select_related("scheme")
        .first()
    )


def class_names(run: Run) -> list[str]:
    """Every class the run's scheme can give, best first (group cut-offs and forced
    classes included)."""
    return scheme_from_dict(run.scheme_definition).class_names()


def year_class_names(user, year) -> list[str]:
    """The classes of the year's published run, best first; none without one."""
    run = published_run(user, year) if year else None
    return class_names(run) if run is not None else []


def with_class_names(results):
    """``results`` (with their runs) as a list, each carrying ``class_names``: its run's
    classes, best first, each run's scheme read once (what colours a class's badge)."""
    names: dict[int, list[str]] = {}
    out = list(results)
    for result in out:
        if result.run_id not in names:
            names[result.run_id] = class_names(result.run)
        result.class_names = names[result.run_id]
    return out


def lowest_classes(run: Run, count: int) -> list[str]:
    """The ``count`` lowest classes of the run's scheme cut-offs, worst last."""
    return [c.name for c in scheme_from_dict(run.scheme_definition).classes][-count:]


def classes_by_year(user, years) -> dict[int, dict[int, str]]:
    """{year: {enterprise id: class or "-"}} over the published runs of ``years``."""
    out: dict[int, dict[int, str]] = {year: {} for year in years}
    rows = (
        Result.objects.visible_to(user)
        .filter(run__status=RunStatus.PUBLISHED, run__year__in=list(years))
        .values_list("run__year", "enterprise_id", "klass")
    )
    for year, enterprise_id, klass in rows:
        out[year][enterprise_id] = klass or NO_CLASS
    return out


@dataclass
class Migration:
    year: int
    classes: list[str]  # rows and columns, "-" last (not graded or not evaluated)
    counts: dict[tuple[str, str], int]

    def row(self, before: str) -> list[int]:
        return [self.counts.get((before, after), 0) for after in self.classes]


def class_migration(user, year: int) -> Migration | None:
    """Enterprises by class last year (rows) and this year (columns)."""
    run = published_run(user, year)
    if run is None:
        return None
    by_year = classes_by_year(user, (year - 1, year))
    names = class_names(run)
    classes = names + [NO_CLASS]
    counts: Counter = Counter()
    for enterprise_id in set(by_year[year - 1]) | set(by_year[year]):
        before = by_year[year - 1].get(enterprise_id, NO_CLASS)
        after = by_year[year].get(enterprise_id, NO_CLASS)
        counts[
            (before if before in names else NO_CLASS, after if after in names else NO_CLASS)
        ] += 1
    return Migration(year, classes, dict(counts))


def consecutive_years(
    by_year: dict[int, dict[int, str]], enterprise_id: int, year: int, klass: str
) -> int:
    count = 0
    while by_year.get(year - count, {}).get(enterprise_id) == klass:
        count += 1
    return count


def lowest_class_streaks(user, year: int, depth: int = 10) -> list[tuple[Result, int]]:
    """The results of ``year`` in the lowest class with the years they have been in it,
    longest first."""
    run = published_run(user, year)
    if run is None:
        return []
    lowest = lowest_classes(run, 1)[0]
    by_year = classes_by_year(user, range(year - depth + 1, year + 1))
    results = (
        Result.objects.visible_to(user)
        .filter(run=run, klass=lowest)
        .select_related("enterprise", "run")
    )
    streaks = [(r, consecutive_years(by_year, r.enterprise_id, year, lowest)) for r in results]
    return sorted(streaks, key=lambda pair: (-pair[1], pair[0].enterprise.name))


# --- class policies -----------------------------------------------------------------


@dataclass
class PolicyEffect:
    result: Result
    years_in_class: int
    electricity_kwh: int | None
    land_area: Decimal | None
    surcharge_rate: Decimal | None
    surcharge: Decimal | None
    land_tax_rate: Decimal | None
    land_tax: Decimal | None
    quotas: list[str]

    @property
    def total(self) -> Decimal:
        return (self.surcharge or 0) + (self.land_tax or 0)


def _rate(policies, kind, klass, years) -> ClassPolicy | None:
    """The policy of ``kind`` for the class that applies after ``years`` in it: the one
    with the most consecutive years not above ``years``."""
    fitting = [
        p
        for p in policies
        if p.kind == kind and p.klass == klass and p.from_consecutive_years <= max(years, 1)
    ]
    return max(fitting, key=lambda p: p.from_consecutive_years, default=None)


def policy_effects(user, year: int) -> list[PolicyEffect]:
    """What each enterprise of the published run pays or gets under the year's class
    policies: surcharge × electricity, land-use tax × land area, quotas."""
    run = published_run(user, year)
    if run is None:
        return []
    policies = list(ClassPolicy.objects.visible_to(user).filter(year=year))
    if not policies:
        return []
    by_year = classes_by_year(user, range(year - 9, year + 1))
    figures = dict(
        (e, (kwh, land))
        for e, kwh, land in EnterpriseYear.objects.visible_to(user)
        .filter(year=year)
        .values_list("enterprise_id", "electricity_kwh", "land_area")
    )
    effects = []
    results = Result.objects.visible_to(user).filter(run=run).select_related("enterprise", "run")
    for result in results.order_by("enterprise__name", "id"):
        klass = result.klass or NO_CLASS
        years = consecutive_years(by_year, result.enterprise_id, year, klass)
        kwh, land = figures.get(result.enterprise_id, (None, None))
        surcharge = _rate(policies, PolicyKind.ELECTRICITY_SURCHARGE, klass, years)
        land_tax = _rate(policies, PolicyKind.LAND_USE_TAX, klass, years)
        effects.append(
            PolicyEffect(
                result=result,
                years_in_class=years,
                electricity_kwh=kwh,
                land_area=land,
                surcharge_rate=surcharge.rate if surcharge else None,
                surcharge=(surcharge.rate * kwh).quantize(Decimal("0.01"))
                if surcharge and surcharge.rate is not None and kwh is not None
                else None,
                land_tax_rate=land_tax.rate if land_tax else None,
                land_tax=(land_tax.rate * land).quantize(Decimal("0.01"))
                if land_tax and land_tax.rate is not None and land is not None
                else None,
                quotas=[
                    p.text
                    for p in policies
                    if p.kind == PolicyKind.QUOTA
                    and p.klass == klass
                    and p.from_consecutive_years <= max(years, 1)
                ],
            )
        )
    return effects


# --- redevelopment candidates -------------------------------------------------------

LOW_FLOOR_AREA_RATIO = Decimal("0.6")


@dataclass
class Candidate:
    enterprise: Enterprise
    klass: str
    reasons: list[str]
    floor_area_ratio: Decimal | None
    decisions: list[Decision]


def redevelopment_candidates(
    user, year: int, floor_area_ratio=LOW_FLOOR_AREA_RATIO
) -> list[Candidate]:
    """Enterprises in the two lowest classes of the year's published run, stopped or
    half-stopped, or with a floor-area ratio (building ÷ land area) under the
    threshold; each with its reasons and the decisions already taken. Nothing for the
    roles that see no decisions (survey members, enterprises)."""
    if not role_sees_model(user, Decision):
        return []
    run = published_run(user, year)
    lowest: set[str] = set()
    by_class: dict[int, str] = {}
    if run is not None:
        lowest = set(lowest_classes(run, 2))
        by_class = dict(
            Result.objects.visible_to(user).filter(run=run).values_list("enterprise_id", "klass")
        )
    land_use = {
        e: (building / land if building is not None and land else None)
        for e, building, land in EnterpriseYear.objects.visible_to(user)
        .filter(year=year)
        .values_list("enterprise_id", "building_area", "land_area")
    }
    decisions: dict[int, list[Decision]] = {}
    for decision in Decision.objects.visible_to(user).order_by("-decided_on", "-id"):
        decisions.setdefault(decision.enterprise_id, []).append(decision)
    candidates = []
    enterprises = Enterprise.objects.visible_to(user).exclude(
        status__in=[Status.DEREGISTERED, Status.MOVED_OUT]
    )
    for enterprise in enterprises.select_related("phase").order_by("name", "id"):
        reasons = []
        klass = by_class.get(enterprise.pk, "")
        if klass in lowest:
            reasons.append("class")
        if enterprise.status in (Status.STOPPED, Status.HALF_STOPPED):
            reasons.append("status")
        ratio = land_use.get(enterprise.pk)
        if ratio is not None and ratio < floor_area_ratio:
            reasons.append("land_use")
        if reasons or enterprise.pk in decisions:
            candidates.append(
                Candidate(enterprise, klass, reasons, ratio, decisions.get(enterprise.pk, []))
            )
    return candidates


PARK_WIDE_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)


def sees_whole_park(user) -> bool:
    return user.is_superuser or user.role in PARK_WIDE_ROLES


def run_summary(user, run: Run) -> dict:
    """The run's counts as the reader may see them: the stored summary for the park's
    committee, counts over their own enterprises' results for everyone else (class
    counts of other departments' enterprises are not theirs to see)."""
    if sees_whole_park(user):
        return run.summary
    results = Result.objects.visible_to(user).filter(run=run)
    classes = Counter(results.exclude(klass="").values_list("klass", flat=True))
    groups = Counter(results.exclude(group="").values_list("group", flat=True))
    names = class_names(run)
    return {
        "evaluated": sum(groups.values()),
        "graded": sum(classes.values()),
        "classes": {name: classes.get(name, 0) for name in names},
        "groups": dict(groups),
    }


def visible_changes(user, changes: list) -> list:
    """The what-if class changes of the enterprises the reader may see."""
    if sees_whole_park(user):
        return changes
    visible = set(Enterprise.objects.visible_to(user).values_list("pk", flat=True))
    return [c for c in changes if c.enterprise_id in visible]


def visible_parcel(user, parcel_id):
    """The parcel a decision frees, if the user sees land (a department's user sees
    the decision, not the parcel)."""
    if not parcel_id or not role_sees_model(user, Parcel):
        return None
    return Parcel.objects.visible_to(user).filter(pk=parcel_id).first()


def published_years(user):
    """The years of the published runs the user sees, latest first."""
    return (
        Run.objects.visible_to(user)
        .filter(status=RunStatus.PUBLISHED)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def class_history(user, result: Result):
    """The enterprise's results in the published runs the user sees, oldest first."""
    return (
        Result.objects.visible_to(user)
        .filter(enterprise=result.enterprise_id, run__status=RunStatus.PUBLISHED)
        .select_related("run")
        .order_by("run__year")
    )
