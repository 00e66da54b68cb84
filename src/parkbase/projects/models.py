"""Investment attraction (招商引资): investors, projects moving through the park's
stages, their activities, blockers, funds and, for lost projects, where they went.

Every model is seen through ``visible_to`` like the rest of the park's data; on top of
that, a confidential project shows its code name instead of its real name to everyone
but its insiders (``ProjectQuerySet``), in every list, page, export and API answer."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from parkbase.core.choices import Action, Role
from parkbase.core.models import Department, Park
from parkbase.core.need_to_know import NeedToKnowQuerySet
from parkbase.core.scoping import ScopedQuerySet
from parkbase.enterprises.models import Enterprise
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    InvestorKind,
    InvestorOrigin,
    InvestorRole,
    KeyLevel,
    LandMode,
    LossReason,
    PlaceLevel,
    ProjectSource,
    ProjectStatus,
)
from parkbase.projects.engine import FundRecord

USER = settings.AUTH_USER_MODEL
PROJECT_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)
MONEY = {"max_digits": 16, "decimal_places": 2}


def insider_q(user, path: str = "") -> Q:
    """Rows whose project the user may see by its real name: not confidential, or the
    user is on its insiders list, is its responsible officer or recorded it."""
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
    return Project.objects.unscoped().filter(confidential=True).exclude(insider_q(user))


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


class ParkRecord(models.Model):
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


class Stage(ParkRecord):
    """One stage of the park's pipeline (线索 → 研判 → … → 入统), in order, with the
    project fields a move into it requires (its gate)."""

    park = models.ForeignKey(Park, models.CASCADE, related_name="stages", verbose_name=_("park"))
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"))
    required_fields = models.JSONField(
        _("required fields"),
        default=list,
        blank=True,
        help_text=_("Project fields that must be filled in before a project enters the stage."),
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        ordering = ["park", "order"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="stage_code_unique"),
        ]

    def __str__(self):
        return self.name


class Pipeline(ParkRecord):
    """The park's pipeline rules: when a project counts as landed, how fast a lead must
    be answered, and when a project without progress is stalled."""

    park = models.OneToOneField(
        Park, models.CASCADE, related_name="pipeline", verbose_name=_("park")
    )
    landed_rule = models.JSONField(
        _("landed when dated"),
        default=list,
        help_text=_("The milestone dates that together make a project landed (落地)."),
    )
    answer_days = models.PositiveSmallIntegerField(_("answer a lead within (days)"), default=1)
    screen_days = models.PositiveSmallIntegerField(_("screen a lead within (days)"), default=3)
    feedback_days = models.PositiveSmallIntegerField(
        _("feed back to the investor within (days)"), default=7
    )
    progress_days = models.PositiveSmallIntegerField(_("report progress every (days)"), default=14)
    talk_after_days = models.PositiveSmallIntegerField(
        _("talk with the investor after (days without progress)"), default=91
    )
    drop_after_days = models.PositiveSmallIntegerField(
        _("propose dropping after (days without progress)"), default=273
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("pipeline rules")
        verbose_name_plural = _("pipeline rules")

    def __str__(self):
        return str(self.park)


class InvestorQuerySet(ScopedQuerySet):
    """Who invests in a confidential project is its insiders' to know: an investor
    that only such projects name is not visible to anyone else (in lists, exports,
    choices and the API alike)."""

    def visible_to(self, user, action: str = Action.VIEW):
        links = ProjectInvestor.objects.unscoped().filter(investor=OuterRef("pk"))
        known = insider_q(user, "project__")
        return (
            super()
            .visible_to(user, action)
            .filter(Exists(links.filter(known)) | ~Exists(links.exclude(known)))
        )


class Investor(ParkRecord):
    park = models.ForeignKey(Park, models.PROTECT, related_name="investors", verbose_name=_("park"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=InvestorKind.choices, default=InvestorKind.COMPANY
    )
    origin = models.CharField(_("origin"), max_length=20, choices=InvestorOrigin.choices)
    region = models.CharField(
        _("region"), max_length=100, blank=True, help_text=_("City, province or country.")
    )
    uscc = models.CharField(_("credit code"), max_length=18, blank=True)
    contact = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["park", "name"], name="investor_name_unique")
        ]

    def __str__(self):
        return self.name


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


class ProjectPart(models.Model):
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


class Activity(ProjectPart):
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

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


class Blocker(ProjectPart):
    """What stops a project (land approval, policy, money…), who must act, by when,
    and how far up it has been escalated (督办)."""

    # a blocker is also secret when the land approval it waits for serves a secret project
    need_to_know_path = ("project__", "approval__project__")
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

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


class LossDestination(models.Model):
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
