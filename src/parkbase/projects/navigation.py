"""What projects adds to the search and to-do pages (``core.contributions``,
provided in ``ProjectsConfig.ready``): the projects a text finds (a confidential
project by its code name only, for its outsiders) and the user's next steps due."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core import clock
from parkbase.core.contributions import SEARCH_ROWS, TODO_ROWS
from parkbase.core.scoping import role_sees_model
from parkbase.projects.models import Activity, Project
from parkbase.projects.selectors.base import NOT_CLOSED


def search_group(user, text: str) -> dict | None:
    """The projects whose name (insiders only) or code name holds ``text``."""
    if not text or not role_sees_model(user, Project):
        return None
    found = Project.objects.visible_to(user).search(text)
    rows = found.select_related("stage").order_by("-first_contact_on", "-id")[:SEARCH_ROWS]
    return {
        "key": "projects",
        "label": _("Investment projects"),
        "count": found.count(),
        "rows": [
            (p.shown_name, reverse("project", args=[p.pk]), f"{p.stage} · {p.get_status_display()}")
            for p in rows
        ],
        "more_url": f"{reverse('projects')}?{urlencode({'q': text})}",
        "order": 20,
    }


def next_steps_panel(user) -> dict | None:
    """The user's own next steps not done that have a due date, the earliest first."""
    if not role_sees_model(user, Activity):
        return None
    steps = (
        Activity.objects.visible_to(user)
        .filter(
            owner_id=user.pk,
            done_on__isnull=True,
            due_on__isnull=False,
            project__status__in=NOT_CLOSED,
        )
        .exclude(next_step="")
    )
    today = clock.today()
    rows = steps.select_related("project").order_by(F("due_on").asc(), "id")[:TODO_ROWS]
    return {
        "key": "next-steps",
        "dated": True,
        "label": _("My next steps"),
        "count": steps.count(),
        "rows": [
            {
                "name": a.project_name,
                "url": reverse("project", args=[a.project_id]),
                "detail": a.next_step if not a.hides_project else "",
                "due_on": a.due_on,
                "late": a.due_on < today,
            }
            for a in rows
        ],
        "more_url": reverse("projects-tasks"),
        "order": 10,
    }
