"""Runs stored in the database: results, notice period, objections, overrides, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.evaluation import services
from parkbase.evaluation.choices import ObjectionStatus, RunStatus
from parkbase.evaluation.models import Objection, Result, Run, Scheme
from tests.evaluation.conftest import simple_definition
from tests.factories import ComplianceRecordFactory, ObjectionFactory


@pytest.fixture
def scheme(figures):
    return services.scheme_create(park=figures.parks[0], definition=simple_definition())


def test_a_run_stores_every_enterprises_result_with_its_audit_trail(figures, scheme):
    staff = figures.users[Role.STAFF]
    run = services.run_create(scheme=scheme, user=staff)
    results = {r.enterprise_id: r for r in Result.objects.filter(run=run)}
    first = results[figures.enterprises[0].pk]
    # 4,000,000 yuan / 30 亩 = 13.33 万元/亩 against 10: capped by nothing
    assert first.indicator_values["tax_per_mu"] == pytest.approx(13.333333, abs=1e-5)
    assert first.figures == {"tax_total": 4_000_000, "land_area": 20000}
    assert [results[e.pk].klass for e in figures.enterprises] == ["A", "B", "B", "B"]
    assert first.rank == 1 and first.ranked == 4
    assert run.summary["classes"] == {"A": 1, "B": 3}
    assert run.scheme_definition == scheme.definition and run.scheme_version == 1
    history = Result.history.filter(run_id=run.pk)
    assert history.count() == 4 and {h.history_user_id for h in history} == {staff.pk}


def test_forced_class_comes_from_compliance_records(figures, scheme):
    ComplianceRecordFactory(enterprise=figures.enterprises[0])
    run = services.run_create(scheme=scheme)
    result = Result.objects.get(run=run, enterprise=figures.enterprises[0])
    assert result.klass == "B" and result.rank is None
    assert [v.code for v in services.explanation(result)][-1] == "forced_class"


def test_an_invalid_scheme_is_refused_naming_the_place(figures):
    definition = simple_definition()
    definition["groups"][0]["indicators"][0]["weight"] = 90
    definition["groups"][0]["indicators"][0]["numerator"] = "taxes"
    with pytest.raises(ValidationError) as caught:
        services.scheme_create(park=figures.parks[0], definition=definition)
    assert set(caught.value.message_dict) == {
        "groups[0].indicators",
        "groups[0].indicators[0].numerator",
    }
    assert "90" in caught.value.message_dict["groups[0].indicators"][0]
    assert not Scheme.objects.exists()


def test_scheme_text_yaml_errors_name_the_line(figures):
    with pytest.raises(ValidationError) as caught:
        services.scheme_parse_text("name: x\ngroups: [\n")
    assert "line" in caught.value.message_dict["file"][0]


def test_default_scheme_is_valid_and_round_trips():
    definition = services.default_scheme_definition()
    assert services.scheme_check(definition).name.startswith("亩均效益")
    assert [g["code"] for g in definition["groups"]][0] == "above_size"


def test_notice_objection_recompute_publish(figures, scheme):
    staff, ent_user = figures.users[Role.STAFF], figures.users[Role.ENTERPRISE]
    run = services.run_create(scheme=scheme, user=staff)
    with pytest.raises(ValidationError):  # objections only in the notice period
        services.objection_create(run=run, enterprise=ent_user.enterprise, claim="土地面积有误")
    run = services.run_start_notice(
        run=run, ends_on=timezone.localdate() + dt.timedelta(days=7), expected_version=1
    )
    # the notice runs for a week
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.run_publish(run=run, expected_version=run.version)
    assert "runs until" in str(caught.value)
    Run.objects.filter(pk=run.pk).update(notice_ends_on=timezone.localdate())
    run.refresh_from_db()
    objection = services.objection_create(
        run=run,
        enterprise=ent_user.enterprise,
        claim="实际用地10000平方米",
        field="land_area",
        proposed_value=10000,
        user=ent_user,
    )
    with pytest.raises(ValidationError) as caught:
        services.run_publish(run=run, expected_version=run.version)
    assert "objections" in caught.value.message_dict
    # the correction goes into the yearly data, then the run is computed again
    year = ent_user.enterprise.years.get(year=2019)
    year.land_area = 10000
    year.save()
    services.objection_answer(
        objection=objection,
        status=ObjectionStatus.ACCEPTED,
        answer="已核实，按10000平方米计",
        expected_version=1,
    )
    run = services.run_recompute(run=run, expected_version=run.version)
    result = Result.objects.get(run=run, enterprise=ent_user.enterprise)
    assert result.figures["land_area"] == 10000
    assert result.indicator_values["tax_per_mu"] == pytest.approx(6.666667, abs=1e-5)
    run = services.run_publish(run=run, expected_version=run.version)
    assert run.status == RunStatus.PUBLISHED and run.published_at
    objection.refresh_from_db()
    with pytest.raises(ValidationError):  # published: no answer changes the figures now
        services.objection_answer(
            objection=objection,
            status=ObjectionStatus.REJECTED,
            answer="改判",
            expected_version=objection.version,
            correct=True,
        )
    with pytest.raises(ValidationError):
        services.run_recompute(run=run, expected_version=run.version)


def test_override_needs_a_reason_is_audited_and_survives_recompute(figures, scheme):
    run = services.run_create(scheme=scheme)
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    with pytest.raises(ValidationError) as caught:
        services.result_override(result=result, klass="A", reason=" ", expected_version=1)
    assert set(caught.value.message_dict) == {"reason"}
    with pytest.raises(ValidationError):
        services.result_override(result=result, klass="Z", reason="x", expected_version=1)
    with pytest.raises(StaleEdit):
        services.result_override(result=result, klass="A", reason="x", expected_version=None)
    staff = figures.users[Role.STAFF]
    result = services.result_override(
        result=result, klass="A", reason="新上技改项目，经会议研究", expected_version=1, user=staff
    )
    assert result.klass == "A" and result.computed_class == "B" and result.is_overridden
    last = result.history.first()
    assert last.history_user_id == staff.pk and last.history_change_reason.startswith("新上")
    run = services.run_recompute(run=run, expected_version=run.version)
    again = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    assert again.klass == "A" and again.override_reason.startswith("新上")


def test_only_one_published_run_per_year(figures, scheme):
    ends = timezone.localdate()
    for _ in range(2):
        run = services.run_create(scheme=scheme)
        run = services.run_start_notice(run=run, ends_on=ends, expected_version=1)
    first = Run.objects.order_by("id").first()
    services.run_publish(run=first, expected_version=first.version)
    with pytest.raises(ValidationError) as caught:
        services.run_publish(run=run, expected_version=run.version)
    assert "status" in caught.value.message_dict


@pytest.mark.parametrize("role", list(Role))
def test_results_are_scoped_and_drafts_stay_inside_the_committee(figures, scheme, role):
    user = figures.users[role]
    run = services.run_create(scheme=scheme)
    draft_seen = set(Result.objects.visible_to(user).values_list("enterprise_id", flat=True))
    services.run_start_notice(run=run, ends_on=timezone.localdate(), expected_version=1)
    notice_seen = set(Result.objects.visible_to(user).values_list("enterprise_id", flat=True))
    park_a = {e.pk for e in figures.enterprises}
    expected = {
        Role.ADMIN: (park_a, park_a),
        Role.LEADER: (park_a, park_a),
        Role.STAFF: (park_a, park_a),
        Role.DEPARTMENT: (set(), figures.expected[Role.DEPARTMENT]),
        Role.ENTERPRISE: (set(), figures.expected[Role.ENTERPRISE]),
        Role.SURVEY: (set(), set()),
    }[role]
    assert (draft_seen, notice_seen) == expected
    runs_seen = Run.objects.visible_to(user).count()
    assert runs_seen == (0 if role == Role.SURVEY else 1)
    ObjectionFactory(run=run, enterprise=figures.enterprises[3])
    ObjectionFactory(run=run, enterprise=figures.enterprises[0])
    objections = set(Objection.objects.visible_to(user).values_list("enterprise_id", flat=True))
    assert objections == (expected[1] & {figures.enterprises[0].pk, figures.enterprises[3].pk})
