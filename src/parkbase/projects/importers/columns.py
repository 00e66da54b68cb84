"""The project sheet's columns: the headers each field is found under, the Chinese
words its cells may say (status, origin, land mode, key level, source), and the notes
shown with the template."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from parkbase.imports.columns import date, money
from parkbase.imports.engine import Column
from parkbase.imports.records import choice_words
from parkbase.imports.variants import with_variants
from parkbase.projects import services
from parkbase.projects.choices import ProjectStatus
from parkbase.projects.models import Investor, Project

YES_NO = {"是": True, "否": False}
STATUS_ZH = {
    "在谈": ProjectStatus.ACTIVE,
    "推进中": ProjectStatus.ACTIVE,
    "进行中": ProjectStatus.ACTIVE,
    "正常": ProjectStatus.ACTIVE,
    "正常推进": ProjectStatus.ACTIVE,
    "暂停": ProjectStatus.PAUSED,
    "暂缓": ProjectStatus.PAUSED,
    "终止": ProjectStatus.TERMINATED,
    "流失": ProjectStatus.LOST,
    "落地": ProjectStatus.LANDED,
    "已落地": ProjectStatus.LANDED,
}
ORIGIN_ZH = {
    "本地": "local",
    "市内": "local",
    "市外": "out_of_city",
    "省内市外": "out_of_city",
    "省外": "out_of_province",
    "境外": "foreign",
    "国外": "foreign",
    "外资": "foreign",
}
LAND_MODE_ZH = {
    "新增用地": "new_land",
    "新供地": "new_land",
    "出让": "new_land",
    "租赁": "lease",
    "租用": "lease",
    "标准厂房": "standard_factory",
    "现有场地": "existing",
    "利用现有": "existing",
    "自有场地": "existing",
    "无需用地": "none",
    "不需用地": "none",
}
KEY_LEVEL_ZH = {
    "区级": "district",
    "区重点": "district",
    "区级重点": "district",
    "市级": "city",
    "市重点": "city",
    "市级重点": "city",
    "省级": "province",
    "省重点": "province",
    "省级重点": "province",
    "国家级": "national",
    "国家重点": "national",
    "否": "",
    "非重点": "",
}
SOURCE_ZH = {
    "招商推介": "promotion",
    "推介会": "promotion",
    "推介活动": "promotion",
    "引荐": "referral",
    "中介引荐": "referral",
    "朋友引荐": "referral",
    "上门招商": "visit",
    "登门拜访": "visit",
    "拜访": "visit",
    "主动来访": "inbound",
    "客商来访": "inbound",
    "上级交办": "superior",
    "上级推荐": "superior",
    "园区企业扩建": "expansion",
    "增资扩建": "expansion",
    "扩建": "expansion",
    "其他": "other",
}


def _words(words: dict, model, field: str) -> dict:
    """The office's words for a choice, then the model's labels (Chinese, English):
    what the list and its export show reads back."""
    merged = dict(words)
    for text, value in choice_words(model, field).items():
        merged.setdefault(text, value)
    return merged


# each column by its template header; the other headers offices write are in the
# imports' table of header variants (section [projects])
PROJECT_COLUMNS = with_variants(
    "projects",
    (
        Column("name", ("项目名称",), required=True),
        Column("confidential", ("保密",), kind="bool"),
        Column("code_name", ("代号",)),
        Column("stage", ("阶段",), main=True),
        Column("status", ("状态",), kind="choice", choices=_words(STATUS_ZH, Project, "status")),
        Column("industry_code", ("行业代码",), main=True),
        Column("investors", ("投资方",), main=True),
        Column(
            "origin", ("投资方来源",), kind="choice", choices=_words(ORIGIN_ZH, Investor, "origin")
        ),
        money("total_investment", "总投资"),
        money("fixed_investment", "固定资产投资"),
        money("contracted_amount", "签约额"),
        Column(
            "land_area",
            ("用地面积",),
            kind="decimal",
            unit_kind="area",
            default_unit="亩",
        ),
        Column(
            "land_mode",
            ("用地方式",),
            kind="choice",
            choices=_words(LAND_MODE_ZH, Project, "land_mode"),
        ),
        money("expected_output", "预计产值"),
        money("expected_tax", "预计税收"),
        Column(
            "expected_jobs",
            ("预计就业",),
            kind="int",
            unit_kind="count",
            default_unit="人",
        ),
        Column(
            "key_level",
            ("重点项目级别",),
            kind="choice",
            choices=_words(KEY_LEVEL_ZH, Project, "key_level"),
        ),
        Column("source", ("来源",), kind="choice", choices=_words(SOURCE_ZH, Project, "source")),
        Column("referrer", ("引荐人",)),
        Column("officer", ("责任人",), main=True),
        Column("department", ("责任部门",)),
        Column("description", ("项目简介",)),
        date("first_contact_on", "首次接洽"),
        date("screened_on", "研判日期"),
        date("framework_signed_on", "框架协议签订日期"),
        date("signed_on", "签约日期"),
        date("registered_on", "注册日期"),
        date("land_paid_on", "土地款缴纳日期"),
        date("approved_on", "审批完成日期"),
        date("construction_started_on", "开工日期"),
        date("completed_on", "竣工日期"),
        date("production_on", "投产日期"),
        date("capacity_on", "达产日期"),
        date("in_statistics_on", "入统日期"),
        Column("issues", ("需协调问题",)),
        # computed: the export writes them, an import leaves them alone
        Column("landed_on", ("落地日期",), kind="date", derived=True),
        Column("stage_since", ("进入本阶段日期",), kind="date", derived=True),
    ),
)
COLUMNS_BY_FIELD = {c.field: c for c in PROJECT_COLUMNS}
VALUE_FIELDS = tuple(
    c.field for c in PROJECT_COLUMNS if c.field in services.PROJECT_FIELDS and c.field != "officer"
)
NOTES = _(
    "Projects are matched by their exact name in the park (or, for a confidential "
    "project, by its code name); a blank cell never clears what is recorded. 阶段: the "
    "stage's code or Chinese name, and the stage's gate must hold (e.g. 签约 needs "
    "签约日期 and 签约额). 状态 may only say the project is under way (在谈): pause, "
    "terminate or mark it lost on its page; landed follows from the milestone dates. "
    "投资方: one or more names separated by 、 or ；, created if new (then 投资方来源 "
    "is needed: 本地, 市外, 省外 or 境外). 责任人: a user name or full name of a park user."
)
INVESTOR_SEPARATORS = re.compile(r"[、;；\n]+")
