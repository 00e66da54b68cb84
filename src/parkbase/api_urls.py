"""The REST API under /api/ (schema at /api/schema/, docs at /api/docs/)."""

from rest_framework.routers import DefaultRouter

from parkbase.core.api.views import DepartmentViewSet, PhaseViewSet
from parkbase.enterprises.api.views import EnterpriseViewSet, EnterpriseYearViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("enterprise-years", EnterpriseYearViewSet, basename="api-enterprise-year")
router.register("phases", PhaseViewSet, basename="api-phase")
router.register("departments", DepartmentViewSet, basename="api-department")

urlpatterns = router.urls
