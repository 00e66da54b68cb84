"""Survey campaigns (企业调查): teams visit the enterprises assigned to them, fill in
the yearly form (pre-filled from last year), and verify it into the yearly figures;
concerns (诉求) raised on the way are routed to a responsible department."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from parkbase.core import clock
from parkbase.core.choices import Action, Role
from parkbase.core.models import Department, Park, Phase, ScopedModel, VersionedModel
from parkbase.core.scoping import ScopedManager
from parkbase.enterprises.models import Enterprise
from parkbase.surveys import engine
from parkbase.surveys.choices import (
    AssignmentStatus,
    CampaignStatus,
    ConcernCategory,
    ConcernStatus,
)

USER = settings.AUTH_USER_MODEL


class Campaign(ScopedModel):
    park = models.ForeignKey(Park, models.PROTECT, related_name="campaigns", verbose_name=_("park"))
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("survey year"), help_text=_("The year whose figures the survey collects.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    started_on = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("Set when the campaign opens.")
    )
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    scope_phases = models.ManyToManyField(
        Phase, blank=True, related_name="+", verbose_name=_("phases in scope")
    )
    scope_departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments in scope")
    )
    scope_enterprises = models.ManyToManyField(
        Enterprise, blank=True, related_name="+", verbose_name=_("chosen enterprises")
    )
    thresholds = models.JSONField(
        _("flag thresholds"),
        default=dict,
        blank=True,
        help_text=_("Overrides of the default thresholds for implausible changes."),
    )
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[scope_phases, scope_departments, scope_enterprises])

    objects = ScopedManager()
    scope_park_path = "park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-year", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["park", "name"], name="campaign_name_unique")
        ]

    def __str__(self):
        return self.name


class Team(ScopedModel):
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="teams", verbose_name=_("campaign")
    )
    name = models.CharField(_("name"), max_length=100)
    leader = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="led_survey_teams",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField(
        USER, blank=True, related_name="survey_teams", verbose_name=_("members")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[members])

    objects = ScopedManager()
    scope_park_path = "campaign__park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("survey team")
        verbose_name_plural = _("survey teams")
        ordering = ["campaign_id", "id"]  # the order they were set up: 一组, 二组, 三组
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="team_name_unique")
        ]

    def __str__(self):
        return self.name


# Survey members and enterprise users work on assignments (visits, the form) even
# though their role is otherwise read-only; which ones is the scope's business.
WORKER_ACTIONS = {
    Role.SURVEY: {Action.VIEW, Action.CHANGE},
    Role.ENTERPRISE: {Action.VIEW, Action.CHANGE},
}


class Assignment(ScopedModel):
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="assignments", verbose_name=_("campaign")
    )
    team = models.ForeignKey(
        Team, models.PROTECT, related_name="assignments", verbose_name=_("team")
    )
    # like its yearly data, an enterprise's survey records go with it (the history stays)
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="survey_assignments", verbose_name=_("enterprise")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.NOT_VISITED,
    )
    visited_on = models.DateField(_("visit date"), null=True, blank=True)
    visitors = models.ManyToManyField(
        USER, blank=True, related_name="survey_visits", verbose_name=_("visitors")
    )
    notes = models.TextField(_("visit notes"), blank=True)
    filled_at = models.DateTimeField(_("filled in"), null=True, blank=True)
    filled_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("filled by")
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[visitors])

    objects = ScopedManager()
    scope_enterprise_path = "enterprise__"
    scope_park_path = "campaign__park__"
    scope_assignment_path = ""
    scope_role_actions = WORKER_ACTIONS

    class Meta:
        verbose_name = _("survey assignment")
        verbose_name_plural = _("survey assignments")
        ordering = ["campaign_id", "team_id", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise"], name="assignment_enterprise_once"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="asg_campaign_status"),
            models.Index(fields=["team", "status"], name="asg_team_status"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.campaign}"


class SurveyResponse(VersionedModel):
    """The filled-in form of one assignment: the figures in canonical units (m², yuan,
    tce, kWh, t), the year they were compared with, and the flags raised then."""

    assignment = models.OneToOneField(
        Assignment, models.CASCADE, related_name="response", verbose_name=_("assignment")
    )
    baseline_year = models.PositiveSmallIntegerField(_("compared with year"), null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    flags = models.JSONField(
        pgettext_lazy("survey form", "flags"), default=list, blank=True, encoder=DjangoJSONEncoder
    )
    filled_by_enterprise = models.BooleanField(_("filled in by the enterprise"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_enterprise_path = "assignment__enterprise__"
    scope_park_path = "assignment__campaign__park__"
    scope_assignment_path = "assignment__"
    scope_role_actions = {
        Role.SURVEY: {Action.VIEW, Action.ADD, Action.CHANGE},
        Role.ENTERPRISE: {Action.VIEW, Action.ADD, Action.CHANGE},
    }

    class Meta:
        verbose_name = _("survey form")
        verbose_name_plural = _("survey forms")

    def __str__(self):
        return str(self.assignment)


class Concern(VersionedModel):
    """An enterprise's concern (诉求), raised in a visit or by the enterprise itself,
    routed to the department responsible for handling it."""

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="concerns", verbose_name=_("enterprise")
    )
    assignment = models.ForeignKey(
        Assignment,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("raised in visit"),
    )
    category = models.CharField(_("category"), max_length=20, choices=ConcernCategory.choices)
    description = models.TextField(pgettext_lazy("concern", "description"))
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("responsible department"),
    )
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("raised by")
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_enterprise_path = "enterprise__"
    scope_park_path = "enterprise__park__"
    scope_department_path = "department__"
    scope_role_actions = {
        Role.SURVEY: {Action.VIEW, Action.ADD},
        Role.ENTERPRISE: {Action.VIEW, Action.ADD},
        Role.DEPARTMENT: {Action.VIEW, Action.CHANGE},
    }

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-raised_on", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="concern_status_due"),
            models.Index(fields=["department", "status"], name="concern_dept_status"),
            models.Index(fields=["category", "status"], name="concern_category_status"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.get_category_display()}"

    @property
    def is_overdue(self) -> bool:
        return engine.is_overdue(self.status, self.due_on, clock.today())
