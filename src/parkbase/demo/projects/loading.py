"""Loading the demo project files: each project replayed through the services
(created, moved stage by stage, paused, terminated or lost), then its investors,
activities, blockers and funding."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError

from parkbase.core.models import Department, Park, User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import LoadResult
from parkbase.demo.projects.files import (
    ACTIVITY_COLUMNS,
    BLOCKER_COLUMNS,
    DESTINATION_COLUMNS,
    FUNDING_COLUMNS,
    INVESTOR_COLUMNS,
    LOSS_COLUMNS,
    MOVE_COLUMNS,
    PROJECT_COLUMNS,
    STATUS_CHANGE_ZH,
    ProjectFileError,
    _read,
)
from parkbase.enterprises.models import Enterprise
from parkbase.projects import services
from parkbase.projects.choices import BlockerStatus
from parkbase.projects.models import (
    MILESTONES,
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    ProjectInvestor,
    Stage,
)

# ---------------------------------------------------------------- loading


def load_projects(data_dir: Path, park: Park) -> dict[str, LoadResult]:
    """Every project file of ``data_dir`` into ``park``; the counts per kind of record."""
    results = {
        name: LoadResult()
        for name in (
            "projects",
            "project_moves",
            "project_losses",
            "investors",
            "project_investors",
            "project_activities",
            "project_blockers",
            "project_funding",
        )
    }
    stages = _Stages(park)
    records = _read(data_dir / "projects.csv", PROJECT_COLUMNS)
    names = [r["name"] for r in records]
    if len(names) != len(set(names)):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ProjectFileError(f"projects.csv: projects named twice: {', '.join(twice)}")
    moves = _by_project(data_dir / "project_moves.csv", MOVE_COLUMNS, names)
    losses = _by_project(data_dir / "project_losses.csv", LOSS_COLUMNS, names)
    if any(len(rows) > 1 for rows in losses.values()):
        raise ProjectFileError("project_losses.csv: a project is lost once, in one row")
    places = _by_project(data_dir / "project_loss_destinations.csv", DESTINATION_COLUMNS, names)
    for rec in records:
        name = rec["name"]
        loss = losses.get(name, [None])[0]
        if Project.objects.unscoped(SYSTEM_WORK).filter(park=park, name=name).exists():
            results["projects"].unchanged += 1
            results["project_moves"].unchanged += len(moves.get(name, []))
            results["project_losses"].unchanged += int(loss is not None)
            continue
        _replay(rec, moves.get(name, []), loss, places.get(name, []), stages, park)
        results["projects"].created += 1
        results["project_moves"].created += len(moves.get(name, []))
        results["project_losses"].created += int(loss is not None)
    projects = {
        p.name: p for p in Project.objects.unscoped(SYSTEM_WORK).filter(park=park, name__in=names)
    }
    _investors(data_dir, park, projects, results)
    _activities(data_dir, projects, results["project_activities"])
    _blockers(data_dir, projects, results["project_blockers"])
    _funding(data_dir, park, projects, results["project_funding"])
    return results


class _Stages:
    """The park's pipeline stages, found by name (线索…) or code (lead…)."""

    def __init__(self, park: Park):
        self.ordered = services.stages_of(park)
        self.by_word = {s.name: s for s in self.ordered} | {s.code: s for s in self.ordered}

    def __getitem__(self, word: str) -> Stage:
        try:
            return self.by_word[word]
        except KeyError:
            known = "、".join(s.name for s in self.ordered)
            raise ProjectFileError(f"unknown stage {word!r} (stages: {known})") from None


