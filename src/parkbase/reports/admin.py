"""Saved report drafts, to look up: their pages write them through their services.
Rows come through ``visible_to``, so a draft for insiders (and its versions) is not
listed for an administrator outside its confidential projects."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.reports.models import DraftSecret, DraftVersion, ReportDraft


@admin.register(ReportDraft)
class ReportDraftAdmin(ReadOnlyAdmin):
    list_display = ("title", "park", "year", "language", "audience", "version", "created_by")
    list_filter = ("park", "audience", "year")
    list_select_related = ("park", "created_by")


@admin.register(DraftVersion)
class DraftVersionAdmin(ReadOnlyAdmin):
    list_display = ("draft", "number", "kind", "author", "saved_at")
    list_filter = ("kind",)
    list_select_related = ("draft", "author")


@admin.register(DraftSecret)
class DraftSecretAdmin(ReadOnlyAdmin):
    list_display = ("code_name", "draft")
    list_select_related = ("draft",)
