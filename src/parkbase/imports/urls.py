from django.urls import path

from parkbase.imports import views

urlpatterns = [
    path("", views.ImportListView.as_view(), name="import-list"),
    path("new/", views.ImportCreateView.as_view(), name="import-create"),
    path("templates/<slug:kind>.xlsx", views.ImportTemplateView.as_view(), name="import-template"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="import-detail"),
    path("<int:pk>/mapping/", views.ImportMappingView.as_view(), name="import-mapping"),
    path("<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="import-confirm"),
    path("<int:pk>/errors.xlsx", views.ImportErrorsView.as_view(), name="import-errors"),
]
