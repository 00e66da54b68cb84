"""Redevelopment decisions as a spreadsheet that exports and imports back
(``imports.records``): matched by their number (编号); the enterprise named by its
name or credit code, the owner by their name or user name, the department by its
name, the parcel by its code, the decision and status by their labels."""

from __future__ import annotations

from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils.translation import gettext_lazy as _

from parkbase.core.models import User
from parkbase.core.scoping import RULE_CHECK, role_sees_model
from parkbase.core.tables import person_name
from parkbase.core.violations import Violation
from parkbase.enterprises.refs import DEPARTMENT, ENTERPRISE
from parkbase.evaluation import services
from parkbase.evaluation.models import Decision
from parkbase.imports.columns import area, choice, date, text
from parkbase.imports.records import RecordSheet, Ref, choice_words, number_column
from parkbase.land.importers import PARCEL
from parkbase.land.models import Parcel

PERSON = "person"  # a user as lists show them: the full name, else the user name


def people(park):
    """The users a decision of ``park`` may name as its owner (the park's, and the
    administrators of every park), each with the name lists show."""
    full = Trim(Concat("first_name", Value(" "), "last_name"))
    users = User.objects.unscoped(RULE_CHECK).filter(Q(park=park) | Q(park__isnull=True))
    return users.annotate(**{PERSON: Coalesce(NullIf(full, Value("")), "username")})


OWNER = Ref(people, keys=(PERSON, "username"), shown=PERSON)


class DecisionSheet(RecordSheet):
    kind = "redevelopment-decisions"
    label = _("Redevelopment decisions")
    model = Decision
    refs = {"enterprise": ENTERPRISE, "owner": OWNER, "department": DEPARTMENT, "parcel": PARCEL}
    notes = _(
        "A decision is matched by its number (编号, as the export writes it); a row "
        "without one records a new decision. The enterprise is named by its name or credit "
        "code, the owner by their name or user name, the responsible department by its "
        "name, the parcel by its code; the decision and the status by their labels. A "
        "blank cell leaves the value as it is (the parcel is blank in the export of a "
        "reader who sees no land). A decision's enterprise does not change."
    )

    def __init__(self):
        self.columns = (
            number_column(),
            text("enterprise", "企业", "企业名称", required=True),
            choice(
                "kind",
                "处置决定",
                "处置方式",
                choices=choice_words(Decision, "kind"),
                required=True,
            ),
            choice("status", "状态", "办理状态", choices=choice_words(Decision, "status")),
            text("owner", "责任人"),
            text("department", "责任部门"),
            date("decided_on", "决定日期", required=True),
            date("due_on", "办结期限", "期限"),
            date("completed_on", "完成日期", "办结日期"),
            area("land_freed", "腾出土地面积", "腾出土地"),
            text("parcel", "宗地", "宗地编号"),
            text("counterpart", "承接方"),
            text("basis", "处置依据", "依据"),
            text("note", "备注"),
        )

    def value(self, record, field):
        found = super().value(record, field)
        if field == "owner" and found is not None:
            setattr(found, PERSON, person_name(found))
        return found

    def hidden(self, reader):
        # a department sees its enterprises' decisions, not the park's land
        return frozenset() if role_sees_model(reader, Parcel) else frozenset({"parcel"})

    def records(self, park):
        decisions = Decision.objects.unscoped(RULE_CHECK).filter(enterprise__park=park)
        return decisions.select_related("enterprise", "owner", "department", "parcel")

    def prefetch(self, queryset):
        return queryset.select_related("enterprise", "owner", "department", "parcel")

    def check(self, values, record, checks, park):
        enterprise = values.get("enterprise")
        if record is not None and enterprise is not None and enterprise.pk != record.enterprise_id:
            checks.add(Violation("enterprise", "enterprise_fixed"))

    def create(self, *, park, user, values):
        enterprise = values.pop("enterprise")
        return services.decision_create(enterprise=enterprise, user=user, **values)

    def update(self, *, record, user, values):
        return services.decision_update(
            decision=record, expected_version=record.version, user=user, **values
        )


DECISIONS = DecisionSheet()
SHEETS = (DECISIONS,)
