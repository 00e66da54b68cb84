from django.urls import path

from parkbase.indicators import views

urlpatterns = [
    path("", views.ProgressView.as_view(), name="indicators"),
    path("library/", views.LibraryView.as_view(), name="indicator-library"),
    path("new/", views.IndicatorEditView.as_view(), name="indicator-create"),
    path("<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator"),
    path("<int:pk>/edit/", views.IndicatorEditView.as_view(), name="indicator-edit"),
    path("<int:pk>/targets/<int:year>/", views.TargetEditView.as_view(), name="indicator-target"),
    path("<int:pk>/values/", views.ManualValuesView.as_view(), name="indicator-values"),
    path("tasks/", views.KeyTaskListView.as_view(), name="key-tasks"),
    path("tasks/new/", views.KeyTaskEditView.as_view(), name="key-task-create"),
    path("tasks/<int:pk>/", views.KeyTaskDetailView.as_view(), name="key-task"),
    path("tasks/<int:pk>/edit/", views.KeyTaskEditView.as_view(), name="key-task-edit"),
    path("units/", views.UnitListView.as_view(), name="indicator-units"),
    path("units/new/", views.UnitEditView.as_view(), name="indicator-unit-create"),
    path("units/<int:pk>/edit/", views.UnitEditView.as_view(), name="indicator-unit-edit"),
]
