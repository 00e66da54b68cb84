from parkbase.evaluation.views.analysis import AnalysisView, PolicyView, WhatIfView
from parkbase.evaluation.views.compliance import ComplianceListView
from parkbase.evaluation.views.redevelopment import (
    CandidateListView,
    DecisionDetailView,
    DecisionEditView,
    DecisionListView,
)
from parkbase.evaluation.views.runs import (
    ObjectionAnswerView,
    ObjectionCreateView,
    ResultDetailView,
    ResultListView,
    RunDetailView,
    RunListView,
    SchemeEditView,
    SchemeListView,
)

__all__ = [
    "AnalysisView",
    "CandidateListView",
    "ComplianceListView",
    "ObjectionAnswerView",
    "ObjectionCreateView",
    "DecisionDetailView",
    "DecisionEditView",
    "DecisionListView",
    "PolicyView",
    "ResultDetailView",
    "ResultListView",
    "RunDetailView",
    "RunListView",
    "SchemeEditView",
    "SchemeListView",
    "WhatIfView",
]
