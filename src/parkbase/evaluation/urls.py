from django.urls import path

from parkbase.evaluation import views

urlpatterns = [
    path("", views.RunListView.as_view(), name="evaluation-runs"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="evaluation-run"),
    path("results/", views.ResultListView.as_view(), name="evaluation-results"),
    path("results/<int:pk>/", views.ResultDetailView.as_view(), name="evaluation-result"),
    path("schemes/", views.SchemeListView.as_view(), name="evaluation-schemes"),
    path("schemes/new/", views.SchemeEditView.as_view(), name="evaluation-scheme-create"),
    path("schemes/<int:pk>/", views.SchemeEditView.as_view(), name="evaluation-scheme"),
]
