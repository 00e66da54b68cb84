"""What the pipeline's models share: the roles that see them, their park scope, the
insider rule (who sees a confidential project's real name) and the querysets that mark
it on every row."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action, Role
from parkbase.core.models import ScopedModel
from parkbase.core.need_to_know import NeedToKnowQuerySet
from parkbase.core.scoping import SUBQUERY

USER = settings.AUTH_USER_MODEL
PROJECT_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)
MONEY = {"max_digits": 16, "decimal_places": 2}


def insider_q(user, path: str = "") -> Q:
    """Rows whose project the user may see by its real name: not confidential, or the
    user is on its insiders list, is its responsible officer or recorded it."""
    from parkbase.projects.models.project import Project  # the project's module imports this one

    if user is None or not getattr(user, "is_authenticated", False):
        return Q(**{f"{path}confidential": False})
    listed = Exists(
        Project.insiders.through.objects.filter(project_id=OuterRef(f"{path}id"), user_id=user.pk)
    )
    return (
        Q(**{f"{path}confidential": False})
        | Q(**{f"{path}officer_id": user.pk})
        | Q(**{f"{path}created_by_id": user.pk})
        | Q(listed)
    )


def secret_projects(user):
    """The confidential projects ``user`` is outside of (all of them for no user): the
    rule need-to-know applies to every record linked to one (``core.need_to_know``)."""
    from parkbase.projects.models.project import Project  # the model needs this module

    return Project.objects.unscoped(SUBQUERY).filter(confidential=True).exclude(insider_q(user))


class ProjectQuerySet(NeedToKnowQuerySet):
    """``visible_to`` also marks, per row, whether the user is an insider of the row's
    project (``insider``); names are shown from that mark, so the scoping method is
    also the one place that decides who sees a confidential project's real name. Rows
    of a model that declares ``need_to_know_path`` are marked ``need_to_know_label``
    too (``core.need_to_know``)."""

    project_path = ""  # the lookup path from the model to its Project

    def visible_to(self, user, action: str = Action.VIEW):
        return (
            super()
            .visible_to(user, action)
            .annotate(
                insider=Case(
                    When(insider_q(user, self.project_path), then=Value(True)),
                    default=Value(False),
                    output_field=models.BooleanField(),
                )
            )
        )

    def search(self, text: str):
        """Name search that never matches a confidential project's real name for an
        outsider: real names only where ``insider`` is true, code names always."""
        text = (text or "").strip()
        if not text:
            return self
        p = self.project_path
        condition = Q(**{f"{p}code_name__icontains": text})
        if "insider" in self.query.annotations:
            condition |= Q(insider=True, **{f"{p}name__icontains": text})
        return self.filter(condition)


def _part_queryset(path: str):
    return type(
        f"ProjectPartQuerySet_{path.strip('_')}", (ProjectQuerySet,), {"project_path": path}
    )


class ParkRecord(ScopedModel):
    """What the park-wide records of the pipeline share: their scope."""

    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = PROJECT_ROLES

    class Meta:
        abstract = True


class Shown:
    """What of a confidential project the reading user may see: the one rule every
    page, export and API answer applies."""

    @staticmethod
    def hides(project, insider: bool) -> bool:
        """The real name, description, referrer and investors are withheld."""
        return project.confidential and not insider

    @staticmethod
    def name_of(project, insider: bool) -> str:
        if Shown.hides(project, insider):
            return project.code_name or str(_("(confidential project)"))
        return project.name
