from django.urls import path

from parkbase.enterprises import monthly_views, views

urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise-list"),
    path("new/", views.EnterpriseEditView.as_view(), name="enterprise-create"),
    path("years/", views.EnterpriseYearListView.as_view(), name="enterprise-year-list"),
    path("monthly/", monthly_views.MonthlyReturnListView.as_view(), name="monthly-return-list"),
    path("monthly/late/", monthly_views.LateReturnListView.as_view(), name="monthly-late-list"),
    path(
        "monthly/calendar/",
        monthly_views.ReportingCalendarView.as_view(),
        name="monthly-calendar",
    ),
    path(
        "<int:pk>/monthly/file/",
        monthly_views.MonthlyReturnFileView.as_view(),
        name="monthly-return-file",
    ),
    path("<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise-edit"),
    path(
        "<int:pk>/years/new/", views.EnterpriseYearEditView.as_view(), name="enterprise-year-create"
    ),
    path(
        "<int:pk>/years/<int:year>/edit/",
        views.EnterpriseYearEditView.as_view(),
        name="enterprise-year-edit",
    ),
]
