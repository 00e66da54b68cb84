"""What every import shares: the report, and turning engine problems into messages."""

from __future__ import annotations

import gc
import hashlib
import logging
import threading
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parkbase.core.messages import render_both
from parkbase.core.scoping import SYSTEM_WORK, UNDER_PARENT
from parkbase.core.units import strip_unit
from parkbase.core.violations import Violation
from parkbase.imports import registry
from parkbase.imports.choices import JobPhase, JobStatus
from parkbase.imports.endings import (  # noqa: F401
    ERROR_CHARS,
    DatabaseBusy,
    JobBusy,
    clip,
    end_failed,
    import_jobs_expire,
    is_busy_database,
)
from parkbase.imports.engine import Problem, column_letter, expected_headers, parse_table
from parkbase.imports.ignored import report_ignored
from parkbase.imports.limits import model_limits
from parkbase.imports.reader import UnreadableFile


@dataclass
class RowResult:
    row: int
    action: str  # created | updated | unchanged | rejected
    key: str
    changes: dict = field(default_factory=dict)  # field → [old, new]


@dataclass
class ImportReport:
    sheet: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    written: bool = False
    errors: list[dict] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    skipped_rows: list[dict] = field(default_factory=list)
    unusable: str = ""
    header_row: int = 0
    headers: list[dict] = field(default_factory=list)  # the file's columns and their fields
    ignored_columns: list[dict] = field(default_factory=list)  # columns no field takes, why
    warnings: list[dict] = field(default_factory=list)  # {code, message, message_en}
    # a year the sheet's title names, taken for its rows (the user confirms it)
    proposed_year: int | None = None
    counts: dict = field(default_factory=dict)  # more counts of a kind (records of each model)

    def add_warning(self, code: str, zh: str, en: str, **more) -> None:
        self.warnings.append({"code": code, **more, "message": zh, "message_en": en})

    def record_mapping(self, rows, mapping) -> None:
        """Remember the header row as found, so the user can review and correct it."""
        self.header_row = mapping.header_row
        header = mapping.headers
        mapped = {i: (col.field, unit) for i, (col, unit) in mapping.columns.items()}
        self.headers = [
            {
                "index": i,
                "column": column_letter(i),
                "header": _shown(text).strip(),
                "field": mapped.get(i, ("", ""))[0],
                "unit": mapped.get(i, ("", ""))[1],
            }
            for i, text in enumerate(header)
            if _shown(text).strip() or i in mapped
        ]

    @staticmethod
    def track(rows, progress, every: int = 1000):
        """Iterate over rows, telling ``progress(done, total)`` now and then."""
        total = len(rows)
        for i, row in enumerate(rows):
            if progress is not None and i % every == 0:
                progress(i, total)
            yield row
        if progress is not None:
            progress(total, total)

    def add_problem(self, problem: Problem, model=None) -> None:
        params = {**problem.params, "value": _shown(problem.value)}
        violation = Violation(problem.field, problem.code, params)
        self.add_violation(problem.row, problem.column, problem.header, violation, model)

    def add_violation(self, row: int, column: str, header: str, violation: Violation, model=None):
        params = {
            k: _shown(v) if k in ("value", "other_value") else v
            for k, v in violation.params.items()
        }
        shown = violation.field
        if header and model is not None and shown not in _field_names(model):
            shown = strip_unit(header)  # a column that fills no field of the model (a key)
        messages = render_both(Violation(shown, violation.code, params), model)
        where_zh = f"工作表 {self.sheet} 第{row}行" + (
            f"，{column}列（{header}）" if column else ""
        )
        where_en = f"Sheet {self.sheet}, row {row}" + (
            f", column {column} ({header})" if column else ""
        )
        self.errors.append(
            {
                "sheet": self.sheet,
                "row": row,
                "column": column,
                "header": header,
                "field": violation.field,
                "value": params.get("value", ""),
                "code": violation.code,
                "message": f"{where_zh}：{messages['zh']}",
                "message_en": f"{where_en}: {messages['en']}",
            }
        )

    @property
    def rejected_rows(self) -> set[int]:
        return {e["row"] for e in self.errors}

    def as_json(self, rows: int | None = None, errors: int | None = None) -> dict:
        """The report as plain data; ``rows`` and ``errors`` cap the lists kept (the
        counts always cover the whole file)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "written": self.written,
            "unusable": self.unusable,
            "header_row": self.header_row,
            "headers": self.headers,
            "ignored_columns": self.ignored_columns,
            "warnings": self.warnings[:errors],
            "warning_count": len(self.warnings),
            "proposed_year": self.proposed_year,
            "counts": self.counts,
            "error_count": len(self.errors),
            "rejected_rows": len(self.rejected_rows),
            "errors": [
                {k: e[k] for k in ("sheet", "row", "column", "header", "value", "code", "message")}
                | {"message_en": e["message_en"]}
                for e in self.errors[:errors]
            ],
            "rows": [
                asdict(r) | {"key": clip(str(r.key)), "changes": _clipped(r.changes)}
                for r in self.rows[:rows]
            ],
            "skipped_rows": self.skipped_rows[:rows],
        }


def parsed_table(
    rows,
    columns,
    report: ImportReport,
    model,
    overrides=None,
    given=None,
    *,
    limits=None,
    strict_units: bool = False,
):
    """The sheet's table under ``columns`` (with the user's column ``overrides``, and
    the ``given`` values of the import's options, such as its year), its column
    mapping, ignored columns and skipped rows in the report; None, with the reason in
    the report, when no header row is found or a required column is missing.

    ``limits``: the fields' limits when they are not all ``model``'s. With
    ``strict_units`` a column whose header names another unit than the title's unit
    note ('单位：万元' over '营业收入（元）') is an error naming both (nothing is
    guessed): the table is unusable until the file or the column mapping says which."""
    if limits is None:
        limits = model_limits(model, columns)
    table = parse_table(rows, columns, overrides=overrides, given=given, limits=limits)
    if table is None:
        report.unusable = "no_header"
        expected = ", ".join(expected_headers(columns))
        report.add_violation(1, "", "", Violation("", "no_header", {"expected": expected}), model)
        return None
    report.record_mapping(rows, table.mapping)
    report_ignored(report, table.mapping, columns, model)
    if table.mapping.missing:
        report.unusable = "missing_column"
        for col in table.mapping.missing:
            problem = Problem(
                table.mapping.header_row, "", col.template_header, col.field, "", "missing_column"
            )
            report.add_problem(problem, model)
        return None
    if strict_units and table.mapping.unit_conflicts:
        report.unusable = "unit_conflict"
        for i, unit, noted in table.mapping.unit_conflicts:
            col = table.mapping.columns[i][0]
            params = {"unit": unit, "note_unit": noted}
            violation = Violation(col.field, "unit_contradicts_note", params)
            header = str(table.mapping.headers[i])
            report.add_violation(
                table.mapping.header_row, column_letter(i), header, violation, model
            )
        return None
    for number, reason in table.skipped:
        report.skipped += 1
        report.skipped_rows.append({"row": number, "reason": reason})
    return table


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clip(str(value))


def _clipped(changes: dict) -> dict:
    return {
        name: [clip(v) if isinstance(v, str) else v for v in pair]
        if isinstance(pair, list | tuple)
        else pair
        for name, pair in changes.items()
    }


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector (also as a decorator). A large import
    makes millions of objects that live until it ends; the collector's full passes
    over them, which find nothing to free, cost ~8 % of a 100,000-row import.
    Reference counting still frees everything as usual. Nested and concurrent pauses
    are counted: the collector runs again when the last one ends, if it ran before."""
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


