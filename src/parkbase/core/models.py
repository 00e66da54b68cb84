from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkbase.core.choices import Role
from parkbase.core.names import in_language
from parkbase.core.scoping import (
    ScopedManager,
    ScopedQuerySet,
    bypass,
    survey_scope_description,
)


class ScopedModel(models.Model):
    """Uniqueness and constraint checks compare with every row, whoever saves: they run
    as a named bypass (they answer only "taken or not", never the rows)."""

    class Meta:
        abstract = True

    def _perform_unique_checks(self, unique_checks):
        with bypass("uniqueness checks compare with every row"):
            return super()._perform_unique_checks(unique_checks)

    def validate_constraints(self, exclude=None):
        with bypass("constraint checks compare with every row"):
            return super().validate_constraints(exclude=exclude)


class ParkHistory(HistoricalRecords):
    """simple-history's audit trail, without an index on the fields a model names in
    ``history_unindexed``: a history read by record (``id``) needs none, and each one
    costs every write of a large import."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name in getattr(model, "history_unindexed", ()):
            fields[name].db_index = False
        return fields


class VersionedModel(ScopedModel):
    """A park record changed through the write path (``core.write``): its ``version``,
    the optimistic lock every change checks and bumps, and its audit trail (``history``,
    one history table per model, named after it)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = ParkHistory(inherit=True)

    objects = ScopedManager()

    class Meta:
        abstract = True


class Park(ScopedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scope_park_path = ""
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Phase(ScopedModel):
    park = models.ForeignKey(Park, models.CASCADE, related_name="phases", verbose_name=_("park"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ScopedManager()
    scope_park_path = "park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["park", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="phase_code_unique")]

    def __str__(self):
        return self.name_in_language()

    def name_in_language(self) -> str:
        """一期 in Chinese, "Phase 1" in English where an English name is held."""
        return in_language(self.name, self.name_en)


class Department(ScopedModel):
    park = models.ForeignKey(
        Park, models.CASCADE, related_name="departments", verbose_name=_("park")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    objects = ScopedManager()
    scope_park_path = "park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["park", "code"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="department_code_unique")
        ]

    def __str__(self):
        return self.name


class IndustryCode(models.Model):
    """GB/T 4754-2017: sections (letters), divisions (2 digits), groups (3), classes (4)."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("industry code")
        verbose_name_plural = _("industry codes")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class ParkUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser, ScopedModel):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    park = models.ForeignKey(
        Park, models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("park")
    )
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("department"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("enterprise"),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = ParkUserManager()
    scope_park_path = "park__"
    scope_enterprise_path = None

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_username()

    def scope_description(self) -> str:
        """Human-readable scope, as printed by `parkbase users list`."""
        if self.is_superuser or self.role == Role.ADMIN:
            return "all"
        if self.role in (Role.LEADER, Role.STAFF):
            return f"park:{self.park.code}" if self.park else "none"
        if self.role == Role.DEPARTMENT:
            return f"department:{self.department.code}" if self.department else "none"
        if self.role == Role.ENTERPRISE:
            return f"enterprise:{self.enterprise.uscc}" if self.enterprise else "none"
        if self.role == Role.SURVEY:
            # the teams the member works in (open campaigns), as the surveys app says
            return survey_scope_description(self)
        return "none"
