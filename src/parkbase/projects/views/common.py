"""What the project pages share: the role gate (only the committee's roles see
projects at all), the park a page works in and confidentiality."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.views import (  # noqa: F401 (the project pages import them from here)
    ScopedMixin,
    as_int,
    current_park,
    error_codes,
    may,
    parks_to_choose,
)
from parkbase.projects.models import Project

SECRET = _("confidential")
CONFIDENTIAL_EDIT = _(
    "This project is confidential: only its insiders may change its data, investors and insiders."
)


def is_insider(project) -> bool:
    """Whether the viewing user may see the project's real name, description and
    investors (rows from ``visible_to`` carry the mark)."""
    return not project.hides_details


class ProjectScopedMixin(ScopedMixin):
    """Projects are the committee's business: other roles find none of their pages
    (404, ScopedMixin, as with land); out-of-scope objects answer 404."""


def project_or_404(request, pk, action: str = Action.VIEW, *related) -> Project:
    project = (
        Project.objects.visible_to(request.user, action)
        .select_related("park", "stage", *related)
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project
