from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned (国有)")
    COLLECTIVE = "collective", _("Collective (集体)")


class UseStatus(models.TextChoices):
    """The status a user records. ``idle`` is never typed: the national rule of 2012
    decides it from the contract and start dates and the shares invested and built
    (``engine.idle_finding``), and ``ParcelStatus`` shows it instead."""

    IN_USE = "in_use", _("In use")
    RESERVE = "reserve", _("Reserve")
    PLANNED = "planned", _("Planned")
    TRANSFERRED = "transferred", _("Transferred")


class ParcelStatus(models.TextChoices):
    IN_USE = "in_use", _("In use")
    IDLE = "idle", _("Idle")
    RESERVE = "reserve", _("Reserve")
    PLANNED = "planned", _("Planned")
    TRANSFERRED = "transferred", _("Transferred")


# The map's status layer: colours of Paul Tol's muted scheme (colour-blind safe), none
# of them a colour of the evaluation classes' layer (core.charts), so the two layers
# never read alike.
STATUS_COLOURS = {
    ParcelStatus.IN_USE: "#332288",
    ParcelStatus.IDLE: "#CC6677",
    ParcelStatus.RESERVE: "#DDCC77",
    ParcelStatus.PLANNED: "#999933",
    ParcelStatus.TRANSFERRED: "#777777",
}


class LandUse(models.TextChoices):
    """Planned and current use, by the first level of GB/T 21010 where it matters here."""

    INDUSTRIAL = "industrial", _("Industrial (工业用地)")
    WAREHOUSE = "warehouse", _("Warehousing and logistics (仓储用地)")
    COMMERCIAL = "commercial", _("Commercial (商服用地)")
    RESIDENTIAL = "residential", _("Residential (住宅用地)")
    PUBLIC = "public", _("Public services (公共管理与公共服务用地)")
    INFRASTRUCTURE = "infrastructure", _("Roads and utilities (交通与公用设施用地)")
    AGRICULTURAL = "agricultural", _("Agricultural (农用地)")
    UNUSED = "unused", _("Unused (未利用地)")
    OTHER = "other", _("Other")


class CertificateStatus(models.TextChoices):
    ISSUED = "issued", _("Certificate issued")
    PENDING = "pending", _("Certificate applied for")
    NONE = "none", _("No certificate")


class LowEfficiency(models.TextChoices):
    """Zhejiang's five types of low-efficiency land (DOMAIN.md)."""

    NONE = "", _("—")
    APPROVED_NOT_SUPPLIED = "approved_not_supplied", _("Approved, not supplied (批而未供)")
    SUPPLIED_UNUSED = "supplied_unused", _("Supplied, unused (供而未用)")
    NOT_FULLY_USED = "not_fully_used", _("Not fully used (用而未尽)")
    BUILT_NOT_PRODUCING = "built_not_producing", _("Built, not producing (建而未投)")
    BELOW_TARGET = "below_target", _("Producing below target (投而未达标)")


class ConstraintKind(models.TextChoices):
    TRANSFER_RESTRICTION = "transfer_restriction", _("Transfer restriction")
    DOUBLE_TAXATION = "double_taxation", _("Double taxation")
    NO_CERTIFICATE = "no_certificate", _("No land-use certificate")
    APPROVAL_PENDING = "approval_pending", _("Approval pending")
    PLANNING_CONFLICT = "planning_conflict", _("Planning conflict")
    OTHER = "other", _("Other")


class ApprovalKind(models.TextChoices):
    ACQUISITION_PLAN = "acquisition_plan", _("Land acquisition plan (征地计划)")
    QUOTA = "quota", _("Land-use quota (用地指标)")
    CONVERSION = "conversion", _("Farmland conversion (农转用)")
    SUPPLY = "supply", _("Land supply (供地)")
    PLANNING = "planning", _("Planning approval (规划许可)")


class ApprovalStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    REJECTED = "rejected", pgettext_lazy("approval", "Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_APPROVAL_STATUSES = (ApprovalStatus.PREPARING, ApprovalStatus.SUBMITTED)


class BuildingKind(models.TextChoices):
    STANDARD_FACTORY = "standard_factory", _("Standard factory building (标准厂房)")
    OFFICE = "office", _("Office building")
    WAREHOUSE = "warehouse", _("Warehouse")
    INCUBATOR = "incubator", _("Incubator")
    DORMITORY = "dormitory", _("Dormitory")
    OTHER = "other", _("Other")


class UnitStatus(models.TextChoices):
    OCCUPIED = "occupied", _("Occupied")
    VACANT = "vacant", _("Vacant")
    RESERVED = "reserved", _("Reserved")
