from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from parkbase.enterprises.navigation import SearchView, TodoView
from parkbase.enterprises.views import DashboardView

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("", include("parkbase.core.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("todo/", TodoView.as_view(), name="todo"),
    path("enterprises/", include("parkbase.enterprises.urls")),
    path("imports/", include("parkbase.imports.urls")),
    path("surveys/", include("parkbase.surveys.urls")),
    path("evaluation/", include("parkbase.evaluation.urls")),
    path("projects/", include("parkbase.projects.urls")),
    path("land/", include("parkbase.land.urls")),
    path("indicators/", include("parkbase.indicators.urls")),
    path("reports/", include("parkbase.reports.urls")),
    path("reports/", include("parkbase.reports.urls_drafts")),
    path("documents/", include("parkbase.documents.urls")),
    path("api/", include("parkbase.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
