"""Record sheets: the lists of few rows (parcels, approvals, buildings, concerns,
investors, blockers…) that export to a spreadsheet and import back.

A ``RecordSheet`` declares one list: its columns (the import template's, which are
the export's too), how a row finds its record (the ``编号`` column holding the
record's number, else the list's natural key such as a parcel code), the columns that
name other records (``Ref``: a phase, a department, an enterprise or a project, by
name or code) and how a record is created and changed: through its app's services,
the one write path (version check, acting user, history, need-to-know).

The import reads the sheet with the engine, then checks and writes row by row inside
one transaction, each row in a savepoint: a failed import or a dry run rolls it all
back; with ``skip_invalid`` exactly the valid rows are kept. A blank cell never
clears a value, so an export whose hidden details are blank (an outsider's) changes
nothing when it comes back; a masked value written back as it was shown is no
change either. The export writes names, choice labels and the template's units, so
an export by someone who sees everything re-imports with no change."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils import translation

from parkbase.core import need_to_know
from parkbase.core.locking import StaleEdit
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.text import normalise_text
from parkbase.core.violations import Violation
from parkbase.imports.engine import Column, column_of
from parkbase.imports.exporting import cell_converter
from parkbase.imports.reader import read_table
from parkbase.imports.services import ImportReport, RowResult, parsed_table

NUMBER_FIELD = "id"
NUMBER_HEADER = "编号"
SEPARATORS = re.compile(r"[、,，;；\n]+")
CHOICES_SHOWN = 30  # names listed in an unknown-reference message, at most


def number_column() -> Column:
    """The record's number: blank for a new record, the number the export wrote to
    change that record."""
    return Column(NUMBER_FIELD, (NUMBER_HEADER, "ID", "序号ID"), kind="int", places=None)


def choice_words(model, field: str) -> dict:
    """Accepted words → stored value of a model's choice field: its Chinese labels
    first (the template's and the export's), then its English labels."""
    words = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in model._meta.get_field(field).choices:
                words.setdefault(str(label), value)
    return words


@dataclass(frozen=True)
class Ref:
    """A column naming another record of the park: matched, case and spaces aside,
    by any of ``keys``; ``many``: several names separated by 、 , ; or line breaks;
    ``records``: the candidates of a park (park → queryset), or with ``per_user`` the
    candidates the importing user may name ((park, user) → records; no user: system
    work)."""

    records: Callable[..., Iterable]
    keys: tuple[str, ...] = ("name",)
    many: bool = False
    shown: str = "name"  # what the export writes
    per_user: bool = False


class RowChecks:
    """One row's checks, its errors reported against the columns of the sheet."""

    def __init__(self, report: ImportReport, mapping, number: int, model):
        self.report, self.mapping, self.number, self.model = report, mapping, number, model
        self.first_error = len(report.errors)

    @property
    def failed(self) -> bool:
        return len(self.report.errors) > self.first_error

    def reported(self, field: str) -> bool:
        return any(e["field"] == field for e in self.report.errors[self.first_error :])

    def add(self, violation: Violation, model=None) -> None:
        if violation.field and self.reported(violation.field):
            return  # one message per cell: the first rule it breaks
        letter, header = column_of(self.mapping, violation.field)
        self.report.add_violation(self.number, letter, header, violation, model or self.model)

    def add_text(self, field: str, code: str, text: str) -> None:
        """A rule whose message is already worded (the active language)."""
        letter, header = column_of(self.mapping, field)
        sheet = self.report.sheet
        where_zh = f"工作表 {sheet} 第{self.number}行" + (
            f"，{letter}列（{header}）" if letter else ""
        )
        where_en = f"Sheet {sheet}, row {self.number}" + (
            f", column {letter} ({header})" if letter else ""
        )
        self.report.errors.append(
            {
                "sheet": sheet,
                "row": self.number,
                "column": letter,
                "header": header,
                "field": field,
                "value": "",
                "code": code,
                "message": f"{where_zh}：{text}",
                "message_en": f"{where_en}: {text}",
            }
        )

    def add_rendered(self, exc: DjangoValidationError) -> None:
        """Rules only the service found: their messages as rendered."""
        by_field = exc.error_dict if hasattr(exc, "error_dict") else {"": exc.error_list}
        for field, errors in by_field.items():
            for error in errors:
                for message in error.messages:
                    self.add_text(
                        field if field != "__all__" else "", error.code or "invalid", message
                    )


