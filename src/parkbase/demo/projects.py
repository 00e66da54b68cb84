"""The demo park's investment projects (招商引资), loaded from the ``project*.csv`` files
through the projects services, so the pipeline's gates, the date rules and the landed
rule hold and every record has its audit trail.

A project is replayed the way its staff would have recorded it: created in the first
stage on its first contact, then moved stage by stage (``project_moves.csv``) with the
milestone dates of ``projects.csv`` that had come by each move, paused or terminated
with a note, and, when it went elsewhere, lost (``project_losses.csv`` and
``project_loss_destinations.csv``). The stage and status ``projects.csv`` gives are
checked against where the moves end. Investors, activities, blockers and funding
follow. What is already in the database is left alone, so loading twice changes
nothing.

Money is read in the unit its header gives (万元) and stored in yuan, land in 亩 and
stored in m², as every import does; text is kept as written."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError

from parkbase.core.models import Department, Park, User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import LoadResult
from parkbase.enterprises.models import Enterprise
from parkbase.imports.engine import Column, make_converter
from parkbase.imports.values import ValueProblem, split_header
from parkbase.projects import services
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    InvestorKind,
    InvestorOrigin,
    InvestorRole,
    KeyLevel,
    LandMode,
    LossReason,
    PlaceLevel,
    ProjectSource,
    ProjectStatus,
)
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


class ProjectFileError(RuntimeError):
    """A project file breaks a rule; the message names the file, the row or project and
    what is wrong."""


# ---------------------------------------------------------------- the files' words

PROJECT_STATUS_ZH = {
    "进行中": ProjectStatus.ACTIVE,
    "暂停": ProjectStatus.PAUSED,
    "终止": ProjectStatus.TERMINATED,
    "流失": ProjectStatus.LOST,
    "落地": ProjectStatus.LANDED,
}
# what a row of project_moves.csv may say instead of a stage
STATUS_CHANGE_ZH = {
    "暂停": ProjectStatus.PAUSED,
    "终止": ProjectStatus.TERMINATED,
    "恢复": ProjectStatus.ACTIVE,
}
LAND_MODE_ZH = {
    "新增用地": LandMode.NEW_LAND,
    "租赁": LandMode.LEASE,
    "标准厂房": LandMode.STANDARD_FACTORY,
    "现有场地": LandMode.EXISTING,
    "无需用地": LandMode.NONE,
}
KEY_LEVEL_ZH = {
    "区级": KeyLevel.DISTRICT,
    "市级": KeyLevel.CITY,
    "省级": KeyLevel.PROVINCE,
    "国家级": KeyLevel.NATIONAL,
}
SOURCE_ZH = {
    "招商推介会": ProjectSource.PROMOTION,
    "中介推荐": ProjectSource.REFERRAL,
    "上门拜访": ProjectSource.VISIT,
    "客商来访": ProjectSource.INBOUND,
    "上级交办": ProjectSource.SUPERIOR,
    "园区企业扩产": ProjectSource.EXPANSION,
    "其他": ProjectSource.OTHER,
}
INVESTOR_KIND_ZH = {"企业": InvestorKind.COMPANY, "个人": InvestorKind.PERSON}
ORIGIN_ZH = {
    "本市": InvestorOrigin.LOCAL,
    "省内市外": InvestorOrigin.OUT_OF_CITY,
    "省外": InvestorOrigin.OUT_OF_PROVINCE,
    "境外": InvestorOrigin.FOREIGN,
}
INVESTOR_ROLE_ZH = {
    "主投资方": InvestorRole.LEAD,
    "合作方": InvestorRole.PARTNER,
    "股东": InvestorRole.SHAREHOLDER,
}
ACTIVITY_KIND_ZH = {
    "走访": ActivityKind.VISIT,
    "电话": ActivityKind.CALL,
    "会谈": ActivityKind.MEETING,
    "反馈": ActivityKind.FEEDBACK,
    "上报": ActivityKind.REPORT,
    "请示": ActivityKind.REQUEST,
    "推介会": ActivityKind.PROMOTION,
    "其他": ActivityKind.OTHER,
}
BLOCKER_CATEGORY_ZH = {
    "用地指标或审批": BlockerCategory.LAND_QUOTA,
    "土地转让政策": BlockerCategory.LAND_POLICY,
    "规划": BlockerCategory.PLANNING,
    "环评": BlockerCategory.ENVIRONMENT,
    "资金": BlockerCategory.FUNDS,
    "融资": BlockerCategory.FINANCING,
    "税收": BlockerCategory.TAX,
    "其他": BlockerCategory.OTHER,
}
BLOCKER_STATUS_ZH = {
    "未解决": BlockerStatus.OPEN,
    "已解决": BlockerStatus.RESOLVED,
    "已放弃": BlockerStatus.DROPPED,
}
ESCALATION_ZH = {
    "未督办": Escalation.NONE,
    "园区": Escalation.PARK,
    "区": Escalation.DISTRICT,
    "市": Escalation.CITY,
    "省": Escalation.PROVINCE,
}
FUND_KIND_ZH = {"计划": FundKind.PLANNED, "合同": FundKind.CONTRACTED, "到位": FundKind.IN_PLACE}
FUND_SOURCE_ZH = {
    "投资方": FundSource.INVESTOR,
    "政府启动资金": FundSource.GOVERNMENT,
    "合作企业": FundSource.PARTNER,
    "银行贷款": FundSource.BANK,
    "其他": FundSource.OTHER,
}
LOSS_REASON_ZH = {
    "用地": LossReason.LAND,
    "政策": LossReason.POLICY,
    "成本": LossReason.COST,
    "资金": LossReason.FUNDS,
    "配套": LossReason.SUPPORT,
    "审批慢": LossReason.SPEED,
    "市场": LossReason.MARKET,
    "其他": LossReason.OTHER,
}
PLACE_LEVEL_ZH = {
    "本市其他区": PlaceLevel.DISTRICT,
    "省内其他市": PlaceLevel.CITY,
    "外省": PlaceLevel.PROVINCE,
    "境外": PlaceLevel.ABROAD,
}


# ---------------------------------------------------------------- the files' columns


def _text(field: str, header: str, required: bool = False) -> Column:
    return Column(field, (header,), required=required)


def _choice(field: str, header: str, choices: dict, required: bool = False) -> Column:
    return Column(field, (header,), kind="choice", choices=choices, required=required)


def _date(field: str, header: str, required: bool = False) -> Column:
    return Column(field, (header,), kind="date", required=required)


def _money(field: str, header: str, required: bool = False) -> Column:
    return Column(
        field, (header,), kind="decimal", unit_kind="money", default_unit="万元", required=required
    )


MILESTONE_HEADERS = {
    "first_contact_on": "首次接触日期",
    "screened_on": "研判日期",
    "framework_signed_on": "框架协议签订日期",
    "signed_on": "合同签订日期",
    "registered_on": "注册登记日期",
    "land_paid_on": "土地厂房款付清日期",
    "approved_on": "审批完成日期",
    "construction_started_on": "开工日期",
    "completed_on": "竣工日期",
    "production_on": "投产日期",
    "capacity_on": "达产日期",
    "in_statistics_on": "入统入规日期",
}

PROJECT_COLUMNS = (
    _text("name", "项目名称", required=True),
    _text("stage", "当前阶段", required=True),
    _choice("status", "状态", PROJECT_STATUS_ZH, required=True),
    Column("confidential", ("保密",), kind="bool"),
    _text("code_name", "代号"),
    _text("insiders", "知情人"),
    _text("industry_code", "行业代码"),
    _money("total_investment", "总投资"),
    _money("fixed_investment", "固定资产投资"),
    _money("contracted_amount", "合同金额"),
    Column("land_area", ("用地",), kind="decimal", unit_kind="area", default_unit="亩"),
    _choice("land_mode", "用地方式", LAND_MODE_ZH),
    _money("promised_investment_per_mu", "承诺亩均投资"),
    _money("promised_tax_per_mu", "承诺亩均税收"),
    _money("expected_output", "预计年产值"),
    _money("expected_tax", "预计年税收"),
    Column("expected_jobs", ("预计就业",), kind="int", unit_kind="count", default_unit="人"),
    _choice("key_level", "重点项目级别", KEY_LEVEL_ZH),
    _choice("source", "项目来源", SOURCE_ZH),
    _text("referrer", "推荐人或推介活动"),
    _text("officer", "负责人"),
    _text("department", "责任部门"),
    _text("enterprise", "关联企业信用代码"),
    _text("recorder", "录入人", required=True),
    *(
        _date(name, MILESTONE_HEADERS[name], required=name == "first_contact_on")
        for name in MILESTONES
    ),
    _text("description", "项目简介"),
    _text("issues", "需协调问题"),
)
MOVE_COLUMNS = (
    _text("project", "项目名称", required=True),
    _date("on", "日期", required=True),
    _text("change", "阶段或状态", required=True),
    _text("note", "说明"),
)
INVESTOR_COLUMNS = (
    _text("name", "投资方", required=True),
    _choice("kind", "类型", INVESTOR_KIND_ZH, required=True),
    _choice("origin", "来源地", ORIGIN_ZH, required=True),
    _text("region", "所在地区"),
    _text("contact", "联系人"),
    _text("phone", "联系电话"),
    _text("project", "项目名称", required=True),
    _choice("role", "角色", INVESTOR_ROLE_ZH, required=True),
    _text("note", "说明"),
)
ACTIVITY_COLUMNS = (
    _text("project", "项目名称", required=True),
    _date("occurred_on", "日期", required=True),
    _choice("kind", "类型", ACTIVITY_KIND_ZH, required=True),
    _text("summary", "内容", required=True),
    _text("participants", "参加人员"),
    _text("next_step", "下一步"),
    _date("due_on", "下一步期限"),
    _date("done_on", "下一步完成日期"),
    _text("owner", "下一步负责人"),
    _text("recorder", "记录人", required=True),
)
BLOCKER_COLUMNS = (
    _text("project", "项目名称", required=True),
    _choice("category", "类别", BLOCKER_CATEGORY_ZH, required=True),
    _text("description", "问题描述", required=True),
    _text("authority", "责任单位", required=True),
    _date("raised_on", "提出日期", required=True),
    _date("deadline", "期限"),
    _choice("escalation", "督办级别", ESCALATION_ZH, required=True),
    _choice("status", "状态", BLOCKER_STATUS_ZH, required=True),
    _text("resolution", "解决情况"),
    _date("resolved_on", "解决日期"),
    _text("owner", "负责人"),
)
FUNDING_COLUMNS = (
    _text("project", "项目名称", required=True),
    _choice("kind", "类型", FUND_KIND_ZH, required=True),
    _money("amount", "金额", required=True),
    _date("dated_on", "日期", required=True),
    _choice("source", "资金来源", FUND_SOURCE_ZH, required=True),
    _text("investor", "投资方"),
    _text("source_name", "来源名称"),
    _text("event", "推介活动"),
    Column("confirmed", ("超合同确认",), kind="bool"),
    _text("note", "说明"),
)
LOSS_COLUMNS = (
    _text("project", "项目名称", required=True),
    _date("lost_on", "流失日期", required=True),
    _choice("reason", "流失原因", LOSS_REASON_ZH, required=True),
    _text("detail", "经过"),
    _text("would_have_kept", "本可留住的条件"),
)
DESTINATION_COLUMNS = (
    _text("project", "项目名称", required=True),
    _text("place", "去向", required=True),
    _choice("level", "去向级别", PLACE_LEVEL_ZH, required=True),
    _text("winner", "承接方"),
)


def _read(path: Path, columns: tuple[Column, ...]) -> list[dict]:
    """The rows of a demo file as {field: value}. Numbers are converted from the unit
    their header gives, dates, yes/no and the choices' Chinese words are read by the
    import engine's converters; text is kept as written (Chinese punctuation too).
    Every column must be known and every known column present."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        rows = list(reader)
    by_header = {c.headers[0]: c for c in columns}
    mapping = []
    for cell in header:
        base, unit = split_header(cell)
        column = by_header.pop(base, None)
        if column is None:
            raise ProjectFileError(f"{path.name}: unknown or repeated column {cell!r}")
        convert = str.strip if column.kind == "text" else make_converter(column, unit)
        mapping.append((cell, column, convert))
    if by_header:
        raise ProjectFileError(f"{path.name}: missing columns {', '.join(by_header)}")
    records = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ProjectFileError(
                f"{path.name} row {number}: {len(row)} cells for {len(header)} columns"
            )
        record = {}
        for (name, column, convert), cell in zip(mapping, row, strict=True):
            try:
                value = convert(cell)
            except ValueProblem as exc:
                raise ProjectFileError(
                    f"{path.name} row {number} column {name}: {exc.code} ({cell!r})"
                ) from None
            if column.required and value in (None, ""):
                raise ProjectFileError(f"{path.name} row {number} column {name}: required")
            record[column.field] = value
        records.append(record)
    return records


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


STATIC_FIELDS = (
    "confidential",
    "code_name",
    "description",
    "industry_code",
    "total_investment",
    "fixed_investment",
    "land_area",
    "land_mode",
    "promised_investment_per_mu",
    "promised_tax_per_mu",
    "expected_output",
    "expected_tax",
    "expected_jobs",
    "key_level",
    "source",
    "referrer",
    "issues",
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
