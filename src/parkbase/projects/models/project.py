"""The investment project and the milestone dates it goes through."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from parkbase.core.models import Department, Park
from parkbase.enterprises.models import Enterprise
from parkbase.projects.choices import KeyLevel, LandMode, ProjectSource, ProjectStatus
from parkbase.projects.models.common import MONEY, USER, ParkRecord, ProjectQuerySet, Shown
from parkbase.projects.models.investors import Investor
from parkbase.projects.models.pipeline import Stage

# The milestone dates of a project, in the order they normally come.
MILESTONES = (
    "first_contact_on",
    "screened_on",
    "framework_signed_on",
    "signed_on",
    "registered_on",
    "land_paid_on",
    "approved_on",
    "construction_started_on",
    "completed_on",
    "production_on",
    "capacity_on",
    "in_statistics_on",
)


class Project(ParkRecord):
    park = models.ForeignKey(Park, models.PROTECT, related_name="projects", verbose_name=_("park"))
    name = models.CharField(_("name"), max_length=200)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only its insiders see the real name, investors and description."),
    )
    code_name = models.CharField(_("code name"), max_length=100, blank=True)
    insiders = models.ManyToManyField(
        USER, blank=True, related_name="confidential_projects", verbose_name=_("insiders")
    )
    description = models.TextField(pgettext_lazy("project", "description"), blank=True)
    industry_code = models.CharField(_("industry code"), max_length=4, blank=True)
    stage = models.ForeignKey(
        Stage, models.PROTECT, related_name="projects", verbose_name=_("stage")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    stage_since = models.DateField(_("in this stage since"))
    furthest_order = models.PositiveSmallIntegerField(
        _("furthest stage reached (order)"), default=0, editable=False
    )
    investors = models.ManyToManyField(
        Investor,
        through="ProjectInvestor",
        related_name="projects",
        blank=True,
        verbose_name=_("investors"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("registered enterprise"),
    )
    total_investment = models.DecimalField(
        _("total investment (yuan)"), **MONEY, null=True, blank=True
    )
    fixed_investment = models.DecimalField(
        _("fixed-asset investment (yuan)"), **MONEY, null=True, blank=True
    )
    contracted_amount = models.DecimalField(
        _("contracted amount (yuan)"), **MONEY, null=True, blank=True
    )
    land_area = models.DecimalField(
        _("land needed (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    land_mode = models.CharField(
        _("land mode"), max_length=20, choices=LandMode.choices, blank=True
    )
    promised_investment_per_mu = models.DecimalField(
        _("promised investment per mu (yuan)"), **MONEY, null=True, blank=True
    )
    promised_tax_per_mu = models.DecimalField(
        _("promised tax per mu (yuan)"), **MONEY, null=True, blank=True
    )
    expected_output = models.DecimalField(
        _("expected annual output (yuan)"), **MONEY, null=True, blank=True
    )
    expected_tax = models.DecimalField(
        _("expected annual tax (yuan)"), **MONEY, null=True, blank=True
    )
    expected_jobs = models.PositiveIntegerField(_("expected jobs"), null=True, blank=True)
    key_level = models.CharField(
        _("key-project level"), max_length=20, choices=KeyLevel.choices, blank=True
    )
    source = models.CharField(
        pgettext_lazy("project", "source"), max_length=20, choices=ProjectSource.choices, blank=True
    )
    referrer = models.CharField(_("referrer or event"), max_length=200, blank=True)
    officer = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer_projects",
        verbose_name=_("responsible officer"),
    )
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("responsible department"),
    )
    first_contact_on = models.DateField(_("first contact"))
    screened_on = models.DateField(_("screened"), null=True, blank=True)
    framework_signed_on = models.DateField(_("framework agreement signed"), null=True, blank=True)
    signed_on = models.DateField(_("contract signed"), null=True, blank=True)
    registered_on = models.DateField(_("company registered"), null=True, blank=True)
    land_paid_on = models.DateField(_("land or premises paid"), null=True, blank=True)
    approved_on = models.DateField(_("approvals complete"), null=True, blank=True)
    construction_started_on = models.DateField(_("construction started"), null=True, blank=True)
    completed_on = models.DateField(_("construction completed"), null=True, blank=True)
    production_on = models.DateField(_("production started"), null=True, blank=True)
    capacity_on = models.DateField(_("at capacity"), null=True, blank=True)
    in_statistics_on = models.DateField(_("in the statistics"), null=True, blank=True)
    landed_on = models.DateField(_("landed"), null=True, blank=True, editable=False)
    issues = models.TextField(_("issues needing coordination"), blank=True)
    created_by = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[insiders])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-first_contact_on", "-id"]
        indexes = [
            models.Index(fields=["park", "stage", "status"], name="project_stage_status"),
            models.Index(fields=["park", "status", "key_level"], name="project_status_key"),
        ]

    def __str__(self):
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The real name for insiders; the code name for everyone else (and wherever
        the row did not come through ``visible_to``)."""
        return Shown.name_of(self, getattr(self, "insider", False))

    @property
    def hides_details(self) -> bool:
        """Whether the reader is kept from the real name and details (an outsider of a
        confidential project, or a row that did not come through ``visible_to``)."""
        return Shown.hides(self, getattr(self, "insider", False))

    @property
    def is_open(self) -> bool:
        return self.status in (ProjectStatus.ACTIVE, ProjectStatus.PAUSED)
