from django.urls import include, path

from parkbase.projects.views import ledgers, parts, projects, settings

urlpatterns = [
    path("", projects.ProjectListView.as_view(), name="projects"),
    path("board/", projects.ProjectBoardView.as_view(), name="projects-board"),
    path("new/", projects.ProjectEditView.as_view(), name="project-create"),
    path("<int:pk>/", projects.ProjectDetailView.as_view(), name="project"),
    path("<int:pk>/edit/", projects.ProjectEditView.as_view(), name="project-edit"),
    path("<int:pk>/move/", projects.ProjectMoveView.as_view(), name="project-move"),
    path("<int:pk>/status/", projects.ProjectStatusView.as_view(), name="project-status"),
    path("<int:pk>/lose/", projects.ProjectLoseView.as_view(), name="project-lose"),
    path("activities/", ledgers.ActivityListView.as_view(), name="project-activities"),
    path("funding/", ledgers.FundingListView.as_view(), name="project-funding"),
    path(
        "<int:pk>/activities/new/",
        parts.ActivityEditView.as_view(creating=True),
        name="project-activity-create",
    ),
    path(
        "activities/<int:pk>/edit/",
        parts.ActivityEditView.as_view(),
        name="project-activity-edit",
    ),
    path(
        "activities/<int:pk>/done/",
        parts.ActivityDoneView.as_view(),
        name="project-activity-done",
    ),
    path(
        "<int:pk>/blockers/new/",
        parts.BlockerEditView.as_view(creating=True),
        name="project-blocker-create",
    ),
    path("blockers/<int:pk>/edit/", parts.BlockerEditView.as_view(), name="project-blocker-edit"),
    path("<int:pk>/funding/", parts.FundingAddView.as_view(), name="project-funding-add"),
    path(
        "funding/<int:pk>/delete/",
        parts.FundingDeleteView.as_view(),
        name="project-funding-delete",
    ),
    path("<int:pk>/investors/", parts.ProjectInvestorsView.as_view(), name="project-investors"),
    path("investors/", parts.InvestorListView.as_view(), name="investors"),
    path("investors/new/", parts.InvestorEditView.as_view(), name="investor-create"),
    path("investors/<int:pk>/", parts.InvestorEditView.as_view(), name="investor-edit"),
    path("pipeline/", settings.PipelineView.as_view(), name="projects-pipeline"),
    path("", include("parkbase.projects.urls_analysis")),
]
