"""Evaluation work: schemes saved from their file format, runs computed and stored,
the notice period with objections and recomputation, publishing, class overrides."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkbase.core import clock
from parkbase.core.db import STATISTICS_AFTER_ROWS, refresh_statistics
from parkbase.core.history import source_reason
from parkbase.core.messages import as_validation_error
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, SYSTEM_WORK
from parkbase.core.violations import Violation
from parkbase.core.write import locked, save, save_edit
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.evaluation import engine
from parkbase.evaluation.choices import ObjectionStatus, RunStatus
from parkbase.evaluation.models import Objection, Result, Run, Scheme
from parkbase.evaluation.places import SchemePlaces
from parkbase.evaluation.population import (
    YEAR_NUMBERS,
    field_catalogue,
    field_kinds,
    ids_subquery,
    load_year,
    load_year_cached,
)
from parkbase.evaluation.scheme import (
    SchemeFormatError,
    scheme_from_dict,
    scheme_to_dict,
    validate_scheme,
)
from parkbase.evaluation.store import store_results

FIRST_YEAR, LAST_YEAR = 1949, 2100
DEFAULT_SCHEME_FILE = Path(__file__).parent.parent / "data" / "default_scheme.yaml"
# the reasons the changes made by the evaluation's work give in the history (their words:
# ``CHANGE_SOURCES``, registered in the app's ready)
COMPUTED, RECOMPUTED = "computed", "recomputed"
OVERRIDE_REMOVED = "override removed"
OBJECTION = "objection"  # a figure corrected by an accepted objection: objection:<number>
CHANGE_SOURCES = {
    COMPUTED: _("computed by the system"),
    RECOMPUTED: _("recomputed by the system"),
    OVERRIDE_REMOVED: _("class override removed"),
    OBJECTION: _("accepted objection #%(detail)s"),
}


# --- schemes ------------------------------------------------------------------------


def scheme_parse_text(text: str):
    """A scheme from YAML or JSON text (JSON is YAML); ValidationError naming the place."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        problem = Violation("file", "scheme_syntax", {"value": where})
        raise as_validation_error([problem], SchemePlaces) from exc
    return scheme_check(data)


def scheme_check(data):
    """The engine's Scheme for ``data`` after every check; ValidationError otherwise."""
    try:
        scheme = scheme_from_dict(data)
    except SchemeFormatError as exc:
        raise as_validation_error(exc.violations, SchemePlaces) from exc
    problems = validate_scheme(scheme, field_kinds())
    if problems:
        raise as_validation_error(problems, SchemePlaces)
    return scheme


@cache
def _default_scheme_text() -> str:
    return json.dumps(
        scheme_to_dict(scheme_check(yaml.safe_load(DEFAULT_SCHEME_FILE.read_text("utf-8"))))
    )


def default_scheme_definition() -> dict:
    """A fresh copy each call: a caller that changes its copy changes no one else's."""
    return json.loads(_default_scheme_text())


def _refuse_duplicate_name(park, parsed, exclude=None) -> None:
    same = Scheme.objects.unscoped(RULE_CHECK).filter(park=park, name=parsed.name, year=parsed.year)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise as_validation_error(
            [Violation("name", "duplicate_name", {"value": f"{parsed.name} ({parsed.year})"})]
        )


def scheme_create(*, park, definition: dict, user=None) -> Scheme:
    parsed = scheme_check(definition)
    _refuse_duplicate_name(park, parsed)
    scheme = Scheme(
        park=park,
        name=parsed.name,
        name_en=parsed.name_en,
        year=parsed.year,
        definition=scheme_to_dict(parsed),
    )
    save(scheme, user)
    return scheme


