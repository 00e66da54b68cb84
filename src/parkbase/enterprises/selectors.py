"""Reads for pages and charts. Every query starts from ``visible_to(user)``."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, Exists, F, Func, OuterRef, Q, Sum

from parkbase.core.models import IndustryCode
from parkbase.core.names import in_language
from parkbase.core.scoping import SUBQUERY
from parkbase.enterprises.choices import Status
from parkbase.enterprises.models import Enterprise, EnterpriseYear, MonthlyFigure, MonthlyTotal

TOTAL_FIELDS = (
    "land_area",
    "building_area",
    "staff_year_end",
    "gross_output",
    "value_added",
    "revenue",
    "tax_total",
)


def _pairs(rows, label, key):
    return [{"name": label(r) or "—", "value": r["n"], "key": key(r)} for r in rows]


def dashboard_summary(user) -> dict:
    """The park's (or the user's scope's) figures for the home page. Each chart's pair
    carries the ``key`` its list filters by (a status, a phase's or department's id, an
    industry section's letter), so that the page can link each bar to its records."""
    enterprises = Enterprise.objects.visible_to(user)
    # the yearly rows of the enterprises the user sees (as EnterpriseYear.visible_to):
    # each row of the index ey_year_ent_sums checked against their list, no join
    years = (
        EnterpriseYear.objects.unscoped(SUBQUERY)
        .alias(of=Probed("enterprise_id"))
        .filter(of__in=enterprises.values("pk"))
    )
    # one pass over the yearly rows: each year's sums; the latest year's are the totals
    by_year = list(
        years.values("year").annotate(**{f: Sum(f) for f in TOTAL_FIELDS}).order_by("year")
    )
    latest = by_year[-1]["year"] if by_year else None
    status_labels = dict(Status.choices)
    by_status = enterprises.values("status").annotate(n=Count("id")).order_by("status")
    by_phase = (
        enterprises.values("phase_id", "phase__name", "phase__name_en", "phase__order")
        .annotate(n=Count("id"))
        .order_by("phase__order")
    )
    by_department = (
        enterprises.values("department_id", "department__name")
        .annotate(n=Count("id"))
        .order_by("-n", "department__name")
    )
    divisions = enterprises.values("industry_code").annotate(n=Count("id"))
    sections = _sections()
    by_section: dict[tuple, int] = {}
    for row in divisions:
        section = sections.get((row["industry_code"] or "")[:2], (None, "—"))
        by_section[section] = by_section.get(section, 0) + row["n"]
    totals = {f: by_year[-1][f] for f in TOTAL_FIELDS} if by_year else {}
    series = [
        {"year": r["year"], "output": r["gross_output"], "tax": r["tax_total"]}
        | {"value_added": r["value_added"]}
        for r in by_year
    ]
    return {
        "latest_year": latest,
        "enterprise_count": enterprises.count(),
        "above_size_count": enterprises.filter(is_above_size=True).count(),
        "totals": totals,
        "by_status": [
            {
                "name": str(status_labels.get(r["status"], r["status"])),
                "value": r["n"],
                "key": r["status"],
            }
            for r in by_status
        ],
        "by_phase": _pairs(
            by_phase,
            lambda r: in_language(r["phase__name"], r["phase__name_en"]),
            lambda r: r["phase_id"],
        ),
        "by_department": _pairs(
            by_department, lambda r: r["department__name"], lambda r: r["department_id"]
        ),
        "by_section": sorted(
            ({"name": name, "value": n, "key": letter} for (letter, name), n in by_section.items()),
            key=lambda d: -d["value"],
        ),
        "series": {
            "years": [r["year"] for r in series],
            "output": [_wan(r["output"]) for r in series],
            "value_added": [_wan(r["value_added"]) for r in series],
            "tax": [_wan(r["tax"]) for r in series],
        },
    }


def _sections() -> dict[str, tuple[str, str]]:
    """division code → (section letter, section name), from the loaded GB/T 4754 table."""
    return {
        code: (letter, name)
        for code, letter, name in IndustryCode.objects.filter(level=2).values_list(
            "code", "parent_id", "parent__name"
        )
    }


def industry_sections() -> list[tuple[str, str]]:
    """(letter, name) of the GB/T 4754 sections, for a filter's choices."""
    return list(IndustryCode.objects.filter(level=1).values_list("code", "name"))


def section_divisions(letter: str) -> list[str]:
    """The division codes of an industry section (``C`` → 13 … 43)."""
    return list(
        IndustryCode.objects.filter(level=2, parent_id=letter.strip().upper()).values_list(
            "code", flat=True
        )
    )


def _wan(value) -> float | None:
    return None if value is None else round(float(value) / 10_000, 2)


def enterprise_series(years: list[EnterpriseYear]) -> dict:
    """Series over the given years (already scoped and ordered by the caller)."""
    return {
        "years": [y.year for y in years],
        "output": [_wan(y.gross_output) for y in years],
        "value_added": [_wan(y.value_added) for y in years],
        "revenue": [_wan(y.revenue) for y in years],
        "tax": [_wan(y.tax_total) for y in years],
    }


_INDUSTRY_NAMES: dict = {"at": -1e9, "names": {}}
INDUSTRY_NAMES_KEPT = 300  # seconds: the table changes when an administrator reloads it


def industry_text(code: str) -> str:
    """'3411 金属结构制造' for a list: the code and the name of its deepest known level,
    from the industry table read once every few minutes (no query per row)."""
    if not code:
        return ""
    now = time.monotonic()
    if now - _INDUSTRY_NAMES["at"] > INDUSTRY_NAMES_KEPT:
        _INDUSTRY_NAMES["names"] = dict(IndustryCode.objects.values_list("code", "name"))
        _INDUSTRY_NAMES["at"] = now
    names = _INDUSTRY_NAMES["names"]
    for n in range(len(code), 0, -1):
        name = names.get(code[:n])
        if name:
            return f"{code} {name}"
    return code


def industry_name(code: str) -> str:
    if not code:
        return ""
    found = IndustryCode.objects.filter(code__in=[code[:n] for n in range(len(code), 1, -1)])
    best = max(found, key=lambda c: len(c.code), default=None)
    return best.name if best else ""


# ---------------------------------------------------------------- monthly returns


def _figures_of(enterprises, year: int | None, field: str):
    if field not in MonthlyFigure.FIGURES:
        raise ValueError(f"{field!r} is not a monthly figure")
    # the enterprises' queryset is the caller's scoped one: the figures are read under it
    rows = MonthlyFigure.objects.unscoped(SUBQUERY).filter(
        enterprise_id__in=enterprises.values("pk")
    )
    return rows if year is None else rows.filter(year=year)


def monthly_totals(enterprises, year: int, field: str, *, through_month: int | None = None):
    """{period_end: (sum of the period values, sum of the year-to-date values)} of
    ``field`` over ``enterprises`` (a queryset the caller scoped), for every period end
    any of them filed in ``year`` (up to ``through_month``). A value not known (a
    month with no return before it) is left out of its sum; a period end no one has a
    value for sums to None."""
    rows = _figures_of(enterprises, year, field)
    if through_month is not None:
        rows = rows.filter(period_end__lte=through_month)
    sums = (
        rows.values("period_end")
        .annotate(period=Sum(field), ytd=Sum(f"{field}_ytd"))
        .order_by("period_end")
    )
    return {r["period_end"]: (r["period"], r["ytd"]) for r in sums}


def monthly_by_enterprise(enterprises, year: int, field: str, period_end: int) -> dict:
    """{enterprise id: year-to-date value of ``field``} at ``period_end`` of ``year``,
    for the ``enterprises`` (scoped by the caller) that filed for that period end."""
    rows = _figures_of(enterprises, year, field).filter(period_end=period_end)
    # no order: the model's (by the enterprise's name) would join and sort every row
    return dict(rows.order_by().values_list("enterprise_id", f"{field}_ytd"))


def park_monthly_totals(park, years, *, user=None, through_month: int | None = None) -> dict:
    """{year: {period_end: MonthlyTotal}} of the whole ``park`` for ``years``, read from
    the stored totals in one query: what ``monthly_totals`` sums over every enterprise of
    the park, for the readers who see them all (leaders and staff; ``user`` None: system
    work). A sum is unknown where its count (``<field>_n``) is 0."""
    rows = MonthlyTotal.objects.for_actor(user).filter(park=park, year__in=list(years))
    if through_month is not None:
        rows = rows.filter(period_end__lte=through_month)
    out: dict[int, dict] = {}
    for row in rows.order_by("year", "period_end"):
        out.setdefault(row.year, {})[row.period_end] = row
    return out


# ------------------------------------------------- a period's filers and its changes


def late_filers(enterprises, year: int, period_end: int):
    """The above-size ``enterprises`` (a scoped queryset) with no figures for
    ``period_end`` of ``year``: expected to file for it, not filed (yet)."""
    filed = MonthlyFigure.objects.unscoped(SUBQUERY).filter(
        enterprise_id=OuterRef("pk"), year=year, period_end=period_end
    )
    return enterprises.filter(is_above_size=True).exclude(Exists(filed))


def compared(enterprises, year: int, period_end: int):
    """The ``enterprises`` a comparison of ``period_end`` of ``year`` with the same period
    a year before counts on both sides: all but those expected to file for it that have
    not (``late_filers``), whose figures of the year before would otherwise read as a
    fall. A complete period counts every enterprise."""
    filed = MonthlyFigure.objects.unscoped(SUBQUERY).filter(
        enterprise_id=OuterRef("pk"), year=year, period_end=period_end
    )
    return enterprises.filter(Q(is_above_size=False) | Exists(filed))


@dataclass(frozen=True)
class PeriodFiling:
    """Who filed for a period end: ``filed`` enterprises have figures for it, ``late``
    above-size ones have none (expected: both); ``late_before`` sums, for each figure,
    the late ones' year-to-date values at the same period end a year before (None where
    none had one): what a comparison with that year leaves out."""

    year: int
    period_end: int
    filed: int
    late: int
    late_before: dict = field(default_factory=dict)

    @property
    def expected(self) -> int:
        return self.filed + self.late

    @property
    def complete(self) -> bool:
        return self.late == 0


def period_filing(enterprises, year: int, period_end: int, fields=()) -> PeriodFiling:
    """How many of ``enterprises`` (scoped by the caller) filed for ``period_end`` of
    ``year`` and how many above-size ones have not, with the late ones' ``fields`` of
    the year before (``PeriodFiling``): one query, two when some are late."""
    filed = MonthlyFigure.objects.unscoped(SUBQUERY).filter(
        enterprise_id=OuterRef("pk"), year=year, period_end=period_end
    )
    counts = enterprises.order_by().aggregate(
        filed=Count("pk", filter=Exists(filed)),
        late=Count("pk", filter=Q(is_above_size=True) & ~Exists(filed)),
    )
    before = {}
    if counts["late"] and fields:
        rows = _figures_of(late_filers(enterprises, year, period_end), year - 1, fields[0])
        sums = rows.filter(period_end=period_end).aggregate(
            **{f"s_{name}": Sum(f"{name}_ytd") for name in fields}
        )
        before = {name: sums[f"s_{name}"] for name in fields}
    return PeriodFiling(year, period_end, counts["filed"], counts["late"], before)


def ytd_places(field: str) -> int:
    """The decimal places of a figure's year-to-date value (2 for yuan, 0 for kWh)."""
    return getattr(MonthlyFigure._meta.get_field(f"{field}_ytd"), "decimal_places", 0)


EXACT_UNITS = 10**15  # below it, a value in units of its last place survives a float


class WholeUnits(Func):
    """A decimal column as a whole number of units of its last decimal place (cents of a
    yuan), rounded in the database and handed over as the driver reads it (no converter
    per row). Exact on PostgreSQL; on SQLite, which keeps decimals as floating point,
    exact for a value of fewer than 15 digits (under ``EXACT_UNITS``), as many as Django
    reads back."""

    template = "CAST(ROUND(%(expressions)s * %(scale)s) AS BIGINT)"
    output_field = BigIntegerField()

    def __init__(self, column: str, places: int):
        super().__init__(F(column), scale=str(10**places))

    @property
    def convert_value(self):
        return self._convert_value_noop


class Probed(Func):
    """A column tested against a list rather than looked up through an index: on SQLite
    (``+column``) a scan of a range of another index checks each row against the list,
    instead of one index search per item of the list."""

    template = "%(expressions)s"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def ytd_units(enterprises, year: int, field: str, period_end: int) -> tuple[dict, dict] | None:
    """``monthly_by_enterprise`` of ``year`` and of the year before at ``period_end``
    (values known only), each value a whole number of units of the figure's last decimal
    place (cents of a yuan): ({enterprise id: units} of ``year``, of the year before),
    read from the index ``mf_year_end_ent_ytds`` alone, no ``Decimal`` made per value;
    None when a value is too large to be exact that way (``WholeUnits``), for the
    caller to read the values as decimals."""
    column = f"{field}_ytd"
    if field not in MonthlyFigure.FIGURES:
        raise ValueError(f"{field!r} is not a monthly figure")
    # the enterprises' queryset is the caller's scoped one: the figures are read under it
    rows = (
        MonthlyFigure.objects.unscoped(SUBQUERY)
        .alias(of=Probed("enterprise_id"))
        .filter(of__in=enterprises.values("pk"))
        .filter(period_end=period_end, **{f"{column}__isnull": False})
        .order_by()
    )
    units = WholeUnits(column, ytd_places(field))
    now, before = (
        dict(rows.filter(year=y).values_list("enterprise_id", units)) for y in (year, year - 1)
    )
    for values in (now, before):
        if values and (max(values.values()) >= EXACT_UNITS or min(values.values()) <= -EXACT_UNITS):
            return None
    return now, before
