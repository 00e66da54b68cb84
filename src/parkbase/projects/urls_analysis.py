from django.urls import path

from parkbase.projects.views import analysis

urlpatterns = [
    path("funnel/", analysis.FunnelView.as_view(), name="projects-funnel"),
    path("money/", analysis.MoneyView.as_view(), name="projects-money"),
    path("lost/", analysis.LostView.as_view(), name="projects-lost"),
    path("key/", analysis.KeyProjectsView.as_view(), name="projects-key"),
    path("blockers/", analysis.BlockerBoardView.as_view(), name="projects-blockers"),
    path("tasks/", analysis.TasksView.as_view(), name="projects-tasks"),
]