def _by_project(path: Path, columns, names: list[str]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for rec in _read(path, columns):
        if rec["project"] not in names:
            raise ProjectFileError(f"{path.name}: no project {rec['project']!r} in projects.csv")
        grouped[rec["project"]].append(rec)
    return grouped


def _user(username: str | None, park: Park) -> User | None:
    if not username:
        return None
    user = User.objects.unscoped(SYSTEM_WORK).filter(username=username, park=park).first()
    if user is None:
        raise ProjectFileError(f"unknown user {username!r} in park {park.code}")
    return user


def _one(model, **lookup):
    found = model.objects.unscoped(SYSTEM_WORK).filter(**lookup).first()
    if found is None:
        what = ", ".join(f"{k}={v}" for k, v in lookup.items() if k != "park")
        raise ProjectFileError(f"projects.csv: no {model._meta.model_name} with {what}")
    return found


def _usernames(text: str) -> list[str]:
    return [u.strip() for u in text.replace("；", ";").split(";") if u.strip()]


def _refused(what: str, exc: ValidationError) -> ProjectFileError:
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    problems = "; ".join(
        f"{field}: {message}" for field, messages in by_field.items() for message in messages
    )
    return ProjectFileError(f"{what}: {problems}")


# what a project's row gives directly; its name, enterprise, officer and department are
# looked up, its contracted amount and milestone dates come with its moves
STATIC_FIELDS = tuple(
    name
    for name in services.PROJECT_FIELDS
    if name not in ("name", "enterprise", "contracted_amount", "officer", "department")
    and name not in MILESTONES
)


def _replay(rec: dict, moves: list[dict], loss: dict | None, places, stages, park) -> Project:
    """Record one project and its history through the services, move by move."""
    name = rec["name"]
    user = _user(rec["recorder"], park)
    values = {field: rec[field] for field in STATIC_FIELDS}
    values["confidential"] = bool(rec["confidential"])
    for field in ("code_name", "industry_code", "land_mode", "key_level", "source"):
        values[field] = values[field] or ""
    values["officer"] = _user(rec["officer"], park)
    if rec["department"]:
        values["department"] = _one(Department, park=park, code=rec["department"])
    if rec["enterprise"]:
        values["enterprise"] = _one(Enterprise, park=park, uscc=rec["enterprise"])
    pending = {n: rec[n] for n in MILESTONES[1:] if rec[n] is not None}
    if rec["contracted_amount"] is not None and "signed_on" not in pending:
        raise ProjectFileError(f"projects.csv: {name}: a contracted amount needs a signing date")

    def come_by(day: dt.date) -> dict:
        """The milestones that had come by ``day``, to be recorded with the move of that
        day; the contracted amount comes with the signing."""
        come = {n: d for n, d in pending.items() if d <= day}
        for n in come:
            del pending[n]
        if "signed_on" in come:
            come["contracted_amount"] = rec["contracted_amount"]
        return come

    try:
        project = services.project_create(
            park=park,
            user=user,
            stage=stages.ordered[0],
            insiders=[_user(u, park) for u in _usernames(rec["insiders"])],
            first_contact_on=rec["first_contact_on"],
            name=name,
            **values,
        )
        for move in sorted(moves, key=lambda m: m["on"]):
            come = come_by(move["on"])
            status = STATUS_CHANGE_ZH.get(move["change"])
            if status is None:
                project = services.project_move(
                    project=project,
                    stage=stages[move["change"]],
                    expected_version=project.version,
                    user=user,
                    on=move["on"],
                    note=move["note"],
                    **come,
                )
                continue
            if come:
                project = services.project_update(
                    project=project, expected_version=project.version, user=user, **come
                )
            project = services.project_set_status(
                project=project,
                status=status,
                expected_version=project.version,
                note=move["note"],
                user=user,
                on=move["on"],
            )
        if loss is not None and moves and loss["lost_on"] < max(m["on"] for m in moves):
            raise ProjectFileError(f"project_losses.csv: {name} is lost before its last move")
        rest = come_by(dt.date.max)
        if rest:
            project = services.project_update(
                project=project, expected_version=project.version, user=user, **rest
            )
        if loss is not None:
            services.project_lose(
                project=project,
                expected_version=project.version,
                reason=loss["reason"],
                lost_on=loss["lost_on"],
                destinations=places,
                detail=loss["detail"],
                would_have_kept=loss["would_have_kept"],
                user=user,
            )
            project.refresh_from_db()
    except ValidationError as exc:
        raise _refused(f"project {name!r}", exc) from exc
    expected = (stages[rec["stage"]].pk, rec["status"])
    if (project.stage_id, project.status) != expected:
        raise ProjectFileError(
            f"projects.csv: {name}: the moves end in {project.stage.name}/{project.status}, "
            f"the file says {rec['stage']}/{rec['status']}"
        )
    return project


def _project(projects: dict[str, Project], name: str, path: str) -> Project:
    project = projects.get(name)
    if project is None:
        raise ProjectFileError(f"{path}: no project {name!r} in projects.csv")
    return project


def _investors(data_dir: Path, park: Park, projects: dict, results: dict) -> None:
    """One row per investor of a project; an investor in several projects is recorded
    once, from its first row."""
    seen = set()
    for rec in _read(data_dir / "project_investors.csv", INVESTOR_COLUMNS):
        project = _project(projects, rec["project"], "project_investors.csv")
        investor = (
            Investor.objects.unscoped(SYSTEM_WORK).filter(park=park, name=rec["name"]).first()
        )
        try:
            if investor is None:
                investor = services.investor_create(
                    park=park,
                    user=project.created_by,
                    name=rec["name"],
                    kind=rec["kind"],
                    origin=rec["origin"],
                    region=rec["region"],
                    contact=rec["contact"],
                    phone=rec["phone"],
                )
                results["investors"].created += 1
            elif investor.name not in seen:
                results["investors"].unchanged += 1
            seen.add(investor.name)
            if (
                ProjectInvestor.objects.unscoped(SYSTEM_WORK)
                .filter(project=project, investor=investor)
                .exists()
            ):
                results["project_investors"].unchanged += 1
                continue
            services.project_investor_add(
                project=project,
                investor=investor,
                role=rec["role"],
                note=rec["note"],
                user=project.created_by,
            )
        except ValidationError as exc:
            raise _refused(f"project_investors.csv: {rec['name']}", exc) from exc
        results["project_investors"].created += 1


def _activities(data_dir: Path, projects: dict, result: LoadResult) -> None:
    for rec in _read(data_dir / "project_activities.csv", ACTIVITY_COLUMNS):
        project = _project(projects, rec["project"], "project_activities.csv")
        lookup = {"kind": rec["kind"], "occurred_on": rec["occurred_on"], "summary": rec["summary"]}
        if Activity.objects.unscoped(SYSTEM_WORK).filter(project=project, **lookup).exists():
            result.unchanged += 1
            continue
        try:
            services.activity_create(
                project=project,
                user=_user(rec["recorder"], project.park),
                participants=rec["participants"],
                next_step=rec["next_step"],
                due_on=rec["due_on"],
                done_on=rec["done_on"],
                owner=_user(rec["owner"], project.park),
                **lookup,
            )
        except ValidationError as exc:
            raise _refused(
                f"project_activities.csv: {project.name} {rec['occurred_on']}", exc
            ) from exc
        result.created += 1


def _blockers(data_dir: Path, projects: dict, result: LoadResult) -> None:
    """Blockers are raised open and escalated; a resolved or dropped one is then closed,
    as it happened, so its history shows both."""
    for rec in _read(data_dir / "project_blockers.csv", BLOCKER_COLUMNS):
        project = _project(projects, rec["project"], "project_blockers.csv")
        if (
            Blocker.objects.unscoped(SYSTEM_WORK)
            .filter(project=project, description=rec["description"])
            .exists()
        ):
            result.unchanged += 1
            continue
        user = project.created_by
        try:
            blocker = services.blocker_create(
                project=project,
                user=user,
                category=rec["category"],
                description=rec["description"],
                authority=rec["authority"],
                raised_on=rec["raised_on"],
                deadline=rec["deadline"],
                escalation=rec["escalation"],
                owner=_user(rec["owner"], project.park),
            )
            if rec["status"] != BlockerStatus.OPEN:
                services.blocker_update(
                    blocker=blocker,
                    expected_version=blocker.version,
                    user=user,
                    reason=rec["resolution"],
                    status=rec["status"],
                    resolution=rec["resolution"],
                    resolved_on=rec["resolved_on"],
                )
        except ValidationError as exc:
            raise _refused(f"project_blockers.csv: {project.name}", exc) from exc
        result.created += 1


def _funding(data_dir: Path, park: Park, projects: dict, result: LoadResult) -> None:
    for rec in _read(data_dir / "project_funding.csv", FUNDING_COLUMNS):
        project = _project(projects, rec["project"], "project_funding.csv")
        lookup = {
            "kind": rec["kind"],
            "source": rec["source"],
            "amount": rec["amount"],
            "dated_on": rec["dated_on"],
        }
        if Funding.objects.unscoped(SYSTEM_WORK).filter(project=project, **lookup).exists():
            result.unchanged += 1
            continue
        investor = None
        if rec["investor"]:
            investor = (
                Investor.objects.unscoped(SYSTEM_WORK)
                .filter(park=park, name=rec["investor"])
                .first()
            )
            if investor is None:
                raise ProjectFileError(
                    f"project_funding.csv: investor {rec['investor']!r} is not in "
                    "project_investors.csv"
                )
        try:
            services.funding_add(
                project=project,
                investor=investor,
                source_name=rec["source_name"],
                event=rec["event"],
                note=rec["note"],
                confirm_over_contract=bool(rec["confirmed"]),
                user=project.created_by,
                **lookup,
            )
        except ValidationError as exc:
            raise _refused(f"project_funding.csv: {project.name} {rec['dated_on']}", exc) from exc
        result.created += 1
