"""The pipeline's lists of few rows as spreadsheets that export and import back
(``imports.records``): investors (matched by name), and a project's activities,
blockers and funding records (matched by their number, 编号; a blank 编号 is a new
record).

A row names its project as its reader sees it: the real name for the project's
insiders, the code name of a confidential project for everyone else (an outsider's
export writes code names, and their hidden details as the placeholder they were
shown, which reads back as no change). An outsider may not match a confidential
project by its real name: it is not among the names they may use, nor among those a
message lists. People are named by full name or user name."""

from __future__ import annotations

import copy
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Value, When
from django.utils.translation import gettext_lazy as _

from parkbase.core.models import User
from parkbase.core.need_to_know import REFUSED
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.tables import person_name
from parkbase.core.violations import Violation
from parkbase.imports.columns import date, money, text, yes_no
from parkbase.imports.engine import Column
from parkbase.imports.records import RecordSheet, Ref, choice_words, number_column
from parkbase.projects import services
from parkbase.projects.importers.columns import COLUMNS_BY_FIELD
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    Shown,
    insider_q,
)
from parkbase.projects.services.projects import is_insider

SHOWN = "sheet_name"  # the attribute a candidate is shown by in messages


def choice(model, field: str, *headers: str, required: bool = False) -> Column:
    return Column(
        field, headers, kind="choice", choices=choice_words(model, field), required=required
    )


