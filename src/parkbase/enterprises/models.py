from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action, Role
from parkbase.core.models import Department, Park, Phase, ScopedModel, VersionedModel
from parkbase.core.scoping import ScopedManager
from parkbase.enterprises import monthly
from parkbase.enterprises.choices import (
    RegistrationType,
    ReturnBasis,
    ReturnSource,
    Source,
    Status,
)


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
        indexes = [
            # a year's rows; and the park's sums of the home page read from the index
            # alone (the summed figures are its last columns: selectors.TOTAL_FIELDS)
            models.Index(
                fields=[
                    "year",
                    "enterprise",
                    "land_area",
                    "building_area",
                    "staff_year_end",
                    "gross_output",
                    "value_added",
                    "revenue",
                    "tax_total",
                ],
                name="ey_year_ent_sums",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}"

    def source_of(self, field: str) -> str:
        return self.sources.get(field, self.source)


def _kwh(label, *, signed=False):
    if signed:
        return models.BigIntegerField(label, null=True, blank=True)
    return models.PositiveBigIntegerField(label, null=True, blank=True)


class MonthlyReturn(VersionedModel):
    """An enterprise's monthly return (月报) as filed, in canonical units (yuan, tce, kWh).

    ``basis`` says what the figures cover: the period ``period_start``..``period_end``
    itself (当月; a combined 1–2月 return is 1..2), or the year to date 1..``period_end``
    (累计). One return per enterprise, year, period end and source: a second filing
    updates it. ``MonthlyFigure`` holds what is derived from the winning returns."""

    enterprise = models.ForeignKey(  # no index of its own: it leads monthly_return_unique
        Enterprise,
        models.CASCADE,
        related_name="monthly_returns",
        verbose_name=_("enterprise"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.PositiveSmallIntegerField(
        _("first month of the period"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    period_end = models.PositiveSmallIntegerField(
        _("last month of the period"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    basis = models.CharField(_("basis of the figures"), max_length=10, choices=ReturnBasis.choices)
    source = models.CharField(
        _("source of the return"), max_length=20, choices=ReturnSource.choices
    )
    gross_output = _money(_("gross industrial output (yuan)"))
    sales_output = _money(_("sales output (yuan)"))
    value_added = _money(_("industrial value added (yuan)"))
    revenue = _money(_("revenue (yuan)"))
    profit = _money(_("total profit (yuan)"))
    tax_total = _money(_("taxes paid, all (yuan)"))
    tax_local = _money(_("taxes paid, local share (yuan)"))
    exports = _money(_("exports (yuan)"))
    energy_tce = _tonnes(_("total energy use (tce)"))
    electricity_kwh = _kwh(_("electricity (kWh)"))
    confirmed_jumps = models.JSONField(
        _("jumps confirmed by the filer"),
        default=list,
        blank=True,
        help_text=_("the figures whose jump against last month or last year the filer confirmed"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
        db_index=False,
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    scope_enterprise_path = "enterprise__"
    scope_park_path = "enterprise__park__"
    # an enterprise user files its own enterprise's returns
    scope_role_actions = {Role.ENTERPRISE: {Action.VIEW, Action.ADD, Action.CHANGE}}
    history_unindexed = ("enterprise", "filed_by")

    class Meta:
        verbose_name = _("monthly return")
        verbose_name_plural = _("monthly returns")
        ordering = ["enterprise", "year", "period_end", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "period_end", "source"],
                name="monthly_return_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__gte=1)
                & models.Q(period_start__lte=models.F("period_end"))
                & models.Q(period_end__lte=12),
                name="monthly_return_period",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "period_end", "enterprise"], name="mr_year_end_ent"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return f"{self.year}-{self.period_end:02d}"
        return f"{self.year}-{self.period_start:02d}..{self.period_end:02d}"


def _signed_money(label):
    return models.DecimalField(label, max_digits=18, decimal_places=2, null=True, blank=True)


def _signed_tonnes(label):
    return models.DecimalField(label, max_digits=14, decimal_places=3, null=True, blank=True)


class MonthlyFigure(ScopedModel):
    """What the winning returns of an enterprise-year say for each filed period: the
    period's own value (``<field>``) and the year to date (``<field>_ytd``). Derived: the
    services refresh an enterprise-year's rows whenever one of its returns changes; never
    edited directly. One row per filed period end; a combined 1–2月 stays one row (1..2);
    a month with no return before a year-to-date one makes the next row cover both."""

    enterprise = models.ForeignKey(  # no index of its own: it leads monthly_figure_unique
        Enterprise,
        models.CASCADE,
        related_name="monthly_figures",
        verbose_name=_("enterprise"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.PositiveSmallIntegerField(_("first month of the period"))
    period_end = models.PositiveSmallIntegerField(_("last month of the period"))
    source = models.CharField(
        _("source of the return"), max_length=20, choices=ReturnSource.choices
    )
    basis = models.CharField(_("basis of the figures"), max_length=10, choices=ReturnBasis.choices)
    gross_output = _signed_money(_("gross industrial output (yuan)"))
    gross_output_ytd = _signed_money(_("gross industrial output, year to date (yuan)"))
    sales_output = _signed_money(_("sales output (yuan)"))
    sales_output_ytd = _signed_money(_("sales output, year to date (yuan)"))
    value_added = _signed_money(_("industrial value added (yuan)"))
    value_added_ytd = _signed_money(_("industrial value added, year to date (yuan)"))
    revenue = _signed_money(_("revenue (yuan)"))
    revenue_ytd = _signed_money(_("revenue, year to date (yuan)"))
    profit = _signed_money(_("total profit (yuan)"))
    profit_ytd = _signed_money(_("total profit, year to date (yuan)"))
    tax_total = _signed_money(_("taxes paid, all (yuan)"))
    tax_total_ytd = _signed_money(_("taxes paid, all, year to date (yuan)"))
    tax_local = _signed_money(_("taxes paid, local share (yuan)"))
    tax_local_ytd = _signed_money(_("taxes paid, local share, year to date (yuan)"))
    exports = _signed_money(_("exports (yuan)"))
    exports_ytd = _signed_money(_("exports, year to date (yuan)"))
    energy_tce = _signed_tonnes(_("total energy use (tce)"))
    energy_tce_ytd = _signed_tonnes(_("total energy use, year to date (tce)"))
    electricity_kwh = _kwh(_("electricity (kWh)"), signed=True)
    electricity_kwh_ytd = _kwh(_("electricity, year to date (kWh)"), signed=True)
    flags = models.JSONField(
        _("what the checks found"),
        default=list,
        blank=True,
        help_text=_("what the checks found: differences between sources, jumps, decreases"),
    )
    flagged = models.BooleanField(_("flagged"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    scope_enterprise_path = "enterprise__"
    scope_park_path = "enterprise__park__"

    objects = ScopedManager()
    FIGURES = monthly.FIGURES  # the figures, each with its period and year-to-date value

    class Meta:
        verbose_name = _("monthly figures")
        verbose_name_plural = _("monthly figures")
        ordering = ["enterprise", "year", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "period_end"], name="monthly_figure_unique"
            )
        ]
        indexes = [
            # the park's sums by month and each enterprise's year to date at a month end
            # (an indicator's contributors): (year, period_end) over its enterprises,
            # read from the index alone. The year-to-date values are key columns, not
            # included ones: SQLite keeps no included columns, and a table row read per
            # enterprise costs it more than the rest of the page
            models.Index(
                fields=["year", "period_end", "enterprise", *(f"{n}_ytd" for n in monthly.FIGURES)],
                name="mf_year_end_ent_ytds",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}-{self.period_end:02d}"


class ReportingCalendar(VersionedModel):
    """A park's monthly reporting deadlines (days of the month after the one reported):
    the enterprises' data by the 18th, checked by the 20th, reported by the 25th unless
    the park sets others. A park without one keeps those defaults."""

    park = models.OneToOneField(
        Park, models.CASCADE, related_name="reporting_calendar", verbose_name=_("park")
    )
    data_by = models.PositiveSmallIntegerField(
        _("enterprises' data by (day)"),
        default=18,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )
    checked_by = models.PositiveSmallIntegerField(
        _("checked by (day)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    reported_by = models.PositiveSmallIntegerField(
        _("reported by (day)"), default=25, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    scope_park_path = "park__"
    scope_enterprise_path = None
    # the committee's setting: staff (and administrators) change it, leaders read it;
    # the deadlines reach the enterprises and departments through ``monthly_calendar``
    scope_roles = (Role.LEADER, Role.STAFF)

    class Meta:
        verbose_name = _("monthly reporting calendar")
        verbose_name_plural = _("monthly reporting calendars")

    def __str__(self):
        return str(self.park)


class MonthlyTotal(ScopedModel):
    """The park's sums of its monthly figures at each period end of a year: for each
    figure the sum of the period values (``<field>``) and of the year-to-date values
    (``<field>_ytd``) with how many enterprises have a value (``<field>_n``,
    ``<field>_ytd_n``: a sum with none is unknown), the enterprises with figures
    (``filers``) and those among them with none for December of the year before
    (``new_filers``: 新入统). Stored so that the leaders' pages read 12 rows a year
    instead of summing every enterprise's; derived from ``MonthlyFigure`` and kept in
    step with it by ``monthly_services.refresh_figures`` in the same transaction (never
    edited directly; ``monthly_sums.rebuild`` computes it again from the figures)."""

    park = models.ForeignKey(
        Park, models.CASCADE, related_name="monthly_totals", verbose_name=_("park"), db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_end = models.PositiveSmallIntegerField(_("last month of the period"))
    filers = models.PositiveIntegerField(default=0)
    new_filers = models.PositiveIntegerField(default=0)
    scope_park_path = "park__"
    scope_roles = (Role.LEADER, Role.STAFF)  # the park's totals: the committee's alone

    objects = ScopedManager()

    class Meta:
        verbose_name = _("monthly totals of the park")
        verbose_name_plural = _("monthly totals of the park")
        ordering = ["park", "year", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "year", "period_end"], name="monthly_total_unique"
            )
        ]

    def __str__(self):
        return f"{self.park} {self.year}-{self.period_end:02d}"


for _name in monthly.FIGURES:
    for _column in (_name, f"{_name}_ytd"):
        MonthlyTotal.add_to_class(
            _column, models.DecimalField(max_digits=24, decimal_places=3, default=0)
        )
        MonthlyTotal.add_to_class(f"{_column}_n", models.PositiveIntegerField(default=0))