class RecordSheet:
    """One list that exports and imports back; apps subclass it for each list."""

    kind: str = ""
    label = ""
    model: type[models.Model]
    columns: Sequence[Column] = ()
    key: tuple[str, ...] = ()  # the natural key's fields, if the list has one
    refs: dict[str, Ref] = {}
    notes = ""

    # -------------------------------------------------------------- to override

    def records(self, park) -> models.QuerySet:
        """The park's records a row may name (to match them)."""
        return self.model.objects.unscoped(RULE_CHECK).filter(park=park)

    def create(self, *, park, user, values: dict):
        raise NotImplementedError

    def update(self, *, record, user, values: dict):
        raise NotImplementedError

    def value(self, record, field: str):
        """The current value of ``field`` (an object for a reference, a list of
        objects for a many-reference)."""
        attribute = getattr(record, field)
        if isinstance(attribute, models.Manager):
            return list(attribute.all())
        return attribute

    def check(self, values: dict, record, checks: RowChecks, park) -> None:
        """Rules of the sheet itself, before the services' (none by default)."""

    def hidden(self, reader) -> frozenset[str]:
        """The columns ``reader`` may not see (exported blank, so that their export
        re-imports with no change): none by default."""
        return frozenset()

    # -------------------------------------------------------------- export

    def prefetch(self, queryset: models.QuerySet) -> models.QuerySet:
        return queryset

    def export_rows(self, queryset: models.QuerySet, reader=None):
        """Headers and rows in the template's layout: names, choice labels, units.
        The rows come marked by ``visible_to``: a detail hidden from the reader is
        written as it is shown to them; a column hidden from ``reader`` (``hidden``)
        is written blank."""
        headers = [c.template_header for c in self.columns]
        hidden = self.hidden(reader) if reader is not None else frozenset()
        converters = [
            _blank if c.field in hidden else self._export_converter(c) for c in self.columns
        ]

        def rows():
            with translation.override("zh-hans"):  # the template's words, whoever exports
                for record in self.prefetch(queryset).iterator(chunk_size=500):
                    yield [convert(record) for convert in converters]

        return headers, rows()

    def _export_converter(self, col: Column) -> Callable:
        field = col.field
        if field == NUMBER_FIELD:
            return lambda record: record.pk
        ref = self.refs.get(field)
        if ref is not None:
            shown = ref.shown

            def name(obj):
                return "" if obj is None else getattr(obj, shown)

            if ref.many:
                return lambda record: "、".join(name(o) for o in self.value(record, field))
            return lambda record: name(self.value(record, field))
        convert = cell_converter(self.model, col)
        secret_fields = need_to_know.fields_of(self.model)

        def plain(record):
            if field in secret_fields:
                value = need_to_know.shown(None, record, field)
            else:
                value = self.value(record, field)
            if value is None or value == "":
                return None
            return convert(value) if convert is not None else value

        return plain

    # -------------------------------------------------------------- import

    def run(
        self,
        path,
        *,
        park,
        user=None,
        sheet: str | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        overrides: dict | None = None,
        progress=None,
    ) -> ImportReport:
        report = ImportReport()
        report.sheet, rows = read_table(Path(path), sheet)
        table = parsed_table(rows, self.columns, report, self.model, overrides)
        if table is None:
            return report
        with transaction.atomic():
            matcher = _Matcher(self, park)
            lookups = {field: _lookup(ref, park, user) for field, ref in self.refs.items()}
            seen: dict[object, int] = {}
            for row in report.track(table.rows, progress):
                self._import_row(row, table.mapping, report, park, user, matcher, lookups, seen)
            keep = not dry_run and not (report.errors and not skip_invalid)
            if not keep:
                transaction.set_rollback(True)
        report.written = keep
        return report

    def _import_row(self, row, mapping, report, park, user, matcher, lookups, seen) -> None:
        checks = RowChecks(report, mapping, row.number, self.model)
        for problem in row.problems:
            report.add_problem(problem, self.model)
        values = {}
        for col in self.columns:
            if col.derived:
                continue  # the system's to compute: read back, left alone
            value = row.values.get(col.field)
            if value is None or value == "":
                continue  # a blank cell changes nothing
            values[col.field] = value
        number = values.pop(NUMBER_FIELD, None)
        for field, ref in self.refs.items():
            if field in values:
                values[field] = _resolve(ref, lookups[field], field, values[field], checks)
        record = matcher.find(number, values, checks)
        identity = ("number", number) if number is not None else self._key_of_values(values)
        if identity is not None and identity in seen:
            field = NUMBER_FIELD if number is not None else self.key[0]
            shown = number if number is not None else "、".join(map(str, identity))
            checks.add(
                Violation(field, "duplicate_in_file", {"value": shown, "other_row": seen[identity]})
            )
        elif identity is not None:
            seen[identity] = row.number
        self.check(values, record, checks, park)
        label = self._label(values, record)
        if checks.failed:
            report.rows.append(RowResult(row.number, "rejected", label))
            return
        changes = self._changes(record, values, user) if record is not None else {}
        if record is not None and not changes:
            report.unchanged += 1
            report.rows.append(RowResult(row.number, "unchanged", label))
            return
        try:
            with transaction.atomic():
                if record is None:
                    record = self.create(park=park, user=user, values=values)
                    action = "created"
                else:
                    record = self.update(
                        record=record, user=user, values={k: values[k] for k in changes}
                    )
                    action = "updated"
        except DjangoValidationError as exc:
            checks.add_rendered(exc)
        except PermissionDenied as exc:
            checks.add_text(self.key[0] if self.key else "", "confidential_match", str(exc))
        except StaleEdit:
            checks.add(Violation(self.key[0] if self.key else "", "stale"))
        if checks.failed:
            report.rows.append(RowResult(row.number, "rejected", label))
            return
        matcher.remember(record)
        setattr(report, action, getattr(report, action) + 1)
        report.rows.append(RowResult(row.number, action, label, _plain_changes(changes)))

    def _key_of_values(self, values: dict):
        if not self.key or any(values.get(k) in (None, "") for k in self.key):
            return None
        return tuple(_key_part(values[k]) for k in self.key)

    def key_of(self, record):
        if not self.key:
            return None
        return tuple(_key_part(self.value(record, k)) for k in self.key)

    def _label(self, values: dict, record) -> str:
        if self.key:
            parts = [values.get(k) or (self.value(record, k) if record else "") for k in self.key]
            return " ".join(str(getattr(p, "name", p)) for p in parts if p not in (None, ""))
        return str(record) if record is not None else ""

    def _changes(self, record, values: dict, user) -> dict:
        """field → (old, new) of the values that differ from the record; a masked
        value sent back as the reader was shown it is no change."""
        masks = _masks(record, user)
        changes = {}
        for field, new in values.items():
            if any(_same(shown, new) for shown in masks.get(field, ())):
                continue  # sent back as it was shown
            old = self.value(record, field)
            if not _same(old, new):
                changes[field] = (old, new)
        return changes


