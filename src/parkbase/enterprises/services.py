"""Writes of the enterprises app: create, update with optimistic locking, imports."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.db import transaction

from parkbase.core import uscc
from parkbase.core.history import source_reason
from parkbase.core.messages import as_validation_error
from parkbase.core.models import Park
from parkbase.core.scoping import RULE_CHECK, SYSTEM_WORK
from parkbase.core.violations import Violation
from parkbase.core.write import locked, save, save_edit, today
from parkbase.enterprises import engine
from parkbase.enterprises.choices import Source
from parkbase.enterprises.import_rows import (
    ENTERPRISE_FIELDS,
    REFERENCE_FIELDS,
    EnterpriseRows,
    YearRows,
    create_step,
    duplicate_code,
    known_industry_codes,
    row_violation,
    update_step,
    write_steps,
)
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS, YEAR_FIGURE_FIELDS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports.reader import read_table
from parkbase.imports.registry import CHANGE_SOURCE as IMPORT
from parkbase.imports.services import ImportReport, RowResult, collector_paused, parsed_table

YEAR_EDITABLE_FIELDS = ("year", *YEAR_FIGURE_FIELDS, "source", "sources")


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
            found.append(duplicate_code(code, other.park_id, other.name, park))
    for name in REFERENCE_FIELDS:
        ref = data.get(name)
        if ref is not None and ref.park_id != park.pk:
            found.append(Violation(name, "other_park", {"value": str(ref)}))
    return found


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
    job: int | None = None,
) -> ImportReport:
    report = ImportReport()
    reason = source_reason(IMPORT, job)
    table = _open(Path(path), sheet, ENTERPRISE_COLUMNS, report, Enterprise, overrides)
    if table is None:
        return report
    enterprises = EnterpriseRows(park)
    enterprises.file_fields(col.field for col, _unit in table.mapping.columns.values())
    to_create, to_update = [], []
    for row in report.track(table.rows, progress):
        first_error = len(report.errors)  # errors from here on are this row's
        for problem in row.problems:
            report.add_problem(problem, Enterprise)
        values, existing = enterprises.check(
            row.number, row.values, report, table.mapping, first_error
        )
        if len(report.errors) > first_error:  # this row has errors: rejected
            report.rows.append(RowResult(row.number, "rejected", values.get("name") or ""))
            continue
        if existing is None:
            report.created += 1
            report.rows.append(RowResult(row.number, "created", values["name"]))
            to_create.append(enterprises.new_row(values))
            continue
        changes = enterprises.changes(existing, values)
        if not changes:
            report.unchanged += 1
            report.rows.append(RowResult(row.number, "unchanged", values["name"]))
            continue
        report.updated += 1
        report.rows.append(RowResult(row.number, "updated", values["name"], changes))
        to_update.append((existing.pk, values))
    _write(
        report,
        [
            (Enterprise, create_step(Enterprise, to_create, user, reason)),
            (
                Enterprise,
                update_step(
                    Enterprise,
                    lambda: EnterpriseRows.updated(to_update),
                    (*enterprises.fields, "version"),
                    user,
                    reason,
                ),
            ),
        ],
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
    job: int | None = None,
) -> ImportReport:
    report = ImportReport()
    reason = source_reason(IMPORT, job)
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
    file_years = {r.values.get("year") for r in table.rows} | ({year} if year else set())
    years = YearRows(park, file_years)
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
            row_violation(
                report,
                table.mapping,
                row.number,
                Violation(field, "unknown_reference", {"value": code or name}),
                Enterprise,
            )
        values["source"] = values.get("source") or default_source
        years.check(row.number, values, report, table.mapping, first_error)
        key = (enterprise, values.get("year"))
        if enterprise is not None and key[1] is not None and key in seen:
            row_violation(
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
        existing = years.stored(*key)
        if existing is None:
            report.created += 1
            report.rows.append(RowResult(row.number, "created", label))
            values["enterprise_id"] = enterprise
            to_create.append(values)  # a plain row: an instance per row costs more than its write
            continue
        changes, _kept = years.changes(existing, values)
        if not changes:
            report.unchanged += 1
            report.rows.append(RowResult(row.number, "unchanged", label))
            continue
        report.updated += 1
        report.rows.append(RowResult(row.number, "updated", label, changes))
        years.apply(existing, values, changes, per_field=False)
        to_update.append(existing)
    _write(
        report,
        [
            (EnterpriseYear, create_step(EnterpriseYear, to_create, user, reason)),
            (
                EnterpriseYear,
                update_step(
                    EnterpriseYear,
                    to_update,
                    YEAR_FIGURE_FIELDS + ("source", "version"),
                    user,
                    reason,
                ),
            ),
        ],
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    return report


def _write(report, steps, *, dry_run, skip_invalid) -> None:
    """The import's one write (``import_rows.write_steps``): all or, with
    ``skip_invalid``, the valid rows; nothing on a dry run."""
    write_steps(report, steps, dry_run=dry_run, skip_invalid=skip_invalid)
