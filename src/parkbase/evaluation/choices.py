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


class DecisionKind(models.TextChoices):
    """What the committee decides for an under-used enterprise (腾笼换鸟)."""

    UPGRADE = "upgrade", _("Upgrade (提升改造)")
    JOINT_VENTURE = "joint_venture", _("Joint venture or merger (合资合作)")
    CONVERT = "convert", _("Convert to other production (转产转型)")
    TRANSFER = "transfer", _("Transfer (转让)")
    EXIT = "exit", _("Exit or relocate (退出)")


class DecisionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PolicyKind(models.TextChoices):
    """What a class brings (the reason classes exist): money per unit, or a quota."""

    ELECTRICITY_SURCHARGE = "electricity_surcharge", _("Electricity surcharge (yuan per kWh)")
    LAND_USE_TAX = "land_use_tax", _("Land-use tax (yuan per m²)")
    QUOTA = "quota", _("Quota or priority (text)")