# ---------------------------------------------------------------- matching


class _Matcher:
    """The park's records, by number and by natural key, looked up once."""

    def __init__(self, sheet: RecordSheet, park):
        self.sheet = sheet
        self.by_number = {}
        self.by_key: dict[tuple, list] = {}
        for record in sheet.records(park):
            self.remember(record)

    def remember(self, record) -> None:
        self.by_number[record.pk] = record
        key = self.sheet.key_of(record)
        if key is not None:
            found = self.by_key.setdefault(key, [])
            found[:] = [r for r in found if r.pk != record.pk] + [record]

    def find(self, number, values: dict, checks: RowChecks):
        if number is not None:
            record = self.by_number.get(number)
            if record is None:
                checks.add(Violation(NUMBER_FIELD, "unknown_record", {"value": number}))
            return record
        key = self.sheet._key_of_values(values)
        found = self.by_key.get(key, []) if key is not None else []
        if len(found) > 1:
            checks.add(Violation(self.sheet.key[0], "ambiguous_reference", {"value": key[0]}))
            return None
        return found[0] if found else None


def _lookup(ref: Ref, park, user) -> dict[str, list]:
    found: dict[str, list] = {}
    for record in ref.records(park, user) if ref.per_user else ref.records(park):
        for key in ref.keys:
            text = getattr(record, key, None)
            if text:
                bucket = found.setdefault(_normal(str(text)), [])
                if record not in bucket:
                    bucket.append(record)
    return found