def projects_for(park, user=None) -> list:
    """The park's projects a row may name, each under the names ``user`` may use: the
    real name where they are an insider (everyone, for the command line), the code
    name of a confidential project always."""
    rows = Project.objects.unscoped(RULE_CHECK).filter(park=park)
    if getattr(user, "is_authenticated", False):
        insider = Case(
            When(insider_q(user), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    else:
        insider = Value(True, output_field=BooleanField())
    found = list(rows.annotate(insider=insider).only("name", "code_name", "confidential"))
    for project in found:
        project.real_name = project.name if project.insider else None
        project.secret_name = project.code_name if project.confidential else None
        setattr(project, SHOWN, project.shown_name)
    return found


def people_of(park) -> list:
    """The park's active users, by user name or full name (张三, 三 张)."""
    found = list(User.objects.unscoped(RULE_CHECK).filter(park=park, is_active=True))
    for user in found:
        user.joined_name = f"{user.last_name}{user.first_name}"
        user.full_name = user.get_full_name()
        setattr(user, SHOWN, person_name(user))
    return found


def investors_of(park):
    return Investor.objects.unscoped(RULE_CHECK).filter(park=park)


PROJECT = Ref(projects_for, keys=("real_name", "secret_name"), shown=SHOWN)
PERSON = Ref(people_of, keys=("username", "joined_name", "full_name"), shown=SHOWN)
INVESTOR = Ref(investors_of, keys=("name", "uscc"))


class ReaderSheet(RecordSheet):
    """A sheet whose references depend on who imports (a project by the name they
    may use): each run works on its own copy, bound to the importing user."""

    people: tuple[str, ...] = ()  # the fields naming a user
    user = None  # who imports (set on the run's copy)

    def run(self, path, *, park, user=None, **options):
        sheet = copy.copy(self)
        sheet.user = user
        if "project" in self.refs:
            bound = Ref(partial(projects_for, user=user), PROJECT.keys, shown=SHOWN)
            sheet.refs = {**self.refs, "project": bound}
        return RecordSheet.run(sheet, path, park=park, user=user, **options)

    def _export_converter(self, col: Column):
        if col.field == "project":
            return lambda record: record.project_name  # the code name for outsiders
        if col.field in self.people:
            return lambda record: person_name(getattr(record, col.field)) or None
        return super()._export_converter(col)


class PartSheet(ReaderSheet):
    """A project's records: numbered, each under its project."""

    people = ("owner",)

    def records(self, park):
        return self.model.objects.unscoped(RULE_CHECK).filter(project__park=park)

    def prefetch(self, queryset):
        return queryset.select_related("project", *self.people)

    def check(self, values, record, checks, park):
        project = values.get("project")
        if record is not None and project is not None and project.pk != record.project_id:
            own = record.project
            shown = Shown.name_of(own, is_insider(self.user, own))
            checks.add(Violation("project", "project_fixed", {"value": shown}))

    def parted(self, values: dict) -> tuple:
        values = dict(values)
        return values.pop("project", None), values

    # the part's services: create(project=…, user=…, **values) and
    # update(<record_arg>=…, expected_version=…, user=…, **values)
    create_service = update_service = None
    record_arg = ""

    def create(self, *, park, user, values):
        project, values = self.parted(values)
        return self.create_service(project=project, user=user, **values)

    def update(self, *, record, user, values):
        _project, values = self.parted(values)
        return self.update_service(
            **{self.record_arg: record}, expected_version=record.version, user=user, **values
        )


# ---------------------------------------------------------------- investors


class InvestorSheet(ReaderSheet):
    kind = "investors"
    label = _("Investors")
    model = Investor
    key = ("name",)
    notes = _(
        "Investors are matched by their name (投资方名称); a blank cell leaves the value as "
        "it is. 来源地: 本地, 市外, 省外 or 境外. An investor that only confidential "
        "projects name is their insiders' to change."
    )
    columns = (
        text("name", "投资方名称", "投资方", "名称", required=True),
        choice(Investor, "kind", "投资方类型", "类型"),
        Column(
            "origin",
            ("来源地", "投资方来源"),
            kind="choice",
            choices=COLUMNS_BY_FIELD["origin"].choices,
        ),
        text("region", "所在地区", "地区"),
        text("uscc", "统一社会信用代码", "信用代码"),
        text("contact", "联系人"),
        text("phone", "联系电话", "电话"),
        text("note", "备注"),
    )

    def records(self, park):
        return investors_of(park)

    def create(self, *, park, user, values):
        return services.investor_create(park=park, user=user, **values)

    def update(self, *, record, user, values):
        hidden = getattr(user, "is_authenticated", False) and not (
            Investor.objects.visible_to(user).filter(pk=record.pk).exists()
        )
        if hidden:
            raise PermissionDenied(str(REFUSED) % {"fields": record._meta.verbose_name})
        return services.investor_update(
            investor=record, expected_version=record.version, user=user, **values
        )


# ---------------------------------------------------------------- activities


class ActivitySheet(PartSheet):
    kind = "activities"
    label = _("Project activities")
    model = Activity
    refs = {"project": PROJECT, "owner": PERSON}
    people = ("owner", "created_by")
    notes = _(
        "编号 is the activity's number: blank for a new activity, as exported to change "
        "one. 项目名称: the project's name (the code name of a confidential project); "
        "下一步负责人: a user name or full name. A blank cell leaves the value as it is; "
        "记录人 is read back, never imported."
    )
    columns = (
        number_column(),
        text("project", "项目名称", "项目", required=True),
        choice(Activity, "kind", "活动类型", "类型", required=True),
        date("occurred_on", "日期", "活动日期", required=True),
        text("summary", "活动情况", "内容", required=True),
        text("participants", "参加人员", "参与人员"),
        text("next_step", "下一步工作", "下一步"),
        date("due_on", "下一步期限", "期限"),
        date("done_on", "完成日期"),
        text("owner", "下一步负责人", "负责人"),
        Column("created_by", ("记录人",), derived=True),
    )

    create_service = staticmethod(services.activity_create)
    update_service = staticmethod(services.activity_update)
    record_arg = "activity"


# ---------------------------------------------------------------- blockers


class BlockerSheet(PartSheet):
    kind = "blockers"
    label = _("Project blockers")
    model = Blocker
    refs = {"project": PROJECT, "owner": PERSON}
    notes = _(
        "编号 is the blocker's number: blank for a new blocker, as exported to change one. "
        "项目名称: the project's name (the code name of a confidential project); 负责人: a "
        "user name or full name. A resolved blocker needs 解决情况 and 解决日期. A blank "
        "cell leaves the value as it is."
    )
    columns = (
        number_column(),
        text("project", "项目名称", "项目", required=True),
        choice(Blocker, "category", "问题类别", "类别", required=True),
        text("description", "问题描述", "存在问题", required=True),
        text("authority", "责任单位", "需协调单位", required=True),
        date("raised_on", "提出日期"),
        date("deadline", "办结时限", "期限"),
        choice(Blocker, "escalation", "督办级别", "督办"),
        choice(Blocker, "status", "办理状态", "状态"),
        text("resolution", "解决情况", "办理结果"),
        date("resolved_on", "解决日期", "办结日期"),
        text("owner", "负责人"),
    )

    create_service = staticmethod(services.blocker_create)
    update_service = staticmethod(services.blocker_update)
    record_arg = "blocker"


# ---------------------------------------------------------------- funding


class FundingSheet(PartSheet):
    kind = "funding"
    label = _("Project funding")
    model = Funding
    refs = {"project": PROJECT, "investor": INVESTOR}
    people = ()
    notes = _(
        "编号 is the record's number: blank for a new record, as exported to change one. "
        "项目名称: the project's name (the code name of a confidential project); 投资方: "
        "an investor's name. Money in place above the contracted amount needs 是 in "
        "确认超出签约额. A blank cell leaves the value as it is."
    )
    columns = (
        number_column(),
        text("project", "项目名称", "项目", required=True),
        choice(Funding, "kind", "资金类型", "类型", required=True),
        money("amount", "金额", required=True),
        date("dated_on", "日期", "到位日期", required=True),
        choice(Funding, "source", "资金来源", required=True),
        text("investor", "投资方"),
        text("source_name", "出资方名称", "来源名称"),
        text("event", "推介活动"),
        yes_no("over_contract_confirmed", "确认超出签约额"),
        text("note", "备注"),
    )

    def prefetch(self, queryset):
        return queryset.select_related("project", "investor")

    def _export_converter(self, col):
        if col.field == "investor":  # a confidential project's investors are hidden
            return lambda r: None if r.hides_project or r.investor is None else r.investor.name
        return super()._export_converter(col)

    def _changes(self, record, values, user):
        changes = super()._changes(record, values, user)
        if changes.get("over_contract_confirmed", (None, True))[1] is False:
            del changes["over_contract_confirmed"]  # a confirmation is never taken back
        return changes

    def create(self, *, park, user, values):
        project, values = self.parted(values)
        confirm = bool(values.pop("over_contract_confirmed", False))
        return services.funding_add(
            project=project, user=user, confirm_over_contract=confirm, **values
        )

    def update(self, *, record, user, values):
        _project, values = self.parted(values)
        confirm = bool(values.pop("over_contract_confirmed", False))
        return services.funding_update(
            record=record, user=user, confirm_over_contract=confirm, **values
        )


INVESTORS = InvestorSheet()
ACTIVITIES = ActivitySheet()
BLOCKERS = BlockerSheet()
FUNDING = FundingSheet()
SHEETS = (INVESTORS, ACTIVITIES, BLOCKERS, FUNDING)
