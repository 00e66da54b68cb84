"""Concerns as a spreadsheet that exports and imports back (``imports.records``):
matched by their number (编号); the enterprise named by its name or credit code, the
department by its name, the category and status by their labels."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkbase.core.scoping import RULE_CHECK
from parkbase.enterprises.refs import DEPARTMENT, ENTERPRISE
from parkbase.imports.columns import choice, date, text
from parkbase.imports.engine import Column
from parkbase.imports.records import RecordSheet, choice_words, number_column
from parkbase.surveys import engine, services
from parkbase.surveys.models import Concern


class ConcernSheet(RecordSheet):
    kind = "concerns"
    label = _("Concerns")
    model = Concern
    refs = {"enterprise": ENTERPRISE, "department": DEPARTMENT}
    notes = _(
        "A concern is matched by its number (编号, as the export writes it); a row without "
        "one records a new concern. The enterprise is named by its name or credit code, "
        "the responsible department by its name; the category and the status by their "
        "labels. A blank cell leaves the value as it is; the credit code and whether it "
        "is overdue are written by the export and left alone by an import. Reopening a "
        "concern needs a reason: do it on its page."
    )

    def __init__(self):
        self.columns = (
            number_column(),
            text("enterprise", "企业", "企业名称", required=True),
            Column("enterprise_uscc", ("统一社会信用代码",), derived=True),
            choice(
                "category",
                "类别",
                "诉求类别",
                choices=choice_words(Concern, "category"),
                required=True,
            ),
            text("description", "诉求内容", "诉求", "问题描述", required=True),
            text("department", "责任部门", "承办部门"),
            date("raised_on", "提出日期", "反映日期"),
            date("due_on", "办结期限", "期限"),
            choice("status", "状态", "办理状态", choices=choice_words(Concern, "status")),
            text("resolution", "办理结果", "答复意见"),
            date("resolved_on", "解决日期", "办结日期"),
            Column("overdue", ("逾期",), kind="bool", derived=True),
        )

    def value(self, record, field):
        if field == "enterprise_uscc":
            return record.enterprise.uscc
        if field == "overdue":
            return engine.is_overdue(record.status, record.due_on, timezone.localdate())
        return super().value(record, field)

    def records(self, park):
        concerns = Concern.objects.unscoped(RULE_CHECK).filter(enterprise__park=park)
        return concerns.select_related("enterprise", "department")

    def prefetch(self, queryset):
        return queryset.select_related("enterprise", "department")

    def create(self, *, park, user, values):
        return services.concern_create(user=user, data=values)

    def update(self, *, record, user, values):
        return services.concern_update(
            user=user, concern=record, data=values, expected_version=record.version
        )


CONCERNS = ConcernSheet()
SHEETS = (CONCERNS,)
