from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core.tables import Col, Table, date_col


class CampaignTable(Table):
    columns = (
        Col(_("name"), lambda c: c.name, order="name", link=True, css="text-nowrap"),
        Col(_("survey year"), lambda c: c.year, order="year"),
        Col(_("status"), lambda c: c.get_status_display(), order="status"),
        date_col(_("start date"), "started_on"),
        Col(_("teams"), lambda c: c.team_count, css="text-end"),
        Col(_("enterprises"), lambda c: c.assignment_count, css="text-end"),
        Col(_("verified"), lambda c: c.verified_count, css="text-end"),
    )

    @staticmethod
    def url(c):
        return reverse("campaign-detail", args=[c.pk])


def _flag_count(a):
    response = getattr(a, "response", None)
    return len(response.flags) if response is not None and response.flags else ""


class AssignmentTable(Table):
    columns = (
        Col(_("enterprise"), lambda a: a.enterprise.name, order="enterprise", link=True),
        Col(
            _("phase"),
            lambda a: str(a.enterprise.phase or ""),
            order="phase",
        ),
        Col(
            _("supervising department"),
            lambda a: a.enterprise.department.name if a.enterprise.department else "",
            order="department",
        ),
        Col(_("team"), lambda a: a.team.name, order="team", css="text-nowrap"),
        Col(_("status"), lambda a: a.get_status_display(), order="status", css="text-nowrap"),
        date_col(_("visit date"), "visited_on"),
        Col(pgettext_lazy("survey form", "flags"), _flag_count, css="text-end"),
        Col(_("campaign"), lambda a: a.campaign.name, css="text-nowrap small"),
    )

    @staticmethod
    def url(a):
        return reverse("assignment-detail", args=[a.pk])


def _short(text, length=40):
    return text if len(text) <= length else text[: length - 1] + "…"


class ConcernTable(Table):
    columns = (
        date_col(_("raised on"), "raised_on"),
        Col(_("enterprise"), lambda c: c.enterprise.name, order="enterprise", css="text-nowrap"),
        Col(_("category"), lambda c: c.get_category_display(), order="category"),
        Col(pgettext_lazy("concern", "description"), lambda c: _short(c.description), link=True),
        Col(
            _("responsible department"),
            lambda c: c.department.name if c.department else "",
            order="department",
        ),
        date_col(_("due date"), "due_on"),
        Col(_("status"), lambda c: c.get_status_display(), order="status", css="text-nowrap"),
        Col(_("overdue"), lambda c: "⚠" if c.is_overdue else "", css="text-danger text-center"),
    )

    @staticmethod
    def url(c):
        return reverse("concern-detail", args=[c.pk])
