"""The survey workbook (企业调查表): on one sheet, each enterprise and its figures for
one year, imported in one pass.

Each row is an enterprise (created, or matched by credit code, then by exact name,
and updated) and its year's figures, source "survey": every enterprise rule and every
yearly rule is checked on it (``import_rows``), and a row with any error is rejected
whole: nothing is written, or with ``skip_invalid`` exactly the valid rows.

The year is ``year`` (``--year``, the upload's year), else the sheet's 年度 column,
else the year the title names ('2019年度企业调查表'): the report then proposes it
(``proposed_year``) and says so; the import page and the API ask the user to confirm
it before writing. No year anywhere is an error.

A figure stored from a source the park ranks above the survey
(``choices.SOURCE_RANKING``: statistics, tax, enterprise, staff) is kept, and listed
among the warnings, unless ``overwrite_ranked``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from parkbase.core.history import source_reason
from parkbase.core.violations import Violation
from parkbase.enterprises.choices import Source
from parkbase.enterprises.import_rows import (
    EnterpriseRows,
    YearRows,
    create_step,
    picker,
    update_step,
    write_steps,
)
from parkbase.enterprises.importers import (
    ENTERPRISE_COLUMNS,
    SURVEY_COLUMNS,
    SURVEY_YEAR_COLUMNS,
    YEAR_FIGURE_FIELDS,
)
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports.engine import column_of, find_mapping
from parkbase.imports.headers import title_years
from parkbase.imports.ignored import both, report_ignored
from parkbase.imports.limits import model_limits
from parkbase.imports.reader import read_table
from parkbase.imports.services import ImportReport, RowResult, collector_paused, parsed_table

REASON = "survey import"
YEAR_FIELDS = frozenset(c.field for c in SURVEY_YEAR_COLUMNS)
KEPT_SHOWN = 5000  # kept cells listed one by one (all are counted)

FIGURE_OF = {
    Source.STATISTICS: _("the statistics bureau's figure"),
    Source.TAX: _("the tax bureau's figure"),
    Source.ENTERPRISE: _("the enterprise's own figure"),
    Source.MANUAL: _("the figure entered by staff"),
    Source.SURVEY: _("the survey's figure"),
    Source.IMPORT: _("the imported figure"),
}
KEPT = _(
    "Sheet {sheet}, row {row}, column {column} ({header}): kept {figure} ({old}); the "
    "file's {new} was not written (confirm with “overwrite higher-ranked sources” to "
    "write it)."
)
FROM_TITLE = _("year taken from the title: {year} (“{title}”)")
TITLE_DIFFERS = _(
    "The title names the year {title_year}, the import's year is {year}: the figures are "
    "imported for {year}."
)
TITLES_DIFFER = _("The title names several years ({years}): none is taken from it.")


def model_of(field: str):
    return EnterpriseYear if field in YEAR_FIELDS else Enterprise


def _limits() -> dict:
    return model_limits(Enterprise, ENTERPRISE_COLUMNS) | model_limits(
        EnterpriseYear, SURVEY_YEAR_COLUMNS
    )


def _title_text(rows, top: int, year: int) -> str:
    for row in rows[:top]:
        for cell in row:
            if cell.__class__ is str and str(year) in cell:
                return cell.strip()
    return ""


def the_year(rows, year: int | None, overrides, report: ImportReport) -> tuple[bool, dict | None]:
    """(usable, the ``given`` values for ``parse_table``): the import's year, else
    the sheet's 年度 column (nothing given), else the title's year, proposed in the
    report. Not usable when no header is found (``parsed_table`` says so) or, with
    ``no_year`` in the report, when no year is found anywhere."""
    mapping = find_mapping(rows, SURVEY_COLUMNS, overrides, {"year": year})
    if mapping is None:
        return True, None
    top = mapping.first_header_row - 1
    found = title_years(rows[:top])
    if year is not None:
        if len(found) == 1 and found[0] != year:
            zh, en = both(TITLE_DIFFERS, title_year=found[0], year=year)
            report.add_warning("title_year_differs", zh, en)
        return True, {"year": year}
    if any(col.field == "year" for col, _unit in mapping.columns.values()):
        return True, None
    if len(found) == 1:
        report.proposed_year = found[0]
        zh, en = both(FROM_TITLE, year=found[0], title=_title_text(rows, top, found[0]))
        report.add_warning("year_from_title", zh, en, year=found[0])
        return True, {"year": found[0]}
    if found:
        zh, en = both(TITLES_DIFFER, years="、".join(map(str, found)))
        report.add_warning("title_years", zh, en)
    report.record_mapping(rows, mapping)
    report_ignored(report, mapping, SURVEY_COLUMNS, Enterprise)
    report.unusable = "no_year"
    violation = Violation("year", "no_year")
    report.add_violation(mapping.header_row, "", "年度", violation, EnterpriseYear)
    return False, None


@collector_paused()
def import_survey(
    path,
    *,
    park,
    user=None,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    year: int | None = None,
    overwrite_ranked: bool = False,
    overrides: dict | None = None,
    progress=None,
    job: int | None = None,
) -> ImportReport:
    report = ImportReport()
    reason = source_reason(REASON, job)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # python-calamine reads the file without holding the GIL: the park's
        # enterprises are read meanwhile
        reading = pool.submit(read_table, Path(path), sheet)
        enterprises = EnterpriseRows(park)
        if not reading.done():  # the time is there: their stored values too
            enterprises.preload_values()
        report.sheet, rows = reading.result()
        reading = None  # the cells live as long as they are needed, no longer
    usable, given = the_year(rows, year, overrides, report)
    if not usable:
        return report
    table = parsed_table(
        rows,
        SURVEY_COLUMNS,
        report,
        Enterprise,
        overrides,
        given,
        limits=_limits(),
        strict_units=True,
    )
    del rows
    if table is None:
        return report
    mapping = table.mapping
    mapped = {col.field for col, _unit in mapping.columns.values()}
    enterprises.file_fields(mapped)
    year_fields = [f for f in YEAR_FIGURE_FIELDS if f in mapped]
    years = YearRows(park, {r.values.get("year") for r in table.rows} | {(given or {}).get("year")})
    counts = dict.fromkeys(
        ("enterprises_created", "enterprises_updated", "years_created", "years_updated"), 0
    )
    kept_cells = 0
    year_part = picker(year_fields)
    new_enterprises, changed_enterprises, new_years, changed_years = [], [], [], []
    for row in report.track(table.rows, progress):
        first_error = len(report.errors)  # errors from here on are this row's
        for problem in row.problems:
            report.add_problem(problem, model_of(problem.field))
        values = row.values
        row.raw = ()  # the cells as read: no longer needed
        ent_values, known = enterprises.check(row.number, values, report, mapping, first_error)
        year_values = year_part(values)
        year_values["year"] = values.get("year")
        year_values["source"] = values.get("source") or Source.SURVEY
        years.check(row.number, year_values, report, mapping, first_error)
        label = f"{ent_values.get('name') or ent_values.get('uscc') or ''} {year_values['year']}"
        if len(report.errors) > first_error:  # any error rejects the row whole
            report.rows.append(RowResult(row.number, "rejected", label))
            continue
        if known is None:
            report.created += 1
            counts["enterprises_created"] += 1
            counts["years_created"] += 1
            report.rows.append(RowResult(row.number, "created", label))
            new_row = enterprises.new_row(ent_values)
            new_enterprises.append(new_row)
            year_values["enterprise_id"] = new_row  # its key once it is written
            new_years.append(year_values)
            continue
        changes = enterprises.changes(known, ent_values)
        if changes:
            counts["enterprises_updated"] += 1
            changed_enterprises.append((known.pk, ent_values))
        stored = years.stored(known.pk, year_values["year"])
        if stored is None:
            counts["years_created"] += 1
            changes["year"] = [None, year_values["year"]]
            year_values["enterprise_id"] = known.pk
            new_years.append(year_values)
        else:
            year_changes, kept = years.changes(
                stored, year_values, ranked=not overwrite_ranked, per_field=True
            )
            for name, old, new, source in kept:
                kept_cells += 1
                if kept_cells <= KEPT_SHOWN:
                    _warn_kept(report, mapping, row.number, name, old, new, source)
            if year_changes:
                counts["years_updated"] += 1
                years.apply(stored, year_values, year_changes, per_field=True)
                changed_years.append(stored)
                changes |= year_changes
        if not changes and stored is not None:
            report.unchanged += 1
            report.rows.append(RowResult(row.number, "unchanged", label))
        else:
            report.updated += 1
            report.rows.append(RowResult(row.number, "updated", label, changes))
    report.counts = counts | {"kept_ranked": kept_cells}

    def link_years() -> int:
        for row in new_years:
            if row["enterprise_id"].__class__ is dict:
                row["enterprise_id"] = row["enterprise_id"]["id"]
        return 0

    ent_fields = (*enterprises.fields, "version")
    year_update_fields = (*year_fields, "sources", "version")
    write_steps(
        report,
        [
            (Enterprise, create_step(Enterprise, new_enterprises, user, reason)),
            (
                Enterprise,
                update_step(
                    Enterprise,
                    lambda: EnterpriseRows.updated(changed_enterprises),
                    ent_fields,
                    user,
                    reason,
                ),
            ),
            (EnterpriseYear, link_years),
            (EnterpriseYear, create_step(EnterpriseYear, new_years, user, reason)),
            (
                EnterpriseYear,
                update_step(EnterpriseYear, changed_years, year_update_fields, user, reason),
            ),
        ],
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    return report


def _warn_kept(report, mapping, number: int, name: str, old, new, source: str) -> None:
    letter, header = column_of(mapping, name)
    zh, en = both(
        KEPT,
        sheet=report.sheet,
        row=number,
        column=letter,
        header=header,
        figure=FIGURE_OF.get(source, source),
        old=old,
        new=new,
    )
    report.add_warning("kept_ranked", zh, en, row=number, column=letter, field=name, source=source)
