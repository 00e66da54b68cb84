"""Indicator records in the admin site are for looking up and their history only: their
rules (the split adding up, values by hand for months that are over, versions) live in
the services, which the pages and the API go through."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.indicators.models import (
    Indicator,
    KeyTask,
    ManualValue,
    ResponsibleUnit,
    Target,
    TargetMonth,
    TargetShare,
)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "park", "source", "unit", "display_unit", "active")
    list_filter = ("park", "source", "active")
    search_fields = ("code", "name", "name_en")


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "park", "active")
    list_filter = ("park",)


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "year", "kind", "value", "threshold")
    list_filter = ("year", "kind")
    list_select_related = ("indicator",)


@admin.register(TargetShare)
class TargetShareAdmin(ReadOnlyAdmin):
    list_display = ("target", "unit", "value")
    list_filter = ("unit",)
    list_select_related = ("target__indicator", "unit")


@admin.register(TargetMonth)
class TargetMonthAdmin(ReadOnlyAdmin):
    list_display = ("target", "month", "value")
    list_filter = ("month",)
    list_select_related = ("target__indicator",)


@admin.register(ManualValue)
class ManualValueAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "year", "period_end", "value", "source")
    list_filter = ("year",)
    list_select_related = ("indicator",)


@admin.register(KeyTask)
class KeyTaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "park", "year", "deadline", "status")
    list_filter = ("park", "year", "status")
    search_fields = ("title",)
