"""The demo project files: the Chinese words their cells use for each choice, their
columns, and one file read into rows of {field: value}."""

from __future__ import annotations

import csv
from pathlib import Path

from parkbase.core.units import split_header
from parkbase.imports import columns as col
from parkbase.imports.engine import Column, make_converter
from parkbase.imports.values import ValueProblem
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
from parkbase.projects.models import MILESTONES


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
    col.text("name", "项目名称", required=True),
    col.text("stage", "当前阶段", required=True),
    col.choice("status", "状态", choices=PROJECT_STATUS_ZH, required=True),
    col.yes_no("confidential", "保密"),
    col.text("code_name", "代号"),
    col.text("insiders", "知情人"),
    col.text("industry_code", "行业代码"),
    col.money("total_investment", "总投资"),
    col.money("fixed_investment", "固定资产投资"),
    col.money("contracted_amount", "合同金额"),
    col.area("land_area", "用地", unit="亩"),
    col.choice("land_mode", "用地方式", choices=LAND_MODE_ZH),
    col.money("promised_investment_per_mu", "承诺亩均投资"),
    col.money("promised_tax_per_mu", "承诺亩均税收"),
    col.money("expected_output", "预计年产值"),
    col.money("expected_tax", "预计年税收"),
    col.count("expected_jobs", "预计就业"),
    col.choice("key_level", "重点项目级别", choices=KEY_LEVEL_ZH),
    col.choice("source", "项目来源", choices=SOURCE_ZH),
    col.text("referrer", "推荐人或推介活动"),
    col.text("officer", "负责人"),
    col.text("department", "责任部门"),
    col.text("enterprise", "关联企业信用代码"),
    col.text("recorder", "录入人", required=True),
    *(
        col.date(name, MILESTONE_HEADERS[name], required=name == "first_contact_on")
        for name in MILESTONES
    ),
    col.text("description", "项目简介"),
    col.text("issues", "需协调问题"),
)
MOVE_COLUMNS = (
    col.text("project", "项目名称", required=True),
    col.date("on", "日期", required=True),
    col.text("change", "阶段或状态", required=True),
    col.text("note", "说明"),
)
INVESTOR_COLUMNS = (
    col.text("name", "投资方", required=True),
    col.choice("kind", "类型", choices=INVESTOR_KIND_ZH, required=True),
    col.choice("origin", "来源地", choices=ORIGIN_ZH, required=True),
    col.text("region", "所在地区"),
    col.text("contact", "联系人"),
    col.text("phone", "联系电话"),
    col.text("project", "项目名称", required=True),
    col.choice("role", "角色", choices=INVESTOR_ROLE_ZH, required=True),
    col.text("note", "说明"),
)
ACTIVITY_COLUMNS = (
    col.text("project", "项目名称", required=True),
    col.date("occurred_on", "日期", required=True),
    col.choice("kind", "类型", choices=ACTIVITY_KIND_ZH, required=True),
    col.text("summary", "内容", required=True),
    col.text("participants", "参加人员"),
    col.text("next_step", "下一步"),
    col.date("due_on", "下一步期限"),
    col.date("done_on", "下一步完成日期"),
    col.text("owner", "下一步负责人"),
    col.text("recorder", "记录人", required=True),
)
BLOCKER_COLUMNS = (
    col.text("project", "项目名称", required=True),
    col.choice("category", "类别", choices=BLOCKER_CATEGORY_ZH, required=True),
    col.text("description", "问题描述", required=True),
    col.text("authority", "责任单位", required=True),
    col.date("raised_on", "提出日期", required=True),
    col.date("deadline", "期限"),
    col.choice("escalation", "督办级别", choices=ESCALATION_ZH, required=True),
    col.choice("status", "状态", choices=BLOCKER_STATUS_ZH, required=True),
    col.text("resolution", "解决情况"),
    col.date("resolved_on", "解决日期"),
    col.text("owner", "负责人"),
)
FUNDING_COLUMNS = (
    col.text("project", "项目名称", required=True),
    col.choice("kind", "类型", choices=FUND_KIND_ZH, required=True),
    col.money("amount", "金额", required=True),
    col.date("dated_on", "日期", required=True),
    col.choice("source", "资金来源", choices=FUND_SOURCE_ZH, required=True),
    col.text("investor", "投资方"),
    col.text("source_name", "来源名称"),
    col.text("event", "推介活动"),
    col.yes_no("confirmed", "超合同确认"),
    col.text("note", "说明"),
)
LOSS_COLUMNS = (
    col.text("project", "项目名称", required=True),
    col.date("lost_on", "流失日期", required=True),
    col.choice("reason", "流失原因", choices=LOSS_REASON_ZH, required=True),
    col.text("detail", "经过"),
    col.text("would_have_kept", "本可留住的条件"),
)
DESTINATION_COLUMNS = (
    col.text("project", "项目名称", required=True),
    col.text("place", "去向", required=True),
    col.choice("level", "去向级别", choices=PLACE_LEVEL_ZH, required=True),
    col.text("winner", "承接方"),
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