# ---------------------------------------------------------------- import jobs (pages, API)
# Every job ends in a final state with its message: see ``endings``.

logger = logging.getLogger(__name__)
INLINE_BYTES = 256 * 1024  # smaller files are checked and written within the request
STORED_ROWS = 500  # row results kept on the job (the counts cover every row)
STORED_ERRORS = 5000


def header_signature(kind: str, headers: list[dict]) -> str:
    texts = "\x1f".join(h["header"] for h in headers)
    return hashlib.sha256(f"{kind}\x1e{texts}".encode()).hexdigest()


def import_job_create(
    *,
    user,
    park,
    kind: str,
    upload,
    sheet: str = "",
    options: dict | None = None,
    skip_invalid: bool = False,
):
    """A new job for ``upload``, checked at once (small files) or queued. A database
    that stays locked raises ``DatabaseBusy`` and leaves no job behind."""
    from parkbase.imports.models import ImportJob

    if park is None:
        raise ValueError(_("Your account belongs to no park, so there is nothing to import into."))
    importer = registry.get(kind)
    unknown = set(options or {}) - set(importer.options)
    if unknown:
        raise ValueError(f"unknown options for {kind}: {', '.join(sorted(unknown))}")
    job = ImportJob(
        park=park,
        kind=kind,
        original_name=upload.name[:255],
        sheet=sheet,
        options=options or {},
        skip_invalid=skip_invalid,
        created_by=user,
        status=JobStatus.CHECKING,
        heartbeat=timezone.now(),
    )
    job.file.save(Path(upload.name).name, upload, save=False)
    try:
        with transaction.atomic():
            job.save()
    except OperationalError as exc:
        job.file.delete(save=False)
        if is_busy_database(exc):
            raise DatabaseBusy from exc
        raise
    try:
        _run_or_queue(job, JobPhase.CHECK, busy_raises=True)
    except OperationalError as exc:  # locked while checking inline: no half-made job
        _discard(job)
        if is_busy_database(exc):
            raise DatabaseBusy from exc
        raise
    return job


