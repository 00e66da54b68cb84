"""Schemes, runs and what they decided, to look up with their history: runs are
computed, published and corrected by the evaluation services only."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.evaluation.models import (
    ClassPolicy,
    ComplianceRecord,
    Decision,
    Milestone,
    Objection,
    Result,
    Run,
    Scheme,
)


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "park", "year", "version", "updated_at")
    list_filter = ("park", "year")
    search_fields = ("name",)


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ("year", "scheme", "park", "status", "computed_at", "published_at")
    list_filter = ("status", "park", "year")
    search_fields = ("scheme__name", "note")
    list_select_related = ("scheme", "park")


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "run", "klass", "computed_class", "total", "rank")
    list_filter = ("klass", "run")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise", "run__scheme")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "run", "field", "status", "submitted_at")
    list_filter = ("status", "run")
    search_fields = ("enterprise__name", "claim")
    list_select_related = ("enterprise", "run__scheme")


@admin.register(ComplianceRecord)
class ComplianceRecordAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "kind")
    list_filter = ("kind", "year")
    search_fields = ("enterprise__name", "note")
    list_select_related = ("enterprise",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "kind", "status", "department", "decided_on", "due_on")
    list_filter = ("status", "kind", "department")
    search_fields = ("enterprise__name", "basis")
    list_select_related = ("enterprise", "department")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("title", "decision", "due_on", "done_on")
    search_fields = ("title", "decision__enterprise__name")
    list_select_related = ("decision__enterprise",)


@admin.register(ClassPolicy)
class ClassPolicyAdmin(ReadOnlyAdmin):
    list_display = ("park", "year", "klass", "kind", "rate")
    list_filter = ("park", "year", "klass", "kind")
    search_fields = ("text",)
