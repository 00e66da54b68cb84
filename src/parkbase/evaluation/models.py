"""Per-mu evaluation (亩均效益评价): schemes (data a user edits), runs of a scheme over
one year, each enterprise's result, objections raised in the notice period, and the
compliance facts that rules such as "non-compliance → D" read."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkbase.core.choices import Action, Role
from parkbase.core.models import Department, Park, ScopedModel, VersionedModel
from parkbase.core.names import in_language
from parkbase.core.scoping import ScopedManager
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation.choices import (
    ComplianceKind,
    DecisionKind,
    DecisionStatus,
    ObjectionStatus,
    PolicyKind,
    RunStatus,
)

USER = settings.AUTH_USER_MODEL
SHOWN_TO_THE_EVALUATED = Q(run__status__in=[RunStatus.NOTICE, RunStatus.PUBLISHED])
EVALUATION_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF, Role.DEPARTMENT, Role.ENTERPRISE)


class Scheme(VersionedModel):
    """A scheme's rules as the documented file format (``definition``); every save is a
    new version in the history, and a run keeps the exact definition it used."""

    park = models.ForeignKey(Park, models.PROTECT, related_name="schemes", verbose_name=_("park"))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = (Role.ADMIN, Role.LEADER, Role.STAFF)  # the evaluated see the run's copy

    class Meta:
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        ordering = ["-year", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["park", "name", "year"], name="scheme_name_year_unique")
        ]

    def __str__(self):
        return f"{self.shown_name} ({self.year})"

    @property
    def shown_name(self) -> str:
        """The name in the page's language (the one held when the other is not)."""
        return in_language(self.name, self.name_en)


