"""Writes and computations of the evaluation desk: schemes, runs (the notice period,
publishing, overrides, objections, what-if), redevelopment decisions with their
milestones, class policies and compliance records. Every write checks its rules, keeps
the audit trail and refuses stale edits (``version``).

One package, split by what is written; import from here."""

from parkbase.evaluation.services.compliance import compliance_add, compliance_delete
from parkbase.evaluation.services.redevelopment import (
    DECISION_FIELDS,
    decision_create,
    decision_update,
    milestone_add,
    milestone_done,
    policy_delete,
    policy_save,
)
from parkbase.evaluation.services.runs import (
    DEFAULT_SCHEME_FILE,
    ClassChange,
    Evaluation,
    default_scheme_definition,
    evaluate,
    explanation,
    objection_answer,
    objection_create,
    result_override,
    run_create,
    run_publish,
    run_recompute,
    run_start_notice,
    scheme_check,
    scheme_create,
    scheme_parse_text,
    scheme_update,
    what_if,
)

__all__ = [
    "compliance_add",
    "compliance_delete",
    "ClassChange",
    "DECISION_FIELDS",
    "DEFAULT_SCHEME_FILE",
    "Evaluation",
    "decision_create",
    "decision_update",
    "default_scheme_definition",
    "evaluate",
    "explanation",
    "milestone_add",
    "milestone_done",
    "objection_answer",
    "objection_create",
    "policy_delete",
    "policy_save",
    "result_override",
    "run_create",
    "run_publish",
    "run_recompute",
    "run_start_notice",
    "scheme_check",
    "scheme_create",
    "scheme_parse_text",
    "scheme_update",
    "what_if",
]
