"""A park's year of figures as the engine's arrays: every field a scheme may name.

Numbers come from the yearly data in canonical units (NaN where missing), plus
``emissions_t`` (COD + SO₂ + NH₃-N + NOx) and ``age_years`` (the year minus the
founding year); attributes from the enterprise (flags, status, industry section and
division, phase, department); and ``flag.<kind>`` from the compliance records.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext_lazy as _

from parkbase.core.models import IndustryCode
from parkbase.enterprises.choices import Status
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.evaluation.choices import ComplianceKind
from parkbase.evaluation.engine import Population
from parkbase.evaluation.models import ComplianceRecord

YEAR_NUMBERS = (
    "land_area",
    "land_leased_in",
    "land_leased_out",
    "building_area",
    "staff_year_end",
    "staff_average",
    "staff_rd",
    "gross_output",
    "value_added",
    "revenue",
    "main_business_revenue",
    "profit",
    "total_assets",
    "fixed_assets",
    "tax_total",
    "tax_local",
    "exports",
    "energy_tce",
    "electricity_kwh",
    "cod_t",
    "so2_t",
    "nh3n_t",
    "nox_t",
    "rd_spending",
    "patents",
)
POLLUTANTS = ("cod_t", "so2_t", "nh3n_t", "nox_t")
DERIVED_NUMBERS = {
    "emissions_t": _("main pollutants, COD + SO₂ + NH₃-N + NOx (t)"),
    "age_years": _("years since founding"),
}
BOOLEAN_ATTRIBUTES = ("is_above_size", "is_high_tech", "is_specialized", "is_listed")
TEXT_ATTRIBUTES = {
    "status": _("status"),
    "industry_section": _("industry section (GB/T 4754 letter)"),
    "industry_division": _("industry division (2 digits)"),
    "phase": _("phase code"),
    "department": _("department code"),
    "registration_type": _("registration type"),
}
# deregistered and departed firms are not evaluated
EVALUATED_STATUSES = (Status.PRODUCING, Status.HALF_STOPPED, Status.STOPPED)


def field_catalogue() -> dict[str, str]:
    """Every name a scheme may use, with its label (for the pages and validation)."""
    catalogue = {name: EnterpriseYear._meta.get_field(name).verbose_name for name in YEAR_NUMBERS}
    catalogue |= DERIVED_NUMBERS
    catalogue |= {
        name: Enterprise._meta.get_field(name).verbose_name for name in BOOLEAN_ATTRIBUTES
    }
    catalogue |= TEXT_ATTRIBUTES
    catalogue |= {f"flag.{kind.value}": kind.label for kind in ComplianceKind}
    return catalogue


@dataclass
class YearData:
    population: Population
    names: list[str]
    usccs: list[str]


def _sections() -> dict[str, str]:
    """GB/T 4754 code → its section letter."""
    parent = dict(IndustryCode.objects.values_list("code", "parent_id"))
    section = {}
    for code in parent:
        top = code
        while parent.get(top):
            top = parent[top]
        section[code] = top
    return section


def _number_column(rows, position) -> np.ndarray:
    return np.array([r[position] for r in rows], dtype=np.float64)


def load_year(park, year: int, enterprise_ids=None) -> YearData:
    """The park's evaluated enterprises that have figures for ``year``, as arrays."""
    years = EnterpriseYear.objects.unscoped().filter(
        enterprise__park=park, year=year, enterprise__status__in=EVALUATED_STATUSES
    )
    if enterprise_ids is not None:
        years = years.filter(enterprise_id__in=enterprise_ids)
    enterprise_columns = (
        "enterprise_id",
        "enterprise__name",
        "enterprise__uscc",
        "enterprise__founded_on",
        "enterprise__status",
        "enterprise__industry_code",
        "enterprise__phase__code",
        "enterprise__department__code",
        "enterprise__registration_type",
        *(f"enterprise__{name}" for name in BOOLEAN_ATTRIBUTES),
    )
    rows = list(years.order_by("enterprise_id").values_list(*enterprise_columns, *YEAR_NUMBERS))
    n = len(rows)
    offset = len(enterprise_columns)
    # None → NaN through float arrays of objects
    numbers = np.array([r[offset:] for r in rows], dtype=object).reshape(n, len(YEAR_NUMBERS))
    numbers = np.where(numbers == None, np.nan, numbers).astype(np.float64)  # noqa: E711
    values: dict[str, np.ndarray] = {
        name: np.ascontiguousarray(numbers[:, k]) for k, name in enumerate(YEAR_NUMBERS)
    }
    pollutants = np.column_stack([values[p] for p in POLLUTANTS]) if n else np.empty((0, 4))
    values["emissions_t"] = (
        np.where(np.isnan(pollutants).all(axis=1), np.nan, np.nansum(pollutants, axis=1))
        if n
        else np.empty(0)
    )
    values["age_years"] = np.array(
        [year - r[3].year if r[3] else np.nan for r in rows], dtype=np.float64
    )
    sections = _sections()
    codes = [r[5] or "" for r in rows]
    values["industry_code"] = np.array(codes, dtype=str)
    values["industry_division"] = np.array(
        [c[:2] if c[:1].isdigit() else "" for c in codes], dtype=str
    )
    values["industry_section"] = np.array(
        [sections.get(c[:2] if c[:1].isdigit() else c, c if c.isalpha() else "") for c in codes],
        dtype=str,
    )
    values["status"] = np.array([r[4] for r in rows], dtype=str)
    values["phase"] = np.array([r[6] or "" for r in rows], dtype=str)
    values["department"] = np.array([r[7] or "" for r in rows], dtype=str)
    values["registration_type"] = np.array([r[8] or "" for r in rows], dtype=str)
    for k, name in enumerate(BOOLEAN_ATTRIBUTES):
        values[name] = np.array([bool(r[9 + k]) for r in rows], dtype=bool)
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    position = {int(e): i for i, e in enumerate(ids)}
    for kind in ComplianceKind:
        values[f"flag.{kind.value}"] = np.zeros(n, dtype=bool)
    records = ComplianceRecord.objects.unscoped().filter(enterprise__park=park, year=year)
    for enterprise_id, kind in records.values_list("enterprise_id", "kind"):
        if enterprise_id in position:
            values[f"flag.{kind}"][position[enterprise_id]] = True
    return YearData(
        population=Population(ids, values),
        names=[r[1] for r in rows],
        usccs=[r[2] for r in rows],
    )
