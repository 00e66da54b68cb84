"""The REST API under /api/ (schema at /api/schema/, docs at /api/docs/)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from parkbase.core.api.views import DepartmentViewSet, PhaseViewSet
from parkbase.documents.api.views import DocumentViewSet
from parkbase.enterprises.api.monthly import MonthlyFigureViewSet, MonthlyReturnViewSet
from parkbase.enterprises.api.views import EnterpriseViewSet, EnterpriseYearViewSet
from parkbase.evaluation.api.views import (
    ObjectionViewSet,
    ResultViewSet,
    RunViewSet,
    SchemeViewSet,
)
from parkbase.imports.api.views import ImportJobViewSet
from parkbase.indicators.api.views import (
    IndicatorViewSet,
    KeyTaskViewSet,
    ProgressView,
    TargetViewSet,
)
from parkbase.land.api.views import (
    ApprovalViewSet,
    BuildingViewSet,
    ParcelViewSet,
    UnitViewSet,
)
from parkbase.projects.api.views import (
    ActivityViewSet,
    BlockerViewSet,
    FundingViewSet,
    InvestorViewSet,
    ProjectViewSet,
    StageViewSet,
)
from parkbase.surveys.api.views import AssignmentViewSet, CampaignViewSet, ConcernViewSet

router = DefaultRouter()
router.register("enterprises", EnterpriseViewSet, basename="api-enterprise")
router.register("enterprise-years", EnterpriseYearViewSet, basename="api-enterprise-year")
router.register("monthly-returns", MonthlyReturnViewSet, basename="api-monthly-return")
router.register("monthly-figures", MonthlyFigureViewSet, basename="api-monthly-figure")
router.register("phases", PhaseViewSet, basename="api-phase")
router.register("departments", DepartmentViewSet, basename="api-department")
router.register("survey-campaigns", CampaignViewSet, basename="api-survey-campaign")
router.register("survey-assignments", AssignmentViewSet, basename="api-survey-assignment")
router.register("concerns", ConcernViewSet, basename="api-concern")
router.register("imports", ImportJobViewSet, basename="api-import")
router.register("evaluation-schemes", SchemeViewSet, basename="api-evaluation-scheme")
router.register("evaluation-runs", RunViewSet, basename="api-evaluation-run")
router.register("evaluation-results", ResultViewSet, basename="api-evaluation-result")
router.register("evaluation-objections", ObjectionViewSet, basename="api-evaluation-objection")
router.register("projects", ProjectViewSet, basename="api-project")
router.register("project-investors", InvestorViewSet, basename="api-project-investor")
router.register("project-activities", ActivityViewSet, basename="api-project-activity")
router.register("project-blockers", BlockerViewSet, basename="api-project-blocker")
router.register("project-funding", FundingViewSet, basename="api-project-funding")
router.register("project-stages", StageViewSet, basename="api-project-stage")

router.register("land-parcels", ParcelViewSet, basename="api-land-parcel")
router.register("land-approvals", ApprovalViewSet, basename="api-land-approval")
router.register("land-buildings", BuildingViewSet, basename="api-land-building")
router.register("land-units", UnitViewSet, basename="api-land-unit")

router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("indicator-targets", TargetViewSet, basename="api-indicator-target")
router.register("key-tasks", KeyTaskViewSet, basename="api-key-task")

router.register("documents", DocumentViewSet, basename="api-document")

urlpatterns = [
    path("indicator-progress/", ProgressView.as_view(), name="api-indicator-progress"),
    *router.urls,
]
