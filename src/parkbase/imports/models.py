from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkbase.core.models import Park, ScopedModel
from parkbase.core.scoping import ScopedManager
from parkbase.imports.choices import JobStatus


class ImportJob(ScopedModel):
    """One uploaded file on its way in: checked (a dry run the user reviews), then
    written. Large files are handled by a background task that updates ``progress``
    and ``heartbeat``; a busy job whose heartbeat stops is ended as failed (see
    ``services.import_jobs_expire``)."""

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="import_jobs", verbose_name=_("park")
    )
    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    overrides = models.JSONField(
        _("column mapping corrections"),
        default=dict,
        blank=True,
        help_text=_("header text in the file → field name ('' ignores the column)"),
    )
    skip_invalid = models.BooleanField(
        _("write the valid rows, skip the invalid ones"), default=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.CHECKING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    heartbeat = models.DateTimeField(
        _("last sign of work"),
        null=True,
        blank=True,
        help_text=_("set when the work is queued and at each step of progress"),
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    mapping = models.JSONField(_("column mapping found"), default=list, blank=True)
    error = models.TextField(_("failure"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedManager()
    scope_park_path = "park__"
    scope_enterprise_path = None
    # an import report shows every row of the file: only the park's own staff see it
    scope_roles = ("admin", "leader", "staff")

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name

    @property
    def busy(self) -> bool:
        return self.status in (JobStatus.CHECKING, JobStatus.WRITING)


class MappingProfile(ScopedModel):
    """Column-mapping corrections remembered per template: the same header row seen
    again (same park, kind and headers) gets the same corrections."""

    park = models.ForeignKey(Park, models.CASCADE, related_name="+", verbose_name=_("park"))
    kind = models.CharField(_("kind"), max_length=40)
    signature = models.CharField(_("header signature"), max_length=64)
    overrides = models.JSONField(_("column mapping corrections"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = ("admin", "leader", "staff")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["park", "kind", "signature"], name="mapping_unique")
        ]

    def __str__(self):
        return f"{self.kind} {self.signature[:8]}"
