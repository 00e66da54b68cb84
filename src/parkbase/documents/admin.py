"""The library in the admin site is for looking up and its history only: uploads,
versions, links and the text jobs go through the services, which the pages, the API
and the command line use; the admin would bypass them. A confidential project's
documents are scoped like everywhere (the admin site reads through ``visible_to``)."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.documents.models import Category, Document


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ("name", "name_en", "parent", "park", "order")
    list_filter = ("park",)
    list_select_related = ("park", "parent")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "number", "park", "kind", "year", "text_status", "current")
    list_filter = ("park", "kind", "text_status", "current")
    search_fields = ("title", "number", "sha256")
    list_select_related = ("park",)
