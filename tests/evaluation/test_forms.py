"""The evaluation pages read what is posted through forms: text is cleaned of control,
zero-width and direction characters like every other form's, line breaks kept only
where the page has a text area."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.evaluation import services
from parkbase.evaluation.models import ComplianceRecord, Decision, Result
from tests.clients import page_client
from tests.evaluation.conftest import simple_definition


@pytest.fixture
def run(figures):
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    return services.run_create(scheme=scheme)


def test_an_objection_and_its_answer_are_saved_without_control_characters(figures, run):
    ent_user, staff = figures.users[Role.ENTERPRISE], figures.users[Role.STAFF]
    services.run_start_notice(run=run, ends_on=timezone.localdate(), expected_version=1)
    own = Result.objects.get(run=run, enterprise=ent_user.enterprise)
    page_client(ent_user).post(
        f"/evaluation/results/{own.pk}/objection/",
        {
            "field": "land_area",
            "proposed_value": "10,000",
            "claim": "面积\x1b[31m有误\u200b\n见附件",
        },
    )
    objection = own.run.objections.get()
    assert objection.claim == "面积[31m有误\n见附件"  # a text area: its line break stays
    page_client(staff).post(
        f"/evaluation/objections/{objection.pk}/answer/",
        {"status": "rejected", "answer": "已\u202e核实\n不改", "version": 1},
    )
    objection.refresh_from_db()
    assert objection.answer == "已核实 不改"  # one line on the page: the break is a space


def test_a_decision_and_a_compliance_note_are_saved_cleaned(figures):
    staff = page_client(figures.users[Role.STAFF])
    target = figures.enterprises[0]
    staff.post(
        "/evaluation/decisions/new/",
        {
            "enterprise": target.pk,
            "kind": "exit",
            "status": "planned",
            "decided_on": "2019-03-01",
            "basis": "连续两年\u0007D类\r\n亩均税收低",
            "counterpart": "\ufeff某公司",
        },
    )
    decision = Decision.objects.get()
    assert decision.basis == "连续两年D类\r\n亩均税收低"
    assert decision.counterpart == "某公司"
    form = {"enterprise": target.pk, "year": 2019, "kind": "pollution_failed"}
    staff.post("/evaluation/compliance/", form | {"note": "抽检\x00超标"})
    assert ComplianceRecord.objects.get().note == "抽检超标"