def _discard(job) -> None:
    try:
        job.delete()
        job.file.delete(save=False)
    except Exception:  # still locked: the job ends failed instead
        logger.exception("could not discard import job %s", job.pk)
        end_failed(job.pk, DatabaseBusy())


def import_job_upload(*, user, values: Mapping):
    """A job from an upload's fields as the page's form or the API read them: kind,
    file, sheet, skip_invalid, and the options of the kind's importer given a value (the
    year of a yearly-data sheet). ValueError as ``import_job_create``."""
    kind = values["kind"]
    options = {name: values[name] for name in registry.get(kind).options if values.get(name)}
    return import_job_create(
        user=user,
        park=user.park,
        kind=kind,
        upload=values["file"],
        sheet=values["sheet"],
        options=options,
        skip_invalid=values["skip_invalid"],
    )


def import_job_set_mapping(*, user, job, overrides: dict[str, str]):
    """Correct the column mapping (header text → field, '' to ignore), remember it for
    files with the same header row, and check the file again. ``JobBusy`` while the
    job is being checked or written."""
    from parkbase.imports.models import MappingProfile

    if job.busy:
        raise JobBusy
    fields = {c.field for c in registry.get(job.kind).columns}
    bad = {h: f for h, f in overrides.items() if f and f not in fields}
    if bad:
        raise ValueError(
            _("Unknown fields: {fields}").format(fields=", ".join(sorted(bad.values())))
        )
    _claim(job, JobPhase.CHECK, overrides=overrides)
    signature = job.report.get("signature")
    if signature:
        MappingProfile.objects.unscoped(UNDER_PARENT).update_or_create(
            park=job.park, kind=job.kind, signature=signature, defaults={"overrides": overrides}
        )
    _run_or_queue(job, JobPhase.CHECK)
    return job


def import_job_confirm(*, user, job, options: dict | None = None):
    """Write a checked job. ``options``: the importer's options the user gives on
    confirming (the year the check took from the title, overwriting figures of
    higher-ranked sources); a year proposed by the check must be confirmed."""
    if job.busy:
        raise JobBusy
    if job.status != JobStatus.CHECKED:
        raise ValueError(_("Only a checked import can be written."))
    importer = registry.get(job.kind)
    given = {k: v for k, v in (options or {}).items() if v not in (None, "", False)}
    unknown = set(given) - set(importer.options)
    if unknown:
        raise ValueError(f"unknown options for {job.kind}: {', '.join(sorted(unknown))}")
    if "year" in given:
        try:
            given["year"] = int(given["year"])
        except (TypeError, ValueError):
            raise ValueError(_("The year must be a whole number such as 2019.")) from None
    proposed = job.report.get("proposed_year")
    if proposed and "year" not in job.options and "year" not in given:
        raise ValueError(
            _(
                "The year {year} was taken from the sheet's title: confirm it (or give "
                "another) to write."
            ).format(year=proposed)
        )
    if given:
        job.options = {**job.options, **given}
        job.save(update_fields=["options"])
    if job.report.get("error_count") and not job.skip_invalid:
        raise ValueError(
            _(
                "The file has invalid rows and nothing is written while it has: correct them, "
                "or upload it again choosing to write only the valid rows."
            )
        )
    _claim(job, JobPhase.WRITE)
    _run_or_queue(job, JobPhase.WRITE)
    return job


