from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftKind(models.TextChoices):
    ANNUAL = "annual", _("Annual work summary and plan")


class Audience(models.TextChoices):
    """Whom a saved draft is drafted for: everyone who reads the park's reports, with
    each confidential project under its code name; or the insiders of the confidential
    projects its author is an insider of, with their real names (a document that stays
    inside)."""

    OUTSIDERS = "outsiders", _("Everyone: confidential projects by their code names")
    INSIDERS = "insiders", _("Insiders only: real names")


class VersionKind(models.TextChoices):
    DRAFTED = "drafted", _("Drafted from the records")
    EDITED = "edited", _("Edited")
    REDRAFTED = "redrafted", _("Redrafted from the records")
