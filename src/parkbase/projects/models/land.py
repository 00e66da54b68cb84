"""The land approvals a project needs (征地计划, 用地指标, 农转用, 供地…). Land keeps the
approvals; the project owns the link, so land names nothing of projects (apps depend
in one direction) and asks for the link through ``core.contributions.APPROVAL_SERVES``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parkbase.projects.models.common import _part_queryset
from parkbase.projects.models.parts import ProjectPart
from parkbase.projects.models.project import Project


class ApprovalLink(ProjectPart):
    """A land approval serving a project: an approval serves one project at most. It
    is written with the approval (in the approval's write, under its version)."""

    approval = models.OneToOneField(
        "land.Approval",
        models.CASCADE,
        related_name="project_link",
        verbose_name=_("land approval"),
    )
    project = models.ForeignKey(
        Project, models.CASCADE, related_name="approval_links", verbose_name=_("project")
    )
    history = HistoricalRecords()

    objects = _part_queryset("project__").as_manager()

    class Meta:
        verbose_name = _("land approval of a project")
        verbose_name_plural = _("land approvals of projects")
        ordering = ["project", "id"]

    def __str__(self):
        return f"{self.project_name} · {self.approval_id}"
