from django.urls import path, register_converter

from parkbase.reports import views, views_bulletin

register_converter(views_bulletin.MonthConverter, "yyyymm")

urlpatterns = [
    path("", views.ReportListView.as_view(), name="reports"),
    path("annual/<int:year>/", views.AnnualView.as_view(), name="report-annual"),
    path("annual/<int:year>/docx/", views.AnnualDocxView.as_view(), name="report-annual-docx"),
    path(
        "annual/<int:year>/figure/<slug:key>/",
        views.FigureView.as_view(),
        name="report-figure",
    ),
    path("monthly/<yyyymm:month>/", views_bulletin.MonthlyView.as_view(), name="report-monthly"),
    path(
        "monthly/<yyyymm:month>/docx/",
        views_bulletin.MonthlyDocxView.as_view(),
        name="report-monthly-docx",
    ),
]
