"""Campaigns and their work, to look up with their history: the status steps, the
campaign's scope and the versions are the survey services' rules, which the pages and
the API go through; the admin would skip them."""

from django.contrib import admin

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse, Team


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "park", "year", "status", "started_on", "ended_on")
    list_filter = ("status", "park", "year")
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin):
    list_display = ("name", "campaign", "leader")
    list_filter = ("campaign",)
    search_fields = ("name", "campaign__name")
    list_select_related = ("campaign", "leader")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "campaign", "team", "status", "visited_on")
    list_filter = ("status", "campaign")
    search_fields = ("enterprise__name", "enterprise__uscc")
    list_select_related = ("enterprise", "campaign", "team")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "baseline_year", "filled_by_enterprise", "updated_at")
    list_filter = ("baseline_year", "assignment__campaign")
    search_fields = ("assignment__enterprise__name",)
    list_select_related = ("assignment__enterprise", "assignment__campaign")


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "category", "department", "status", "raised_on", "due_on")
    list_filter = ("status", "category", "department")
    search_fields = ("enterprise__name", "description")
    list_select_related = ("enterprise", "department")
