"""Bad input on the project pages: each refusal says what is wrong next to the field
it concerns, and nothing is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkbase.core.choices import Role
from parkbase.projects import services
from parkbase.projects.choices import FundKind, FundSource, ProjectStatus
from parkbase.projects.models import Funding, Loss, Project, StageChange
from tests.clients import page_client
from tests.factories import ApprovalFactory

from .conftest import DAY

pytestmark = pytest.mark.django_db


def later(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


@pytest.fixture
def client(world):
    return page_client(world.users[Role.STAFF])


def field_errors(html: str, field: str) -> str:
    """The error text shown next to a field."""
    parts = html.split(f'data-field="{field}">')[1:]
    return " ".join(p.split("</div>")[0] for p in parts)


def edit_data(project: Project, **changes) -> dict:
    data = {
        "version": project.version,
        "name": project.name,
        "first_contact_on": project.first_contact_on.isoformat(),
    }
    data.update(changes)
    return data


def test_a_move_without_the_gates_fields_names_them_and_saves_nothing(
    pipeline, make_project, client
):
    project = make_project()
    moves = StageChange.objects.filter(project=project).count()
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["signed"].pk, "version": 1, "note": "签约"},
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    errors = field_errors(html, "stage")
    assert "“Contract signed”" in errors and "“Contracted amount”" in errors
    # the page offers the gate's fields to fill in
    assert 'name="signed_on"' in html and 'name="contracted_amount"' in html
    # half the gate is still a refusal, and the half given is not saved either
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["signed"].pk, "version": 1, "signed_on": later(5).isoformat()},
    )
    assert answer.status_code == 400
    errors = field_errors(answer.content.decode(), "stage")
    assert "“Contracted amount”" in errors and "“Contract signed”" not in errors
    project.refresh_from_db()
    assert project.stage.code == "lead" and project.version == 1
    assert project.signed_on is None and project.contracted_amount is None
    assert StageChange.objects.filter(project=project).count() == moves


def test_a_move_dated_in_the_future_or_before_the_last_move_is_refused(
    pipeline, make_project, client
):
    project = make_project()
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["negotiation"].pk, "version": 1, "on": tomorrow.isoformat()},
    )
    assert answer.status_code == 400 and "in the future" in answer.content.decode()
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["negotiation"].pk, "version": 1, "on": "2019-02-30"},
    )
    assert answer.status_code == 400 and 'data-field="on"' in answer.content.decode()
    project.refresh_from_db()
    assert project.stage.code == "lead"


def test_money_in_place_above_the_contract_needs_the_confirmation(make_project, client):
    project = make_project(contracted_amount=Decimal("1000000"))  # 100万元
    url = f"/projects/{project.pk}/funding/"
    base = {
        "kind": FundKind.IN_PLACE,
        "dated_on": later(5).isoformat(),
        "source": FundSource.INVESTOR,
    }
    assert client.post(url, {**base, "amount": "80"}).status_code == 302
    first = client.get(url).content.decode()
    assert 'data-testid="confirm-over"' not in first
    refused = client.post(url, {**base, "amount": "30"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "above the contracted amount" in field_errors(html, "amount")
    assert 'data-testid="confirm-over"' in html and 'name="confirm_over_contract"' in html
    in_place = Funding.objects.filter(project=project, kind=FundKind.IN_PLACE)
    assert in_place.count() == 1
    accepted = client.post(url, {**base, "amount": "30", "confirm_over_contract": "on"})
    assert accepted.status_code == 302
    record = in_place.latest("id")
    assert record.amount == Decimal("300000") and record.over_contract_confirmed
    assert services.in_place_so_far(project) == Decimal("1100000")


def test_funding_with_bad_figures_is_refused(make_project, client):
    project = make_project()
    url = f"/projects/{project.pk}/funding/"
    answer = client.post(
        url,
        {"kind": "in_place", "amount": "十万", "dated_on": later(1).isoformat(), "source": "x"},
    )
    assert answer.status_code == 400 and "is not a number" in answer.content.decode()
    answer = client.post(
        url,
        {
            "kind": "planned",
            "amount": "-5",
            "dated_on": (DAY - dt.timedelta(days=1)).isoformat(),
            "source": FundSource.INVESTOR,
        },
    )
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "negative" in field_errors(html, "amount")
    assert "first contact" in field_errors(html, "dated_on")
    assert not Funding.objects.exists()


def test_dates_out_of_order_are_refused_next_to_their_field(make_project, client):
    project = make_project()
    answer = client.post(
        f"/projects/{project.pk}/edit/",
        edit_data(
            project,
            screened_on=later(10).isoformat(),
            framework_signed_on=later(20).isoformat(),
            signed_on=later(15).isoformat(),
            registered_on=(DAY - dt.timedelta(days=3)).isoformat(),
        ),
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "may not be earlier than" in field_errors(html, "signed_on")
    assert "first contact" in field_errors(html, "registered_on")
    project.refresh_from_db()
    assert project.screened_on is None and project.version == 1


def test_figures_that_are_not_numbers_or_do_not_add_up_are_refused(make_project, client):
    project = make_project()
    answer = client.post(
        f"/projects/{project.pk}/edit/",
        edit_data(project, total_investment="abc", expected_jobs="many"),
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "is not a number" in field_errors(html, "total_investment")
    assert field_errors(html, "expected_jobs")
    answer = client.post(
        f"/projects/{project.pk}/edit/",
        edit_data(project, total_investment="1,000", fixed_investment="2000"),
    )
    assert answer.status_code == 400
    assert "may not exceed" in field_errors(answer.content.decode(), "fixed_investment")
    project.refresh_from_db()
    assert project.total_investment is None


def test_a_confidential_project_needs_its_code_name(world, pipeline, client):
    answer = client.post(
        "/projects/new/",
        {
            "name": "保密项目",
            "confidential": "on",
            "stage": pipeline["lead"].pk,
            "first_contact_on": DAY.isoformat(),
        },
    )
    assert answer.status_code == 400
    assert "confidential project" in field_errors(answer.content.decode(), "code_name")
    assert not Project.objects.exists()


def test_creating_in_a_gated_stage_needs_the_gate(world, pipeline, client):
    answer = client.post(
        "/projects/new/",
        {"name": "直接签约项目", "stage": pipeline["signed"].pk, "first_contact_on": "2019-03-01"},
    )
    assert answer.status_code == 400
    assert "“Contract signed”" in field_errors(answer.content.decode(), "stage")
    assert not Project.objects.exists()
    answer = client.post(
        "/projects/new/",
        {
            "name": "直接签约项目",
            "stage": pipeline["signed"].pk,
            "first_contact_on": "2019-03-01",
            "signed_on": "2019-03-05",
            "contracted_amount": "12000",
            "land_area": "30",
            "insiders": [world.users[Role.LEADER].pk],
        },
    )
    assert answer.status_code == 302
    project = Project.objects.get()
    assert project.stage.code == "signed"
    assert project.contracted_amount == Decimal("120000000")
    assert project.land_area == Decimal("20000.00")  # 30 亩
    assert list(project.insiders.all()) == [world.users[Role.LEADER]]
    assert project.created_by == world.users[Role.STAFF]


def test_a_lost_project_needs_a_reason_and_a_destination(make_project, client):
    project = make_project()
    url = f"/projects/{project.pk}/lose/"
    answer = client.post(url, {"version": 1, "lost_on": later(30).isoformat(), "place": [""]})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "is required" in field_errors(html, "reason")
    assert "at least one destination" in field_errors(html, "destinations")
    answer = client.post(
        url,
        {
            "version": 1,
            "reason": "land",
            "lost_on": later(30).isoformat(),
            "place": ["东陵区", ""],
            "level": ["", ""],
            "winner": ["", ""],
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "needs its level" in field_errors(html, "destinations")
    assert 'value="东陵区"' in html  # what was typed is kept
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE and not Loss.objects.exists()
    answer = client.post(
        url,
        {
            "version": 1,
            "reason": "land",
            "lost_on": later(30).isoformat(),
            "detail": "土地征收方案未获批，项目转至他区",
            "would_have_kept": "及时落实用地指标",
            "place": ["东陵区", "沈北新区"],
            "level": ["district", "district"],
            "winner": ["东陵区政府", ""],
        },
    )
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.LOST
    loss = Loss.objects.get(project=project)
    assert [d.place for d in loss.destinations.order_by("id")] == ["东陵区", "沈北新区"]


def test_a_stale_edit_is_refused_and_keeps_the_other_change(make_project, client):
    project = make_project()
    form = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in form
    services.project_update(project=project, expected_version=1, referrer="招商周")
    answer = client.post(
        f"/projects/{project.pk}/edit/", edit_data(project, version=1, referrer="别人")
    )
    assert answer.status_code == 400 and "changed by someone else" in answer.content.decode()
    project.refresh_from_db()
    assert project.referrer == "招商周" and project.version == 2
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": project.stage_id + 2, "version": 1},
    )
    assert answer.status_code in (400, 409)


def test_bad_activities_and_blockers_are_refused(make_project, client):
    project = make_project()
    answer = client.post(
        f"/projects/{project.pk}/activities/new/",
        {
            "kind": "call",
            "occurred_on": later(5).isoformat(),
            "summary": "",
            "due_on": later(1).isoformat(),
        },
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert field_errors(html, "summary") and field_errors(html, "due_on")
    assert "next step" in field_errors(html, "next_step")
    assert not project.activities.exists()
    blocker = services.blocker_create(
        project=project,
        category="land_quota",
        description="指标不足",
        authority="市自然资源局",
        raised_on=later(2),
    )
    answer = client.post(
        f"/projects/blockers/{blocker.pk}/edit/",
        {
            "version": blocker.version,
            "category": "land_quota",
            "description": "指标不足",
            "authority": "市自然资源局",
            "raised_on": later(2).isoformat(),
            "escalation": "0",
            "status": "resolved",
        },
    )
    assert answer.status_code == 400
    assert "is required" in field_errors(answer.content.decode(), "resolution")
    blocker.refresh_from_db()
    assert blocker.status == "open"


def test_a_blocker_names_the_land_approval_it_waits_for(world, make_project):
    """The blocker form offers the park's land approvals; the project page links the
    one a blocker waits for; an approval of another park is refused."""
    from parkbase.projects.models import Blocker

    project = make_project()
    park_a, park_b = world.parks
    plan = ApprovalFactory(park=park_a, kind="acquisition_plan", name="医药产业园征地计划")
    elsewhere = ApprovalFactory(park=park_b, name="乙园区用地指标")
    client = page_client(world.users[Role.STAFF], None)
    form = client.get(f"/projects/{project.pk}/blockers/new/").content.decode()
    assert "医药产业园征地计划" in form and "乙园区用地指标" not in form
    blocker = services.blocker_create(
        project=project,
        category="land_quota",
        description="征地计划未批",
        authority="市自然资源局",
        approval=plan,
    )
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'href="/land/approvals/{plan.pk}/"' in page
    kept = ("category", "description", "authority", "raised_on", "status", "escalation")
    with pytest.raises(ValidationError) as refused:
        services.blocker_update(
            blocker=blocker,
            expected_version=blocker.version,
            approval=elsewhere,
            **{name: getattr(blocker, name) for name in kept},
        )
    assert "approval" in refused.value.message_dict
    assert Blocker.objects.get(pk=blocker.pk).approval == plan
