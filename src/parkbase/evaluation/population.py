"""A park's year of figures as the engine's arrays: every field a scheme may name.

Numbers come from the yearly data in canonical units (NaN where missing), plus
``emissions_t`` (COD + SO₂ + NH₃-N + NOx; the recorded total of main pollutants,
``pollutants_t``, where none of the four is given) and ``age_years`` (the year minus the
founding year); attributes from the enterprise (flags, status, industry section and
division, phase, department); and ``flag.<kind>`` from the compliance records.

``Population.owner`` comes from the land register's tenancies: a firm renting (part
of) a parcel held by another evaluated firm has that firm as its landlord. A park
with no tenancy recorded at all has no owners (None: the run warns that it has no
tenancy data); one with tenancies has an array (-1 for a firm with no landlord).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.db import connection, connections
from django.db.models import FloatField, Max
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from parkbase.core.models import IndustryCode
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.enterprises import engine as enterprise_engine
from parkbase.enterprises.choices import Status
from parkbase.enterprises.engine import EDUCATION_FIELDS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.evaluation.choices import ComplianceKind
from parkbase.evaluation.engine import Population
from parkbase.evaluation.models import ComplianceRecord
from parkbase.land.models import Parcel, Tenancy

# the yearly figures an indicator can be built from (the staff's education is not one)
YEAR_NUMBERS = tuple(
    name for name in enterprise_engine.FIGURE_FIELDS if name not in EDUCATION_FIELDS
)
POLLUTANTS = ("cod_t", "so2_t", "nh3n_t", "nox_t")
POLLUTANTS_TOTAL = "pollutants_t"  # used where none of the four is given
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


def field_kinds() -> dict[str, str]:
    """Every name a scheme may use with its kind: "number", "flag" or "text"."""
    kinds = {name: "number" for name in (*YEAR_NUMBERS, *DERIVED_NUMBERS)}
    kinds |= {name: "flag" for name in BOOLEAN_ATTRIBUTES}
    kinds |= {name: "text" for name in TEXT_ATTRIBUTES}
    kinds |= {f"flag.{kind.value}": "flag" for kind in ComplianceKind}
    return kinds


@dataclass
class YearData:
    population: Population
    names: list[str]
    usccs: list[str]

    def subset(self, enterprise_ids) -> YearData:
        """The same year for the enterprises of ``enterprise_ids`` only."""
        keep = np.flatnonzero(np.isin(self.population.ids, np.asarray(list(enterprise_ids))))
        values = {name: column[keep] for name, column in self.population.values.items()}
        owner = self.population.owner
        if owner is not None:
            # a landlord left out of the subset leaves its tenant without one
            new_index = np.full(len(self.population) + 1, -1, dtype=np.int64)
            new_index[keep] = np.arange(len(keep))
            owner = new_index[np.asarray(owner, dtype=np.int64)[keep]]
        return YearData(
            population=Population(self.population.ids[keep], values, owner),
            names=[self.names[i] for i in keep.tolist()],
            usccs=[self.usccs[i] for i in keep.tolist()],
        )


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


KEY_COLUMNS = ("enterprise_id", "enterprise__name", "enterprise__uscc")
# each enterprise column with the fields made from it
ATTRIBUTE_COLUMNS: dict[str, tuple[str, ...]] = {
    "enterprise__founded_on": ("age_years",),
    "enterprise__status": ("status",),
    "enterprise__industry_code": ("industry_code", "industry_division", "industry_section"),
    "enterprise__phase__code": ("phase",),
    "enterprise__department__code": ("department",),
    "enterprise__registration_type": ("registration_type",),
    **{f"enterprise__{name}": (name,) for name in BOOLEAN_ATTRIBUTES},
}
TEXT_COLUMNS = {
    "status": "enterprise__status",
    "phase": "enterprise__phase__code",
    "department": "enterprise__department__code",
    "registration_type": "enterprise__registration_type",
}


def ids_subquery(ids, using: str = "default"):
    """For ``field__in=``: the ids as one parameter (a JSON array on SQLite, an array
    on PostgreSQL) instead of one per id, which Django prepares one by one (~10 µs
    each) and SQLite limits in number."""
    ids = [int(i) for i in ids]
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


def _sources(fields) -> tuple[list[str], list[str]]:
    """The enterprise columns and yearly figures that ``fields`` are made from (all of
    them for None)."""
    if fields is None:
        return list(ATTRIBUTE_COLUMNS), list(YEAR_NUMBERS)
    wanted = set(fields)
    if "emissions_t" in wanted:
        wanted |= {*POLLUTANTS, POLLUTANTS_TOTAL}
    attributes = [column for column, made in ATTRIBUTE_COLUMNS.items() if wanted & set(made)]
    return attributes, [name for name in YEAR_NUMBERS if name in wanted]


def _year_columns(park, year: int, enterprise_ids, attributes, numbers) -> dict[str, tuple]:
    """The query's columns, each a tuple over the rows (in enterprise order).

    The SQL is the ORM's, but rows are read from the cursor as the driver gives them:
    Django's per-value converters (text → Decimal → float on SQLite) cost more than
    the rest of the load together. Figures are cast to double precision in SQL."""
    years = EnterpriseYear.objects.unscoped(SYSTEM_WORK).filter(
        enterprise__park=park, year=year, enterprise__status__in=EVALUATED_STATUSES
    )
    if enterprise_ids is not None:
        years = years.filter(enterprise_id__in=ids_subquery(enterprise_ids, years.db))
    as_float = {f"number_{name}": Cast(name, FloatField()) for name in numbers}
    query = years.order_by("enterprise_id").annotate(**as_float)
    query = query.values_list(*KEY_COLUMNS, *attributes, *as_float).query
    sql, params = query.get_compiler(using=years.db).as_sql()
    with connections[years.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = (*KEY_COLUMNS, *attributes, *numbers)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return dict(zip(names, columns, strict=True))


def _ages(year: int, founded_on) -> np.ndarray:
    return np.array([np.nan if d is None else year - d.year for d in founded_on], dtype=np.float64)


def _industry_arrays(codes) -> dict[str, np.ndarray]:
    sections = _sections()
    division, section = {}, {}
    for code in set(codes):
        head = code[:2] if code[:1].isdigit() else ""
        division[code] = head
        section[code] = sections.get(head or code, code if code.isalpha() else "")
    return {
        "industry_code": np.array(codes, dtype=str),
        "industry_division": np.array([division[c] for c in codes], dtype=str),
        "industry_section": np.array([section[c] for c in codes], dtype=str),
    }


def _text(column) -> np.ndarray:
    return np.array([value or "" for value in column], dtype=str)


def _emissions(values) -> np.ndarray:
    """COD + SO₂ + NH₃-N + NOx where any of them is given; else the recorded total."""
    pollutants = np.column_stack([values[p] for p in POLLUTANTS])
    if not len(pollutants):
        return np.empty(0)
    none_given = np.isnan(pollutants).all(axis=1)
    total = values.get(POLLUTANTS_TOTAL)
    fallback = np.nan if total is None else total
    return np.where(none_given, fallback, np.nansum(pollutants, axis=1))


def _attributes(year: int, columns: dict[str, tuple]) -> dict[str, np.ndarray]:
    values = {}
    if "enterprise__founded_on" in columns:
        values["age_years"] = _ages(year, columns["enterprise__founded_on"])
    if "enterprise__industry_code" in columns:
        values |= _industry_arrays([c or "" for c in columns["enterprise__industry_code"]])
    for name, column in TEXT_COLUMNS.items():
        if column in columns:
            values[name] = _text(columns[column])
    for name in BOOLEAN_ATTRIBUTES:
        if f"enterprise__{name}" in columns:
            values[name] = np.array(columns[f"enterprise__{name}"], dtype=bool)
    return values


def _flags(park, year: int, ids: np.ndarray) -> dict[str, np.ndarray]:
    flags = {f"flag.{kind.value}": np.zeros(len(ids), dtype=bool) for kind in ComplianceKind}
    position = {enterprise: i for i, enterprise in enumerate(ids.tolist())}
    records = ComplianceRecord.objects.unscoped(SYSTEM_WORK).filter(
        enterprise__park=park, year=year
    )
    for enterprise_id, kind in records.values_list("enterprise_id", "kind"):
        if enterprise_id in position:
            flags[f"flag.{kind}"][position[enterprise_id]] = True
    return flags


def _owners(park, year: int, ids: np.ndarray) -> np.ndarray | None:
    """Each firm's landlord (its index in ``ids``, -1 for none) from the tenancies
    active in ``year`` (``until`` empty or on/after 1 January, ``since`` empty or
    on/before 31 December) on parcels held by another firm of ``ids``; None when the
    park has no tenancy at all. One query.

    A firm renting from several firms has the one it rents the most land from (then
    the lowest parcel id) as landlord. A landlord that rents from a third firm itself
    passes its tenants on to that firm (the engine gives a tenant its landlord's
    class, and a tenant has none of its own to give); firms renting from each other in
    a circle have no landlord."""
    rows = list(
        Tenancy.objects.unscoped(SYSTEM_WORK)
        .filter(parcel__park=park)
        .values_list(
            "enterprise_id", "parcel__owner_enterprise_id", "area", "parcel_id", "since", "until"
        )
    )
    if not rows:
        return None
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    position = {enterprise: i for i, enterprise in enumerate(ids.tolist())}
    best: dict[int, tuple] = {}
    for tenant, landlord, area, parcel, since, until in rows:
        if (until is not None and until < first) or (since is not None and since > last):
            continue
        if tenant not in position or landlord not in position or tenant == landlord:
            continue
        key = (-(area or 0), parcel)
        if tenant not in best or key < best[tenant][0]:
            best[tenant] = (key, landlord)
    owner = np.full(len(ids), -1, dtype=np.int64)
    for tenant, (_key, landlord) in best.items():
        owner[position[tenant]] = position[landlord]
    return _root_landlords(owner)


def _root_landlords(owner: np.ndarray) -> np.ndarray:
    """Every tenant's landlord followed up to a firm that rents from nobody; -1 for the
    firms of a circle."""
    resolved = owner.copy()
    for start in np.flatnonzero(owner >= 0).tolist():
        seen = {start}
        top = owner[start]
        while owner[top] >= 0:
            if top in seen:
                top = -1
                break
            seen.add(top)
            top = owner[top]
        resolved[start] = top
    return resolved


def load_year(park, year: int, enterprise_ids=None, fields=None) -> YearData:
    """The park's evaluated enterprises that have figures for ``year``, as arrays:
    every field of the catalogue, or those named in ``fields`` (and perhaps a few more:
    the flags, and the fields made from the same column)."""
    attributes, numbers = _sources(fields)
    columns = _year_columns(park, year, enterprise_ids, attributes, numbers)
    # None becomes NaN in a float array
    values = {name: np.array(columns[name], dtype=np.float64) for name in numbers}
    if set(POLLUTANTS) <= set(numbers):
        values["emissions_t"] = _emissions(values)
    values |= _attributes(year, columns)
    ids = np.array(columns["enterprise_id"], dtype=np.int64)
    values |= _flags(park, year, ids)
    return YearData(
        population=Population(ids, values, _owners(park, year, ids)),
        names=list(columns["enterprise__name"]),
        usccs=list(columns["enterprise__uscc"]),
    )


# --- a small cache for what-if answers ----------------------------------------------

_CACHE: OrderedDict[tuple, YearData] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def data_stamp() -> tuple:
    """Changes whenever yearly data, enterprises or compliance records change: the last
    row and time of their audit trails (every write path keeps the audit trail, the
    bulk imports included), the tenancies and parcels (who rents from whom), and the
    size of the industry table."""
    stamp: list = [connection.alias, IndustryCode.objects.count()]
    for model in (EnterpriseYear, Enterprise, ComplianceRecord, Tenancy, Parcel):
        last = model.history.aggregate(Max("history_id"), Max("history_date"))
        stamp += [last["history_id__max"], last["history_date__max"]]
    return tuple(stamp)


def load_year_cached(park, year: int, fields=None) -> YearData:
    """``load_year(park, year, fields=fields)`` kept in memory while the data stay the
    same, so that a what-if after the first one only computes (what-if schemes change
    weights and cut-offs, so they read the same fields)."""
    key = (park.pk, year, tuple(sorted(fields)) if fields is not None else None, data_stamp())
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    data = load_year(park, year, fields=fields)
    with _CACHE_LOCK:
        _CACHE[key] = data
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return data
