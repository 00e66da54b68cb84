"""Import jobs and the column mappings they remembered, to look up: jobs are started,
checked and written by the import services, never edited by hand."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.imports.models import ImportJob, MappingProfile


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "park", "status", "created_by", "created_at")
    list_filter = ("status", "kind", "park")
    search_fields = ("original_name",)
    list_select_related = ("park", "created_by")


@admin.register(MappingProfile)
class MappingProfileAdmin(ReadOnlyAdmin):
    list_display = ("kind", "park", "signature", "updated_at")
    list_filter = ("kind", "park")
    search_fields = ("signature",)
