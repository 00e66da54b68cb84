"""The fast store of a run's results (parkbase.evaluation.store) writes exactly what the
reference path writes (a Result instance per firm through create_with_history), the
arrays of a restricted load equal those of a full one, and a what-if reads the class
changes without writing. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import numpy as np
import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from parkbase.core.choices import Role
from parkbase.evaluation import engine, population, services, store
from parkbase.evaluation.choices import ComplianceKind
from parkbase.evaluation.models import Result, Run
from parkbase.imports.bulk import create_with_history
from tests.factories import ComplianceRecordFactory, EnterpriseFactory, EnterpriseYearFactory

SKIP_RESULT = {"id", "run"}
SKIP_HISTORY = {"history_id", "history_date", "id", "run"}
JSON_FIELDS = ("figures", "indicator_values", "scores", "facts")

floats = st.one_of(
    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0])
)


@given(
    keys=st.lists(st.text(max_size=6), min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_json_objects_are_what_json_dumps_writes(keys, data):
    rows = data.draw(st.lists(st.lists(floats, min_size=len(keys), max_size=len(keys))))
    columns = [list(column) for column in zip(*rows, strict=True)] or [[] for _ in keys]
    expected = [json.dumps(dict(zip(keys, row, strict=True))) for row in rows]
    assert store.json_objects(keys, columns) == expected


def _year(enterprise, year, **figures):
    defaults = {"cod_t": 1.5, "so2_t": 0.25, "nh3n_t": None, "nox_t": 2, "rd_spending": 10**6}
    return EnterpriseYearFactory(enterprise=enterprise, year=year, **(defaults | figures))


@pytest.fixture
def varied(world):
    """Park A with firms of every kind the default scheme tells apart, in 2018 and 2019:
    above and below size, missing and zero land, utilities, young firms, services,
    tenants with leased land, bonus flags and compliance records."""
    park = world.parks[0]
    phase, department = world.phases[0], world.departments[0]
    kinds = [
        {"is_above_size": True, "is_high_tech": True},
        {"is_above_size": True, "is_listed": True, "industry_code": "3411"},
        {"is_above_size": True, "founded_on": dt.date(2018, 3, 1)},
        {"is_above_size": True, "industry_code": "4411"},
        {"is_above_size": False, "is_specialized": True},
        {"is_above_size": False},
        {"is_above_size": False, "industry_code": "7320"},
        {"is_above_size": True},
        {"is_above_size": True},
        {"is_above_size": False},
    ]
    firms = [
        EnterpriseFactory(
            park=park,
            phase=phase,
            department=department,
            founded_on=kind.pop("founded_on", dt.date(2001, 5, 4)),
            **kind,
        )
        for kind in kinds
    ]
    for k, firm in enumerate(firms):
        tax = 1_000_000 + 371_117.13 * k
        land = [25_000, 30_000.5, 12_000, 40_000, 2_500, 1_500, 8_000, None, 0, None][k]
        _year(firm, 2018, tax_total=tax * 0.9, land_area=land or 20_000)
        _year(
            firm,
            2019,
            tax_total=None if k == 8 else tax,
            land_area=land,
            land_leased_in=3_000 if land is None else None,
            energy_tce=None if k == 1 else 1234.567,
        )
    for firm, kind in ((firms[7], ComplianceKind.POLLUTION_FAILED), (firms[0], "sublets")):
        ComplianceRecordFactory(enterprise=firm, kind=kind)
    world.firms = firms
    return world


@pytest.fixture
def scheme(varied):
    return services.scheme_create(
        park=varied.parks[0], definition=services.default_scheme_definition()
    )


def _with_tenants(park, evaluation):
    """The evaluation again, with two firms as tenants of others (load_year gives no
    owners; the engine and the store know them)."""
    current = population.load_year(park, 2019)
    owner = np.full(len(current.population), engine.NONE)
    owner[[1, 5]] = [0, 4]
    pop = engine.Population(current.population.ids, current.population.values, owner)
    for shared in ("inherit", "merge"):
        scheme = dataclasses.replace(evaluation.scheme, shared_parcel=shared)
        outcome = engine.evaluate(scheme, pop)
        yield dataclasses.replace(evaluation, scheme=scheme, outcome=outcome)


def _new_run(scheme):
    run = Run(
        park=scheme.park,
        scheme=scheme,
        year=2019,
        scheme_version=1,
        scheme_definition=scheme.definition,
        computed_at=timezone.now(),
    )
    run.save()
    return run


def _results(run) -> dict[int, dict]:
    fields = [f for f in Result._meta.concrete_fields if f.name not in SKIP_RESULT]
    return {
        r.enterprise_id: {f.attname: getattr(r, f.attname) for f in fields}
        for r in Result.objects.filter(run=run)
    }


def _history(run) -> dict[int, dict]:
    model = Result.history.model
    fields = [f for f in model._meta.concrete_fields if f.name not in SKIP_HISTORY]
    return {
        h.enterprise_id: {f.attname: getattr(h, f.attname) for f in fields}
        for h in Result.history.filter(run_id=run.pk)
    }


def _stored_json_text(run) -> dict[int, tuple]:
    columns = ", ".join(connection.ops.quote_name(name) for name in JSON_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT enterprise_id, {columns} FROM evaluation_result WHERE run_id = %s", [run.pk]
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _evaluations(scheme):
    parsed = services.scheme_check(scheme.definition)
    evaluation = services.evaluate(scheme.park, 2019, parsed)
    return [evaluation, *_with_tenants(scheme.park, evaluation)]


def test_the_fast_store_writes_what_the_reference_path_writes(varied, scheme, monkeypatch):
    monkeypatch.setattr(store, "ROWS_PER_PART", 3)  # parts of a run end anywhere
    staff = varied.users[Role.STAFF]
    for evaluation in _evaluations(scheme):
        with transaction.atomic():
            fast, slow = _new_run(scheme), _new_run(scheme)
            store.store_results(fast, evaluation, user=staff, reason="computed")
            create_with_history(
                Result,
                store.result_objects(slow, evaluation),
                default_user=staff,
                default_change_reason="computed",
            )
        assert _results(fast) == _results(slow)
        assert len(_results(fast)) == len(varied.firms)
        assert _history(fast) == _history(slow)
        assert {h["history_user_id"] for h in _history(fast).values()} == {staff.pk}
        dates = set(Result.history.filter(run_id=fast.pk).values_list("history_date", flat=True))
        assert len(dates) == 1 and None not in dates
        if connection.vendor == "sqlite":  # the very text json.dumps writes
            assert _stored_json_text(fast) == _stored_json_text(slow)


def test_the_cases_the_store_must_get_right_are_there(varied, scheme):
    """Guards the comparison above: the data hold every kind of fact."""
    evaluation, inherit, merge = _evaluations(scheme)
    out = evaluation.outcome
    facts = [engine.row_facts(evaluation.scheme, out, i) for i in range(len(out))]
    assert {f.group for f in facts} >= {None, "above_size", "below_size_3mu", "tenants"}
    assert any(f.problems for f in facts) and any(f.adjustments for f in facts)
    assert any(f.forced for f in facts) and any(f.ungraded for f in facts)
    assert any(math.isnan(x) for x in evaluation.figures["tax_total"])
    for other in (inherit, merge):
        owners = [engine.row_facts(other.scheme, other.outcome, i).owner for i in range(len(out))]
        assert sum(o is not None for o in owners) == 2


def test_the_store_refuses_a_run_that_has_results(varied, scheme):
    run = services.run_create(scheme=scheme)
    evaluation = services.evaluate(scheme.park, 2019, services.scheme_check(scheme.definition))
    with pytest.raises(ValueError):
        store.store_results(run, evaluation)


def test_a_restricted_load_gives_the_same_arrays(varied, scheme):
    park, parsed = scheme.park, services.scheme_check(scheme.definition)
    full = population.load_year(park, 2019)
    for fields in (engine.fields_read(parsed), engine.fields_read(parsed, rules=False), []):
        part = population.load_year(park, 2019, fields=fields)
        assert set(fields) <= set(part.population.values)
        assert (part.names, part.usccs) == (full.names, full.usccs)
        for name, values in part.population.values.items():
            np.testing.assert_array_equal(values, full.population.values[name])


def test_a_load_of_some_enterprises_is_those_rows_of_the_full_load(varied, scheme):
    full = population.load_year(scheme.park, 2019)
    some = [int(i) for i in full.population.ids[::3]] + [varied.other.pk]
    part = population.load_year(scheme.park, 2019, enterprise_ids=some)
    rows = np.isin(full.population.ids, some)
    assert part.names == [n for n, keep in zip(full.names, rows, strict=True) if keep]
    for name, values in part.population.values.items():
        np.testing.assert_array_equal(values, full.population.values[name][rows])


def test_evaluate_reading_only_what_the_scheme_needs_changes_nothing(varied, scheme):
    park, parsed = scheme.park, services.scheme_check(scheme.definition)
    evaluation = services.evaluate(park, 2019, parsed)
    every = engine.evaluate(
        parsed,
        population.load_year(park, 2019).population,
        population.load_year(park, 2018).population,
    )
    for f in dataclasses.fields(every):
        ours, theirs = getattr(evaluation.outcome, f.name), getattr(every, f.name)
        if isinstance(theirs, np.ndarray):
            np.testing.assert_array_equal(ours, theirs)
        else:
            assert repr(ours) == repr(theirs)


def test_what_if_names_the_class_changes_and_writes_nothing(varied, scheme):
    run = services.run_create(scheme=scheme)
    definition = services.default_scheme_definition()
    parsed = services.scheme_check(definition)
    assert services.what_if(run=run, scheme=parsed) == []
    # the same ranking reversed: bonus points turned into deductions
    changed = json.loads(json.dumps(definition))
    for rule in changed["adjustments"]:
        rule["points"] = -40
    changed = services.scheme_check(changed)
    before = (Result.objects.count(), Result.history.count(), Run.history.count())
    changes = services.what_if(run=run, scheme=changed)
    assert (Result.objects.count(), Result.history.count(), Run.history.count()) == before
    expected = services.evaluate(scheme.park, 2019, changed).outcome
    stored = {r.enterprise_id: r.computed_class for r in Result.objects.filter(run=run)}
    moved = {
        int(e): expected.class_of(i) or ""
        for i, e in enumerate(expected.ids)
        if (expected.class_of(i) or "") != stored[int(e)]
    }
    assert moved and {c.enterprise_id: c.after for c in changes} == moved
    assert all(c.before == stored[c.enterprise_id] for c in changes)
    previous = population.load_year(scheme.park, 2018).population
    assert services.what_if(run=run, scheme=changed, previous=previous) == changes
    some = [c.enterprise_id for c in changes][:1] + [varied.firms[-1].pk]
    only = services.what_if(run=run, scheme=changed, enterprise_ids=some)
    assert {c.enterprise_id for c in only} <= set(some)
