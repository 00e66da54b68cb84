"""Writes of the survey desk: campaigns and teams, assignments (balancing, visits,
status moves), the survey form and its verification into the yearly figures, and
concerns. Every write checks its rules, keeps the audit trail (the acting user, a
reason where one is needed) and refuses stale edits (``version``).

One package, split by what is written; import from here."""

from parkbase.surveys.services.assignments import (
    FORM_FIELDS,
    assignment_create,
    assignment_reassign,
    assignment_transition,
    assignment_visit,
    baseline_values,
    form_flags,
    response_figures,
    survey_fill,
    survey_verify,
    thresholds_of,
)
from parkbase.surveys.services.campaigns import (
    BalanceResult,
    assignments_balance,
    campaign_create,
    campaign_update,
    campaign_violations,
    team_delete,
    team_join,
    team_named,
    team_save,
    team_violations,
)
from parkbase.surveys.services.concerns import concern_create, concern_update, concern_violations
from parkbase.surveys.services.rules import is_member, is_writer, may_fill, may_work_on

__all__ = [
    "FORM_FIELDS",
    "BalanceResult",
    "assignment_create",
    "assignment_reassign",
    "assignment_transition",
    "assignment_visit",
    "assignments_balance",
    "baseline_values",
    "campaign_create",
    "campaign_update",
    "campaign_violations",
    "concern_create",
    "concern_update",
    "concern_violations",
    "form_flags",
    "is_member",
    "is_writer",
    "may_fill",
    "may_work_on",
    "response_figures",
    "survey_fill",
    "survey_verify",
    "team_delete",
    "team_join",
    "team_named",
    "team_save",
    "team_violations",
    "thresholds_of",
]
