from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    """draft → notice (公示: figures shown, objections taken, recomputed) → published."""

    DRAFT = "draft", _("Draft")
    NOTICE = "notice", _("Public notice")
    PUBLISHED = "published", _("Published")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ComplianceKind(models.TextChoices):
    """Facts of a year that schemes can use as ``flag.<kind>`` in their rules."""

    BANNED_CAPACITY = "banned_capacity", _("Banned production capacity")
    POLLUTION_FAILED = "pollution_failed", _("Failed pollution checks")
    SAFETY_FAILED = "safety_failed", _("Serious safety accident")
    ENERGY_FAILED = "energy_failed", _("Energy use above its limit")
    SUBLETS = "sublets", _("Sub-lets land or buildings without approval")
    UNDER_CONSTRUCTION = "under_construction", _("Still building on newly supplied land")
