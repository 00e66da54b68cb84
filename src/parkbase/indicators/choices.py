from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class CanonicalUnit(models.TextChoices):
    """What an indicator's values are stored in (store one, show many)."""

    YUAN = "yuan", _("yuan")
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")
    TCE = "tce", _("tce")
    KWH = "kwh", _("kWh")


# the units an indicator may be shown in, by its canonical unit, with their factor
DISPLAY_UNITS = {
    CanonicalUnit.YUAN: {"元": 1, "万元": 10_000, "亿元": 100_000_000},
    CanonicalUnit.COUNT: {"个": 1, "家": 1, "项": 1},
    CanonicalUnit.PERCENT: {"%": 1},
    CanonicalUnit.TCE: {"吨标煤": 1, "万吨标煤": 10_000},
    CanonicalUnit.KWH: {"千瓦时": 1, "万千瓦时": 10_000},
}


class ValueSource(models.TextChoices):
    """How an indicator's values are obtained."""

    MONTHLY = "monthly", _("Summed from the monthly returns")
    PROJECTS = "projects", _("Computed from the investment projects")
    ENTERPRISES = "enterprises", _("Counted from the enterprises")
    MANUAL = "manual", _("Entered by hand")


class MonthlyField(models.TextChoices):
    """The figures of the monthly returns an indicator may sum."""

    GROSS_OUTPUT = "gross_output", _("gross industrial output")
    SALES_OUTPUT = "sales_output", _("sales output")
    VALUE_ADDED = "value_added", _("industrial value added")
    REVENUE = "revenue", _("revenue")
    PROFIT = "profit", _("total profit")
    TAX_TOTAL = "tax_total", _("taxes paid, all")
    TAX_LOCAL = "tax_local", _("taxes paid, local share")
    EXPORTS = "exports", _("exports")
    ENERGY_TCE = "energy_tce", _("total energy use")
    ELECTRICITY_KWH = "electricity_kwh", _("electricity")


class Computation(models.TextChoices):
    """What an indicator computes from the investment projects (or the enterprises)."""

    FUNDS_IN_PLACE = "funds_in_place", _("Funds in place, all")
    FUNDS_DOMESTIC = "funds_domestic", _("Funds in place from domestic investors (内资)")
    FUNDS_FOREIGN = "funds_foreign", _("Funds in place from foreign investors (外资)")
    PROJECTS_SIGNED = "projects_signed", _("Projects signed")
    SIGNED_AMOUNT = "signed_amount", _("Contracted amount of the projects signed")
    PROJECTS_STARTED = "projects_started", _("Projects that started construction")
    PROJECTS_COMPLETED = "projects_completed", _("Projects completed")
    PROJECTS_PRODUCING = "projects_producing", _("Projects that started production")
    NEW_ABOVE_SIZE = "new_above_size", _("New above-size enterprises (first monthly return)")


PROJECT_COMPUTATIONS = (
    Computation.FUNDS_IN_PLACE,
    Computation.FUNDS_DOMESTIC,
    Computation.FUNDS_FOREIGN,
    Computation.PROJECTS_SIGNED,
    Computation.SIGNED_AMOUNT,
    Computation.PROJECTS_STARTED,
    Computation.PROJECTS_COMPLETED,
    Computation.PROJECTS_PRODUCING,
)
ENTERPRISE_COMPUTATIONS = (Computation.NEW_ABOVE_SIZE,)


class TargetKind(models.TextChoices):
    LEVEL = "level", pgettext_lazy("target", "Level")
    GROWTH = "growth", _("Growth rate")


class KeyTaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("key task", "Done")
    DROPPED = "dropped", _("Dropped")


# a key task still to do: late once its deadline has passed
OPEN_TASK_STATUSES = (KeyTaskStatus.NOT_STARTED, KeyTaskStatus.IN_PROGRESS)
