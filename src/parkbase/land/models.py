"""Land and buildings: parcels (宗地) with their constraints and tenants, land quotas
and approvals (征地计划, 用地指标, 农转用, 供地), and buildings with their lettable units.

Land is the park's own record: administrators, leaders and staff see it (``LandRecord``),
through ``visible_to`` like every other model. Areas are m²; geometry is a GeoJSON
Polygon or MultiPolygon in longitude/latitude (WGS84 / CGCS2000), with its computed
area and bounding box kept beside it for the map and the area check."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from parkbase.core.choices import Role
from parkbase.core.models import Park, Phase, ScopedModel, VersionedModel
from parkbase.core.need_to_know import NeedToKnowQuerySet
from parkbase.core.scoping import ScopedQuerySet
from parkbase.enterprises.models import Enterprise
from parkbase.land.choices import (
    ApprovalKind,
    ApprovalStatus,
    BuildingKind,
    CertificateStatus,
    ConstraintKind,
    LandUse,
    LowEfficiency,
    Ownership,
    ParcelStatus,
    UnitStatus,
    UseStatus,
)

USER = settings.AUTH_USER_MODEL
LAND_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF)
AREA = {"max_digits": 14, "decimal_places": 2}
MONEY = {"max_digits": 16, "decimal_places": 2}


class LandRecord(ScopedModel):
    """What the park-wide land records share: their scope."""

    scope_park_path = "park__"
    scope_enterprise_path = None
    scope_roles = LAND_ROLES

    class Meta:
        abstract = True


class ParcelPart(ScopedModel):
    """A record that belongs to one parcel and shares its scope."""

    scope_park_path = "parcel__park__"
    scope_enterprise_path = None
    scope_roles = LAND_ROLES

    class Meta:
        abstract = True


class Parcel(LandRecord):
    park = models.ForeignKey(Park, models.PROTECT, related_name="parcels", verbose_name=_("park"))
    code = models.CharField(_("parcel code"), max_length=40, help_text=_("宗地编号"))
    name = models.CharField(_("name"), max_length=200)
    location = models.CharField(_("location"), max_length=200, blank=True)
    phase = models.ForeignKey(
        Phase,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="parcels",
        verbose_name=_("phase"),
    )
    area = models.DecimalField(
        _("area (m²)"), **AREA, help_text=_("The recorded (certificated) area.")
    )
    geometry = models.JSONField(
        _("geometry"),
        null=True,
        blank=True,
        help_text=_("GeoJSON Polygon or MultiPolygon in longitude/latitude (WGS84/CGCS2000)."),
    )
    geometry_area = models.DecimalField(
        _("area from geometry (m²)"), **AREA, null=True, blank=True, editable=False
    )
    area_mismatch = models.BooleanField(
        _("area differs from geometry"),
        default=False,
        editable=False,
        help_text=_("The recorded area and the geometry's differ by more than 5 %."),
    )
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.STATE
    )
    owner_name = models.CharField(
        _("owner / land user"), max_length=200, blank=True, help_text=_("e.g. 东基集团")
    )
    owner_enterprise = models.ForeignKey(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_parcels",
        verbose_name=_("owning enterprise"),
        help_text=_("The park enterprise holding the land-use right, if it is one."),
    )
    planned_use = models.CharField(
        _("planned use"), max_length=20, choices=LandUse.choices, default=LandUse.INDUSTRIAL
    )
    current_use = models.CharField(
        _("current use"), max_length=20, choices=LandUse.choices, blank=True
    )
    certificate_status = models.CharField(
        _("certificate"),
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.NONE,
    )
    certificate_no = models.CharField(_("certificate number"), max_length=60, blank=True)
    use_status = models.CharField(
        _("recorded status"), max_length=20, choices=UseStatus.choices, default=UseStatus.IN_USE
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParcelStatus.choices,
        default=ParcelStatus.IN_USE,
        editable=False,
        help_text=_("The recorded status, or idle when the national rule finds the land idle."),
    )
    # the national rule of 2012 on idle land reads these
    contract_signed_on = models.DateField(_("land contract signed on"), null=True, blank=True)
    agreed_start_on = models.DateField(_("agreed construction start"), null=True, blank=True)
    started_on = models.DateField(_("construction started on"), null=True, blank=True)
    halted_since = models.DateField(_("construction halted since"), null=True, blank=True)
    invested_share = models.DecimalField(
        _("invested share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    developed_share = models.DecimalField(
        _("developed share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    idle_reason = models.CharField(_("why idle"), max_length=40, blank=True, editable=False)
    idle_since = models.DateField(_("idle since"), null=True, blank=True, editable=False)
    low_efficiency = models.CharField(
        _("low-efficiency type"),
        max_length=30,
        choices=LowEfficiency.choices,
        blank=True,
        default=LowEfficiency.NONE,
    )
    price_guidance = models.CharField(
        _("price guidance"), max_length=100, blank=True, help_text=_("e.g. 32万元/亩")
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    # a parcel an approval serving a confidential record (a project) covers is that
    # record's: its note may spell it out (core.need_to_know; the app that owns the link
    # adds the path); its registry name names the land
    need_to_know_fields = ("note",)
    need_to_know_links = ()
    objects = NeedToKnowQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["code", "id"]
        constraints = [models.UniqueConstraint(fields=["park", "code"], name="parcel_code_unique")]
        indexes = [
            models.Index(fields=["park", "status", "code"], name="parcel_status"),
            models.Index(fields=["park", "phase", "code"], name="parcel_phase"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Constraint(ParcelPart):
    """What keeps a parcel from being used or sold (转让限制, 双重征税, 无证…)."""

    parcel = models.ForeignKey(
        Parcel, models.CASCADE, related_name="constraints", verbose_name=_("parcel")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ConstraintKind.choices)
    description = models.TextField(_("description"), blank=True)
    authority = models.CharField(_("authority that can lift it"), max_length=200, blank=True)
    since = models.DateField(pgettext_lazy("from a date", "since"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    need_to_know_fields = ("description",)  # its parcel's path, added by the link's app
    need_to_know_links = ("parcel",)
    objects = NeedToKnowQuerySet.as_manager()

    class Meta:
        verbose_name = _("land constraint")
        verbose_name_plural = _("land constraints")
        ordering = ["parcel", "id"]

    def __str__(self):
        return f"{self.parcel.code} · {self.get_kind_display()}"


class Tenancy(ParcelPart, VersionedModel):
    """An enterprise occupying (part of) a parcel it does not hold: the evaluation's
    shared-parcel rule reads these."""

    parcel = models.ForeignKey(
        Parcel, models.CASCADE, related_name="tenancies", verbose_name=_("parcel")
    )
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="tenancies", verbose_name=_("enterprise")
    )
    area = models.DecimalField(_("area (m²)"), **AREA)
    since = models.DateField(pgettext_lazy("from a date", "since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")
        ordering = ["parcel", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parcel", "enterprise"], name="tenancy_unique")
        ]

    def __str__(self):
        return f"{self.enterprise} @ {self.parcel.code}"


class Approval(LandRecord):
    """A land quota or approval the park applies for: requested and approved area,
    dates, status; linked to the parcels it covers (and, by the projects' own link,
    to the project it serves)."""

    park = models.ForeignKey(
        Park, models.PROTECT, related_name="land_approvals", verbose_name=_("park")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ApprovalKind.choices)
    name = models.CharField(_("name"), max_length=200)
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    authority = models.CharField(_("approving authority"), max_length=200, blank=True)
    requested_area = models.DecimalField(_("requested area (m²)"), **AREA, null=True, blank=True)
    approved_area = models.DecimalField(_("approved area (m²)"), **AREA, null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PREPARING
    )
    parcels = models.ManyToManyField(
        Parcel, blank=True, related_name="approvals", verbose_name=_("parcels")
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[parcels])

    # need-to-know: an approval serving a confidential record (a project, whose app owns
    # the link and adds the path) shows its code name to the record's outsiders, never
    # its name or note, and they may not re-link it
    need_to_know_fields = ("name", "note")
    need_to_know_links = ("parcels",)
    objects = NeedToKnowQuerySet.as_manager()

    class Meta:
        verbose_name = _("land approval")
        verbose_name_plural = _("land approvals")
        ordering = ["-submitted_on", "id"]

    def __str__(self):
        return self.name


class Building(LandRecord, VersionedModel):
    park = models.ForeignKey(Park, models.PROTECT, related_name="buildings", verbose_name=_("park"))
    parcel = models.ForeignKey(
        Parcel,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("parcel"),
    )
    code = models.CharField(_("building code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=BuildingKind.choices,
        default=BuildingKind.STANDARD_FACTORY,
    )
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    floor_area = models.DecimalField(_("floor area (m²)"), **AREA)
    completed_year = models.PositiveSmallIntegerField(_("completed in"), null=True, blank=True)
    rent_guidance = models.CharField(
        _("rent guidance"), max_length=100, blank=True, help_text=_("e.g. 15元/m²·月")
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["park", "code"], name="building_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Unit(ScopedModel):
    """A lettable unit of a building (a floor or part of one): occupied, vacant or
    reserved; the letting control table (租控表) is these, floor by floor."""

    scope_park_path = "building__park__"
    scope_enterprise_path = None
    scope_roles = LAND_ROLES

    building = models.ForeignKey(
        Building, models.CASCADE, related_name="units", verbose_name=_("building")
    )
    code = models.CharField(pgettext_lazy("building", "unit"), max_length=40)
    floor = models.SmallIntegerField(_("floor"), default=1)
    area = models.DecimalField(_("area (m²)"), **AREA)
    status = models.CharField(
        _("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.VACANT
    )
    tenant = models.ForeignKey(
        Enterprise,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("tenant"),
    )
    reserved_for = models.CharField(
        _("reserved for"), max_length=200, blank=True, help_text=_("A project or prospect.")
    )
    rent = models.DecimalField(
        _("rent (yuan/m² a month)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    lease_from = models.DateField(_("lease from"), null=True, blank=True)
    lease_until = models.DateField(_("lease until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("building", "unit")
        verbose_name_plural = _("units")
        ordering = ["building", "floor", "code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="unit_code_unique")
        ]

    def __str__(self):
        return f"{self.building.code}-{self.code}"
