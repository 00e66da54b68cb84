"""Compliance records: the facts of a year that scheme rules read as ``flag.<kind>``."""

from __future__ import annotations

from parkbase.core.messages import as_validation_error
from parkbase.core.scoping import RULE_CHECK
from parkbase.core.violations import Violation
from parkbase.core.write import delete, save
from parkbase.evaluation.choices import ComplianceKind
from parkbase.evaluation.models import ComplianceRecord

FIRST_YEAR, LAST_YEAR = 1949, 2100


def compliance_add(*, enterprise, year, kind: str, note: str = "", user=None) -> ComplianceRecord:
    problems = []
    if kind not in ComplianceKind.values:
        problems.append(
            Violation(
                "kind",
                "unknown_choice",
                {"value": kind, "choices": ", ".join(ComplianceKind.values)},
            )
        )
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(
            Violation("year", "year_range", {"value": year, "min": FIRST_YEAR, "max": LAST_YEAR})
        )
    if (
        not problems
        and ComplianceRecord.objects.unscoped(RULE_CHECK)
        .filter(enterprise=enterprise, year=year, kind=kind)
        .exists()
    ):
        problems.append(
            Violation(
                "kind", "recorded_already", {"value": ComplianceKind(kind).label, "year": year}
            )
        )
    if problems:
        raise as_validation_error(problems, ComplianceRecord)
    record = ComplianceRecord(enterprise=enterprise, year=year, kind=kind, note=note.strip())
    save(record, user)
    return record


def compliance_delete(*, record: ComplianceRecord, user=None) -> None:
    delete(record, user)
