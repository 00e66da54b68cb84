"""Enterprises, their yearly data and monthly returns, to look up in the admin site; the pages, imports
and the API write them through the services (checks, versions, history)."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.enterprises.models import (
    Enterprise,
    EnterpriseYear,
    MonthlyFigure,
    MonthlyReturn,
    ReportingCalendar,
)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "park", "phase", "department", "status", "is_above_size")
    list_filter = ("park", "status", "phase", "department", "is_above_size", "is_high_tech")
    search_fields = ("name", "uscc")
    list_select_related = ("park", "phase", "department")


@admin.register(EnterpriseYear)
class EnterpriseYearAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "revenue", "tax_total", "land_area", "source")
    list_filter = ("year", "source", "enterprise__park")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)


@admin.register(MonthlyReturn)
class MonthlyReturnAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "period_start", "period_end", "basis", "source")
    list_filter = ("year", "period_end", "source", "basis", "enterprise__park")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "period_start", "period_end", "gross_output", "flagged")
    list_filter = ("year", "period_end", "source", "flagged", "enterprise__park")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise",)


@admin.register(ReportingCalendar)
class ReportingCalendarAdmin(ReadOnlyAdmin):
    list_display = ("park", "data_by", "checked_by", "reported_by")