def scheme_update(*, scheme: Scheme, definition: dict, expected_version: int | None, user=None):
    parsed = scheme_check(definition)
    with transaction.atomic():
        current = locked(Scheme, scheme.pk, expected_version)
        _refuse_duplicate_name(current.park_id, parsed, exclude=current.pk)
        current.name, current.name_en, current.year = parsed.name, parsed.name_en, parsed.year
        current.definition = scheme_to_dict(parsed)
        save_edit(current, user)
    return current


# --- runs ---------------------------------------------------------------------------


@dataclass
class Evaluation:
    """An outcome with what is needed to show it: names, credit codes, figures."""

    scheme: engine.Scheme
    outcome: engine.Outcome
    names: list[str]
    usccs: list[str]
    figures: dict[str, np.ndarray]

    def rows(self, explain: bool = True):
        """One dict per firm, the CLI's JSON shape."""
        out = self.outcome
        for i in range(len(out)):
            facts = engine.row_facts(self.scheme, out, i)
            row = {
                "uscc": self.usccs[i],
                "name": self.names[i],
                "group": facts.group,
                "indicators": facts.values,
                "scores": facts.scores,
                "total": _number(out.total[i]),
                "rank": int(out.rank[i]) or None,
                "percentile": _number(out.percentile[i]),
                "class": out.class_of(i),
            }
            if explain:
                row["reasons"] = engine.explain_facts(
                    self.scheme, facts, out.benchmarks, out.median_scores
                )
            yield row


def _number(value) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


def evaluate(
    park, year: int, scheme: engine.Scheme, enterprise_ids=None, *, previous=None, cached=False
) -> Evaluation:
    """Score the park's year with ``scheme``, storing nothing (dry run and what-if).
    ``previous``: the park's year before, as ``load_year(park, year - 1).population``,
    when the caller has it already (several what-ifs in a row). ``cached``: read both
    years through the in-memory cache (the whole park, every field)."""

    def read(year, fields):
        return (
            load_year_cached(park, year, fields) if cached else load_year(park, year, fields=fields)
        )

    if cached or enterprise_ids is None:
        current = read(year, engine.fields_read(scheme))
        if enterprise_ids is not None:
            current = current.subset(enterprise_ids)
    else:
        current = load_year(park, year, enterprise_ids, fields=engine.fields_read(scheme))
    if previous is None and engine.reads_previous_year(scheme):  # only benchmarks read it
        previous = read(year - 1, engine.fields_read(scheme, rules=False)).population
    outcome = engine.evaluate(scheme, current.population, previous)
    if scheme.shared_parcel != "none" and current.population.owner is None:
        # who rents from whom comes with the land register; until then no firm shares
        outcome.warnings.append(
            Violation("shared_parcel", "no_tenancy_data", {"value": scheme.shared_parcel})
        )
    figures = {name: current.population.values[name] for name in engine.indicator_fields(scheme)}
    return Evaluation(scheme, outcome, current.names, current.usccs, figures)


@dataclass(frozen=True)
class ClassChange:
    """An enterprise whose class a what-if scheme changes ("" for no class: ungraded,
    or not evaluated)."""

    enterprise_id: int
    name: str
    uscc: str
    before: str  # the class the run computed (an override by hand is not a change)
    after: str
    total_before: float | None
    total_after: float | None


def what_if(
    *, run: Run, scheme: engine.Scheme, enterprise_ids=None, previous=None
) -> list[ClassChange]:
    """The enterprises whose computed class would change if ``scheme`` had been the
    run's, over the run's year with today's figures (a figure corrected since the run
    shows as a change too). With ``enterprise_ids`` only those enterprises are scored,
    ranked and classed, among themselves (last year's benchmarks still come from the
    whole park); ``previous`` as in ``evaluate``. Reads only."""
    evaluation = evaluate(
        run.park, run.year, scheme, enterprise_ids, previous=previous, cached=True
    )
    out = evaluation.outcome
    stored = _stored_classes(run, enterprise_ids)
    changes = []
    for i, enterprise_id in enumerate(out.ids.tolist()):
        before, total = stored.pop(enterprise_id, ("", None))
        after = out.class_of(i) or ""
        if after != before:
            name, uscc = evaluation.names[i], evaluation.usccs[i]
            total_after = _number(out.total[i])
            changes.append(
                ClassChange(enterprise_id, name, uscc, before, after, total, total_after)
            )
    # in the run with a class, but without figures for the year any more
    gone = {e: found for e, found in stored.items() if found[0]}
    firms = Enterprise.objects.unscoped(RULE_CHECK).filter(pk__in=list(gone)).order_by("pk")
    for pk, name, uscc in firms.values_list("pk", "name", "uscc"):
        before, total = gone[pk]
        changes.append(ClassChange(pk, name, uscc, before, "", total, None))
    return changes


