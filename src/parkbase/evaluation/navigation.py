"""What evaluation adds to the to-do page (``core.contributions``, provided in
``EvaluationConfig.ready``): the objections the committee has still to answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.contributions import TODO_ROWS
from parkbase.core.scoping import role_allows, role_sees_model
from parkbase.evaluation.choices import ObjectionStatus
from parkbase.evaluation.models import Objection


def objections_panel(user) -> dict | None:
    """Open objections, the oldest first, for those who answer them."""
    if not role_sees_model(user, Objection) or not role_allows(user, Action.CHANGE, Objection):
        return None
    waiting = Objection.objects.visible_to(user, Action.CHANGE).filter(status=ObjectionStatus.OPEN)
    rows = waiting.select_related("enterprise", "run").order_by("submitted_at", "id")[:TODO_ROWS]
    return {
        "key": "objections",
        "label": _("Objections to answer"),
        "count": waiting.count(),
        "rows": [
            {
                "name": o.enterprise.name,
                "url": reverse("evaluation-run", args=[o.run_id]),
                "detail": Truncator(o.claim).chars(60),
                "due_on": None,
                "late": False,
            }
            for o in rows
        ],
        "more_url": "",
        "order": 50,
    }
