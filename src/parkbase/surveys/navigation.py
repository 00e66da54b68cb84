"""What surveys adds to the to-do page (``core.contributions``, provided in
``SurveysConfig.ready``): the concerns waiting for a department or for the committee
to route them, the visits a survey member's teams have still to make, and the filled
survey forms the committee has still to verify."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from parkbase.core import clock
from parkbase.core.choices import Role
from parkbase.core.contributions import TODO_ROWS
from parkbase.surveys.choices import AssignmentStatus
from parkbase.surveys.models import Assignment, Concern
from parkbase.surveys.selectors import CONCERN_OPEN

COMMITTEE = (Role.ADMIN, Role.STAFF)


def _role(user):
    return Role.ADMIN if user.is_superuser else getattr(user, "role", None)


def _concern_panel(concerns, key, label, more_url, order) -> dict:
    today = clock.today()
    rows = concerns.select_related("enterprise").order_by(
        F("due_on").asc(nulls_last=True), "raised_on", "id"
    )[:TODO_ROWS]
    return {
        "key": key,
        "label": label,
        "count": concerns.count(),
        "dated": True,
        "rows": [
            {
                "name": c.enterprise.name,
                "url": reverse("concern-detail", args=[c.pk]),
                "detail": f"{c.get_category_display()} · {Truncator(c.description).chars(50)}",
                "due_on": c.due_on,
                "late": c.due_on is not None and c.due_on < today,
            }
            for c in rows
        ],
        "more_url": more_url,
        "order": order,
    }


def _open_query(**more) -> str:
    return urlencode([("status", s) for s in CONCERN_OPEN] + list(more.items()))


def department_concerns_panel(user) -> dict | None:
    """The open concerns routed to the user's department, the earliest due first."""
    if _role(user) != Role.DEPARTMENT or not user.department_id:
        return None
    concerns = Concern.objects.visible_to(user).filter(
        department_id=user.department_id, status__in=CONCERN_OPEN
    )
    more = f"{reverse('concern-list')}?{_open_query(department=user.department_id)}"
    return _concern_panel(concerns, "concerns", _("Concerns routed to you"), more, 20)


def unrouted_concerns_panel(user) -> dict | None:
    """Open concerns no department handles yet: the committee routes them."""
    if _role(user) not in COMMITTEE:
        return None
    concerns = Concern.objects.visible_to(user).filter(
        department__isnull=True, status__in=CONCERN_OPEN
    )
    more = f"{reverse('concern-list')}?{_open_query()}"
    return _concern_panel(concerns, "unrouted", _("Concerns to route"), more, 20)


def _assignment_panel(assignments, key, label, more_url, order) -> dict:
    rows = assignments.select_related("enterprise", "campaign", "team").order_by(
        "campaign_id", "enterprise__name", "id"
    )[:TODO_ROWS]
    return {
        "key": key,
        "label": label,
        "count": assignments.count(),
        "rows": [
            {
                "name": a.enterprise.name,
                "url": reverse("assignment-detail", args=[a.pk]),
                "detail": f"{a.campaign.name} · {a.team.name}",
                "due_on": None,
                "late": False,
            }
            for a in rows
        ],
        "more_url": more_url,
        "order": order,
    }


def visits_panel(user) -> dict | None:
    """The assignments of the survey member's teams (open campaigns) not visited yet."""
    if _role(user) != Role.SURVEY:
        return None
    assignments = Assignment.objects.visible_to(user).filter(
        team__members=user, status=AssignmentStatus.NOT_VISITED
    )
    more = f"{reverse('assignment-list')}?{urlencode({'status': AssignmentStatus.NOT_VISITED})}"
    return _assignment_panel(assignments, "visits", _("Visits to make"), more, 30)


def verify_panel(user) -> dict | None:
    """Filled survey forms the committee has not verified yet."""
    if _role(user) not in COMMITTEE:
        return None
    assignments = Assignment.objects.visible_to(user).filter(status=AssignmentStatus.FILLED)
    more = f"{reverse('assignment-list')}?{urlencode({'status': AssignmentStatus.FILLED})}"
    return _assignment_panel(assignments, "verify", _("Survey forms to verify"), more, 40)