def _stored_classes(run: Run, enterprise_ids) -> dict[int, tuple[str, float | None]]:
    results = Result.objects.unscoped(SYSTEM_WORK).filter(run=run)
    if enterprise_ids is not None:
        results = results.filter(enterprise_id__in=ids_subquery(enterprise_ids, results.db))
    rows = results.order_by().values_list("enterprise_id", "computed_class", "total")
    return {enterprise_id: (klass, total) for enterprise_id, klass, total in rows}


def _summary(evaluation: Evaluation) -> dict:
    out = evaluation.outcome
    classes = {name: int((out.klass == k).sum()) for k, name in enumerate(out.class_names)}
    return {
        "evaluated": int((out.group >= 0).sum()),
        "graded": int((out.klass >= 0).sum()),
        "classes": classes,
        "groups": {code: int((out.group == g).sum()) for g, code in enumerate(out.group_codes)},
        "benchmarks": {f"{g}|{i}": _number(v) for (g, i), v in out.benchmarks.items()},
        "median_scores": {f"{g}|{i}": _number(v) for (g, i), v in out.median_scores.items()},
    }


def _describe(run: Run, evaluation: Evaluation) -> None:
    """The run's summary and warnings, set before it is saved."""
    run.summary = _summary(evaluation)
    run.warnings = [
        {"field": w.field, "code": w.code, "params": w.params} for w in evaluation.outcome.warnings
    ]


def _store(run: Run, evaluation: Evaluation, user, reason: str) -> None:
    store_results(run, evaluation, user=user, reason=reason)
    if len(evaluation.outcome) >= STATISTICS_AFTER_ROWS:
        refresh_statistics(Result._meta.db_table)


def run_create(
    *, scheme: Scheme, year: int | None = None, user=None, evaluation: Evaluation | None = None
) -> Run:
    """Compute the scheme over the park's year and store a draft run with its results
    (``evaluation``: already computed with this scheme and year)."""
    year = year or scheme.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise as_validation_error(
            [Violation("year", "year_range", {"value": year, "min": FIRST_YEAR, "max": LAST_YEAR})]
        )
    if evaluation is None:
        evaluation = evaluate(scheme.park, year, scheme_check(scheme.definition))
    with transaction.atomic():
        run = Run(
            park=scheme.park,
            scheme=scheme,
            year=year,
            scheme_version=scheme.version,
            scheme_definition=scheme.definition,
            computed_at=timezone.now(),
            computed_by=user,
        )
        run._history_user = user
        _describe(run, evaluation)
        run.save()
        _store(run, evaluation, user, COMPUTED)
    return run


def _require_status(run: Run, allowed, field="status"):
    if run.status not in allowed:
        raise as_validation_error(
            [Violation(field, "run_status", {"value": run.get_status_display()})]
        )


