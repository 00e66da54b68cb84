"""The project sheet's columns: the headers each field is found under, the Chinese
words its cells may say (status, origin, land mode, key level, source), and the notes
shown with the template."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from parkbase.imports.columns import area, count, date, money, yes_no
from parkbase.imports.engine import Column
from parkbase.projects import services
from parkbase.projects.choices import ProjectStatus

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


PROJECT_COLUMNS = (
    Column("name", ("项目名称", "项目", "名称", "name", "project"), required=True),
    yes_no("confidential", "保密", "是否保密", "confidential"),
    Column("code_name", ("代号", "项目代号", "code name")),
    Column("stage", ("阶段", "项目阶段", "当前阶段", "进展阶段", "stage"), main=True),
    Column("status", ("状态", "项目状态", "status"), kind="choice", choices=STATUS_ZH),
    Column("industry_code", ("行业代码", "国民经济行业代码", "industry code"), main=True),
    Column("investors", ("投资方", "投资主体", "投资企业", "投资人", "investors"), main=True),
    Column("origin", ("投资方来源", "投资方类别", "origin"), kind="choice", choices=ORIGIN_ZH),
    money("total_investment", "总投资", "计划总投资", "项目总投资", "total investment"),
    money("fixed_investment", "固定资产投资", "fixed investment"),
    money("contracted_amount", "签约额", "签约金额", "合同金额", "contracted amount"),
    area("land_area", "用地面积", "占地面积", "需用地", "land area", unit="亩"),
    Column("land_mode", ("用地方式", "供地方式", "land mode"), kind="choice", choices=LAND_MODE_ZH),
    money("expected_output", "预计产值", "预计年产值", "达产后产值", "expected output"),
    money("expected_tax", "预计税收", "预计年税收", "达产后税收", "expected tax"),
    count("expected_jobs", "预计就业", "预计就业人数", "新增就业", "expected jobs"),
    Column(
        "key_level",
        ("重点项目级别", "重点项目", "key level"),
        kind="choice",
        choices=KEY_LEVEL_ZH,
    ),
    Column("source", ("来源", "项目来源", "source"), kind="choice", choices=SOURCE_ZH),
    Column("referrer", ("引荐人", "引荐人或活动", "referrer")),
    Column("officer", ("责任人", "项目责任人", "负责人", "officer"), main=True),
    Column("department", ("责任部门", "负责部门", "department")),
    Column("description", ("项目简介", "建设内容", "项目内容", "description")),
    date("first_contact_on", "首次接洽", "首次接洽日期", "接洽日期", "first contact"),
    date("screened_on", "研判日期", "screened"),
    date("framework_signed_on", "框架协议签订日期", "框架协议日期", "framework agreement"),
    date("signed_on", "签约日期", "签约时间", "contract signed"),
    date("registered_on", "注册日期", "注册时间", "公司注册日期", "registered"),
    date("land_paid_on", "土地款缴纳日期", "土地款缴纳", "供地日期", "land paid"),
    date("approved_on", "审批完成日期", "备案审批日期", "approvals complete"),
    date("construction_started_on", "开工日期", "开工时间", "construction started"),
    date("completed_on", "竣工日期", "竣工时间", "construction completed"),
    date("production_on", "投产日期", "投产时间", "production started"),
    date("capacity_on", "达产日期", "达产时间", "at capacity"),
    date("in_statistics_on", "入统日期", "入规日期", "in the statistics"),
    Column("issues", ("需协调问题", "存在问题", "需协调解决的问题", "issues")),
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
