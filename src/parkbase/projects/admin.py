"""Only the pipeline's reference data is in the admin site. Projects and what hangs off
them are not: the admin bypasses ``visible_to``, the one place that decides who sees a
confidential project's real name; they are edited in the pages and the API."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from parkbase.projects.models import Pipeline, Stage


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "park", "order")
    list_filter = ("park",)
    ordering = ("park", "order")


@admin.register(Pipeline)
class PipelineAdmin(SimpleHistoryAdmin):
    list_display = ("park", "answer_days", "screen_days", "feedback_days", "talk_after_days")