def run_recompute(*, run: Run, expected_version: int | None, user=None) -> Run:
    """Compute again with the run's own scheme (after corrected figures); class
    overrides are kept where the enterprise is still in the results."""
    with transaction.atomic():
        current = locked(Run, run.pk, expected_version)
        _require_status(current, (RunStatus.DRAFT, RunStatus.NOTICE))
        overrides = {
            r.enterprise_id: (r.klass, r.override_reason)
            for r in current.results.exclude(override_reason="")
        }
        evaluation = evaluate(current.park, current.year, scheme_check(current.scheme_definition))
        current.results.all().delete()
        _describe(current, evaluation)
        _store(current, evaluation, user, RECOMPUTED)
        _restore_overrides(current, overrides, user)
        current.computed_at, current.computed_by = timezone.now(), user
        save_edit(current, user)
    return current


def _restore_overrides(run: Run, overrides: dict, user) -> None:
    """Put the hand-set classes back on the recomputed results, each saved with its
    audit row; one the computation now agrees with is no longer an override."""
    results = Result.objects.unscoped(SYSTEM_WORK).filter(
        run=run, enterprise_id__in=list(overrides)
    )
    for result in results:
        klass, reason = overrides[result.enterprise_id]
        if klass == result.computed_class:
            continue
        result.klass, result.override_reason = klass, reason
        save_edit(result, user, reason)


def run_start_notice(*, run: Run, ends_on, expected_version: int | None, user=None) -> Run:
    with transaction.atomic():
        current = locked(Run, run.pk, expected_version)
        _require_status(current, (RunStatus.DRAFT,))
        if ends_on is None or ends_on < clock.today():
            raise as_validation_error(
                [Violation("notice_ends_on", "notice_end", {"value": ends_on})]
            )
        current.status, current.notice_ends_on = RunStatus.NOTICE, ends_on
        save_edit(current, user)
    return current


def run_publish(*, run: Run, expected_version: int | None, user=None) -> Run:
    with transaction.atomic():
        current = locked(Run, run.pk, expected_version)
        _require_status(current, (RunStatus.NOTICE,))
        if current.notice_ends_on and clock.today() < current.notice_ends_on:
            raise as_validation_error(
                [Violation("status", "notice_running", {"value": current.notice_ends_on})]
            )
        if current.objections.filter(status=ObjectionStatus.OPEN).exists():
            raise as_validation_error([Violation("objections", "open_objections", {})])
        if (
            Run.objects.unscoped(RULE_CHECK)
            .filter(park=current.park, year=current.year, status=RunStatus.PUBLISHED)
            .exists()
        ):
            raise as_validation_error(
                [Violation("status", "already_published", {"value": current.year})]
            )
        current.status, current.published_at = RunStatus.PUBLISHED, timezone.now()
        save_edit(current, user)
    return current


def result_override(
    *, result: Result, klass: str, reason: str, expected_version: int | None, user=None
) -> Result:
    """Set the class by hand, with a reason (audited); the computed class stays."""
    with transaction.atomic():
        current = locked(Result.objects.select_related("run"), result.pk, expected_version)
        _require_status(current.run, (RunStatus.DRAFT, RunStatus.NOTICE), field="class")
        names = scheme_check(current.run.scheme_definition).class_names()
        problems = []
        if klass not in names and klass != current.computed_class:
            problems.append(
                Violation("class", "unknown_choice", {"value": klass, "choices": ", ".join(names)})
            )
        if not reason.strip() and klass != current.computed_class:
            problems.append(Violation("reason", "required", {}))
        if problems:
            raise as_validation_error(problems)
        current.klass = klass
        current.override_reason = "" if klass == current.computed_class else reason.strip()
        save_edit(current, user, reason.strip() or OVERRIDE_REMOVED)
    return current


# --- objections ---------------------------------------------------------------------


