"""Saved drafts of reports: a draft made from the records and saved for people to edit
(``ReportDraft``), every save of it a numbered version with its author and time
(``DraftVersion``), and the confidential projects a draft drafted for insiders names
by their real names (``DraftSecret``).

Who may read a saved draft is decided where every read is decided, in its queryset's
``visible_to``: the committee of its park (leaders read, staff and administrators
edit), and of a draft drafted for insiders only the users who are insiders of every
confidential project it names. A secret whose project was deleted hides the draft from
everyone (fail closed)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import COMMITTEE_ROLES, Action
from parkbase.core.models import Park, ScopedModel, VersionedModel
from parkbase.core.scoping import SUBQUERY, ScopedQuerySet
from parkbase.projects.models import Project
from parkbase.projects.models.common import secret_projects
from parkbase.reports.drafts.choices import Audience, DraftKind, VersionKind

USER = settings.AUTH_USER_MODEL


class DraftQuerySet(ScopedQuerySet):
    """``visible_to`` also leaves out the drafts that name, by its real name, a
    confidential project the user is outside of (or one that no longer exists)."""

    draft_path = ""  # the lookup path from the model to its ReportDraft

    def visible_to(self, user, action: str = Action.VIEW):
        queryset = super().visible_to(user, action)
        secrets = DraftSecret.objects.unscoped(SUBQUERY).filter(
            Q(project__isnull=True) | Q(project__in=secret_projects(user).values("pk")),
            draft_id=OuterRef(f"{self.draft_path}pk"),
        )
        return queryset.exclude(Exists(secrets))


class VersionQuerySet(DraftQuerySet):
    draft_path = "draft__"


class ReportDraft(VersionedModel):
    """A report saved for editing. ``version`` (the optimistic lock every save checks
    and moves on) is the number of its latest version: each save is one."""

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="report_drafts", verbose_name=_("park")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DraftKind.choices, default=DraftKind.ANNUAL
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    audience = models.CharField(
        _("drafted for"), max_length=20, choices=Audience.choices, default=Audience.OUTSIDERS
    )
    created_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted"), auto_now_add=True)

    objects = DraftQuerySet.as_manager()
    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = COMMITTEE_ROLES

    class Meta:
        verbose_name = _("saved report draft")
        verbose_name_plural = _("saved report drafts")
        ordering = ["park", "-year", "-id"]
        indexes = [models.Index(fields=["park", "kind", "year"], name="report_draft_park_year")]

    def __str__(self):
        return self.title

    @property
    def current(self) -> int:
        """The number of its latest version."""
        return self.version


class DraftVersion(ScopedModel):
    """One save of a draft, as it was saved: never changed afterwards (the draft's
    own history names who moved it on to each version)."""

    draft = models.ForeignKey(
        ReportDraft, models.CASCADE, related_name="versions", verbose_name=_("draft")
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("how"), max_length=20, choices=VersionKind.choices)
    content = models.JSONField(_("content"))
    author = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("saved by")
    )
    saved_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = VersionQuerySet.as_manager()
    scope_park_path = "draft__park__"
    scope_enterprise_path = None
    scope_roles = COMMITTEE_ROLES

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_unique")
        ]

    def __str__(self):
        return f"{self.draft} · {self.number}"


class DraftSecret(ScopedModel):
    """A confidential project a draft drafted for insiders may name by its real name:
    only its insiders read the draft. The code name is kept to say whom the draft is
    for; a project deleted leaves the row without its project, and the draft hidden."""

    draft = models.ForeignKey(
        ReportDraft, models.CASCADE, related_name="secrets", verbose_name=_("draft")
    )
    project = models.ForeignKey(
        Project, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    code_name = models.CharField(_("code name"), max_length=100)

    objects = ScopedQuerySet.as_manager()
    scope_park_path = "draft__park__"
    scope_enterprise_path = None
    scope_roles = COMMITTEE_ROLES

    class Meta:
        verbose_name = _("confidential project named")
        verbose_name_plural = _("confidential projects named")
        ordering = ["draft", "code_name"]

    def __str__(self):
        return self.code_name
