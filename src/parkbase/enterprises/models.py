from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkbase.core.models import Department, Park, Phase, VersionedModel
from parkbase.enterprises.choices import RegistrationType, Source, Status


class Enterprise(VersionedModel):
    # the foreign keys get no index of their own: each leads a composite index below
    park = models.ForeignKey(
        Park,
        models.PROTECT,
        related_name="enterprises",
        verbose_name=_("park"),
        db_index=False,
    )
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("18 characters, GB 32100-2015"),
    )
    registration_type = models.CharField(
        _("registration type"), max_length=20, choices=RegistrationType.choices, blank=True
    )
    industry_code = models.CharField(
        _("industry code"), max_length=5, blank=True, help_text=_("GB/T 4754-2017")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PRODUCING
    )
    is_above_size = models.BooleanField(_("above designated size"), default=False)
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_specialized = models.BooleanField(_("specialised and innovative (专精特新)"), default=False)
    is_listed = models.BooleanField(_("listed company"), default=False)
    phase = models.ForeignKey(
        Phase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("phase"),
        db_index=False,
    )
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        verbose_name=_("supervising department"),
        db_index=False,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    moved_in_on = models.DateField(_("move-in date"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("registered capital (yuan)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    scope_enterprise_path = ""
    scope_park_path = "park__"
    history_unindexed = ("park", "phase", "department")  # its history is read by record

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="enterprise_uscc_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["park", "name", "id"], name="ent_park_name"),
            models.Index(fields=["department", "name", "id"], name="ent_dept_name"),
            models.Index(fields=["phase", "name", "id"], name="ent_phase_name"),
            # park first: the staff and leader scope always filters on park, so counting
            # and paging a status filter stays inside this index (bench/README.md)
            models.Index(fields=["park", "status", "name", "id"], name="ent_park_status_name"),
            models.Index(fields=["industry_code"], name="ent_industry"),
            # "in production, oldest or newest first", park-wide or in one phase: the
            # redevelopment view of a park (the seed's old park is its first phases)
            models.Index(
                fields=["park", "status", "founded_on", "id"], name="ent_park_status_founded"
            ),
            models.Index(
                fields=["phase", "status", "founded_on", "id"], name="ent_phase_status_founded"
            ),
        ]

    def __str__(self):
        return self.name


def _money(label):
    return models.DecimalField(label, max_digits=18, decimal_places=2, null=True, blank=True)


def _area(label):
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True)


def _tonnes(label, places=3):
    return models.DecimalField(label, max_digits=14, decimal_places=places, null=True, blank=True)


def _count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


class EnterpriseYear(VersionedModel):
    """One enterprise's figures for one year, in canonical units (m², yuan, tce, kWh, t)."""

    enterprise = models.ForeignKey(  # no index of its own: it leads enterprise_year_unique
        Enterprise,
        models.CASCADE,
        related_name="years",
        verbose_name=_("enterprise"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # land and buildings
    land_area = _area(_("land area (m²)"))
    land_leased_in = _area(_("land leased in (m²)"))
    land_leased_out = _area(_("land leased out (m²)"))
    building_area = _area(_("building area (m²)"))
    # staff
    staff_year_end = _count(_("staff at year end"))
    staff_average = _count(_("average staff"))
    staff_rd = _count(_("R&D staff"))
    staff_postgraduate = _count(_("postgraduates"))
    staff_bachelor = _count(_("bachelors"))
    staff_college = _count(_("college graduates"))
    # output and finance (yuan)
    gross_output = _money(_("gross industrial output (yuan)"))
    value_added = _money(_("industrial value added (yuan)"))
    revenue = _money(_("revenue (yuan)"))
    main_business_revenue = _money(_("main-business revenue (yuan)"))
    profit = _money(_("total profit (yuan)"))
    total_assets = _money(_("total assets (yuan)"))
    fixed_assets = _money(_("fixed assets (yuan)"))
    tax_total = _money(_("taxes paid, all (yuan)"))
    tax_local = _money(_("taxes paid, local share (yuan)"))
    exports = _money(_("exports (yuan)"))
    # energy and environment
    energy_tce = _tonnes(_("total energy use (tce)"))
    electricity_kwh = models.PositiveBigIntegerField(_("electricity (kWh)"), null=True, blank=True)
    cod_t = _tonnes(_("COD (t)"))
    so2_t = _tonnes(_("SO₂ (t)"))
    nh3n_t = _tonnes(_("NH₃-N (t)"))
    nox_t = _tonnes(_("NOx (t)"))
    # the total where a return gives no breakdown; the evaluation takes it when none
    # of the four is given
    pollutants_t = _tonnes(_("main pollutants, total (t)"))
    # innovation
    rd_spending = _money(_("R&D spending (yuan)"))
    patents = _count(_("patents"))

    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    sources = models.JSONField(
        _("source of each value"),
        default=dict,
        blank=True,
        help_text=_("field name → source, where it differs from the row's source"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    scope_enterprise_path = "enterprise__"
    scope_park_path = "enterprise__park__"

    class Meta:
        verbose_name = _("yearly data")
        verbose_name_plural = _("yearly data")
        ordering = ["enterprise", "year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="enterprise_year_unique")
        ]
        indexes = [models.Index(fields=["year", "enterprise"], name="ey_year_ent")]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    def source_of(self, field: str) -> str:
        return self.sources.get(field, self.source)
