"""The survey API: a permission matrix (role × endpoint × operation), the workflow
actions, strict filters, query counts.

Status codes as on the enterprise API: out of scope → 404; a role that may not do the
action → 403 before anything is looked up; a writing role out of its scope → 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parkbase.core.choices import Role
from parkbase.enterprises.models import EnterpriseYear
from parkbase.surveys.models import Assignment, Campaign, Concern, SurveyResponse
from tests.clients import api_client
from tests.factories import EnterpriseFactory
from tests.surveys.conftest import ROLES, WRITERS

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/api/survey-campaigns/"
ASSIGNMENTS = "/api/survey-assignments/"
CONCERNS = "/api/concerns/"


def detail(base, pk) -> str:
    return f"{base}{pk}/"


def ids(client, url, **params) -> set[int]:
    response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.data["results"]}


def mine(world):
    return next(a for a in world.assignments if a.enterprise == world.enterprises[3])


# ---------------------------------------------------------------- lists


@pytest.mark.parametrize("role", ROLES)
def test_lists_are_the_scope(survey, role):
    client = api_client(survey.users[role])
    assert ids(client, CAMPAIGNS) == survey.expected_campaigns[role]
    assert ids(client, ASSIGNMENTS) == survey.expected_assignments[role]
    assert ids(client, CONCERNS) == survey.expected_concerns[role]
    response = client.get(CONCERNS, {"page_size": 100})
    assert response.data["count"] == len(survey.expected_concerns[role])


@pytest.mark.parametrize("role", ROLES)
def test_retrieve_out_of_scope_is_404(survey, role):
    client = api_client(survey.users[role])
    for base, everything, visible in (
        (ASSIGNMENTS, Assignment.objects.all(), survey.expected_assignments[role]),
        (CONCERNS, Concern.objects.all(), survey.expected_concerns[role]),
        (CAMPAIGNS, Campaign.objects.all(), survey.expected_campaigns[role]),
    ):
        for obj in everything:
            response = client.get(detail(base, obj.pk))
            assert response.status_code == (200 if obj.pk in visible else 404), (base, obj)


# ---------------------------------------------------------------- the permission matrix


def _status(role, operation) -> int:
    writer = role in WRITERS
    return {
        "campaign_create": 201 if writer else 403,
        "campaign_update": 200 if writer else 403,
        "campaign_balance": 200 if writer else 403,
        "assignment_create": 201 if writer else 403,
        "assignment_reassign": 200 if writer else 403,
        "assignment_visit": 200 if role in WRITERS | {Role.SURVEY} else 403,
        "assignment_form_get": 200,
        "assignment_form_put": 200 if role in WRITERS | {Role.SURVEY, Role.ENTERPRISE} else 403,
        "concern_create": 201 if role in WRITERS | {Role.SURVEY, Role.ENTERPRISE} else 403,
        "concern_update": 200 if role in WRITERS | {Role.DEPARTMENT} else 403,
        "concern_delete": 204 if writer else 403,
    }[operation]


OPERATIONS = [
    "campaign_create",
    "campaign_update",
    "campaign_balance",
    "assignment_create",
    "assignment_reassign",
    "assignment_visit",
    "assignment_form_get",
    "assignment_form_put",
    "concern_create",
    "concern_update",
    "concern_delete",
]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(survey, role, operation):
    user = survey.users[role]
    client = api_client(user)
    expected = _status(role, operation)
    a = min(survey.changeable_assignments.get(role) or survey.expected_assignments[role])
    assignment = Assignment.objects.get(pk=a)
    if operation == "campaign_create":
        extra = {"park": survey.parks[0].pk} if role == Role.ADMIN else {}
        response = client.post(
            CAMPAIGNS, {"name": "2020年度调查", "year": 2020, **extra}, format="json"
        )
    elif operation == "campaign_update":
        response = client.patch(
            detail(CAMPAIGNS, survey.campaign.pk), {"notes": "备注", "version": 1}, format="json"
        )
    elif operation == "campaign_balance":
        response = client.post(
            detail(CAMPAIGNS, survey.campaign.pk) + "balance/", {}, format="json"
        )
    elif operation == "assignment_create":
        new = EnterpriseFactory(
            park=survey.parks[0], phase=survey.phases[0], department=survey.departments[0]
        )
        response = client.post(
            ASSIGNMENTS,
            {"campaign": survey.campaign.pk, "team": survey.teams[0].pk, "enterprise": new.pk},
            format="json",
        )
    elif operation == "assignment_reassign":
        other_team = survey.teams[0] if assignment.team == survey.teams[1] else survey.teams[1]
        if assignment.campaign != survey.campaign:
            other_team = assignment.team
        response = client.patch(
            detail(ASSIGNMENTS, a), {"team": other_team.pk, "version": 1}, format="json"
        )
    elif operation == "assignment_visit":
        if role == Role.SURVEY:
            a = mine(survey).pk
        response = client.post(
            detail(ASSIGNMENTS, a) + "visit/",
            {"version": 1, "visited_on": "2019-04-02"},
            format="json",
        )
    elif operation == "assignment_form_get":
        response = client.get(detail(ASSIGNMENTS, a) + "form/")
    elif operation == "assignment_form_put":
        if role in (Role.SURVEY, Role.ENTERPRISE) or role in WRITERS:
            a = mine(survey).pk
        response = client.put(
            detail(ASSIGNMENTS, a) + "form/",
            {"version": 1, "figures": {"gross_output": "90000000.00", "staff_year_end": 100}},
            format="json",
        )
    elif operation == "concern_create":
        enterprise = user.enterprise_id or (
            mine(survey).enterprise_id if role == Role.SURVEY else survey.enterprises[0].pk
        )
        response = client.post(
            CONCERNS,
            {"enterprise": enterprise, "category": "orders", "description": "订单不足"},
            format="json",
        )
    elif operation == "concern_update":
        target = min(survey.changeable_concerns.get(role) or survey.expected_concerns[role])
        response = client.patch(
            detail(CONCERNS, target), {"status": "in_progress", "version": 1}, format="json"
        )
    else:
        target = min(survey.expected_concerns[role])
        response = client.delete(detail(CONCERNS, target))
    assert response.status_code == expected, (operation, response.content[:300])
    if expected == 403:
        assert not Campaign.objects.filter(name="2020年度调查").exists()
        assert Assignment.objects.filter(version__gt=1).count() == 0
        assert SurveyResponse.objects.count() == 0
        assert Concern.objects.count() == 4
        assert Concern.objects.filter(status="in_progress").count() == 1


@pytest.mark.parametrize("role", [Role.STAFF, Role.DEPARTMENT])
def test_writes_out_of_scope_are_404(survey, role):
    client = api_client(survey.users[role])
    hidden = survey.concerns[3].pk  # park B's
    assert (
        client.patch(
            detail(CONCERNS, hidden), {"status": "in_progress", "version": 1}, format="json"
        ).status_code
        == 404
    )
    if role == Role.DEPARTMENT:  # a concern of its enterprise routed elsewhere: read, not handled
        c0 = survey.concerns[0].pk
        assert client.get(detail(CONCERNS, c0)).status_code == 200
        assert (
            client.patch(
                detail(CONCERNS, c0), {"status": "in_progress", "version": 1}, format="json"
            ).status_code
            == 404
        )
    else:
        b = survey.assignment_b.pk
        assert (
            client.post(
                detail(ASSIGNMENTS, b) + "visit/",
                {"version": 1, "visited_on": "2019-04-02"},
                format="json",
            ).status_code
            == 404
        )
        assert (
            client.patch(
                detail(CAMPAIGNS, survey.campaign_b.pk), {"notes": "x", "version": 1}, format="json"
            ).status_code
            == 404
        )


def test_survey_member_cannot_touch_another_teams_assignment(survey):
    client = api_client(survey.users[Role.SURVEY])
    other = survey.assignments[0].pk  # 调查一组
    assert client.get(detail(ASSIGNMENTS, other)).status_code == 404
    assert (
        client.post(
            detail(ASSIGNMENTS, other) + "visit/",
            {"version": 1, "visited_on": "2019-04-02"},
            format="json",
        ).status_code
        == 404
    )
    # own assignment but reassigning is for staff
    response = client.patch(
        detail(ASSIGNMENTS, mine(survey).pk),
        {"team": survey.teams[0].pk, "version": 1},
        format="json",
    )
    assert response.status_code == 403


# ---------------------------------------------------------------- the workflow


def test_workflow_over_the_api(survey):
    member = survey.users[Role.SURVEY]
    client = api_client(member)
    a = mine(survey)
    url = detail(ASSIGNMENTS, a.pk)
    form = client.get(url + "form/").data
    assert (form["stored"], form["baseline_year"]) == (False, 2018)
    assert form["figures"]["gross_output"] == "80000000.00"
    response = client.post(
        url + "visit/",
        {"version": 1, "visited_on": "2019-04-02", "visitors": [member.pk], "notes": "开工正常"},
        format="json",
    )
    assert response.status_code == 200 and response.data["status"] == "visited"
    assert response.data["visitors"] == [member.pk]
    response = client.put(
        url + "form/",
        {"version": 2, "figures": {**form["figures"], "gross_output": "800000000.00"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.data["stored"] and response.data["status"] == "filled"
    assert [(f["code"], f["field"]) for f in response.data["flags"]] == [("jump", "gross_output")]
    assert "10.0 times last year" in response.data["flags"][0]["message"]
    changed = {c["field"]: c for c in response.data["changes"]}
    assert changed["gross_output"]["delta"] == "720000000.00"
    assert changed["gross_output"]["percent"] == "900.0"
    stale = client.post(url + "verify/", {"version": 2}, format="json")
    assert stale.status_code == 409 and stale.data["current_version"] == 3
    # a flag never blocks: the verifier saw it and verifies
    response = client.post(url + "verify/", {"version": 3}, format="json")
    assert response.status_code == 200 and response.data["status"] == "verified"
    assert EnterpriseYear.objects.get(enterprise=a.enterprise, year=2019).gross_output == 800000000


def test_verify_over_the_api_writes_the_year(survey):
    member = survey.users[Role.SURVEY]
    client = api_client(member)
    a = mine(survey)
    url = detail(ASSIGNMENTS, a.pk)
    figures = client.get(url + "form/").data["figures"]
    assert (
        client.put(
            url + "form/",
            {"version": 1, "figures": {**figures, "staff_year_end": 121}},
            format="json",
        ).status_code
        == 200
    )
    response = client.post(url + "verify/", {"version": 2}, format="json")
    assert response.status_code == 200 and response.data["status"] == "verified"
    year = EnterpriseYear.objects.get(enterprise=a.enterprise, year=2019)
    assert (year.source, year.staff_year_end) == ("survey", 121)
    assert year.history.get().history_user == member
    # moving back needs a reason
    response = client.post(url + "transition/", {"version": 3, "to": "filled"}, format="json")
    assert response.status_code == 400 and "reason" in response.data
    response = client.post(
        url + "transition/", {"version": 3, "to": "filled", "reason": "更正"}, format="json"
    )
    assert response.status_code == 200 and response.data["status"] == "filled"


def test_enterprise_user_fills_but_may_not_verify_over_the_api(survey):
    client = api_client(survey.users[Role.ENTERPRISE])
    url = detail(ASSIGNMENTS, mine(survey).pk)
    assert (
        client.put(
            url + "form/", {"version": 1, "figures": {"gross_output": "1.00"}}, format="json"
        ).status_code
        == 200
    )
    assert client.post(url + "verify/", {"version": 2}, format="json").status_code == 403
    assert (
        client.post(
            url + "visit/", {"version": 2, "visited_on": "2019-04-02"}, format="json"
        ).status_code
        == 403
    )


def test_duplicate_assignment_is_400_with_the_reason(survey):
    client = api_client(survey.users[Role.STAFF])
    e = survey.enterprises[0]
    response = client.post(
        ASSIGNMENTS,
        {"campaign": survey.campaign.pk, "team": survey.teams[1].pk, "enterprise": e.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.data["enterprise"][0].code == "already_assigned"
    assert "already assigned to 调查一组" in str(response.data["enterprise"][0])


def test_balance_and_progress_over_the_api(survey):
    client = api_client(survey.users[Role.STAFF])
    extra = EnterpriseFactory(
        park=survey.parks[0], phase=survey.phases[1], department=survey.departments[0]
    )
    response = client.post(detail(CAMPAIGNS, survey.campaign.pk) + "balance/", {}, format="json")
    assert response.status_code == 200
    assert response.data["created"] == 1 and response.data["by_team"] == {
        "调查一组": 2,
        "调查二组": 3,
    }
    assert Assignment.objects.get(enterprise=extra).team == survey.teams[1]
    response = client.get(detail(CAMPAIGNS, survey.campaign.pk) + "progress/")
    assert response.status_code == 200
    assert response.data["total"] == 5 and response.data["totals"]["not_visited"] == 5
    assert set(response.data["by_team"]) == {"调查一组", "调查二组"}
    # the survey member's progress is their own
    member = api_client(survey.users[Role.SURVEY])
    assert member.get(detail(CAMPAIGNS, survey.campaign.pk) + "progress/").data["total"] == 3


def test_campaign_create_and_update_over_the_api(survey):
    client = api_client(survey.users[Role.STAFF])
    response = client.post(
        CAMPAIGNS,
        {
            "name": "2020年度调查",
            "year": 2020,
            "scope_phases": [survey.phases[0].pk],
            "thresholds": {"jump_ratio": "5"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.data["status"] == "draft" and response.data["scope_phases"] == [
        survey.phases[0].pk
    ]
    pk = response.data["id"]
    response = client.patch(
        detail(CAMPAIGNS, pk), {"status": "closed", "version": 1}, format="json"
    )
    assert response.status_code == 400 and "status" in response.data
    response = client.patch(detail(CAMPAIGNS, pk), {"status": "open", "version": 1}, format="json")
    assert (
        response.status_code == 200 and response.data["started_on"] == dt.date.today().isoformat()
    )
    response = client.patch(
        detail(CAMPAIGNS, pk),
        {"scope_phases": [survey.other.phase_id], "version": 2},
        format="json",
    )
    assert response.status_code == 400 and "scope_phases" in response.data


def test_concern_api(survey):
    dept = api_client(survey.users[Role.DEPARTMENT])
    c1 = survey.concerns[1]
    response = dept.patch(
        detail(CONCERNS, c1.pk), {"category": "land", "version": 1}, format="json"
    )
    assert response.status_code == 400 and response.data["category"][0].code == "handler_field"
    response = dept.patch(
        detail(CONCERNS, c1.pk),
        {"status": "resolved", "resolution": "已解决", "version": 1},
        format="json",
    )
    assert (
        response.status_code == 200 and response.data["resolved_on"] == dt.date.today().isoformat()
    )
    enterprise = api_client(survey.users[Role.ENTERPRISE])
    response = enterprise.post(
        CONCERNS, {"category": "hiring", "description": "招工难"}, format="json"
    )
    assert response.status_code == 201 and response.data["enterprise"] == survey.enterprises[3].pk
    response = enterprise.post(
        CONCERNS,
        {"enterprise": survey.enterprises[0].pk, "category": "hiring", "description": "x"},
        format="json",
    )
    assert response.status_code == 400 and "enterprise" in response.data
    staff = api_client(survey.users[Role.STAFF])
    rows = staff.get(CONCERNS, {"overdue": "true"}).data["results"]
    assert [r["id"] for r in rows] == [survey.concerns[0].pk] and rows[0]["overdue"] is True
    assert ids(staff, CONCERNS, category="orders") == {survey.concerns[1].pk, survey.concerns[2].pk}
    assert ids(staff, CONCERNS, department=survey.departments[0].pk) == {c1.pk}
    assert ids(staff, CONCERNS, campaign=survey.campaign.pk) == {survey.concerns[2].pk}


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (ASSIGNMENTS, {"stauts": "filled"}, "stauts"),
        (ASSIGNMENTS, {"status": "bogus"}, "status"),
        (ASSIGNMENTS, {"flagged": "maybe"}, "flagged"),
        (ASSIGNMENTS, {"ordering": "password"}, "ordering"),
        (CONCERNS, {"overdue": "perhaps"}, "overdue"),
        (CONCERNS, {"category": "weather"}, "category"),
        (CAMPAIGNS, {"year": "last"}, "year"),
    ],
)
def test_bad_filters_are_400(survey, url, params, field):
    response = api_client(survey.users[Role.STAFF]).get(url, params)
    assert response.status_code == 400 and field in response.data


def test_filters_on_assignments(survey):
    client = api_client(survey.users[Role.STAFF])
    assert ids(client, ASSIGNMENTS, campaign=survey.campaign.pk, team=survey.teams[1].pk) == {
        a.pk for a in survey.assignments if a.team == survey.teams[1]
    }
    assert ids(client, ASSIGNMENTS, campaign=survey.campaign.pk, phase=survey.phases[0].pk) == {
        a.pk for a in survey.assignments[:2]
    }
    SurveyResponse.objects.create(
        assignment=mine(survey), flags=[{"code": "jump", "field": "gross_output", "params": {}}]
    )
    assert ids(client, ASSIGNMENTS, flagged="true") == {mine(survey).pk}
    rows = client.get(ASSIGNMENTS, {"flagged": "true"}).data["results"]
    assert rows[0]["flag_count"] == 1


# ---------------------------------------------------------------- query counts


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.STAFF, Role.SURVEY, Role.DEPARTMENT])
def test_api_lists_do_not_query_per_row(survey, role):
    for i in range(40):
        e = EnterpriseFactory(
            park=survey.parks[0], phase=survey.phases[1], department=survey.departments[0]
        )
        a = Assignment.objects.create(campaign=survey.campaign, team=survey.teams[1], enterprise=e)
        SurveyResponse.objects.create(assignment=a)
        Concern.objects.create(
            enterprise=e, category="orders", description=f"{i}", raised_on="2019-05-01"
        )
    client = api_client(survey.users[role])
    for url in (ASSIGNMENTS, CONCERNS, CAMPAIGNS):
        assert _queries(client, url, page_size=5) == _queries(client, url, page_size=50), url


def test_schema_lists_the_survey_endpoints(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in (
        "/api/survey-campaigns/",
        "/api/survey-campaigns/{id}/balance/",
        "/api/survey-campaigns/{id}/progress/",
        "/api/survey-assignments/{id}/form/",
        "/api/survey-assignments/{id}/verify/",
        "/api/concerns/",
    ):
        assert f"{path}:" in text
