"""The pieces the enterprise imports share: the enterprise part of a row and the
yearly-figures part of a row, each checked against every rule of its kind, matched to
what the park holds and compared with it; and the one write of an import.

``import_enterprises`` uses the enterprise part, ``import_years`` the yearly part and
``import_survey`` both on each row of one sheet."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from parkbase.core import uscc
from parkbase.core.db import refresh_after_write
from parkbase.core.models import Department, IndustryCode, Park, Phase
from parkbase.core.scoping import RULE_CHECK, SYSTEM_WORK
from parkbase.core.violations import Violation
from parkbase.core.write import acting, today
from parkbase.enterprises import engine
from parkbase.enterprises.choices import source_rank
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_FIGURE_FIELDS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports import bulk
from parkbase.imports.engine import column_of

ENTERPRISE_FIELDS = tuple(c.field for c in ENTERPRISE_COLUMNS)
_ENTERPRISE_FIELD_SET = frozenset(ENTERPRISE_FIELDS)  # a row's keys are looked up in it
REFERENCE_FIELDS = ("phase", "department")
FLAG_FIELDS = ("is_above_size", "is_high_tech", "is_specialized", "is_listed")


def known_industry_codes() -> frozenset[str]:
    return frozenset(IndustryCode.objects.values_list("code", flat=True))


def duplicate_code(code: str, other_park_id: int, other_name: str, park: Park) -> Violation:
    """Name the holder of a credit code only inside the same park: who is registered
    in another park is not this park's business."""
    if other_park_id == park.pk:
        return Violation("uscc", "duplicate", {"value": code, "other": other_name})
    return Violation("uscc", "duplicate_elsewhere", {"value": code})


def plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


# the classes of plain values, which have no ``pk`` (asking a value of one of them
# whether it has costs more than the comparison)
_PLAIN = frozenset((type(None), bool, int, str, Decimal, dt.date, dt.datetime))


def differences(old_values: dict, values: dict) -> dict:
    """field → [old, new] where ``values`` differ from ``old_values`` (a reference
    is compared by its primary key; None and '' are the same blank)."""
    changes = {}
    for name, new in values.items():
        old = old_values[name]
        if old == new:  # most values of most rows (a reference never equals a key)
            continue
        if old.__class__ not in _PLAIN and hasattr(old, "pk"):
            old = old.pk
        if new.__class__ not in _PLAIN and hasattr(new, "pk"):
            new = new.pk
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[name] = [plain(old), plain(new)]
    return changes


def picker(names: Sequence[str]) -> Callable[[dict], dict]:
    """A function taking ``names`` out of a row's values (at C speed: an import calls
    it on every row)."""
    names = tuple(names)
    if len(names) > 1:
        take = operator.itemgetter(*names)
        return lambda row: dict(zip(names, take(row), strict=True))
    return lambda row: {name: row[name] for name in names}


def row_violation(report, mapping, row_number, violation: Violation, model) -> None:
    letter, header = column_of(mapping, violation.field)
    report.add_violation(row_number, letter, header, violation, model)


def _field_has_error(report, first_error: int, name: str) -> bool:
    return any(e["field"] == name for e in report.errors[first_error:])


def _reference_map(model, park: Park) -> tuple[dict[str, int], str]:
    """(code or name, lower-cased → primary key; the names, for a message)."""
    refs = {}
    names = set()
    for pk, code, name in (
        model.objects.unscoped(SYSTEM_WORK).filter(park=park).values_list("pk", "code", "name")
    ):
        refs[code.lower()] = refs[name.lower()] = pk
        names.add(name)
    return refs, "、".join(sorted(names))


def _attname(name: str) -> str:
    return f"{name}_id" if name in REFERENCE_FIELDS else name


@dataclass(slots=True)
class Known:
    """An enterprise the database holds, as much of it as an import compares."""

    pk: int
    park_id: int
    name: str
    uscc: str
    stored: tuple | None  # the values of ``EnterpriseRows.loaded`` (a reference as its key)