def _claim(job, phase: str, **changes) -> None:
    """Mark the job busy with ``phase`` in one UPDATE that only a job at rest passes,
    so two requests at once cannot both start it (the second gets ``JobBusy``)."""
    from parkbase.imports.models import ImportJob

    status = JobStatus.CHECKING if phase == JobPhase.CHECK else JobStatus.WRITING
    values = {"status": status, "progress": 0, "error": "", "heartbeat": timezone.now()}
    try:
        claimed = (
            ImportJob.objects.unscoped(SYSTEM_WORK)
            .filter(pk=job.pk)
            .exclude(status__in=(JobStatus.CHECKING, JobStatus.WRITING))
            .update(**values, **changes)
        )
    except OperationalError as exc:
        if is_busy_database(exc):
            raise DatabaseBusy from exc
        raise
    if not claimed:
        raise JobBusy
    for name, value in {**values, **changes}.items():
        setattr(job, name, value)


def _run_or_queue(job, phase: str, busy_raises: bool = False) -> None:
    if job.file.size <= INLINE_BYTES:
        import_job_execute(job.pk, phase, busy_raises=busy_raises)
        job.refresh_from_db()
        return
    from parkbase.imports.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job(job.pk, phase))


def import_job_execute(job_id: int, phase: str, *, busy_raises: bool = False) -> None:
    """The work of one phase; runs inline for small files, in a task for large ones.

    Whatever the work raises, the job ends: a file that cannot be read is *rejected*
    with the reader's message, anything else ends it *failed* with a bilingual message
    (``busy_raises``: a locked database is raised instead, for the upload to answer
    503 and discard the job). A job no longer busy (ended meanwhile) is left alone."""
    try:
        _execute(job_id, phase)
    except BaseException as exc:
        if busy_raises and is_busy_database(exc):
            raise
        logger.exception("import job %s failed", job_id)
        end_failed(job_id, exc)
        if not isinstance(exc, Exception):
            raise  # the process is stopping (SystemExit, KeyboardInterrupt)


def _execute(job_id: int, phase: str) -> None:
    from parkbase.imports.models import ImportJob, MappingProfile

    jobs = ImportJob.objects.unscoped(SYSTEM_WORK)
    job = jobs.select_related("park", "created_by").get(pk=job_id)
    if not job.busy:
        return
    importer = registry.get(job.kind)
    last = {"pct": -1}

    def progress(done: int, total: int) -> None:
        pct = int(done * 100 / total) if total else 100
        if pct >= last["pct"] + 2 or pct == 100:
            last["pct"] = pct
            jobs.filter(pk=job.pk).update(progress=min(pct, 99), heartbeat=timezone.now())

    def run(overrides):
        return importer.run(
            job.file.path,
            park=job.park,
            user=job.created_by,
            sheet=job.sheet or None,
            dry_run=phase == JobPhase.CHECK,
            skip_invalid=job.skip_invalid,
            overrides=overrides or None,
            progress=progress,
            **({"job": job.pk} if importer.takes_job else {}),
            **job.options,
        )

    try:
        report = run(job.overrides)
        signature = header_signature(job.kind, report.headers) if report.headers else ""
        if phase == JobPhase.CHECK and not job.overrides and signature:
            remembered = (
                MappingProfile.objects.unscoped(SYSTEM_WORK)
                .filter(park=job.park, kind=job.kind, signature=signature)
                .first()
            )
            if remembered and remembered.overrides:
                job.overrides = remembered.overrides
                report = run(job.overrides)
    except UnreadableFile as exc:
        job.status, job.error = JobStatus.REJECTED, clip(str(exc), ERROR_CHARS)
    else:
        job.report = report.as_json(rows=STORED_ROWS, errors=STORED_ERRORS) | {
            "signature": signature,
            "sheet": report.sheet,
        }
        if report.unusable:
            job.status = JobStatus.REJECTED
        elif phase == JobPhase.CHECK:
            job.status = JobStatus.CHECKED
        else:
            job.status = JobStatus.DONE if report.written else JobStatus.REJECTED
    job.progress = 100
    job.heartbeat = timezone.now()
    if job.status in (JobStatus.DONE, JobStatus.REJECTED, JobStatus.FAILED):
        job.finished_at = job.heartbeat
    fields = ["status", "error", "report", "overrides", "progress", "heartbeat", "finished_at"]
    with transaction.atomic():  # a save that fails rolls back to here, and the job ends
        job.save(update_fields=fields)
