"""Pages of the survey desk. Thin: every object comes from ``visible_to``, every
write goes through ``parkbase.surveys.services``."""

from parkbase.surveys.views.assignments import (
    AssignmentDetailView,
    AssignmentListView,
    SurveyFormView,
)
from parkbase.surveys.views.campaigns import (
    CampaignDetailView,
    CampaignEditView,
    CampaignListView,
    CampaignProgressView,
    TeamEditView,
)
from parkbase.surveys.views.concerns import (
    ConcernDetailView,
    ConcernEditView,
    ConcernListView,
    ConcernSummaryView,
)

__all__ = [
    "AssignmentDetailView",
    "AssignmentListView",
    "CampaignDetailView",
    "CampaignEditView",
    "CampaignListView",
    "CampaignProgressView",
    "ConcernDetailView",
    "ConcernEditView",
    "ConcernListView",
    "ConcernSummaryView",
    "SurveyFormView",
    "TeamEditView",
]
