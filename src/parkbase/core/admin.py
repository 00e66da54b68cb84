from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from parkbase.core.models import Department, IndustryCode, Park, Phase, User


@admin.register(User)
class ParkUserAdmin(UserAdmin):
    list_display = (
        "username",
        "first_name",
        "role",
        "park",
        "department",
        "enterprise",
        "is_active",
    )
    list_filter = ("role", "park", "is_active")
    fieldsets = UserAdmin.fieldsets + (
        ("parkbase", {"fields": ("role", "park", "department", "enterprise")}),
    )
    raw_id_fields = ("enterprise",)


for model in (Park, Phase, Department):
    admin.site.register(model, SimpleHistoryAdmin)
admin.site.register(IndustryCode)
