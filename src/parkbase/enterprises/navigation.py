"""The search page (the navbar's box) and the to-do page: what a text finds and what
waits for the user, each group through the user's scoped querysets. Enterprises and
people are found here; the apps above add their groups and panels through
``core.contributions`` (``SEARCH_RESULTS``, ``TODO_PANELS``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import contributions
from parkbase.core.choices import Role
from parkbase.core.contributions import SEARCH_ROWS
from parkbase.core.filtersets import text_search
from parkbase.core.models import User
from parkbase.core.selectors import is_administrator
from parkbase.core.views import ScopedMixin
from parkbase.enterprises.models import Enterprise

#: the roles that find the park's people
SEE_PEOPLE = (Role.ADMIN, Role.LEADER, Role.STAFF)
MAX_TEXT = 100


def enterprise_group(user, text: str) -> dict:
    found = text_search(Enterprise.objects.visible_to(user), text, "name", code_prefix="uscc")
    rows = found.select_related("phase").order_by("name", "id")[:SEARCH_ROWS]
    return {
        "key": "enterprises",
        "label": _("Enterprises"),
        "count": found.count(),
        "rows": [
            (
                e.name,
                reverse("enterprise-detail", args=[e.pk]),
                " · ".join(filter(None, (e.uscc, str(e.phase or "")))),
            )
            for e in rows
        ],
        "more_url": f"{reverse('enterprise-list')}?{urlencode({'q': text})}",
        "order": 10,
    }


def people_group(user, text: str) -> dict | None:
    """The park's users whose name or username holds ``text``, for the committee."""
    if not (user.is_superuser or getattr(user, "role", None) in SEE_PEOPLE):
        return None
    condition = Q()
    for field in ("username", "first_name", "last_name"):
        condition |= Q(**{f"{field}__icontains": text})
    found = User.objects.visible_to(user).filter(condition, is_active=True)
    rows = found.select_related("department", "enterprise").order_by("username", "id")
    linked = is_administrator(user)
    return {
        "key": "people",
        "label": _("People"),
        "count": found.count(),
        "rows": [
            (
                person.get_full_name() or person.username,
                reverse("manage-user-edit", args=[person.pk]) if linked else "",
                " · ".join(
                    str(part)
                    for part in (
                        person.username,
                        person.get_role_display(),
                        person.department.name if person.department else "",
                        person.enterprise.name if person.enterprise else "",
                    )
                    if part
                ),
            )
            for person in rows[:SEARCH_ROWS]
        ],
        "more_url": f"{reverse('manage-users')}?{urlencode({'q': text})}" if linked else "",
        "order": 90,
    }


class SearchView(ScopedMixin, TemplateView):
    """``/search/?q=…``: enterprises, projects, parcels and people, grouped."""

    template_name = "enterprises/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        text = self.request.GET.get("q", "").strip()[:MAX_TEXT]
        groups = []
        if text:
            groups = [
                enterprise_group(user, text),
                *contributions.SEARCH_RESULTS(user, text),
                people_group(user, text),
            ]
            groups = sorted((g for g in groups if g is not None), key=lambda g: g["order"])
        context.update(
            title=_("Search"),
            q=text,
            groups=groups,
            total=sum(g["count"] for g in groups),
        )
        return context


class TodoView(ScopedMixin, TemplateView):
    """``/todo/``: what waits for the user across the modules."""

    template_name = "enterprises/todo.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        panels = sorted(contributions.TODO_PANELS(self.request.user), key=lambda p: p["order"])
        context.update(
            title=_("To do"),
            panels=panels,
            total=sum(p["count"] for p in panels),
        )
        return context