class Run(VersionedModel):
    park = models.ForeignKey(
        Park, models.PROTECT, related_name="evaluation_runs", verbose_name=_("park")
    )
    scheme = models.ForeignKey(
        Scheme, models.PROTECT, related_name="runs", verbose_name=_("scheme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    scheme_definition = models.JSONField(_("scheme as used"))
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    notice_ends_on = models.DateField(_("notice period ends"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))
    computed_by = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = EVALUATION_ROLES
    scope_role_filters = {
        Role.DEPARTMENT: Q(status__in=[RunStatus.NOTICE, RunStatus.PUBLISHED]),
        Role.ENTERPRISE: Q(status__in=[RunStatus.NOTICE, RunStatus.PUBLISHED]),
    }

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["-year", "-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "year"],
                condition=Q(status="published"),
                name="one_published_run_per_year",
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.scheme.shown_name} · {self.get_status_display()}"


class Result(ScopedModel):
    """One enterprise in one run. ``klass`` is the class in force: the computed one, or
    the override (with its reason). Empty when ungraded or not evaluated."""

    # no index of their own: (run, enterprise) and (enterprise, run) below serve both,
    # and every index is paid for on each of a run's 100,000 rows
    run = models.ForeignKey(
        Run, models.CASCADE, related_name="results", verbose_name=_("run"), db_index=False
    )
    enterprise = models.ForeignKey(
        Enterprise,
        models.PROTECT,
        related_name="evaluation_results",
        verbose_name=_("enterprise"),
        db_index=False,
    )
    group = models.CharField(_("peer group"), max_length=60, blank=True)
    figures = models.JSONField(_("figures used"), default=dict)
    indicator_values = models.JSONField(_("indicator values"), default=dict)
    scores = models.JSONField(_("scores"), default=dict)
    adjustment = models.FloatField(_("bonus and deduction points"), default=0)
    total = models.FloatField(_("total score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    ranked = models.PositiveIntegerField(_("ranked in group"), null=True, blank=True)
    percentile = models.FloatField(_("percentile"), null=True, blank=True)
    computed_class = models.CharField(_("computed class"), max_length=8, blank=True)
    klass = models.CharField(_("class"), max_length=8, blank=True)
    ungraded_rule = models.CharField(_("not graded because"), max_length=60, blank=True)
    facts = models.JSONField(
        _("explanation facts"),
        default=dict,
        help_text=_("Missing figures, rules that applied: what the explanation is built from."),
    )
    override_reason = models.TextField(_("reason for the class override"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(no_db_index=["run", "enterprise"])

    objects = ScopedManager()
    scope_enterprise_path = "enterprise__"
    scope_park_path = "run__park__"
    scope_roles = EVALUATION_ROLES
    scope_role_filters = {
        Role.DEPARTMENT: SHOWN_TO_THE_EVALUATED,
        Role.ENTERPRISE: SHOWN_TO_THE_EVALUATED,
    }

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["run", "group", "rank", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise"], name="result_run_enterprise")
        ]
        indexes = [
            models.Index(fields=["run", "group", "rank", "enterprise"], name="result_run_rank"),
            models.Index(fields=["run", "klass"], name="result_run_class"),
            models.Index(fields=["enterprise", "run"], name="result_enterprise"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.run.year} · {self.klass or '—'}"

    @property
    def is_overridden(self) -> bool:
        return self.klass != self.computed_class


class Objection(VersionedModel):
    """An enterprise's objection in the notice period (异议): answered, and when accepted
    the corrected figure goes into the yearly data before the run is recomputed."""

    run = models.ForeignKey(Run, models.CASCADE, related_name="objections", verbose_name=_("run"))
    enterprise = models.ForeignKey(
        Enterprise,
        models.PROTECT,
        related_name="evaluation_objections",
        verbose_name=_("enterprise"),
    )
    field = models.CharField(_("figure"), max_length=60, blank=True)
    claim = models.TextField(_("objection"))
    proposed_value = models.DecimalField(
        _("proposed value"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    submitted_by = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    answered_by = models.ForeignKey(
        USER,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    scope_enterprise_path = "enterprise__"
    scope_park_path = "run__park__"
    scope_roles = EVALUATION_ROLES
    scope_role_actions = {Role.ENTERPRISE: {Action.VIEW, Action.ADD}}
    scope_role_filters = {
        Role.DEPARTMENT: SHOWN_TO_THE_EVALUATED,
        Role.ENTERPRISE: SHOWN_TO_THE_EVALUATED,
    }

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["run", "-submitted_at", "-id"]

    def __str__(self):
        return f"{self.enterprise} · {self.get_status_display()}"


class ComplianceRecord(VersionedModel):
    """A fact of one year (a failed pollution check, unapproved sub-letting…) that a
    scheme's rules read as ``flag.<kind>``."""

    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="compliance_records", verbose_name=_("enterprise")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=40, choices=ComplianceKind.choices)
    note = models.TextField(_("note"), blank=True)

    scope_enterprise_path = "enterprise__"
    scope_park_path = "enterprise__park__"
    # inputs the park records about enterprises; the evaluated see their effect on
    # their results, not the register
    scope_roles = (Role.ADMIN, Role.LEADER, Role.STAFF, Role.DEPARTMENT)

    class Meta:
        verbose_name = _("compliance record")
        verbose_name_plural = _("compliance records")
        ordering = ["-year", "enterprise", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "kind"], name="compliance_unique")
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year} {self.get_kind_display()}"


class Decision(VersionedModel):
    """A redevelopment decision (腾笼换鸟) for one enterprise: upgrade, merge, convert,
    transfer or exit, with an owner, milestones, and the land it frees."""

    enterprise = models.ForeignKey(
        Enterprise,
        models.PROTECT,
        related_name="redevelopment_decisions",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PLANNED
    )
    owner = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    department = models.ForeignKey(
        Department,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    basis = models.TextField(
        _("why"),
        blank=True,
        help_text=_("The class, the status or the land use that made it a candidate."),
    )
    decided_on = models.DateField(_("decided on"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    land_freed = models.DecimalField(
        _("land freed (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    parcel = models.ForeignKey(
        "land.Parcel",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("parcel"),
        help_text=_("The parcel whose land the decision frees."),
    )
    counterpart = models.CharField(
        _("counterpart"), max_length=200, blank=True, help_text=_("The buyer, partner or new user.")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_enterprise_path = "enterprise__"
    scope_park_path = "enterprise__park__"
    scope_roles = (Role.ADMIN, Role.LEADER, Role.STAFF, Role.DEPARTMENT)

    class Meta:
        verbose_name = _("redevelopment decision")
        verbose_name_plural = _("redevelopment decisions")
        ordering = ["-decided_on", "-id"]

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()}"


class Milestone(VersionedModel):
    decision = models.ForeignKey(
        Decision, models.CASCADE, related_name="milestones", verbose_name=_("decision")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    scope_enterprise_path = "decision__enterprise__"
    scope_park_path = "decision__enterprise__park__"
    scope_roles = (Role.ADMIN, Role.LEADER, Role.STAFF, Role.DEPARTMENT)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["decision", "due_on", "id"]

    def __str__(self):
        return self.title


class ClassPolicy(VersionedModel):
    """What a class brings in one park and year: an electricity surcharge per kWh
    (by consecutive years in the class), a land-use tax per m², or a quota."""

    park = models.ForeignKey(Park, models.PROTECT, related_name="+", verbose_name=_("park"))
    year = models.PositiveSmallIntegerField(_("year"))
    klass = models.CharField(
        _("class"), max_length=8, help_text=_("A class name, or “-” for not graded.")
    )
    kind = models.CharField(_("policy"), max_length=30, choices=PolicyKind.choices)
    from_consecutive_years = models.PositiveSmallIntegerField(
        _("from consecutive years in the class"), default=1
    )
    rate = models.DecimalField(_("rate"), max_digits=12, decimal_places=4, null=True, blank=True)
    text = models.CharField(_("text"), max_length=300, blank=True)

    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = EVALUATION_ROLES

    class Meta:
        verbose_name = _("class policy")
        verbose_name_plural = _("class policies")
        ordering = ["-year", "klass", "kind", "from_consecutive_years"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "year", "klass", "kind", "from_consecutive_years"],
                name="class_policy_unique",
            )
        ]

    def __str__(self):
        return f"{self.year} {self.klass} {self.get_kind_display()}"