def _resolve(ref: Ref, lookup: dict, field: str, text, checks: RowChecks):
    names = [n for n in SEPARATORS.split(str(text)) if n.strip()] if ref.many else [str(text)]
    objects = []
    for name in names:
        found = lookup.get(_normal(name), [])
        if len(found) == 1:
            objects.append(found[0])
            continue
        if found:
            checks.add(Violation(field, "ambiguous_reference", {"value": name.strip()}))
        else:
            params = {"value": name.strip()}
            choices = sorted({getattr(r, ref.shown) for rs in lookup.values() for r in rs})
            if 0 < len(choices) <= CHOICES_SHOWN:
                params["choices"] = "、".join(map(str, choices))
            checks.add(Violation(field, "unknown_reference", params))
        return None
    return objects if ref.many else objects[0]


def _blank(record) -> None:
    return None


def _normal(text: str) -> str:
    return "".join(text.split()).lower()


def _key_part(value):
    if hasattr(value, "pk"):
        return ("pk", value.pk)
    if isinstance(value, str):
        return _normal(value)
    return value


def _same(old, new) -> bool:
    if isinstance(new, list):
        return {o.pk for o in old or ()} == {n.pk for n in new}
    if hasattr(new, "pk") or hasattr(old, "pk"):
        return getattr(old, "pk", old) == getattr(new, "pk", new)
    if isinstance(new, str):  # the engine reads text normalised (full-width, spaces)
        return normalise_text(old or "") == normalise_text(new)
    if isinstance(new, Decimal) and old is not None:
        return Decimal(str(old)) == new
    return old == new


def _masks(record, user) -> dict[str, set]:
    """field → the texts shown instead of it (in either language), for each detail of
    ``record`` hidden from ``user`` or from anyone outside its confidential project
    (an export by an outsider may come back through the command line)."""
    masks: dict[str, set] = {}
    for reader in (user, None):
        # asked afresh for each reader: an object remembers the label it was last read with
        record.__dict__.pop(need_to_know.ANNOTATION, None)
        label = need_to_know.label_for(reader, record)
        if label is None:
            continue
        for language in ("zh-hans", "en"):
            with translation.override(language):
                for field in need_to_know.fields_of(type(record)):
                    masks.setdefault(field, set()).add(need_to_know.mask(record, field, label))
    record.__dict__.pop(need_to_know.ANNOTATION, None)
    return masks


def _plain_changes(changes: dict) -> dict:
    def plain(value):
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(getattr(value, "name", value))

    return {field: [plain(old), plain(new)] for field, (old, new) in changes.items()}


def register_sheets(sheets: Iterable[RecordSheet]) -> None:
    """Register each sheet as an import kind (the upload page, API, CLI, template)."""
    from parkbase.imports.registry import Importer, register

    for sheet in sheets:
        register(
            Importer(
                sheet.kind, sheet.label, sheet.columns, sheet.run, sheet.model, notes=sheet.notes
            )
        )