class EnterpriseRows:
    """The enterprise part of import rows: ``check`` cleans one row's values, reports
    every enterprise rule it breaks and finds the enterprise it names (by credit code,
    then by exact name in the park); ``changes`` compares it with what is stored. The
    park's enterprises are read once, and only the fields the file fills."""

    def __init__(self, park: Park):
        self.park = park
        self.fields = list(ENTERPRISE_FIELDS)
        # a reference is held as its primary key (``phase_id``), as the stored values are
        self.refs, self.known_refs = {}, {}
        for ref, model in (("phase", Phase), ("department", Department)):
            self.refs[ref], self.known_refs[ref] = _reference_map(model, park)
        self.industry_codes = known_industry_codes()
        self.today = today()
        records = (
            Enterprise.objects.unscoped(RULE_CHECK)
            .filter(Q(park=park) | ~Q(uscc=""))
            .values_list("id", "park_id", "name", "uscc")
        )
        self.by_uscc: dict[str, Known] = {}
        self.by_name: dict[str, Known] = {}
        self.by_pk: dict[int, Known] = {}
        for pk, park_id, name, code in records:
            known = Known(pk, park_id, name, code, None)
            if code:
                self.by_uscc[code] = known
            if park_id == park.pk:
                self.by_name[name] = known
                self.by_pk[pk] = known
        self.seen = {"uscc": {}, "name": {}}
        self.loaded: tuple[str, ...] = ()  # the fields of each ``Known.stored``
        self._enterprise_part = None

    def file_fields(self, mapped: Iterable[str]) -> None:
        """The enterprise fields the file fills (a change writes these; the credit code
        always, as it is compacted)."""
        present = set(mapped) | {"uscc"}
        self.fields = [f for f in ENTERPRISE_FIELDS if f in present]

    def preload_values(self) -> None:
        """Read the stored values of every field now (while the file is still being
        read, in a thread that leaves this one idle), rather than those of the file's
        fields once a row first names a stored enterprise."""
        self._load_values(ENTERPRISE_FIELDS)

    def _load_values(self, fields: Sequence[str] | None = None) -> None:
        """The stored values of ``fields`` (the fields the file fills) of the park's
        enterprises: read once, when a row first names a stored enterprise."""
        self.loaded = tuple(f for f in fields or self.fields if f not in ("name", "uscc"))
        stored = (
            Enterprise.objects.unscoped(RULE_CHECK)
            .filter(park=self.park)
            .values_list("id", *map(_attname, self.loaded))
        )
        by_pk = self.by_pk
        for pk, *rest in stored:
            known = by_pk.get(pk)
            if known is not None:
                known.stored = tuple(rest)  # a dict each would cost 100 MB at 100,000

    def check(self, number: int, row_values: dict, report, mapping, first_error: int):
        """(the row's enterprise values, the stored enterprise it names or None); the
        rules it breaks go into ``report`` (each field once)."""
        if self._enterprise_part is None:  # the rows of a table share their fields
            self._enterprise_part = picker([k for k in row_values if k in _ENTERPRISE_FIELD_SET])
        values = self._enterprise_part(row_values)
        values["uscc"] = uscc.compact(values.get("uscc") or "")
        for ref in REFERENCE_FIELDS:
            if ref in values:
                text = values[ref]
                values[ref] = self.refs[ref].get(text.lower()) if text else None
                if text and values[ref] is None:
                    params = {"value": text, "choices": self.known_refs[ref]}
                    violation = Violation(ref, "unknown_reference", params)
                    row_violation(report, mapping, number, violation, Enterprise)
        for flag in FLAG_FIELDS:
            if flag in values and values[flag] is None:
                values[flag] = False
        if values.get("status") is None:
            values.pop("status", None)
        if values.get("registration_type") is None and "registration_type" in values:
            values["registration_type"] = ""
        code = values["uscc"]
        existing = self.by_uscc.get(code) if code else None
        if existing is None:
            existing = self.by_name.get(values.get("name"))
        if existing is not None and existing.park_id != self.park.pk:
            violation = duplicate_code(code, existing.park_id, existing.name, self.park)
            row_violation(report, mapping, number, violation, Enterprise)
            existing = None
        for violation in engine.validate_enterprise(
            values, today=self.today, industry_codes=self.industry_codes
        ):
            if not _field_has_error(report, first_error, violation.field):
                row_violation(report, mapping, number, violation, Enterprise)
        for key, seen in self.seen.items():
            value = values.get(key)
            if value and value in seen:
                params = {"value": value, "other_row": seen[value]}
                violation = Violation(key, "duplicate_in_file", params)
                row_violation(report, mapping, number, violation, Enterprise)
            elif value:
                seen[value] = number
        return values, existing

    def changes(self, existing: Known, values: dict) -> dict:
        if existing.stored is None:
            self._load_values()
        old_values = dict(zip(self.loaded, existing.stored, strict=True))
        old_values["name"], old_values["uscc"] = existing.name, existing.uscc
        return differences(old_values, values)

    def new_row(self, values: dict) -> dict:
        """A row for ``bulk.create_rows_with_history`` (attribute name → value)."""
        row = values.copy()
        for ref in REFERENCE_FIELDS:
            if ref in row:
                value = row.pop(ref)
                row[f"{ref}_id"] = getattr(value, "pk", value)
        row["park_id"] = self.park.pk
        return row

    @staticmethod
    def updated(changed: Sequence[tuple[int, dict]]) -> list[Enterprise]:
        """The stored enterprises of ``changed`` ((primary key, values) pairs), with the
        values set and their version bumped, for ``bulk.update_with_history``."""
        stored = Enterprise.objects.unscoped(SYSTEM_WORK).in_bulk([pk for pk, _v in changed])
        objs = []
        for pk, values in changed:
            obj = stored[pk]
            for name, value in values.items():
                setattr(obj, _attname(name), value)
            obj.version += 1
            objs.append(obj)
        return objs