def objection_create(
    *, run: Run, enterprise, claim: str, field: str = "", proposed_value=None, user=None
):
    """An objection in the notice period (until its last day); the run is locked so
    that it cannot be published in between."""
    with transaction.atomic():
        current = Run.objects.unscoped(FOR_WRITE).select_for_update().get(pk=run.pk)
        _require_status(current, (RunStatus.NOTICE,), field="run")
        problems = []
        if current.notice_ends_on and clock.today() > current.notice_ends_on:
            problems.append(Violation("run", "notice_over", {"value": current.notice_ends_on}))
        if not claim.strip():
            problems.append(Violation("claim", "required", {}))
        if field and field not in field_catalogue():
            problems.append(Violation("field", "unknown_field", {"value": field}))
        if proposed_value is not None and not Decimal(proposed_value).is_finite():
            problems.append(Violation("proposed_value", "not_a_number", {"value": proposed_value}))
        if problems:
            raise as_validation_error(problems)
        objection = Objection(
            run=current,
            enterprise=enterprise,
            claim=claim.strip(),
            field=field,
            proposed_value=proposed_value,
            submitted_by=user,
        )
        save(objection, user)
    return objection


def objection_answer(
    *,
    objection: Objection,
    status: str,
    answer: str,
    expected_version: int | None,
    user=None,
    correct: bool = False,
) -> Objection:
    """Accept or reject with an answer. With ``correct``, an accepted objection that
    names a yearly figure and a value writes that value into the year's data through the
    usual edit (its rules and audit trail, the objection as the reason); the run is then
    recomputed by staff when the objections are answered."""
    with transaction.atomic():
        current = locked(
            Objection.objects.select_related("run"),
            objection.pk,
            expected_version,
        )
        _require_status(current.run, (RunStatus.NOTICE,), field="run")
        problems = []
        if current.status != ObjectionStatus.OPEN:
            problems.append(
                Violation("status", "answered_already", {"value": current.get_status_display()})
            )
        if status not in (ObjectionStatus.ACCEPTED, ObjectionStatus.REJECTED):
            problems.append(
                Violation(
                    "status", "unknown_choice", {"value": status, "choices": "accepted, rejected"}
                )
            )
        if not answer.strip():
            problems.append(Violation("answer", "required", {}))
        if problems:
            raise as_validation_error(problems)
        if correct and status == ObjectionStatus.ACCEPTED:
            _apply_correction(current, user)
        current.status, current.answer = status, answer.strip()
        current.answered_by, current.answered_at = user, timezone.now()
        save_edit(current, user)
    return current


def _apply_correction(objection: Objection, user) -> None:
    from parkbase.enterprises.services import year_save

    if objection.field not in YEAR_NUMBERS or objection.proposed_value is None:
        raise as_validation_error([Violation("field", "no_correction", {})])
    year = (
        EnterpriseYear.objects.unscoped(SYSTEM_WORK)
        .filter(enterprise=objection.enterprise_id, year=objection.run.year)
        .first()
    )
    year_save(
        user=user,
        enterprise=objection.enterprise,
        data={objection.field: objection.proposed_value},
        instance=year,
        expected_version=year.version if year else None,
        reason=source_reason(OBJECTION, objection.pk),
    )


def explanation(result: Result, scheme: engine.Scheme | None = None) -> list[Violation]:
    """The explanation of a stored result, rebuilt from its facts and its run
    (``scheme``: the run's, already checked, when explaining many results)."""
    scheme = scheme or scheme_check(result.run.scheme_definition)
    facts = engine.RowFacts(
        group=result.group or None,
        values=result.indicator_values,
        scores=result.scores,
        problems=result.facts.get("problems", {}),
        adjustments=result.facts.get("adjustments", []),
        forced=result.facts.get("forced"),
        ungraded=result.facts.get("ungraded"),
        owner=result.facts.get("owner"),
    )
    summary = result.run.summary
    benchmarks = {tuple(k.split("|", 1)): v for k, v in summary.get("benchmarks", {}).items()}
    medians = {tuple(k.split("|", 1)): v for k, v in summary.get("median_scores", {}).items()}
    return engine.explain_facts(
        scheme,
        facts,
        {k: math.nan if v is None else v for k, v in benchmarks.items()},
        {k: math.nan if v is None else v for k, v in medians.items()},
    )
