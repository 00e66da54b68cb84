"""The project import itself: opening the sheet, matching each row against the park's
stages, people and projects, checking it with the services' rules and writing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parkbase.core.locking import StaleEdit
from parkbase.core.messages import field_names
from parkbase.core.models import Department, User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.tables import person_name
from parkbase.core.text import normalise_text
from parkbase.core.units import strip_unit
from parkbase.core.violations import Violation
from parkbase.core.write import today
from parkbase.imports.reader import read_table
from parkbase.imports.records import CHOICES_SHOWN, RowChecks
from parkbase.imports.services import ImportReport, RowResult, parsed_table
from parkbase.projects import engine, services
from parkbase.projects.choices import InvestorRole, ProjectStatus
from parkbase.projects.importers.columns import (
    COLUMNS_BY_FIELD,
    INVESTOR_SEPARATORS,
    PROJECT_COLUMNS,
    VALUE_FIELDS,
)
from parkbase.projects.models import MILESTONES, Investor, Project, Shown, Stage, insider_q
from parkbase.projects.services.projects import project_violations


class Bilingual:
    """A parameter of a message, shown in the language the message is rendered in."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en

    def __str__(self) -> str:
        return self.zh if (translation.get_language() or "").startswith("zh") else self.en

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _gate_violation(stage: Stage, missing: list[str]) -> Violation:
    """The stage's gate does not hold: name the missing fields by their columns."""
    with translation.override("en"):
        # the English labels without the stored unit: the sheet's columns take 万元
        en = str(field_names(strip_unit(Project._meta.get_field(n).verbose_name) for n in missing))
    zh = "、".join(
        COLUMNS_BY_FIELD[n].template_header
        if n in COLUMNS_BY_FIELD
        else str(Project._meta.get_field(n).verbose_name)
        for n in missing
    )
    return Violation(
        "stage", "stage_gate", {"value": stage.name_lazy(), "missing": Bilingual(zh, en)}
    )


def _open(path: Path, sheet, report: ImportReport, overrides=None):
    report.sheet, rows = read_table(path, sheet)
    return parsed_table(rows, PROJECT_COLUMNS, report, Project, overrides)


class _Park:
    """What the rows of one park are matched against, looked up once."""

    def __init__(self, park, user):
        self.park = park
        self.pipeline = services.pipeline_ensure(park, user)
        self.stages = list(Stage.objects.unscoped(SYSTEM_WORK).filter(park=park).order_by("order"))
        self.stage_by_key: dict[str, Stage] = {}
        for stage in self.stages:
            for key in (stage.code, stage.name, stage.name_en):
                if key:
                    self.stage_by_key.setdefault(key.strip().lower(), stage)
        self.users: dict[str, set] = {}
        people = User.objects.unscoped(SYSTEM_WORK).filter(park=park, is_active=True)
        self.people = sorted({person_name(u) for u in people})  # named in messages
        for u in people:
            names = {
                u.username,
                f"{u.last_name}{u.first_name}",
                f"{u.first_name} {u.last_name}",
                u.get_full_name(),
            }
            for key in names:
                if key.strip():
                    self.users.setdefault(key.strip().lower(), set()).add(u)
        self.departments = {}
        for d in Department.objects.unscoped(SYSTEM_WORK).filter(park=park):
            self.departments[d.code.lower()] = d
            self.departments[d.name.lower()] = d
        projects = Project.objects.unscoped(SYSTEM_WORK).filter(park=park).order_by("id")
        self.by_name: dict[str, list[Project]] = {}
        self.by_code_name: dict[str, list[Project]] = {}
        for p in projects:
            self.by_name.setdefault(p.name, []).append(p)
            if p.confidential and p.code_name:
                self.by_code_name.setdefault(p.code_name, []).append(p)
        if getattr(user, "is_authenticated", False):
            self.insider_of = set(
                Project.objects.unscoped(SYSTEM_WORK)
                .filter(park=park)
                .filter(insider_q(user))
                .values_list("pk", flat=True)
            )
        else:  # the command line: the operator works for the whole park
            self.insider_of = None

    def insider(self, project) -> bool:
        return self.insider_of is None or project.pk in self.insider_of


def _investor_names(text: str | None) -> list[str]:
    names = [n.strip() for n in INVESTOR_SEPARATORS.split(text or "")]
    return list(dict.fromkeys(n for n in names if n))


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(getattr(value, "pk", value))


