from django.urls import path

from parkbase.reports import views

urlpatterns = [
    path("", views.ReportListView.as_view(), name="reports"),
    path("annual/<int:year>/", views.AnnualView.as_view(), name="report-annual"),
    path("annual/<int:year>/docx/", views.AnnualDocxView.as_view(), name="report-annual-docx"),
    path(
        "annual/<int:year>/figure/<slug:key>/",
        views.FigureView.as_view(),
        name="report-figure",
    ),
]
