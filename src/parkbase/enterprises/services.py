"""Writes of the enterprises app: create, update with optimistic locking, imports."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import transaction

from parkbase.core import uscc
from parkbase.core.db import STATISTICS_AFTER_ROWS, refresh_statistics
from parkbase.core.messages import as_validation_error
from parkbase.core.models import Department, IndustryCode, Park, Phase
from parkbase.core.scoping import RULE_CHECK, SYSTEM_WORK
from parkbase.core.violations import Violation
from parkbase.core.write import acting, locked, save, save_edit, today
from parkbase.enterprises import engine
from parkbase.enterprises.choices import Source
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS, YEAR_FIGURE_FIELDS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports import bulk
from parkbase.imports.engine import column_of
from parkbase.imports.reader import read_table
from parkbase.imports.services import ImportReport, RowResult, collector_paused, parsed_table

ENTERPRISE_FIELDS = tuple(c.field for c in ENTERPRISE_COLUMNS)
YEAR_EDITABLE_FIELDS = ("year", *YEAR_FIGURE_FIELDS, "source", "sources")
REFERENCE_FIELDS = ("phase", "department")


def known_industry_codes() -> set[str]:
    return set(IndustryCode.objects.values_list("code", flat=True))


# ---------------------------------------------------------------- single records


def enterprise_violations(
    data: dict, *, park: Park, instance: Enterprise | None = None, industry_codes=None
) -> list[Violation]:
    """Every rule a whole enterprise record must keep, including the ones that need the
    database: a credit code used by another enterprise, references into another park."""
    found = engine.validate_enterprise(
        data,
        today=today(),
        industry_codes=known_industry_codes() if industry_codes is None else industry_codes,
    )
    code = data.get("uscc")
    if code and not any(v.field == "uscc" for v in found):
        clash = Enterprise.objects.unscoped(RULE_CHECK).filter(uscc=code)
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        other = clash.only("name", "park_id").first()
        if other:
            found.append(_duplicate_code(code, other, park))
    for name in REFERENCE_FIELDS:
        ref = data.get(name)
        if ref is not None and ref.park_id != park.pk:
            found.append(Violation(name, "other_park", {"value": str(ref)}))
    return found


def _duplicate_code(code: str, other: Enterprise, park: Park) -> Violation:
    """Name the holder of a credit code only inside the same park: who is registered
    in another park is not this park's business."""
    if other.park_id == park.pk:
        return Violation("uscc", "duplicate", {"value": code, "other": other.name})
    return Violation("uscc", "duplicate_elsewhere", {"value": code})


def _clean_enterprise_data(data: dict) -> dict:
    if "uscc" in data:
        data = {**data, "uscc": uscc.compact(data.get("uscc") or "")}
    return data


@transaction.atomic
def enterprise_create(*, user, park: Park, data: dict) -> Enterprise:
    data = _clean_enterprise_data(data)
    violations = enterprise_violations(data, park=park)
    if violations:
        raise as_validation_error(violations, Enterprise)
    enterprise = Enterprise(park=park, **data)
    save(enterprise, user)
    return enterprise


@transaction.atomic
def enterprise_update(
    *, user, enterprise: Enterprise, data: dict, expected_version: int
) -> Enterprise:
    """Apply ``data`` (some or all fields) if nobody saved the enterprise since
    ``expected_version`` was read. The rules are checked on the whole resulting record."""
    current = locked(Enterprise, enterprise.pk, expected_version)
    data = _clean_enterprise_data(data)
    merged = {name: getattr(current, name) for name in ENTERPRISE_FIELDS} | data
    violations = enterprise_violations(merged, park=current.park, instance=current)
    if violations:
        raise as_validation_error(violations, Enterprise)
    for name, value in data.items():
        setattr(current, name, value)
    save_edit(current, user)
    return current


def year_violations(data: dict, *, enterprise: Enterprise, instance=None) -> list[Violation]:
    found = engine.validate_year(data, current_year=today().year)
    year = data.get("year")
    clash = EnterpriseYear.objects.unscoped(RULE_CHECK).filter(enterprise=enterprise, year=year)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if year is not None and clash.exists():
        found.append(Violation("year", "duplicate", {"value": year, "other": enterprise.name}))
    return found


