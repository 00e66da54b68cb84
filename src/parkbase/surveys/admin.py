from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse, Team


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    list_display = ("name", "park", "year", "status", "started_on")
    list_filter = ("status", "park")
    filter_horizontal = ("scope_phases", "scope_departments", "scope_enterprises")


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ("name", "campaign", "leader")
    list_filter = ("campaign",)
    filter_horizontal = ("members",)


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "campaign", "team", "status", "visited_on")
    list_filter = ("campaign", "status")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise", "campaign", "team")


@admin.register(SurveyResponse)
class SurveyResponseAdmin(SimpleHistoryAdmin):
    list_display = ("assignment", "baseline_year", "updated_at")
    raw_id_fields = ("assignment",)


@admin.register(Concern)
class ConcernAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "category", "department", "status", "due_on")
    list_filter = ("category", "status", "department")
    raw_id_fields = ("enterprise", "assignment")
