"""The project lists' tables. Names are the shown names: a confidential project
appears under its code name to everyone but its insiders."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core import clock
from parkbase.core.need_to_know import shown
from parkbase.core.tables import TEXT, Col, Table, date_col, money_col, person_name


class ProjectTable(Table):
    columns = (
        Col(_("name"), lambda p: p.shown_name, order="name", link=True),
        Col(_("stage"), lambda p: p.stage.name, order="stage", css="text-nowrap"),
        Col(_("status"), lambda p: p.get_status_display(), order="status", css="text-nowrap"),
        Col(_("key-project level"), lambda p: p.get_key_level_display() if p.key_level else ""),
        Col(_("industry code"), lambda p: p.industry_code),
        money_col(_("total investment (10k yuan)"), "total_investment"),
        money_col(_("contracted amount (10k yuan)"), "contracted_amount"),
        Col(_("responsible officer"), lambda p: person_name(p.officer)),
        Col(_("responsible department"), lambda p: p.department.name if p.department else ""),
        date_col(_("first contact"), "first_contact_on"),
        date_col(_("in this stage since"), "stage_since"),
    )

    @staticmethod
    def url(project):
        return reverse("project", args=[project.pk])


class InvestorTable(Table):
    columns = (
        Col(_("name"), lambda i: i.name, order="name", link=True),
        Col(_("kind"), lambda i: i.get_kind_display(), order="kind"),
        Col(_("origin"), lambda i: i.get_origin_display(), order="origin"),
        Col(_("region"), lambda i: i.region, order="region"),
        Col(_("credit code"), lambda i: i.uscc, css="font-monospace"),
        # a person's name, as written (a foreign investor's contact in Latin letters)
        Col(_("contact person"), lambda i: i.contact, css="pb-id"),
        Col(_("phone"), lambda i: i.phone, css="text-nowrap"),
    )

    @staticmethod
    def url(investor):
        return reverse("investor-edit", args=[investor.pk])


def blocker_days_open(blocker) -> int:
    return (clock.today() - blocker.raised_on).days


def blocker_overdue(blocker) -> bool:
    return blocker.deadline is not None and blocker.deadline < clock.today()


class BlockerTable(Table):
    columns = (
        Col(_("project"), lambda b: b.project_name),
        Col(_("category"), lambda b: b.get_category_display()),
        Col(
            pgettext_lazy("blocker", "description"), lambda b: shown(None, b, "description")
        ),  # rows are marked
        Col(_("authority that must act"), lambda b: b.authority),
        Col(_("raised on"), lambda b: b.raised_on, order="raised_on"),
        Col(_("days open"), lambda b: blocker_days_open(b), css="text-end"),
        Col(_("deadline"), lambda b: b.deadline, order="deadline"),
        Col(_("overdue"), lambda b: blocker_overdue(b)),
        Col(_("escalation"), lambda b: b.get_escalation_display(), order="escalation"),
        Col(_("owner"), lambda b: person_name(b.owner)),
    )


def _project_url(record):
    return reverse("project", args=[record.project_id])


class ActivityTable(Table):
    columns = (
        Col(_("project"), lambda a: a.project_name, link=True),
        Col(_("kind"), lambda a: a.get_kind_display(), order="kind"),
        date_col(_("date"), "occurred_on"),
        Col(_("what happened"), lambda a: shown(None, a, "summary"), css=TEXT),  # rows are marked
        Col(_("next step"), lambda a: shown(None, a, "next_step"), css=TEXT),
        date_col(_("next step due"), "due_on"),
        date_col(_("next step done"), "done_on", order=False),
        Col(_("next step owner"), lambda a: person_name(a.owner)),
    )
    url = staticmethod(_project_url)


class FundingTable(Table):
    columns = (
        Col(_("project"), lambda f: f.project_name, link=True),
        Col(_("kind"), lambda f: f.get_kind_display(), order="kind"),
        money_col(_("amount (10k yuan)"), "amount"),
        date_col(_("date"), "dated_on"),
        Col(_("source"), lambda f: f.get_source_display()),
        Col(
            _("investor"),
            lambda f: "" if f.hides_project or f.investor is None else f.investor.name,
        ),
        Col(_("source name"), lambda f: shown(None, f, "source_name")),
    )
    url = staticmethod(_project_url)
