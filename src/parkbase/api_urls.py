"""The REST API under /api/ (schema at /api/schema/, docs at /api/docs/)."""

from rest_framework.routers import DefaultRouter

from parkbase.core.api.views import DepartmentViewSet, PhaseViewSet
from parkbase.enterprises.api.views import EnterpriseViewSet, EnterpriseYearViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet, basename="enterprise")
router.register("enterprise-years", EnterpriseYearViewSet, basename="enterprise-year")
router.register("phases", PhaseViewSet, basename="phase")
router.register("departments", DepartmentViewSet, basename="department")

urlpatterns = router.urls
