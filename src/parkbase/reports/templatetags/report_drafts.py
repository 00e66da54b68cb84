"""``{% draft_save year park park_query %}``: on the year's draft, the button that saves
it for editing (with the choice of whom it is for, for an insider of a confidential
project) and the link to the year's saved drafts; nothing for a reader who may do
neither."""

from django import template

from parkbase.core.choices import Action
from parkbase.core.views import may
from parkbase.reports.drafts import selectors
from parkbase.reports.drafts.services import insider_projects
from parkbase.reports.models import ReportDraft

register = template.Library()


@register.inclusion_tag("reports/drafts/_save.html", takes_context=True)
def draft_save(context, year: int, park, park_query: str = ""):
    user = context["request"].user
    if not may(user, Action.VIEW, ReportDraft):
        return {}
    can_add = may(user, Action.ADD, ReportDraft)
    insiders = [p.code_name for p in insider_projects(park, user)] if can_add else []
    return {
        "can_add": can_add,
        "saved": selectors.drafts(user, park, year).count(),
        "insiders": insiders,
        "year": year,
        "park_query": park_query,
        "csrf_token": context.get("csrf_token"),
    }
