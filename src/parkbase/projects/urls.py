from django.urls import include, path

urlpatterns = [
    path("", include("parkbase.projects.urls_analysis")),
]