def _differences(project: Project, values: dict) -> dict:
    changes = {}
    for name, new in values.items():
        old = getattr(project, name)
        if hasattr(old, "pk") or hasattr(new, "pk"):
            old, new = getattr(old, "pk", old), getattr(new, "pk", new)
        text = isinstance(old, str) and isinstance(new, str)  # the sheet's comes normalised
        if text and normalise_text(old) == normalise_text(new):
            continue
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _row_values(row, park: _Park, checks: RowChecks) -> dict:
    """The row's project data: given cells only (a blank cell changes nothing), and
    the references (officer, department) resolved in the park."""
    values = {}
    for name in VALUE_FIELDS:
        if name not in row.values:
            continue
        value = row.values[name]
        if value is None or (COLUMNS_BY_FIELD[name].kind == "text" and value == ""):
            continue
        values[name] = value
    officer = row.values.get("officer")
    if officer:
        found = park.users.get(officer.strip().lower(), set())
        if len(found) == 1:
            values["officer"] = next(iter(found))
        else:
            params = {"value": officer}
            if not found and 0 < len(park.people) <= CHOICES_SHOWN:
                params["choices"] = "、".join(park.people)
            code = "ambiguous_reference" if found else "unknown_reference"
            checks.add(Violation("officer", code, params))
    department = row.values.get("department")
    if department:
        found = park.departments.get(department.strip().lower())
        if found is None:
            names = "、".join(sorted({d.name for d in park.departments.values()}))
            checks.add(
                Violation(
                    "department", "unknown_reference", {"value": department, "choices": names}
                )
            )
        else:
            values["department"] = found
    return values


def _match(
    name: str, values: dict, investors: list[str], park: _Park, checks: RowChecks
) -> Project | None:
    """The project the row is about: the park's project of that exact name, or the
    confidential project whose code name it is (an outsider's list shows code names).
    An outsider may not change what only the insiders see."""
    found = park.by_name.get(name) or []
    by_code = False
    if not found:
        found, by_code = park.by_code_name.get(name) or [], True
    if len(found) > 1:
        checks.add(Violation("name", "ambiguous_reference", {"value": name}))
        return None
    if not found:
        return None
    project = found[0]
    if by_code:
        values.pop("name", None)  # a code name never replaces the real name
    if Shown.hides(project, park.insider(project)):
        if not by_code:
            checks.add(Violation("name", "confidential_match", {"value": name}))
        for field in ("description", "referrer", "investors"):
            if values.get(field) or (field == "investors" and investors):
                checks.add(Violation(field, "confidential_match", {"value": name}))
        if values.get("confidential") is False:
            checks.add(Violation("confidential", "confidential_match", {"value": name}))
    return project


def _raw(row, mapping, field: str):
    """The cell of ``field`` as the sheet holds it (for messages)."""
    for index, (col, _unit) in mapping.columns.items():
        if col.field == field:
            return row.raw[index] if index < len(row.raw) else ""
    return ""


def _check_status(row, mapping, values: dict, park: _Park, checks: RowChecks, existing) -> None:
    """An import records projects under way: 状态 may say so (or be blank). Landed
    follows from the milestone dates; pausing, terminating and losing have their own
    steps on the project's page."""
    status = row.values.get("status")
    if status in (None, ProjectStatus.ACTIVE):
        return
    if existing is not None and status == existing.status:
        return  # as recorded (an export read back): no change asked
    if status == ProjectStatus.LANDED:
        merged = ({n: getattr(existing, n) for n in MILESTONES} if existing else {}) | {
            n: values[n] for n in MILESTONES if n in values
        }
        if engine.landed_on(merged, park.pipeline.landed_rule) is None:
            checks.add(Violation("status", "landed_computed"))
        return
    checks.add(Violation("status", "import_status", {"value": _raw(row, mapping, "status")}))


def _check_investors(names: list[str], origin, park, checks: RowChecks) -> None:
    longest = Investor._meta.get_field("name").max_length
    for name in names:
        if len(name) > longest:
            checks.add(Violation("investors", "text_too_long", {"value": name, "limit": longest}))
            return
        exists = Investor.objects.unscoped(SYSTEM_WORK).filter(park=park, name=name).exists()
        if not exists and not origin:
            checks.add(Violation("origin", "investor_origin_required", {"value": name}))
            return


def _move_date(project: Project, stage: Stage, merged: dict) -> dt.date:
    """The day an import moves a project: the latest date its new stage's gate names
    (e.g. the signing date for signed), never before its last move; else today."""
    dates = [merged[n] for n in stage.required_fields if n.endswith("_on") and merged.get(n)]
    if not dates:
        return today()
    last = project.stage_changes.order_by("-changed_on").values_list("changed_on", flat=True)
    return max([*dates, *last[:1]])


