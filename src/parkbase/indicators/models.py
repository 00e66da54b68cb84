"""Indicators, their targets and the values entered by hand; the park's responsible
units (its bureaus) that targets are split across; the key tasks of the year's plan.

All of it is park-level data: administrators, the park's leaders and staff see it
(leaders read); a department or enterprise user finds none of it."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Role
from parkbase.core.models import Park, VersionedModel
from parkbase.indicators.choices import (
    CanonicalUnit,
    Computation,
    Direction,
    KeyTaskStatus,
    MonthlyField,
    TargetKind,
    ValueSource,
)

INDICATOR_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)
VALUE = {"max_digits": 20, "decimal_places": 2}
MONTH = [MinValueValidator(1), MaxValueValidator(12)]
YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


class ParkIndicatorRecord(VersionedModel):
    """What the indicators' records share: the roles that see them."""

    scope_enterprise_path = None
    scope_roles = INDICATOR_ROLES

    class Meta:
        abstract = True


class Named:
    def name_in_language(self) -> str:
        """The name in the active language (the Chinese name when no English one)."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class ResponsibleUnit(Named, ParkIndicatorRecord):
    """One of the park's own bureaus (招商局, 经发局…) that targets are split across;
    not a district department that supervises enterprises."""

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="responsible_units", verbose_name=_("park")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    scope_park_path = "park__"

    class Meta:
        verbose_name = _("responsible unit")
        verbose_name_plural = _("responsible units")
        ordering = ["park", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="responsible_unit_code_unique")
        ]

    def __str__(self):
        return self.name_in_language()


class Indicator(Named, ParkIndicatorRecord):
    park = models.ForeignKey(
        Park, models.CASCADE, related_name="indicators", verbose_name=_("park")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    unit = models.CharField(
        _("stored in"), max_length=10, choices=CanonicalUnit.choices, default=CanonicalUnit.YUAN
    )
    display_unit = models.CharField(
        _("shown in"), max_length=10, help_text=_("e.g. 万元 or 亿元 for money")
    )
    definition = models.TextField(_("definition"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(_("values from"), max_length=20, choices=ValueSource.choices)
    monthly_field = models.CharField(
        _("monthly-return figure"), max_length=30, choices=MonthlyField.choices, blank=True
    )
    computation = models.CharField(
        _("computation"), max_length=30, choices=Computation.choices, blank=True
    )
    value_source = models.CharField(
        _("source of the figures"),
        max_length=200,
        blank=True,
        help_text=_("Where values entered by hand come from, e.g. 区统计局, 区税务局."),
    )
    builtin = models.BooleanField(_("built in"), default=False, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    scope_park_path = "park__"

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["park", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="indicator_code_unique")
        ]

    def __str__(self):
        return self.name_in_language()

    @property
    def is_rate(self) -> bool:
        """A rate (a growth in percent) is read as it is, never summed."""
        return self.unit == CanonicalUnit.PERCENT


class ManualValue(ParkIndicatorRecord):
    """An indicator's year-to-date value (1–N月累计) at a month end, entered by hand
    with its source (a rate: the rate published for the period)."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="manual_values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    period_end = models.PositiveSmallIntegerField(_("up to month"), validators=MONTH)
    value = models.DecimalField(_("value, year to date"), **VALUE)
    source = models.CharField(pgettext_lazy("figure", "source"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    scope_park_path = "indicator__park__"

    class Meta:
        verbose_name = _("value entered by hand")
        verbose_name_plural = _("values entered by hand")
        ordering = ["indicator", "year", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period_end"], name="manual_value_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}-{self.period_end:02d}"


class Target(ParkIndicatorRecord):
    """The year's target of an indicator: a level (in the indicator's stored unit) or a
    growth rate (percent), with the alert threshold in percentage points."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.LEVEL
    )
    value = models.DecimalField(_("target"), **VALUE)
    threshold = models.DecimalField(
        _("alert when behind by more than (points)"),
        max_digits=6,
        decimal_places=2,
        default=5,
        validators=[MinValueValidator(0)],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    scope_park_path = "indicator__park__"

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_year_unique")
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"

    @classmethod
    def place_label(cls, field: str) -> str:
        """A field's label in a message; the split by unit and by month too."""
        places = {"shares": _("split by responsible unit"), "months": _("split by month")}
        if field in places:
            return str(places[field])
        try:
            return str(cls._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            return field


class TargetShare(ParkIndicatorRecord):
    """The part of a level target a responsible unit answers for."""

    target = models.ForeignKey(
        Target, models.CASCADE, related_name="shares", verbose_name=_("target")
    )
    unit = models.ForeignKey(
        ResponsibleUnit, models.PROTECT, related_name="shares", verbose_name=_("responsible unit")
    )
    value = models.DecimalField(_("share of the target"), **VALUE)
    scope_park_path = "target__indicator__park__"

    class Meta:
        verbose_name = _("target share")
        verbose_name_plural = _("target shares")
        ordering = ["target", "unit__order", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["target", "unit"], name="target_share_unique")
        ]

    def __str__(self):
        return f"{self.target} {self.unit}"


class TargetMonth(ParkIndicatorRecord):
    """The part of a level target planned for one month (its seasonal profile)."""

    target = models.ForeignKey(
        Target, models.CASCADE, related_name="months", verbose_name=_("target")
    )
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    value = models.DecimalField(_("planned for the month"), **VALUE)
    scope_park_path = "target__indicator__park__"

    class Meta:
        verbose_name = _("target month")
        verbose_name_plural = _("target months")
        ordering = ["target", "month"]
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="target_month_unique")
        ]

    def __str__(self):
        return f"{self.target.indicator} {self.target.year}-{self.month:02d}"


class KeyTask(ParkIndicatorRecord):
    """An item of the year's work plan (重点工作) with its owner, unit, deadline and
    milestones, linked to what it moves."""

    park = models.ForeignKey(Park, models.CASCADE, related_name="key_tasks", verbose_name=_("park"))
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    title = models.CharField(_("title"), max_length=200)
    stream = models.CharField(
        _("work stream"), max_length=100, blank=True, help_text=_("e.g. 项目建设, 招商引资")
    )
    description = models.TextField(pgettext_lazy("key task", "description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_tasks",
        verbose_name=_("owner"),
    )
    unit = models.ForeignKey(
        ResponsibleUnit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_tasks",
        verbose_name=_("responsible unit"),
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=KeyTaskStatus.choices, default=KeyTaskStatus.NOT_STARTED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    milestones = models.JSONField(
        _("milestones"),
        default=list,
        blank=True,
        help_text=_("Each: what, due date, done date."),
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="key_tasks", verbose_name=_("projects")
    )
    parcels = models.ManyToManyField(
        "land.Parcel", blank=True, related_name="key_tasks", verbose_name=_("parcels")
    )
    decisions = models.ManyToManyField(
        "evaluation.Decision",
        blank=True,
        related_name="key_tasks",
        verbose_name=_("redevelopment decisions"),
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="key_tasks", verbose_name=_("indicators")
    )
    scope_park_path = "park__"

    class Meta:
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")
        ordering = ["park", "year", "deadline", "id"]
        indexes = [models.Index(fields=["park", "year", "status"], name="key_task_year_status")]

    def __str__(self):
        return self.title
