"""Land records in the admin site are for looking up and their history only: their
rules (derived status, geometry, overlaps, letting totals, versions) live in the
services, which the pages and the API go through; the admin would bypass them."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy, Unit


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "park", "area", "status", "area_mismatch")
    list_filter = ("park", "status", "area_mismatch", "phase")
    search_fields = ("code", "name", "owner_name")
    list_select_related = ("park",)


@admin.register(Constraint)
class ConstraintAdmin(ReadOnlyAdmin):
    list_display = ("parcel", "kind", "authority", "since", "resolved_on")
    list_filter = ("kind",)
    search_fields = ("parcel__code", "parcel__name", "description")
    list_select_related = ("parcel",)


@admin.register(Tenancy)
class TenancyAdmin(ReadOnlyAdmin):
    list_display = ("parcel", "enterprise", "area", "since", "until")
    search_fields = ("parcel__code", "enterprise__name")
    list_select_related = ("parcel", "enterprise")


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ("name", "park", "kind", "status", "submitted_on", "decided_on")
    list_filter = ("park", "kind", "status")
    search_fields = ("name", "reference")
    list_select_related = ("park",)


@admin.register(Building)
class BuildingAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "park", "kind", "floors", "floor_area")
    list_filter = ("park", "kind")
    search_fields = ("code", "name")
    list_select_related = ("park",)


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "building", "floor", "area", "status", "tenant")
    list_filter = ("status", "building__park")
    search_fields = ("code", "building__code", "building__name", "tenant__name")
    list_select_related = ("building", "tenant")