class YearRows:
    """The yearly-figures part of import rows: ``check`` reports every yearly rule a
    row breaks; ``stored`` finds the year the park holds for an enterprise;
    ``changes`` compares, keeping (when asked) the figures from a source the park
    ranks above the row's."""

    def __init__(self, park: Park, years: Iterable):
        # only the years the file names (a year that no column can hold matches nothing)
        wanted = {y for y in years if y.__class__ is int and 0 <= y <= 32767}
        existing = EnterpriseYear.objects.unscoped(RULE_CHECK).filter(enterprise__park=park)
        if len(wanted) <= 500:
            existing = existing.filter(year__in=sorted(wanted))
        self.existing = {(y.enterprise_id, y.year): y for y in existing}
        self.current_year = today().year

    def check(self, number: int, values: dict, report, mapping, first_error: int) -> None:
        for violation in engine.validate_year(values, current_year=self.current_year):
            if not _field_has_error(report, first_error, violation.field):
                row_violation(report, mapping, number, violation, EnterpriseYear)

    def stored(self, enterprise_id, year) -> EnterpriseYear | None:
        return self.existing.get((enterprise_id, year))

    @staticmethod
    def changes(
        existing: EnterpriseYear, values: dict, *, ranked: bool = False, per_field: bool = False
    ) -> tuple[dict, list[tuple[str, object, object, str]]]:
        """(field → [old, new], the kept cells). With ``ranked``, a figure stored from
        a source ranked above the row's ``source`` is kept: its cell is dropped from
        ``values`` and listed as (field, stored value, the file's value, its source);
        a blank cell never clears such a figure. With ``per_field`` the row's source
        is no change of its own (``apply`` records it per figure)."""
        kept = []
        if ranked:
            rank = source_rank(values.get("source") or existing.source)
            for name in YEAR_FIGURE_FIELDS:
                if name not in values:
                    continue
                old = getattr(existing, name)
                if old is None or old == values[name]:
                    continue
                source = existing.source_of(name)
                if source_rank(source) > rank:
                    new = values.pop(name)
                    if new is not None:
                        kept.append((name, old, new, source))
        compared = {k: v for k, v in values.items() if k != "source"} if per_field else values
        old_values = {name: getattr(existing, name) for name in compared}
        return differences(old_values, compared), kept

    @staticmethod
    def apply(existing: EnterpriseYear, values: dict, changes: dict, *, per_field: bool) -> None:
        """Set the changed values (version bumped). With ``per_field`` the row keeps its
        source and each changed figure records the row's source as its own where it
        differs (``sources``), so figures of several sources live side by side."""
        source = values.get("source")
        if per_field and source:
            sources = dict(existing.sources)
            for name in changes:
                if name in YEAR_FIGURE_FIELDS:
                    if source == existing.source:
                        sources.pop(name, None)
                    else:
                        sources[name] = source
            values = {k: v for k, v in values.items() if k != "source"}
            existing.sources = sources
        for name, value in values.items():
            setattr(existing, name, value)
        existing.version += 1


# ---------------------------------------------------------------- the write


def create_step(model, rows: list[dict], user, reason: str) -> Callable[[], int]:
    """A write step creating plain rows (their primary keys are set in ``rows``)."""

    def step() -> int:
        if rows:
            bulk.create_rows_with_history(
                model, rows, default_user=acting(user), default_change_reason=reason
            )
        return len(rows)

    return step


def update_step(model, objs: Callable[[], list] | list, fields, user, reason: str):
    """A write step updating ``objs`` (or the objects a callable gives when it runs)."""

    def step() -> int:
        found = objs() if callable(objs) else objs
        if found:
            bulk.update_with_history(
                model,
                found,
                list(fields),
                default_user=acting(user),
                default_change_reason=reason,
            )
        return len(found)

    return step


def write_steps(report, steps: Sequence[tuple[type, Callable[[], int]]], *, dry_run, skip_invalid):
    """Run the steps ((model, step) pairs) in one transaction, unless the file has
    errors and the user did not choose to skip invalid rows, or it is a dry run."""
    if (report.errors and not skip_invalid) or dry_run:
        return
    written: dict[str, int] = {}
    with transaction.atomic():
        for model, step in steps:
            table = model._meta.db_table
            written[table] = written.get(table, 0) + step()
    for table, count in written.items():
        refresh_after_write(table, count)
    report.written = True
