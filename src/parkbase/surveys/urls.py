from django.urls import path

from parkbase.surveys import views

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign-list"),
    path("new/", views.CampaignEditView.as_view(), name="campaign-create"),
    path("<int:pk>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("<int:pk>/edit/", views.CampaignEditView.as_view(), name="campaign-edit"),
    path("<int:pk>/progress/", views.CampaignProgressView.as_view(), name="campaign-progress"),
    path("<int:campaign>/teams/new/", views.TeamEditView.as_view(), name="team-create"),
    path("teams/<int:pk>/edit/", views.TeamEditView.as_view(), name="team-edit"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment-list"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment-detail"),
    path("assignments/<int:pk>/form/", views.SurveyFormView.as_view(), name="survey-form"),
    path("concerns/", views.ConcernListView.as_view(), name="concern-list"),
    path("concerns/new/", views.ConcernEditView.as_view(), name="concern-create"),
    path("concerns/summary/", views.ConcernSummaryView.as_view(), name="concern-summary"),
    path("concerns/<int:pk>/", views.ConcernDetailView.as_view(), name="concern-detail"),
    path("concerns/<int:pk>/edit/", views.ConcernEditView.as_view(), name="concern-edit"),
]
