"""What surveys shows on the pages of apps below it, through ``core.contributions``
(provided in ``SurveysConfig.ready``): the enterprise's survey visits and its concerns,
as tabs of the enterprise's page; a department's home panel; the committee's dashboard
card."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core import charts, clock, dashboard
from parkbase.core.choices import Role
from parkbase.core.contributions import Tab
from parkbase.core.scoping import role_sees_model
from parkbase.surveys.choices import AssignmentStatus, CampaignStatus
from parkbase.surveys.models import Assignment, Campaign, Concern
from parkbase.surveys.selectors import CONCERN_OPEN, overdue_q


def assignments_tab(enterprise, user) -> Tab | None:
    """The campaigns that visited (or are to visit) the enterprise, newest first."""
    if not role_sees_model(user, Assignment):
        return None
    assignments = Assignment.objects.visible_to(user).filter(enterprise=enterprise)
    return Tab(
        key="surveys",
        label=_("Survey visits"),
        count=assignments.count(),
        template="surveys/_enterprise_assignments.html",
        context={
            "assignments": assignments.select_related("campaign", "team").order_by(
                "-campaign__year", "-campaign_id", "-id"
            )
        },
        order=30,
    )


def concerns_tab(enterprise, user) -> Tab | None:
    """The enterprise's concerns, newest first, with the department handling each."""
    if not role_sees_model(user, Concern):
        return None
    concerns = Concern.objects.visible_to(user).filter(enterprise=enterprise)
    return Tab(
        key="concerns",
        label=_("Concerns"),
        count=concerns.count(),
        template="surveys/_enterprise_concerns.html",
        context={"concerns": concerns.select_related("department").order_by("-raised_on", "-id")},
        order=35,
    )


def department_home(user) -> dict | None:
    """A department's home: the concerns routed to it, open and overdue, the overdue
    ones listed (oldest due first)."""
    if getattr(user, "role", None) != Role.DEPARTMENT or not user.department_id:
        return None
    routed = Concern.objects.visible_to(user).filter(department_id=user.department_id)
    on = clock.today()
    overdue = routed.filter(overdue_q(on))
    return {
        "template": "surveys/_home_department.html",
        "open": routed.filter(status__in=CONCERN_OPEN).count(),
        "overdue_count": overdue.count(),
        "overdue": overdue.select_related("enterprise").order_by("due_on", "id")[:20],
        "on": on,
    }


def dashboard_card(user) -> dict | None:
    """The committee's card: the latest campaign's assignments by status (each bar opens
    them) and the concerns overdue."""
    if not dashboard.sees_dashboard(user):
        return None
    campaigns = Campaign.objects.visible_to(user)
    campaign = (
        campaigns.filter(status=CampaignStatus.OPEN).order_by("-year", "-id").first()
        or campaigns.order_by("-year", "-id").first()
    )
    overdue = Concern.objects.visible_to(user).filter(overdue_q(clock.today())).count()
    concerns_url = reverse("concern-list")
    figures = [
        dashboard.Figure(_("Concerns overdue"), f"{overdue:,}", f"{concerns_url}?overdue=true")
    ]
    if campaign is None:
        return dashboard.card(
            _("Surveys"),
            url=reverse("campaign-list"),
            figures=figures,
            order=10,
            empty=_("No survey campaign yet."),
        )
    counts = Counter(
        dict(
            Assignment.objects.visible_to(user)
            .filter(campaign=campaign)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    total = sum(counts.values())
    verified = counts.get(AssignmentStatus.VERIFIED, 0)
    assignments = reverse("assignment-list")
    figures.insert(
        0,
        dashboard.Figure(
            _("Verified"),
            f"{verified:,} / {total:,}",
            f"{assignments}?{urlencode({'campaign': campaign.pk, 'status': AssignmentStatus.VERIFIED})}",
        ),
    )
    pairs = [
        {
            "name": str(label),
            "value": counts.get(status, 0),
            "url": f"{assignments}?{urlencode({'campaign': campaign.pk, 'status': status})}",
        }
        for status, label in AssignmentStatus.choices
    ]
    return dashboard.card(
        campaign.name,
        url=reverse("campaign-progress", args=[campaign.pk]),
        figures=figures,
        option=charts.bar(pairs),
        order=10,
    )