def import_projects(
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
    table = _open(Path(path), sheet, report, overrides)
    if table is None:
        return report
    with transaction.atomic():
        ctx = _Park(park, user)
        seen: dict[str, int] = {}
        for row in report.track(table.rows, progress):
            _import_row(row, ctx, report, table.mapping, user, seen)
        keep = not dry_run and not (report.errors and not skip_invalid)
        if not keep:
            transaction.set_rollback(True)
    report.written = keep
    return report


def _import_row(row, park: _Park, report: ImportReport, mapping, user, seen) -> None:
    checks = RowChecks(report, mapping, row.number, Project)
    for problem in row.problems:
        report.add_problem(problem, Project)
    name = (row.values.get("name") or "").strip()
    values = _row_values(row, park, checks)
    investors = _investor_names(row.values.get("investors"))
    origin = row.values.get("origin")
    if name and name in seen:
        checks.add(Violation("name", "duplicate_in_file", {"value": name, "other_row": seen[name]}))
    elif name:
        seen[name] = row.number
    existing = _match(name, values, investors, park, checks) if name else None
    stage = None
    stage_text = row.values.get("stage")
    if stage_text:
        stage = park.stage_by_key.get(stage_text.strip().lower())
        if stage is None:
            names = "、".join(s.name for s in park.stages)
            checks.add(
                Violation("stage", "unknown_reference", {"value": stage_text, "choices": names})
            )
    _check_status(row, mapping, values, park, checks, existing)
    _check_investors(investors, origin, park.park, checks)

    moving = existing is not None and stage is not None and stage.pk != existing.stage_id
    if existing is None:
        merged = {"first_contact_on": today()} | values
        target = stage or (park.stages[0] if park.stages else None)
    else:
        merged = {n: getattr(existing, n) for n in services.PROJECT_FIELDS} | values
        target = stage or existing.stage
        if moving and existing.status not in (
            ProjectStatus.ACTIVE,
            ProjectStatus.PAUSED,
            ProjectStatus.LANDED,
        ):
            checks.add(
                Violation("stage", "project_closed", {"value": existing.get_status_display()})
            )
    for violation in project_violations(merged, park=park.park, stage=target):
        if violation.code != "stage_gate":
            checks.add(violation)
    missing = engine.missing_for_gate(merged, target.required_fields) if target else []
    if missing and (stage is not None or not stage_text):  # an unknown stage has no gate
        checks.add(_gate_violation(target, missing))
    if checks.failed:
        report.rows.append(RowResult(row.number, "rejected", name))
        return
    try:
        with transaction.atomic():
            action, changes = _write_row(
                park, user, existing, values, stage, moving, merged, investors, origin
            )
    except DjangoValidationError as exc:
        checks.add_rendered(exc)
        report.rows.append(RowResult(row.number, "rejected", name))
        return
    except StaleEdit:  # someone saved the project meanwhile: nothing of the row is kept
        checks.add(Violation("name", "stale"))
        report.rows.append(RowResult(row.number, "rejected", name))
        return
    setattr(report, action, getattr(report, action) + 1)
    report.rows.append(RowResult(row.number, action, name, changes))


def _write_row(park: _Park, user, existing, values, stage, moving, merged, names, origin):
    """Write one checked row; returns (created | updated | unchanged, changes)."""
    investors = []
    for name in names:
        investor = Investor.objects.unscoped(SYSTEM_WORK).filter(park=park.park, name=name).first()
        if investor is None:
            investor = services.investor_create(park=park.park, user=user, name=name, origin=origin)
        investors.append(investor)
    if existing is None:
        project = services.project_create(park=park.park, user=user, stage=stage, **values)
        action, changes = "created", {}
        linked: set[int] = set()
    else:
        project = existing
        changes = _differences(existing, values)
        if moving:
            changes["stage"] = [existing.stage.code, stage.code]
            project = services.project_move(
                project=existing,
                stage=stage,
                expected_version=existing.version,
                user=user,
                on=_move_date(existing, stage, merged),
                note=str(_("imported")),
                **values,
            )
        elif changes:
            project = services.project_update(
                project=existing, expected_version=existing.version, user=user, **values
            )
        linked = set(project.investor_links.values_list("investor_id", flat=True))
        action = "updated" if changes else "unchanged"
    new_links = [i for i in investors if i.pk not in linked]
    for i, investor in enumerate(new_links):
        lead = not linked and i == 0
        services.project_investor_add(
            project=project,
            investor=investor,
            role=InvestorRole.LEAD if lead else InvestorRole.PARTNER,
            user=user,
        )
    if new_links and existing is not None:
        changes["investors"] = [None, "、".join(i.name for i in new_links)]
        action = "updated"
    if existing is not None:
        project.refresh_from_db()
        _refresh_match(park, existing, project)
    else:
        park.by_name.setdefault(project.name, []).append(project)
        if park.insider_of is not None:
            park.insider_of.add(project.pk)  # its recorder is an insider
    return action, changes


def _refresh_match(park: _Park, old: Project, new: Project) -> None:
    """Keep the in-memory match current (a later row may name the project again)."""
    for index in (park.by_name, park.by_code_name):
        for key, projects in index.items():
            index[key] = [new if p.pk == old.pk else p for p in projects]
