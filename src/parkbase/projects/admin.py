"""The pipeline's records, to look up with their history; the pages and the API write
them through the project services. Rows come through ``visible_to``, which also marks
who is an insider of a confidential project: an outsider sees its code name, and the
real name, description, referrer and investors are left off its page and history (past
versions of a confidential project's record leave them off for everyone here; its
insiders read them on the project's own page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parkbase.core.admin import ReadOnlyAdmin
from parkbase.projects.models import (
    Activity,
    ApprovalLink,
    Blocker,
    Funding,
    Investor,
    Loss,
    LossDestination,
    Pipeline,
    Project,
    ProjectInvestor,
    Stage,
    StageChange,
)


class ProjectRecordAdmin(ReadOnlyAdmin):
    """A project or a record of one: searched by the names the reader may see."""

    search_fields = ("code_name",)  # shows the search box; the search is the queryset's
    withheld_when_hidden: frozenset[str] = frozenset()

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def withheld_fields(self, obj) -> set[str]:
        hides = obj.hides_details if isinstance(obj, Project) else obj.hides_project
        return set(self.withheld_when_hidden) if hides else set()

    @admin.display(description=_("project"))
    def project_name(self, obj):
        return obj.project_name


@admin.register(Stage)
class StageAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "park", "order")
    list_filter = ("park",)
    ordering = ("park", "order")


@admin.register(Pipeline)
class PipelineAdmin(ReadOnlyAdmin):
    list_display = ("park", "answer_days", "screen_days", "feedback_days", "talk_after_days")


@admin.register(Investor)
class InvestorAdmin(ReadOnlyAdmin):
    list_display = ("name", "park", "kind", "origin", "region")
    list_filter = ("park", "kind", "origin")
    search_fields = ("name", "uscc")


@admin.register(Project)
class ProjectAdmin(ProjectRecordAdmin):
    list_display = ("__str__", "park", "stage", "status", "key_level", "first_contact_on")
    list_filter = ("park", "status", "stage", "key_level", "confidential")
    list_select_related = ("park", "stage")
    withheld_when_hidden = frozenset({"name", "description", "referrer", "investors", "insiders"})


@admin.register(ProjectInvestor)
class ProjectInvestorAdmin(ProjectRecordAdmin):
    list_display = ("project_name", "role")
    list_filter = ("role",)
    list_select_related = ("project",)
    withheld_when_hidden = frozenset({"investor", "role", "note"})


@admin.register(StageChange)
class StageChangeAdmin(ProjectRecordAdmin):
    list_display = ("project_name", "stage", "status", "changed_on", "user")
    list_filter = ("status",)
    list_select_related = ("project", "stage", "user")


@admin.register(Activity)
class ActivityAdmin(ProjectRecordAdmin):
    list_display = ("project_name", "kind", "occurred_on", "due_on", "done_on", "owner")
    list_filter = ("kind",)
    list_select_related = ("project", "owner")


@admin.register(Blocker)
class BlockerAdmin(ProjectRecordAdmin):
    list_display = ("project_name", "category", "status", "escalation", "raised_on")
    list_filter = ("status", "category", "escalation")
    list_select_related = ("project",)


@admin.register(ApprovalLink)
class ApprovalLinkAdmin(ProjectRecordAdmin):
    """Written with the approval it links (the land approval's page and API)."""

    list_display = ("project_name", "approval")
    list_select_related = ("project", "approval")


@admin.register(Funding)
class FundingAdmin(ProjectRecordAdmin):
    list_display = ("project_name", "kind", "source", "amount", "dated_on")
    list_filter = ("kind", "source")
    list_select_related = ("project",)
    withheld_when_hidden = frozenset({"investor", "source_name"})


@admin.register(Loss)
class LossAdmin(ProjectRecordAdmin):
    list_display = ("project_name", "reason", "lost_on")
    list_filter = ("reason",)
    list_select_related = ("project",)


@admin.register(LossDestination)
class LossDestinationAdmin(ProjectRecordAdmin):
    list_display = ("place", "level", "loss")
    list_filter = ("level",)
    list_select_related = ("loss__project",)

    def withheld_fields(self, obj) -> set[str]:
        return set()