@transaction.atomic
def year_save(
    *,
    user,
    enterprise: Enterprise,
    data: dict,
    instance: EnterpriseYear | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> EnterpriseYear:
    """Create a year of figures, or change one (some or all fields) with optimistic
    locking; the rules are checked on the whole resulting row. ``reason`` goes into the
    history (e.g. the survey that verified the figures)."""
    if instance is not None:
        instance = locked(EnterpriseYear, instance.pk, expected_version)
        merged = {name: getattr(instance, name) for name in YEAR_EDITABLE_FIELDS} | data
    else:
        instance = EnterpriseYear(enterprise=enterprise)
        merged = data
    violations = year_violations(
        merged, enterprise=enterprise, instance=instance if instance.pk else None
    )
    if violations:
        raise as_validation_error(violations, EnterpriseYear)
    if instance.pk:
        instance.version += 1
    for name, value in data.items():
        setattr(instance, name, value)
    save(instance, user, reason)
    return instance


# ---------------------------------------------------------------- imports


def _differences(obj, values: dict) -> dict:
    changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if hasattr(old, "pk"):
            old = old.pk
            new = getattr(new, "pk", new)
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _reference_map(model, park: Park) -> dict[str, object]:
    refs = {}
    for obj in model.objects.unscoped(SYSTEM_WORK).filter(park=park):
        refs[obj.code.lower()] = obj
        refs[obj.name.lower()] = obj
    return refs


def _row_violation(report, mapping, row_number, violation: Violation, model) -> None:
    letter, header = column_of(mapping, violation.field)
    report.add_violation(row_number, letter, header, violation, model)


def _open(
    path: Path,
    sheet,
    columns,
    report: ImportReport,
    model,
    overrides=None,
    reading=None,
    given=None,
):
    """Read and parse the file; ``reading``: a future of ``read_table``'s result, when
    the caller has it read in the background; ``given``: the values of the import's
    options (field → value for every row, such as the year)."""
    report.sheet, rows = reading.result() if reading is not None else read_table(path, sheet)
    return parsed_table(rows, columns, report, model, overrides, given)


@collector_paused()
def import_enterprises(
    path,
    *,
    park: Park,
    user=None,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    overrides: dict | None = None,
    progress=None,
) -> ImportReport:
    report = ImportReport()
    table = _open(Path(path), sheet, ENTERPRISE_COLUMNS, report, Enterprise, overrides)
    if table is None:
        return report
    refs = {"phase": _reference_map(Phase, park), "department": _reference_map(Department, park)}
    known = {
        ref: "、".join(sorted({o.name for o in found.values()})) for ref, found in refs.items()
    }
    by_uscc = {e.uscc: e for e in Enterprise.objects.unscoped(RULE_CHECK).exclude(uscc="")}
    by_name = {e.name: e for e in Enterprise.objects.unscoped(RULE_CHECK).filter(park=park)}
    industry_codes = known_industry_codes()
    seen_uscc: dict[str, int] = {}
    seen_name: dict[str, int] = {}
    to_create, to_update = [], []
    for row in report.track(table.rows, progress):
        first_error = len(report.errors)  # errors from here on are this row's
        for problem in row.problems:
            report.add_problem(problem, Enterprise)
        values = {k: v for k, v in row.values.items() if k in ENTERPRISE_FIELDS}
        values["uscc"] = uscc.compact(values.get("uscc") or "")
        for ref in REFERENCE_FIELDS:
            if ref in values:
                text = values[ref]
                values[ref] = refs[ref].get(text.lower()) if text else None
                if text and values[ref] is None:
                    _row_violation(
                        report,
                        table.mapping,
                        row.number,
                        Violation(ref, "unknown_reference", {"value": text, "choices": known[ref]}),
                        Enterprise,
                    )
        for flag in ("is_above_size", "is_high_tech", "is_specialized", "is_listed"):
            if flag in values and values[flag] is None:
                values[flag] = False
        if values.get("status") is None:
            values.pop("status", None)
        if values.get("registration_type") is None and "registration_type" in values:
            values["registration_type"] = ""
        existing = by_uscc.get(values["uscc"]) if values["uscc"] else None
        if existing is None:
            existing = by_name.get(values.get("name"))
        if existing is not None and existing.park_id != park.id:
            _row_violation(
                report,
                table.mapping,
                row.number,
                _duplicate_code(values["uscc"], existing, park),
                Enterprise,
            )
            existing = None
        for violation in engine.validate_enterprise(
            values, today=today(), industry_codes=industry_codes
        ):
            if not any(e["field"] == violation.field for e in report.errors[first_error:]):
                _row_violation(report, table.mapping, row.number, violation, Enterprise)
        for key, seen in (("uscc", seen_uscc), ("name", seen_name)):
            value = values.get(key)
            if value and value in seen:
                _row_violation(
                    report,
                    table.mapping,
                    row.number,
                    Violation(key, "duplicate_in_file", {"value": value, "other_row": seen[value]}),
                    Enterprise,
                )
            elif value:
                seen[value] = row.number
        if len(report.errors) > first_error:  # this row has errors: rejected
            report.rows.append(RowResult(row.number, "rejected", values.get("name") or ""))
            continue
        if existing is None:
            report.created += 1
            report.rows.append(RowResult(row.number, "created", values["name"]))
            to_create.append(Enterprise(park=park, **values))
        else:
            changes = _differences(existing, values)
            if not changes:
                report.unchanged += 1
                report.rows.append(RowResult(row.number, "unchanged", values["name"]))
                continue
            report.updated += 1
            report.rows.append(RowResult(row.number, "updated", values["name"], changes))
            for name, value in values.items():
                setattr(existing, name, value)
            existing.version += 1
            to_update.append(existing)
    _write(
        report,
        Enterprise,
        to_create,
        to_update,
        ENTERPRISE_FIELDS + ("version",),
        user,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    return report


@collector_paused()
def import_years(
    path,
    *,
    park: Park,
    user=None,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    year: int | None = None,
    default_source: str = Source.IMPORT,
    overrides: dict | None = None,
    progress=None,
) -> ImportReport:
    report = ImportReport()
    with ThreadPoolExecutor(max_workers=1) as pool:
        # python-calamine parses the file without holding the GIL: the park's
        # enterprises are looked up meanwhile (primary keys only: a model instance
        # per enterprise costs more than the import)
        reading = pool.submit(read_table, Path(path), sheet)
        enterprises = list(
            Enterprise.objects.unscoped(SYSTEM_WORK)
            .filter(park=park)
            .values_list("id", "name", "uscc")
        )
    given = {"year": year} if year is not None else None
    table = _open(
        Path(path), sheet, YEAR_COLUMNS, report, EnterpriseYear, overrides, reading, given
    )
    if table is None:
        return report
    by_uscc = {code: pk for pk, _name, code in enterprises if code}
    by_name = {name: pk for pk, name, _code in enterprises}
    # only the years the file names (a year that no column can hold matches nothing)
    file_years = {r.values.get("year") for r in table.rows}
    if year is not None:
        file_years.add(year)
    file_years = {y for y in file_years if y.__class__ is int and 0 <= y <= 32767}
    existing = EnterpriseYear.objects.unscoped(RULE_CHECK).filter(enterprise__park=park)
    if len(file_years) <= 500:
        existing = existing.filter(year__in=sorted(file_years))
    existing_years = {(y.enterprise_id, y.year): y for y in existing}
    current_year = today().year
    seen: dict[tuple, int] = {}
    to_create, to_update = [], []
    for row in report.track(table.rows, progress):
        first_error = len(report.errors)  # errors from here on are this row's
        for problem in row.problems:
            report.add_problem(problem, EnterpriseYear)
        values = row.values  # the parsed rows are this import's own: no copy (year given)
        code, name = uscc.compact(values.pop("uscc", "") or ""), values.pop("name", "") or ""
        enterprise = by_uscc.get(code) if code else by_name.get(name)
        if enterprise is None:
            field = "uscc" if code else "name"
            _row_violation(
                report,
                table.mapping,
                row.number,
                Violation(field, "unknown_reference", {"value": code or name}),
                Enterprise,
            )
        values["source"] = values.get("source") or default_source
        for violation in engine.validate_year(values, current_year=current_year):
            if not any(e["field"] == violation.field for e in report.errors[first_error:]):
                _row_violation(report, table.mapping, row.number, violation, EnterpriseYear)
        key = (enterprise, values.get("year"))
        if enterprise is not None and key[1] is not None and key in seen:
            _row_violation(
                report,
                table.mapping,
                row.number,
                Violation(
                    "year",
                    "duplicate_in_file",
                    {"value": values.get("year"), "other_row": seen[key]},
                ),
                EnterpriseYear,
            )
        seen.setdefault(key, row.number)
        label = f"{name or code} {values.get('year')}"
        if len(report.errors) > first_error:  # this row has errors: rejected
            report.rows.append(RowResult(row.number, "rejected", label))
            continue
        existing = existing_years.get(key)
        if existing is None:
            report.created += 1
            report.rows.append(RowResult(row.number, "created", label))
            values["enterprise_id"] = enterprise
            to_create.append(values)  # a plain row: an instance per row costs more than its write
            continue
        changes = _differences(existing, values)
        if not changes:
            report.unchanged += 1
            report.rows.append(RowResult(row.number, "unchanged", label))
            continue
        report.updated += 1
        report.rows.append(RowResult(row.number, "updated", label, changes))
        for field_name, value in values.items():
            setattr(existing, field_name, value)
        existing.version += 1
        to_update.append(existing)
    _write(
        report,
        EnterpriseYear,
        to_create,
        to_update,
        YEAR_FIGURE_FIELDS + ("source", "version"),
        user,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        create_rows=True,
    )
    return report


def _write(
    report, model, to_create, to_update, fields, user, *, dry_run, skip_invalid, create_rows=False
) -> None:
    """Write in one transaction; ``to_create`` holds instances, or plain rows
    (attribute name → value) with ``create_rows``."""
    if report.errors and not skip_invalid:
        return
    if dry_run:
        return
    create = bulk.create_rows_with_history if create_rows else bulk.create_with_history
    with transaction.atomic():
        if to_create:
            create(model, to_create, default_user=acting(user), default_change_reason="import")
        if to_update:
            bulk.update_with_history(
                model,
                to_update,
                list(fields),
                default_user=acting(user),
                default_change_reason="import",
            )
    if len(to_create) + len(to_update) >= STATISTICS_AFTER_ROWS:
        refresh_statistics(model._meta.db_table)
    report.written = True
