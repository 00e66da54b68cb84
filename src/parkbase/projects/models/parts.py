"""The records that hang off a project: its investors, moves, activities, blockers,
funding, and the loss with where it went."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from parkbase.core.models import ScopedModel, VersionedModel
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    InvestorRole,
    LossReason,
    PlaceLevel,
    ProjectStatus,
)
from parkbase.projects.engine import FundRecord
from parkbase.projects.models.common import MONEY, PROJECT_ROLES, USER, Shown, _part_queryset
from parkbase.projects.models.investors import Investor
from parkbase.projects.models.pipeline import Stage
from parkbase.projects.models.project import Project


class ProjectPart(ScopedModel):
    """What every record that hangs off a project shares: its scope, its project's
    shown name, and need-to-know: its revealing fields (``need_to_know_fields``) are
    hidden from the outsiders of a confidential project."""

    scope_park_path = "project__park__"
    scope_enterprise_path = None
    scope_roles = PROJECT_ROLES
    need_to_know_path = "project__"
    need_to_know_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def project_name(self) -> str:
        return Shown.name_of(self.project, getattr(self, "insider", False))

    @property
    def hides_project(self) -> bool:
        return Shown.hides(self.project, getattr(self, "insider", False))


class ProjectInvestor(ProjectPart):
    need_to_know_fields = ("note",)

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="investor_links", verbose_name=_("project")
    )
    investor = models.ForeignKey(
        Investor, models.PROTECT, related_name="project_links", verbose_name=_("investor")
    )
    role = models.CharField(
        _("role"), max_length=20, choices=InvestorRole.choices, default=InvestorRole.LEAD
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("project investor")
        verbose_name_plural = _("project investors")
        ordering = ["project", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "investor"], name="project_investor_unique")
        ]

    def __str__(self):
        return f"{self.project_name} · {self.investor}"


class StageChange(ProjectPart):
    """One move of a project: into a stage, or to a status (paused, lost…). The time a
    project spent in a stage is the time between its moves."""

    need_to_know_fields = ("note",)

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="stage_changes", verbose_name=_("project")
    )
    stage = models.ForeignKey(Stage, models.PROTECT, related_name="+", verbose_name=_("stage"))
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices)
    changed_on = models.DateField(_("date"))
    entered = models.BooleanField(
        _("entered the stage"),
        default=True,
        help_text=_("A move into the stage; a pause or a reopening in it is not."),
    )
    left_on = models.DateField(_("left the stage on"), null=True, blank=True)
    days = models.PositiveIntegerField(_("days in the stage"), null=True, blank=True)
    user = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["project", "changed_on", "id"]
        indexes = [
            models.Index(fields=["project", "changed_on"], name="stage_change_project"),
            models.Index(fields=["stage", "days"], name="stage_change_days"),
        ]

    def __str__(self):
        return f"{self.project_name} · {self.stage} · {self.changed_on}"


class Activity(ProjectPart, VersionedModel):
    """A visit, call, meeting, report or request to superiors, with its next step."""

    need_to_know_fields = ("summary", "participants", "next_step")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="activities", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(_("what happened"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    due_on = models.DateField(_("next step due"), null=True, blank=True)
    done_on = models.DateField(_("next step done"), null=True, blank=True)
    owner = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_tasks",
        verbose_name=_("next step owner"),
    )
    created_by = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["project", "occurred_on"], name="activity_project"),
            models.Index(fields=["owner", "done_on", "due_on"], name="activity_tasks"),
        ]

    def __str__(self):
        return f"{self.project_name} · {self.get_kind_display()} · {self.occurred_on}"


class Blocker(ProjectPart, VersionedModel):
    """What stops a project (land approval, policy, money…), who must act, by when,
    and how far up it has been escalated (督办)."""

    # a blocker is also secret when the land approval it waits for serves a secret project
    need_to_know_path = ("project__", "approval__project_link__project__")
    need_to_know_fields = ("description", "resolution")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="blockers", verbose_name=_("project")
    )
    category = models.CharField(_("category"), max_length=20, choices=BlockerCategory.choices)
    description = models.TextField(pgettext_lazy("blocker", "description"))
    authority = models.CharField(
        _("authority that must act"), max_length=200, help_text=_("e.g. 市自然资源局")
    )
    raised_on = models.DateField(_("raised on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BlockerStatus.choices, default=BlockerStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    owner = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    approval = models.ForeignKey(
        "land.Approval",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="blockers",
        verbose_name=_("waits for the land approval"),
    )

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("blocker")
        verbose_name_plural = _("blockers")
        ordering = ["raised_on", "id"]
        indexes = [models.Index(fields=["status", "raised_on"], name="blocker_board")]

    def __str__(self):
        return f"{self.project_name} · {self.get_category_display()}"


class Funding(ProjectPart):
    need_to_know_fields = ("source_name", "event", "note")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="funding", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FundKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    dated_on = models.DateField(_("date"))
    source = models.CharField(
        pgettext_lazy("funding", "source"), max_length=20, choices=FundSource.choices
    )
    investor = models.ForeignKey(
        Investor,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="funding",
        verbose_name=_("investor"),
    )
    source_name = models.CharField(
        _("source name"), max_length=200, blank=True, help_text=_("e.g. 市医药有限公司, 市财政")
    )
    event = models.CharField(
        _("promotion event"),
        max_length=200,
        blank=True,
        help_text=_("Where the figure was announced; a project counts once however many."),
    )
    over_contract_confirmed = models.BooleanField(
        _("confirmed above the contracted amount"), default=False
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        ordering = ["project", "dated_on", "id"]
        indexes = [
            models.Index(fields=["kind", "dated_on"], name="funding_kind_date"),
            # a project's statements of a kind by date: the latest, the first
            models.Index(fields=["project", "kind", "dated_on"], name="funding_project_kind_date"),
        ]

    def __str__(self):
        return f"{self.project_name} · {self.get_kind_display()} {self.amount}"

    @property
    def funder(self) -> str:
        """Whose money a statement is about (see ``engine.statement_key``)."""
        if self.investor_id:
            return f"investor:{self.investor_id}"
        return f"{self.source}:{self.source_name.strip()}"

    def as_record(self) -> FundRecord:
        return FundRecord(
            self.project_id, self.kind, self.amount, self.dated_on, self.funder, self.source
        )


class Loss(ProjectPart):
    """Why a lost project (流失) went, where to, and what would have kept it."""

    need_to_know_fields = ("detail", "would_have_kept")

    project = models.OneToOneField(
        Project, models.CASCADE, related_name="loss", verbose_name=_("project")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=LossReason.choices)
    detail = models.TextField(_("what happened"), blank=True)
    lost_on = models.DateField(_("lost on"))
    would_have_kept = models.TextField(_("what would have kept it"), blank=True)
    history = HistoricalRecords()

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("lost project")
        verbose_name_plural = _("lost projects")
        ordering = ["-lost_on", "id"]

    def __str__(self):
        return f"{self.project_name} · {self.get_reason_display()}"


class LossDestination(ScopedModel):
    """Where (part of) a lost project went; a project may go to several places."""

    loss = models.ForeignKey(
        Loss, models.CASCADE, related_name="destinations", verbose_name=_("lost project")
    )
    place = models.CharField(_("destination"), max_length=100, help_text=_("e.g. 东陵区"))
    level = models.CharField(_("level"), max_length=20, choices=PlaceLevel.choices)
    winner = models.CharField(_("competitor or winner"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = _part_queryset("loss__project__").as_manager()
    scope_park_path = "loss__project__park__"
    scope_enterprise_path = None
    scope_roles = PROJECT_ROLES

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["loss", "id"]

    def __str__(self):
        return self.place

    @property
    def project_name(self) -> str:
        return Shown.name_of(self.loss.project, getattr(self, "insider", False))
