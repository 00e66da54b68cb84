"""What the project pages share: the role gate (only the committee's roles see
projects at all), the park a page works in, error display and confidentiality."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.messages import TEMPLATES
from parkbase.core.models import Park
from parkbase.core.scoping import role_allows, role_sees_model
from parkbase.core.views import ScopedMixin
from parkbase.projects.models import Project

STALE = TEMPLATES["stale"]
SECRET = _("confidential")
CONFIDENTIAL_EDIT = _(
    "This project is confidential: only its insiders may change its data, investors and insiders."
)


def as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def may(user, action: str, model) -> bool:
    return role_allows(user, action, model) and role_sees_model(user, model)


def add_errors(form, exc: ValidationError) -> None:
    """A service's field-keyed errors next to their fields; errors of fields the form
    does not have (each names its field) above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def error_codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


def is_insider(project) -> bool:
    """Whether the viewing user may see the project's real name, description and
    investors (rows from ``visible_to`` carry the mark)."""
    return not project.hides_details


def current_park(request, park_id=None):
    """The park a page works in: the user's own; for users of no park (administrators)
    the one asked for (``?park=``) among those they see, else the first."""
    user = request.user
    if user.park_id:
        return user.park
    parks = Park.objects.visible_to(user).order_by("code")
    wanted = as_int(park_id if park_id is not None else request.GET.get("park"))
    park = parks.filter(pk=wanted).first() if wanted else None
    park = park or parks.first()
    if park is None:
        raise Http404
    return park


def parks_to_choose(request):
    """The parks a user of no park can switch between (empty for everyone else)."""
    if request.user.park_id:
        return []
    return list(Park.objects.visible_to(request.user).order_by("code"))


class ProjectScopedMixin(ScopedMixin):
    """Projects are the committee's business: other roles get 403 at the door (and
    their querysets are empty anyway); out-of-scope objects answer 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not role_sees_model(request.user, self.model):
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)


class PostChangesMixin:
    """GET views, POST changes: the role must allow ``change`` for a POST."""

    post_action = Action.CHANGE

    def required_action(self) -> str:
        return self.post_action if self.request.method == "POST" else self.action


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
