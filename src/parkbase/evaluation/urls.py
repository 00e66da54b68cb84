from django.urls import path

from parkbase.evaluation import views

urlpatterns = [
    path("", views.RunListView.as_view(), name="evaluation-runs"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="evaluation-run"),
    path("runs/<int:pk>/what-if/", views.WhatIfView.as_view(), name="evaluation-what-if"),
    path("results/", views.ResultListView.as_view(), name="evaluation-results"),
    path("results/<int:pk>/", views.ResultDetailView.as_view(), name="evaluation-result"),
    path(
        "results/<int:pk>/objection/",
        views.ObjectionCreateView.as_view(),
        name="evaluation-objection-create",
    ),
    path(
        "objections/<int:pk>/answer/",
        views.ObjectionAnswerView.as_view(),
        name="evaluation-objection-answer",
    ),
    path("analysis/", views.AnalysisView.as_view(), name="evaluation-analysis"),
    path("policies/", views.PolicyView.as_view(), name="evaluation-policies"),
    path("schemes/", views.SchemeListView.as_view(), name="evaluation-schemes"),
    path("schemes/new/", views.SchemeEditView.as_view(), name="evaluation-scheme-create"),
    path("schemes/<int:pk>/", views.SchemeEditView.as_view(), name="evaluation-scheme"),
    path("compliance/", views.ComplianceListView.as_view(), name="evaluation-compliance"),
    path("redevelopment/", views.CandidateListView.as_view(), name="evaluation-candidates"),
    path("decisions/", views.DecisionListView.as_view(), name="evaluation-decisions"),
    path("decisions/new/", views.DecisionEditView.as_view(), name="evaluation-decision-create"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="evaluation-decision"),
    path(
        "decisions/<int:pk>/edit/",
        views.DecisionEditView.as_view(),
        name="evaluation-decision-edit",
    ),
]
