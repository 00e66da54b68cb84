"""Load the demo park (the park of the 2019 summary) from the CSV files beside this
module, through the same import services a user's spreadsheets go through."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from parkbase.core import clock
from parkbase.core.models import Department, Park, Phase, User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import ROLE_ZH, LoadResult, user_ensure
from parkbase.demo.documents import DocumentFileError, load_documents
from parkbase.demo.indicators import IndicatorFileError, load_indicators
from parkbase.demo.land import LandFileError, load_land
from parkbase.demo.projects import ProjectFileError, load_projects
from parkbase.enterprises.choices import Source
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.enterprises.monthly_import import import_monthly
from parkbase.enterprises.services import import_enterprises, import_years
from parkbase.evaluation import services as evaluation
from parkbase.evaluation.choices import RunStatus
from parkbase.evaluation.models import ClassPolicy, ComplianceRecord, Decision, Run, Scheme
from parkbase.imports.engine import Column
from parkbase.imports.reader import read_table
from parkbase.imports.reference import industry_codes_load, read_records, reference_load
from parkbase.indicators.services import library_ensure
from parkbase.surveys import services as surveys
from parkbase.surveys.choices import (
    ASSIGNMENT_STATUS_ZH,
    CAMPAIGN_STATUS_ZH,
    CONCERN_CATEGORY_ZH,
    CONCERN_STATUS_ZH,
    AssignmentStatus,
)
from parkbase.surveys.models import Assignment, Campaign, Concern, Team

DATA = Path(__file__).resolve().parent / "data"
USER_COLUMNS = (
    Column("username", ("用户名",), required=True),
    Column("password", ("密码",), required=True),
    Column("role", ("角色",), kind="choice", choices=ROLE_ZH, required=True),
    Column("full_name", ("姓名",)),
    Column("scope", ("范围",)),
)


class DemoDataError(RuntimeError):
    pass


@dataclass
class DemoUser:
    username: str
    password: str
    role: str
    scope: str
    created: bool


@dataclass
class DemoResult:
    counts: dict = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)


@transaction.atomic
def load_demo(data_dir: Path = DATA) -> DemoResult:
    result = DemoResult()
    result.counts["industry_codes"] = industry_codes_load()
    result.counts.update(reference_load(data_dir))
    park = Park.objects.unscoped(SYSTEM_WORK).get(code=_only_park_code(data_dir))
    for name, loader, kwargs in (
        ("enterprises", import_enterprises, {}),
        ("enterprise_years", import_years, {"default_source": Source.IMPORT}),
        # the statistics system's monthly returns of 2018 and 2019 (bench/make_demo_monthly.py)
        ("monthly_returns", import_monthly, {}),
    ):
        report = loader(data_dir / f"{name}.csv", park=park, **kwargs)
        if report.errors or report.unusable:
            first = report.errors[0]["message_en"] if report.errors else report.unusable
            raise DemoDataError(f"demo file {name}.csv is invalid: {first}")
        result.counts[name] = report
    accounts = _users(data_dir / "users.csv", park)
    result.counts.update(_surveys(data_dir, park))
    result.counts.update(_evaluation(data_dir, park))
    result.counts.update(_projects(data_dir, park))
    result.counts.update(_land(data_dir, park))
    result.counts["indicators"] = LoadResult(created=library_ensure(park))
    try:
        result.counts.update(load_indicators(data_dir, park))
    except IndicatorFileError as exc:
        raise DemoDataError(f"demo indicator files are invalid: {exc}") from exc
    try:
        result.counts.update(load_documents(data_dir, park))
    except DocumentFileError as exc:
        raise DemoDataError(f"demo document files are invalid: {exc}") from exc
    result.users = [
        DemoUser(user.username, password, user.role, user.scope_description(), created)
        for user, password, created in accounts
    ]
    return result


def _only_park_code(data_dir: Path) -> str:
    _sheet, rows = read_table(data_dir / "parks.csv")
    return str(rows[1][0]).strip()


def _users(path: Path, park: Park) -> list[tuple[User, str, bool]]:
    """Survey members get their scope from the teams (survey_teams.csv), not here."""
    users = []
    for rec in read_records(path, USER_COLUMNS):
        scope = (rec["scope"] or "").strip()
        kwargs = {"park": park}
        if scope:
            if rec["role"] == "department":
                kwargs["department"] = Department.objects.unscoped(SYSTEM_WORK).get(
                    park=park, code=scope
                )
            elif rec["role"] == "enterprise":
                kwargs["enterprise"] = Enterprise.objects.unscoped(SYSTEM_WORK).get(uscc=scope)
        user, created = user_ensure(
            username=rec["username"],
            password=rec["password"],
            role=rec["role"],
            full_name=rec["full_name"] or "",
            **kwargs,
        )
        users.append((user, rec["password"], created))
    return users


# ---------------------------------------------------------------- surveys

CAMPAIGN_COLUMNS = (
    Column("park", ("园区代码",), required=True),
    Column("name", ("名称",), required=True),
    Column("year", ("年度",), kind="year", required=True),
    Column("status", ("状态",), kind="choice", choices=CAMPAIGN_STATUS_ZH, required=True),
    Column("started_on", ("开始日期",), kind="date"),
    Column("phases", ("范围期次",)),
    Column("departments", ("范围部门",)),
)
TEAM_COLUMNS = (
    Column("campaign", ("调查名称",), required=True),
    Column("name", ("组名",), required=True),
    Column("leader", ("组长",)),
    Column("members", ("成员",)),
)
PROGRESS_COLUMNS = (
    Column("campaign", ("调查名称",), required=True),
    Column("uscc", ("统一社会信用代码",), required=True),
    Column("name", ("企业名称",)),
    Column("status", ("状态",), kind="choice", choices=ASSIGNMENT_STATUS_ZH, required=True),
    Column("visited_on", ("走访日期",), kind="date"),
    Column("notes", ("走访记录",)),
)
CONCERN_COLUMNS = (
    Column("campaign", ("调查名称",)),
    Column("uscc", ("统一社会信用代码",), required=True),
    Column("name", ("企业名称",)),
    Column("category", ("类别",), kind="choice", choices=CONCERN_CATEGORY_ZH, required=True),
    Column("description", ("诉求内容",), required=True),
    Column("department", ("责任部门",)),
    Column("raised_on", ("提出日期",), kind="date", required=True),
    Column("due_on", ("办理期限",), kind="date"),
    Column("status", ("状态",), kind="choice", choices=CONCERN_STATUS_ZH, required=True),
    Column("resolution", ("处理结果",)),
    Column("resolved_on", ("办结日期",), kind="date"),
    Column("raised_by", ("提出人",)),
)
STEP = {s: i for i, s in enumerate(AssignmentStatus.values)}


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").replace("；", ";").split(";") if c.strip()]


def _refs(model, park: Park, text: str | None, what: str) -> list:
    codes = _codes(text)
    found = list(model.objects.unscoped(SYSTEM_WORK).filter(park=park, code__in=codes))
    if len(found) != len(codes):
        raise DemoDataError(f"unknown {what} in {text!r}")
    return found


def _user(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.unscoped(SYSTEM_WORK).filter(username=username).first()
    if user is None:
        raise DemoDataError(f"unknown user {username!r}")
    return user


def _surveys(data_dir: Path, park: Park) -> dict[str, LoadResult]:
    """Campaigns, teams, the balanced assignments and their progress, and concerns,
    through the survey services. What is already there is left alone, so loading
    twice changes nothing."""
    results = {
        name: LoadResult()
        for name in ("survey_campaigns", "survey_teams", "survey_assignments", "concerns")
    }
    campaigns = {}
    for rec in read_records(data_dir / "survey_campaigns.csv", CAMPAIGN_COLUMNS):
        campaign = (
            Campaign.objects.unscoped(SYSTEM_WORK).filter(park=park, name=rec["name"]).first()
        )
        if campaign is None:
            campaign = surveys.campaign_create(
                user=None,
                park=park,
                data={
                    "name": rec["name"],
                    "year": rec["year"],
                    "status": rec["status"],
                    "started_on": rec["started_on"],
                    "scope_phases": _refs(Phase, park, rec["phases"], "phase"),
                    "scope_departments": _refs(Department, park, rec["departments"], "department"),
                },
            )
            results["survey_campaigns"].created += 1
        else:
            results["survey_campaigns"].unchanged += 1
        campaigns[campaign.name] = campaign
    for rec in read_records(data_dir / "survey_teams.csv", TEAM_COLUMNS):
        campaign = campaigns[rec["campaign"]]
        data = {
            "name": rec["name"],
            "leader": _user(rec["leader"]),
            "members": [_user(u) for u in _codes(rec["members"])],
        }
        team = (
            Team.objects.unscoped(SYSTEM_WORK).filter(campaign=campaign, name=rec["name"]).first()
        )
        if team is None:
            surveys.team_save(user=None, campaign=campaign, data=data)
            results["survey_teams"].created += 1
        else:
            results["survey_teams"].unchanged += 1
    for campaign in campaigns.values():
        balance = surveys.assignments_balance(user=None, campaign=campaign)
        results["survey_assignments"].created += balance.created
    for rec in read_records(data_dir / "survey_progress.csv", PROGRESS_COLUMNS):
        assignment = (
            Assignment.objects.unscoped(SYSTEM_WORK)
            .select_related("team__leader", "enterprise", "campaign")
            .get(campaign=campaigns[rec["campaign"]], enterprise__uscc=rec["uscc"])
        )
        if STEP[assignment.status] >= STEP[rec["status"]]:
            results["survey_assignments"].unchanged += 1
            continue
        _progress(assignment, rec)
        results["survey_assignments"].updated += 1
    for rec in read_records(data_dir / "concerns.csv", CONCERN_COLUMNS):
        enterprise = Enterprise.objects.unscoped(SYSTEM_WORK).get(uscc=rec["uscc"])
        if (
            Concern.objects.unscoped(SYSTEM_WORK)
            .filter(enterprise=enterprise, category=rec["category"], raised_on=rec["raised_on"])
            .exists()
        ):
            results["concerns"].unchanged += 1
            continue
        assignment = None
        if rec["campaign"]:
            assignment = Assignment.objects.unscoped(SYSTEM_WORK).get(
                campaign=campaigns[rec["campaign"]], enterprise=enterprise
            )
        department = _refs(Department, park, rec["department"], "department")
        surveys.concern_create(
            user=None,
            raised_by=_user(rec["raised_by"]),
            data={
                "enterprise": enterprise,
                "assignment": assignment,
                "category": rec["category"],
                "description": rec["description"],
                "department": department[0] if department else None,
                "raised_on": rec["raised_on"],
                "due_on": rec["due_on"],
                "status": rec["status"],
                "resolution": rec["resolution"] or "",
                "resolved_on": rec["resolved_on"],
            },
        )
        results["concerns"].created += 1
    return results


def _progress(assignment: Assignment, rec: dict) -> None:
    """Bring one assignment to the file's status the way its team would: the visit,
    then the form (the figures the team recorded are the survey year's figures in
    enterprise_years.csv), then the verification."""
    leader = assignment.team.leader
    if leader is None:
        raise DemoDataError(f"team {assignment.team.name} has no leader to do its work")
    target = rec["status"]
    if assignment.status == AssignmentStatus.NOT_VISITED and rec["visited_on"]:
        assignment = surveys.assignment_visit(
            user=leader,
            assignment=assignment,
            expected_version=assignment.version,
            visited_on=rec["visited_on"],
            visitors=[leader],
            notes=rec["notes"] or "",
        )
    if STEP[target] >= STEP[AssignmentStatus.FILLED] and STEP[assignment.status] < STEP[target]:
        if assignment.status != AssignmentStatus.FILLED:
            year = EnterpriseYear.objects.unscoped(SYSTEM_WORK).get(
                enterprise=assignment.enterprise, year=assignment.campaign.year
            )
            surveys.survey_fill(
                user=leader,
                assignment=assignment,
                figures={name: getattr(year, name) for name in surveys.FORM_FIELDS},
                expected_version=assignment.version,
                at=_office_hours(rec["visited_on"], days=7),
            )
            assignment.refresh_from_db()
        if target == AssignmentStatus.VERIFIED:
            surveys.survey_verify(
                user=leader,
                assignment=assignment,
                expected_version=assignment.version,
                at=_office_hours(rec["visited_on"], days=14),
            )


def _office_hours(day: dt.date | None, *, days: int) -> dt.datetime | None:
    """A week or two after the visit, in the morning: when the team did the paperwork."""
    if day is None:
        return None
    moment = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(10, 0))
    return timezone.make_aware(moment)


EVALUATION_YEARS = (2018, 2019)


def _evaluation(data_dir: Path, park: Park) -> dict[str, LoadResult]:
    """The compliance facts of the demo file, the default scheme, and a published run
    for 2018 and 2019 (computed once: a later start leaves them as they are)."""
    facts = LoadResult()
    enterprises = dict(
        Enterprise.objects.unscoped(SYSTEM_WORK).filter(park=park).values_list("uscc", "pk")
    )
    for rec in _csv_records(data_dir / "compliance.csv"):
        record, created = ComplianceRecord.objects.unscoped(SYSTEM_WORK).get_or_create(
            enterprise_id=enterprises[rec["统一社会信用代码"]],
            year=int(rec["年度"]),
            kind=rec["事项"],
            defaults={"note": rec["说明"]},
        )
        if created:
            facts.created += 1
        else:
            facts.unchanged += 1
    runs = LoadResult()
    definition = evaluation.default_scheme_definition()
    scheme = Scheme.objects.unscoped(SYSTEM_WORK).filter(
        park=park, name=definition["name"], year=definition["year"]
    ).first() or evaluation.scheme_create(park=park, definition=definition)
    for year in EVALUATION_YEARS:
        if (
            Run.objects.unscoped(SYSTEM_WORK)
            .filter(park=park, year=year, status=RunStatus.PUBLISHED)
            .exists()
        ):
            runs.unchanged += 1
            continue
        run = evaluation.run_create(scheme=scheme, year=year)
        run = evaluation.run_start_notice(
            run=run, ends_on=clock.today(), expected_version=run.version
        )
        evaluation.run_publish(run=run, expected_version=run.version)
        runs.created += 1
    return {
        "compliance_records": facts,
        "evaluation_runs": runs,
        "class_policies": _class_policies(data_dir, park),
        "redevelopment_decisions": _decisions(data_dir, park),
    }


def _class_policies(data_dir: Path, park: Park) -> LoadResult:
    result = LoadResult()
    for rec in _csv_records(data_dir / "class_policies.csv"):
        lookup = {
            "park": park,
            "year": int(rec["年度"]),
            "klass": rec["分类"],
            "kind": rec["政策"],
            "from_consecutive_years": int(rec["自连续年数"]),
        }
        if ClassPolicy.objects.unscoped(SYSTEM_WORK).filter(**lookup).exists():
            result.unchanged += 1
            continue
        rate = Decimal(rec["标准"]) if rec["标准"] else None
        evaluation.policy_save(**lookup, rate=rate, text=rec["说明"])
        result.created += 1
    return result


def _decisions(data_dir: Path, park: Park) -> LoadResult:
    """Redevelopment decisions with their milestones (``title:due:done;…``)."""
    result = LoadResult()
    for rec in _csv_records(data_dir / "redevelopment_decisions.csv"):
        enterprise = Enterprise.objects.unscoped(SYSTEM_WORK).get(
            park=park, uscc=rec["统一社会信用代码"]
        )
        if (
            Decision.objects.unscoped(SYSTEM_WORK)
            .filter(enterprise=enterprise, kind=rec["决策"])
            .exists()
        ):
            result.unchanged += 1
            continue
        decision = evaluation.decision_create(
            enterprise=enterprise,
            kind=rec["决策"],
            status=rec["状态"],
            owner=_user(rec["负责人"]),
            department=Department.objects.unscoped(SYSTEM_WORK).get(
                park=park, code=rec["负责部门"]
            ),
            basis=rec["原因"],
            decided_on=_date(rec["决策日期"]),
            due_on=_date(rec["计划完成日期"]),
            completed_on=_date(rec["完成日期"]),
            land_freed=Decimal(rec["腾出土地(平方米)"]) if rec["腾出土地(平方米)"] else None,
            counterpart=rec["承接方"],
            note=rec["说明"],
        )
        for item in filter(None, rec["里程碑"].split(";")):
            title, due, done = item.split(":")
            milestone = evaluation.milestone_add(decision=decision, title=title, due_on=_date(due))
            if done:
                evaluation.milestone_done(
                    milestone=milestone, done_on=_date(done), expected_version=milestone.version
                )
        result.created += 1
    return result


# ---------------------------------------------------------------- projects


def _projects(data_dir: Path, park: Park) -> dict[str, LoadResult]:
    """The investment projects of the seed (the medical industrial park lost to 东陵区
    and 新城子区 and carried on with the city's start-up funds, 东基集团's idle land,
    the old-park reorganisation, the confidential aircraft base) among some forty
    projects of 2018–2020, with their moves, investors, activities, blockers, funding
    and losses (``parkbase.demo.projects``)."""
    try:
        return load_projects(data_dir, park)
    except ProjectFileError as exc:
        raise DemoDataError(f"demo project files: {exc}") from exc


# ---------------------------------------------------------------- land


def _land(data_dir: Path, park: Park) -> dict[str, LoadResult]:
    """The parcels of phases 1–4 and around them (东基集团's idle land with its three
    constraints, the aircraft base's 4 km² range, the medical park's land), their
    tenants, the land approvals the projects wait for, the standard factory buildings
    and their units, and the parcel the institute's transfer freed
    (``parkbase.demo.land``)."""
    try:
        return load_land(data_dir, park)
    except LandFileError as exc:
        raise DemoDataError(f"demo land files: {exc}") from exc


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _csv_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
