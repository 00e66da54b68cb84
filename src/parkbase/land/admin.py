"""Parcels and approvals in the admin site are for looking up and their history only:
their rules (derived status, geometry, overlaps, versions) live in the services, which
the pages and the API go through; the admin would bypass them."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parkbase.land.models import Approval, Parcel


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Parcel)
class ParcelAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "park", "area", "status", "area_mismatch")
    list_filter = ("park", "status", "area_mismatch")
    search_fields = ("code", "name", "owner_name")


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ("name", "park", "kind", "status", "submitted_on", "decided_on")
    list_filter = ("park", "kind", "status")
    search_fields = ("name", "reference")
