from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked, waiting for confirmation")
    WRITING = "writing", _("Writing")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected: nothing written")
    FAILED = "failed", _("Failed")


class JobPhase(models.TextChoices):
    CHECK = "check", _("check (dry run)")
    WRITE = "write", _("write")
