"""The enterprise and yearly-data API: scoping, writes through services, optimistic
locking, validation, strict query parameters, query counts and the audit trail.

Status codes chosen (the permission matrix below pins them):

* reading something out of scope answers 404 — the object is simply not in the
  caller's queryset (``visible_to``), so the answer says nothing about it;
* a write by a read-only role (leader, survey, department, enterprise) answers 403
  *before* any object is looked up (``ScopedPermission`` checks the role), so it is
  403 whether or not the object exists or is in scope — it reveals nothing either;
* a write by a writing role (admin, staff) to an object out of its scope answers 404.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from tests.clients import api_client
from tests.factories import EnterpriseFactory, EnterpriseYearFactory, make_uscc

ENTERPRISES = "/api/enterprises/"
YEARS = "/api/enterprise-years/"
ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE]
WRITERS = {Role.ADMIN, Role.STAFF}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world fixture hashes six passwords; PBKDF2 would dominate this module's run
    time. Autouse fixtures run before ``world``, so its users get the fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def detail(base: str, pk: int) -> str:
    return f"{base}{pk}/"


def ids(client, url, **params) -> set[int]:
    response = client.get(url, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    assert response.data["next"] is None
    return {row["id"] for row in response.data["results"]}


def enterprise_payload(world, **changes) -> dict:
    data = {
        "name": "新建测试企业",
        "uscc": make_uscc(),
        "industry_code": "34",
        "status": "producing",
        "phase": world.phases[0].pk,
        "department": world.departments[0].pk,
        "founded_on": "2010-05-01",
        "registered_capital": "5000000.00",
    }
    data.update(changes)
    return data


def in_scope(world, role) -> Enterprise:
    """An enterprise the role can see; for writers one nobody's account points at."""
    return Enterprise.objects.get(pk=min(world.expected[role]))


def out_of_scope_pk(world, role) -> int:
    """Prefer an enterprise of the same park that the role may not see (a sharper
    test than another park); the admin sees everything, so a missing id."""
    everything = {e.pk for e in world.enterprises} | {world.other.pk}
    hidden = everything - world.expected[role]
    same_park = hidden & {e.pk for e in world.enterprises}
    if same_park:
        return min(same_park)
    return min(hidden) if hidden else max(everything) + 1000


# ------------------------------------------------------------------ permission matrix

OPERATIONS = [
    "list",
    "retrieve_in_scope",
    "retrieve_out_of_scope",
    "create",
    "update_in_scope",
    "update_out_of_scope",
    "delete_in_scope",
    "delete_out_of_scope",
]


def expected_status(role, operation) -> int:
    writer = role in WRITERS
    return {
        "list": 200,
        "retrieve_in_scope": 200,
        "retrieve_out_of_scope": 404,
        "create": 201 if writer else 403,
        "update_in_scope": 200 if writer else 403,
        "update_out_of_scope": 404 if writer else 403,
        "delete_in_scope": 204 if writer else 403,
        "delete_out_of_scope": 404 if writer else 403,
    }[operation]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("role", ROLES)
def test_enterprise_permission_matrix(world, role, operation):
    user = world.users[role]
    client = api_client(user)
    before = Enterprise.objects.count()
    target = in_scope(world, role)
    hidden = out_of_scope_pk(world, role)
    status = expected_status(role, operation)

    if operation == "list":
        response = client.get(ENTERPRISES, {"page_size": 100})
        assert response.status_code == status
        assert {row["id"] for row in response.data["results"]} == world.expected[role]
        assert response.data["count"] == len(world.expected[role])
    elif operation == "retrieve_in_scope":
        response = client.get(detail(ENTERPRISES, target.pk))
        assert response.status_code == status
        assert response.data["id"] == target.pk
        assert response.data["version"] == target.version
    elif operation == "retrieve_out_of_scope":
        response = client.get(detail(ENTERPRISES, hidden))
        assert response.status_code == status
        assert set(response.data) == {"detail"}  # nothing about the object
    elif operation == "create":
        extra = {"park": world.parks[0].pk} if role == Role.ADMIN else {}
        response = client.post(ENTERPRISES, enterprise_payload(world, **extra), format="json")
        assert response.status_code == status, response.content
        assert Enterprise.objects.count() == before + (1 if status == 201 else 0)
        if status == 201:
            created = Enterprise.objects.get(pk=response.data["id"])
            assert created.park == world.parks[0]
            assert response.data["version"] == 1
    elif operation in ("update_in_scope", "update_out_of_scope"):
        pk = target.pk if operation == "update_in_scope" else hidden
        response = client.patch(
            detail(ENTERPRISES, pk), {"name": "改名", "version": 1}, format="json"
        )
        assert response.status_code == status, response.content
        changed = Enterprise.objects.filter(name="改名").exists()
        assert changed == (status == 200)
    else:
        pk = target.pk if operation == "delete_in_scope" else hidden
        response = client.delete(detail(ENTERPRISES, pk))
        assert response.status_code == status, response.content
        assert Enterprise.objects.count() == before - (1 if status == 204 else 0)


def test_anonymous_gets_401(world):
    response = api_client().get(ENTERPRISES)
    assert response.status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_yearly_data_list_is_scoped(world, role):
    for enterprise in [*world.enterprises, world.other]:
        EnterpriseYearFactory(enterprise=enterprise, year=2019)
    client = api_client(world.users[role])
    response = client.get(YEARS, {"page_size": 100})
    assert response.status_code == 200
    assert {row["enterprise"] for row in response.data["results"]} == world.expected[role]
    hidden = EnterpriseYear.objects.exclude(enterprise__in=world.expected[role]).first()
    if hidden is not None:
        assert client.get(detail(YEARS, hidden.pk)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_is_scoped_and_read_only(world, role):
    client = api_client(world.users[role])
    park_a = world.parks[0]
    expected_phases = {p.pk for p in world.phases}
    if role == Role.ADMIN:
        expected_phases |= {world.other.phase_id}
    assert ids(client, "/api/phases/") == expected_phases
    departments = ids(client, "/api/departments/")
    assert {d.pk for d in world.departments} <= departments
    if role != Role.ADMIN:
        assert client.get(detail("/api/phases/", world.other.phase_id)).status_code == 404
        assert departments == {d.pk for d in world.departments}
    response = client.post("/api/phases/", {"park": park_a.pk, "code": "P9", "name": "九期"})
    assert response.status_code == (405 if role in WRITERS else 403)


# ------------------------------------------------------------------ authentication


def test_token_authentication(world):
    staff = world.users[Role.STAFF]
    token = Token.objects.create(user=staff)
    client = api_client(language=None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(client, ENTERPRISES) == world.expected[Role.STAFF]

    target = in_scope(world, Role.STAFF)
    response = client.patch(
        detail(ENTERPRISES, target.pk), {"address": "浑南区", "version": 1}, format="json"
    )
    assert response.status_code == 200
    record = target.history.latest()
    assert record.history_user == staff

    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(ENTERPRISES).status_code == 401


def test_session_authentication(world):
    client = api_client(language=None)
    assert client.login(username="leader", password="pw-secret-1")
    assert ids(client, ENTERPRISES) == world.expected[Role.LEADER]


# ------------------------------------------------------------------ writes


def test_admin_must_name_the_park(world):
    client = api_client(world.users[Role.ADMIN])
    before = Enterprise.objects.count()
    response = client.post(ENTERPRISES, enterprise_payload(world), format="json")
    assert response.status_code == 400
    assert "park" in response.data
    park_b = world.parks[1]
    # phase and department of park A do not belong to park B
    response = client.post(ENTERPRISES, enterprise_payload(world, park=park_b.pk), format="json")
    assert response.status_code == 400
    assert set(response.data) == {"phase", "department"}
    assert "park" in str(response.data["phase"][0])
    assert Enterprise.objects.count() == before
    payload = enterprise_payload(world, park=park_b.pk, phase=None, department=None)
    response = client.post(ENTERPRISES, payload, format="json")
    assert response.status_code == 201
    assert Enterprise.objects.get(pk=response.data["id"]).park == park_b


def test_staff_cannot_reach_into_another_park(world):
    client = api_client(world.users[Role.STAFF])
    before = Enterprise.objects.count()
    other_phase = world.other.phase_id
    response = client.post(ENTERPRISES, enterprise_payload(world, phase=other_phase), format="json")
    assert response.status_code == 400
    assert "does not exist" in str(response.data["phase"][0])
    response = client.post(
        ENTERPRISES, enterprise_payload(world, park=world.parks[1].pk), format="json"
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.data["park"][0])
    assert Enterprise.objects.count() == before


def test_create_returns_labels_and_money_in_yuan(world):
    client = api_client(world.users[Role.STAFF])
    code = make_uscc()
    spaced = f"{code[:6]} {code[6:12]}-{code[12:]}".lower()
    payload = enterprise_payload(world, uscc=spaced)
    response = client.post(ENTERPRISES, payload, format="json")
    assert response.status_code == 201, response.content
    data = response.data
    assert data["uscc"] == code
    assert data["status_display"] == "In production"
    assert data["phase_code"] == world.phases[0].code
    assert data["phase_name"] == world.phases[0].name
    assert data["department_code"] == world.departments[0].code
    assert data["department_name"] == world.departments[0].name
    assert data["registered_capital"] == "5000000.00"
    assert data["park"] == world.parks[0].pk


def test_patch_keeps_fields_not_sent(world):
    client = api_client(world.users[Role.STAFF])
    target = in_scope(world, Role.STAFF)
    uscc, phase = target.uscc, target.phase_id
    response = client.patch(
        detail(ENTERPRISES, target.pk), {"status": "stopped", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert (target.status, target.uscc, target.phase_id, target.version) == (
        "stopped",
        uscc,
        phase,
        2,
    )
    assert response.data["version"] == 2
    assert response.data["status_display"] == "Stopped"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_without_version_is_400(world, method):
    client = api_client(world.users[Role.STAFF])
    target = in_scope(world, Role.STAFF)
    body = client.get(detail(ENTERPRISES, target.pk)).data
    body = {k: v for k, v in body.items() if k != "version"}
    body["name"] = "没有版本号"
    response = getattr(client, method)(detail(ENTERPRISES, target.pk), body, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"version"}
    target.refresh_from_db()
    assert target.name != "没有版本号"


def test_put_with_the_read_representation(world):
    client = api_client(world.users[Role.STAFF])
    target = in_scope(world, Role.STAFF)
    body = dict(client.get(detail(ENTERPRISES, target.pk)).data)
    body["contact_person"] = "王经理"
    response = client.put(detail(ENTERPRISES, target.pk), body, format="json")
    assert response.status_code == 200, response.content
    assert response.data["version"] == body["version"] + 1
    target.refresh_from_db()
    assert target.contact_person == "王经理"


def test_optimistic_locking_second_writer_gets_409(world):
    alice = api_client(world.users[Role.STAFF])
    bob = api_client(world.users[Role.ADMIN])
    target = in_scope(world, Role.STAFF)
    version = alice.get(detail(ENTERPRISES, target.pk)).data["version"]
    assert bob.get(detail(ENTERPRISES, target.pk)).data["version"] == version

    first = alice.patch(
        detail(ENTERPRISES, target.pk), {"name": "甲的修改", "version": version}, format="json"
    )
    assert first.status_code == 200
    second = bob.patch(
        detail(ENTERPRISES, target.pk), {"name": "乙的修改", "version": version}, format="json"
    )
    assert second.status_code == 409
    assert second.data["current_version"] == version + 1
    target.refresh_from_db()
    assert (target.name, target.version) == ("甲的修改", version + 1)
    assert target.history.count() == 2  # created + alice's change; bob's wrote nothing


def test_delete_keeps_history_and_refuses_when_in_use(world):
    staff = world.users[Role.STAFF]
    client = api_client(staff)
    # world.enterprises[3] has an enterprise user account pointing at it (PROTECT)
    used = world.enterprises[3]
    response = client.delete(detail(ENTERPRISES, used.pk))
    assert response.status_code == 409
    assert Enterprise.objects.filter(pk=used.pk).exists()

    free = world.enterprises[0]
    EnterpriseYearFactory(enterprise=free)
    assert client.delete(detail(ENTERPRISES, free.pk)).status_code == 204
    assert not Enterprise.objects.filter(pk=free.pk).exists()
    record = Enterprise.history.filter(id=free.pk, history_type="-").get()
    assert record.history_user == staff


def test_api_changes_are_audited(world):
    staff = world.users[Role.STAFF]
    client = api_client(staff)
    response = client.post(ENTERPRISES, enterprise_payload(world), format="json")
    assert response.status_code == 201
    created = Enterprise.objects.get(pk=response.data["id"])
    assert created.history.get().history_user == staff

    response = client.patch(
        detail(ENTERPRISES, created.pk),
        {"contact_phone": "024-12345678", "version": 1},
        format="json",
    )
    assert response.status_code == 200
    latest = created.history.latest()
    assert (latest.history_type, latest.history_user, latest.contact_phone) == (
        "~",
        staff,
        "024-12345678",
    )


# ------------------------------------------------------------------ bad input

ENTERPRISE_BAD_INPUT = [
    ("malformed uscc", {"uscc": "91210112ABC"}, "uscc"),
    ("wrong check character", {"uscc": "wrong-check"}, "uscc"),
    ("duplicate uscc", {"uscc": "duplicate"}, "uscc"),
    ("unknown industry code", {"industry_code": "00"}, "industry_code"),
    ("industry code format", {"industry_code": "3x"}, "industry_code"),
    ("future founding date", {"founded_on": "future"}, "founded_on"),
    ("not a date", {"founded_on": "2019-13-45"}, "founded_on"),
    ("negative capital", {"registered_capital": "-1.00"}, "registered_capital"),
    ("non-numeric capital", {"registered_capital": "很多"}, "registered_capital"),
    ("unknown status", {"status": "bogus"}, "status"),
    ("empty name", {"name": "  "}, "name"),
]


def _resolve(world, changes: dict) -> dict:
    resolved = dict(changes)
    if resolved.get("uscc") == "wrong-check":
        good = make_uscc()
        resolved["uscc"] = good[:17] + ("0" if good[17] != "0" else "1")
    elif resolved.get("uscc") == "duplicate":
        resolved["uscc"] = world.other.uscc  # unique across parks
    if resolved.get("founded_on") == "future":
        resolved["founded_on"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    return resolved


@pytest.mark.parametrize(
    ("case", "changes", "field"), ENTERPRISE_BAD_INPUT, ids=[c[0] for c in ENTERPRISE_BAD_INPUT]
)
def test_enterprise_bad_input_is_400_and_writes_nothing(world, case, changes, field):
    client = api_client(world.users[Role.STAFF])
    before = Enterprise.objects.count()
    changes = _resolve(world, changes)
    response = client.post(ENTERPRISES, enterprise_payload(world, **changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.data, response.data
    assert Enterprise.objects.count() == before

    target = in_scope(world, Role.STAFF)
    snapshot = Enterprise.objects.filter(pk=target.pk).values().get()
    response = client.patch(
        detail(ENTERPRISES, target.pk), {**changes, "version": target.version}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.data
    assert Enterprise.objects.filter(pk=target.pk).values().get() == snapshot


def test_bad_input_message_names_the_rule(world):
    """Messages follow Accept-Language (zh-hans by default); the Chinese catalogue
    is not asserted here, only that both requests answer 400 on the field."""
    payload = enterprise_payload(world, founded_on="2999-01-01")
    english = api_client(world.users[Role.STAFF], "en").post(ENTERPRISES, payload, format="json")
    assert english.status_code == 400
    assert "2999-01-01" in str(english.data["founded_on"][0])
    assert "in the future" in str(english.data["founded_on"][0])
    chinese = api_client(world.users[Role.STAFF], "zh-hans").post(
        ENTERPRISES, payload, format="json"
    )
    assert chinese.status_code == 400
    assert list(chinese.data) == ["founded_on"]


def year_payload(enterprise, **changes) -> dict:
    data = {
        "enterprise": enterprise.pk,
        "year": 2019,
        "land_area": "20000.00",
        "building_area": "15000.00",
        "staff_year_end": 120,
        "gross_output": "80000000.00",
        "value_added": "20000000.00",
        "revenue": "82000000.00",
        "tax_total": "3000000.00",
        "source": "survey",
    }
    data.update(changes)
    return data


YEAR_BAD_INPUT = [
    ("negative land area", {"land_area": "-5.00"}, "land_area"),
    ("value added above output", {"value_added": "90000000.00"}, "value_added"),
    ("non-numeric figure", {"gross_output": "八千万"}, "gross_output"),
    ("non-numeric count", {"staff_year_end": "many"}, "staff_year_end"),
    # +2: safe even when the local date and Asia/Shanghai straddle New Year
    ("future year", {"year": dt.date.today().year + 2}, "year"),
    ("duplicate year", {"year": 2018}, "year"),
    ("unknown source", {"source": "rumour"}, "source"),
    ("sources of unknown field", {"sources": {"colour": "tax"}}, "sources"),
    ("sources with unknown source", {"sources": {"land_area": "rumour"}}, "sources"),
]


@pytest.mark.parametrize(
    ("case", "changes", "field"), YEAR_BAD_INPUT, ids=[c[0] for c in YEAR_BAD_INPUT]
)
def test_year_bad_input_is_400_and_writes_nothing(world, case, changes, field):
    enterprise = in_scope(world, Role.STAFF)
    existing = EnterpriseYearFactory(enterprise=enterprise, year=2018)
    client = api_client(world.users[Role.STAFF])
    before = EnterpriseYear.objects.count()
    response = client.post(YEARS, year_payload(enterprise, **changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.data, response.data
    assert EnterpriseYear.objects.count() == before

    if case == "duplicate year":  # renumbering another year onto 2018
        other = EnterpriseYearFactory(enterprise=enterprise, year=2017)
        response = client.patch(detail(YEARS, other.pk), {"year": 2018, "version": 1}, "json")
        assert response.status_code == 400
        assert "year" in response.data
        return
    snapshot = EnterpriseYear.objects.filter(pk=existing.pk).values().get()
    response = client.patch(detail(YEARS, existing.pk), {**changes, "version": 1}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.data
    assert EnterpriseYear.objects.filter(pk=existing.pk).values().get() == snapshot


def test_year_create_update_and_lock(world):
    staff = world.users[Role.STAFF]
    client = api_client(staff)
    enterprise = in_scope(world, Role.STAFF)
    response = client.post(
        YEARS, year_payload(enterprise, sources={"tax_total": "tax"}), format="json"
    )
    assert response.status_code == 201, response.content
    data = response.data
    assert (data["enterprise"], data["enterprise_name"], data["version"]) == (
        enterprise.pk,
        enterprise.name,
        1,
    )
    assert data["gross_output"] == "80000000.00"
    assert data["source_display"] == "Survey"
    assert data["sources"] == {"tax_total": "tax"}
    year = EnterpriseYear.objects.get(pk=data["id"])
    assert year.history.get().history_user == staff

    url = detail(YEARS, year.pk)
    response = client.patch(url, {"profit": "1000000.00"}, format="json")
    assert response.status_code == 400
    assert set(response.data) == {"version"}
    response = client.patch(url, {"profit": "1000000.00", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.data["version"] == 2
    assert response.data["gross_output"] == "80000000.00"  # untouched by the PATCH
    stale = client.patch(url, {"profit": "2.00", "version": 1}, format="json")
    assert stale.status_code == 409
    year.refresh_from_db()
    assert (str(year.profit), year.version) == ("1000000.00", 2)
    assert year.history.latest().history_user == staff
    # the enterprise of a yearly record cannot be moved by an update: refused, naming it
    response = client.patch(
        url, {"enterprise": world.enterprises[1].pk, "version": 2}, format="json"
    )
    assert response.status_code == 400
    assert set(response.data) == {"enterprise"}
    year.refresh_from_db()
    assert (year.enterprise_id, year.version) == (enterprise.pk, 2)


def test_year_for_an_enterprise_out_of_scope_is_400(world):
    client = api_client(world.users[Role.STAFF])
    before = EnterpriseYear.objects.count()
    response = client.post(YEARS, year_payload(world.other), format="json")
    assert response.status_code == 400
    assert "does not exist" in str(response.data["enterprise"][0])
    assert EnterpriseYear.objects.count() == before
    # a read-only role is stopped by its role before anything is looked up
    survey = api_client(world.users[Role.SURVEY])
    visible = in_scope(world, Role.SURVEY)
    assert survey.post(YEARS, year_payload(visible), format="json").status_code == 403
    # the admin may write anywhere
    admin = api_client(world.users[Role.ADMIN])
    assert admin.post(YEARS, year_payload(world.other), format="json").status_code == 201


def test_year_delete_is_scoped(world):
    mine = EnterpriseYearFactory(enterprise=in_scope(world, Role.STAFF))
    theirs = EnterpriseYearFactory(enterprise=world.other)
    client = api_client(world.users[Role.STAFF])
    assert client.delete(detail(YEARS, theirs.pk)).status_code == 404
    assert client.delete(detail(YEARS, mine.pk)).status_code == 204
    assert list(EnterpriseYear.objects.values_list("pk", flat=True)) == [theirs.pk]
    leader = api_client(world.users[Role.LEADER])
    assert leader.delete(detail(YEARS, theirs.pk)).status_code == 403


# ------------------------------------------------------------------ query parameters


@pytest.mark.parametrize("url", [ENTERPRISES, YEARS, "/api/phases/", "/api/departments/"])
def test_unknown_query_parameter_is_400(world, url):
    client = api_client(world.users[Role.STAFF])
    response = client.get(url, {"stauts": "stopped"})
    assert response.status_code == 400
    assert list(response.data) == ["stauts"]
    assert "unknown query parameter" in str(response.data["stauts"][0])


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (ENTERPRISES, {"status": "bogus"}, "status"),
        (ENTERPRISES, {"founded_from": "notadate"}, "founded_from"),
        (ENTERPRISES, {"phase": "abc"}, "phase"),
        (ENTERPRISES, {"registration_type": "bogus"}, "registration_type"),
        (ENTERPRISES, {"ordering": "bogus"}, "ordering"),
        (ENTERPRISES, {"ordering": "-password"}, "ordering"),
        (ENTERPRISES, {"page_size": "abc"}, "page_size"),
        (ENTERPRISES, {"page_size": "0"}, "page_size"),
        (ENTERPRISES, {"page_size": "-3"}, "page_size"),
        (YEARS, {"year": "last"}, "year"),
        (YEARS, {"enterprise": "x"}, "enterprise"),
        (YEARS, {"source": "rumour"}, "source"),
        (YEARS, {"ordering": "bogus"}, "ordering"),
    ],
)
def test_bad_filter_value_is_400_with_reason(world, url, params, field):
    client = api_client(world.users[Role.STAFF])
    response = client.get(url, params)
    assert response.status_code == 400, response.content
    assert field in response.data
    assert str(response.data[field][0])


def test_bad_page_is_404_not_500(world):
    """DRF's convention, kept: a page that does not exist (or is not a number)."""
    client = api_client(world.users[Role.STAFF])
    assert client.get(ENTERPRISES, {"page": "abc"}).status_code == 404
    assert client.get(ENTERPRISES, {"page": "99"}).status_code == 404


def test_page_size_is_capped(world):
    client = api_client(world.users[Role.ADMIN])
    response = client.get(ENTERPRISES, {"page_size": "5000"})
    assert response.status_code == 200
    assert len(response.data["results"]) == 5


def test_filters_and_ordering(world):
    client = api_client(world.users[Role.STAFF])
    ents = world.enterprises
    Enterprise.objects.filter(pk=ents[1].pk).update(status="stopped", founded_on="2001-01-01")
    Enterprise.objects.filter(pk=ents[2].pk).update(founded_on="2015-06-01")
    assert ids(client, ENTERPRISES, status="stopped") == {ents[1].pk}
    assert ids(client, ENTERPRISES, status=["stopped", "producing"]) == {e.pk for e in ents}
    assert ids(client, ENTERPRISES, founded_from="2010-01-01") == {ents[2].pk}
    assert ids(client, ENTERPRISES, phase=world.phases[0].pk) == {ents[0].pk, ents[1].pk}
    assert ids(client, ENTERPRISES, q=ents[3].uscc.lower()) == {ents[3].pk}
    assert ids(client, ENTERPRISES, q=ents[1].name[-2:]) == {ents[1].pk}
    # a filter value out of the caller's scope is refused, not silently widened
    response = client.get(ENTERPRISES, {"phase": world.other.phase_id})
    assert response.status_code == 400

    names = sorted(e.name for e in ents)
    for ordering, expected in (("name", names), ("-name", names[::-1])):
        response = client.get(ENTERPRISES, {"ordering": ordering})
        assert response.status_code == 200
        assert [row["name"] for row in response.data["results"]] == expected
    response = client.get(ENTERPRISES, {"ordering": "-founded_on,name"})
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]][:2] in (
        [ents[2].pk, ents[1].pk],  # SQLite sorts NULL founding dates last when descending
        [ents[0].pk, ents[3].pk],  # PostgreSQL first
    )


def test_year_filters(world):
    for enterprise in world.enterprises:
        for year in (2018, 2019):
            EnterpriseYearFactory(enterprise=enterprise, year=year)
    client = api_client(world.users[Role.DEPARTMENT])
    visible = world.expected[Role.DEPARTMENT]
    rows = client.get(YEARS, {"year": 2019, "page_size": 100}).data["results"]
    assert {(r["enterprise"], r["year"]) for r in rows} == {(pk, 2019) for pk in visible}
    target = world.enterprises[0]
    rows = client.get(YEARS, {"uscc": target.uscc, "ordering": "-year"}).data["results"]
    assert [(r["enterprise"], r["year"]) for r in rows] == [(target.pk, 2019), (target.pk, 2018)]


# ------------------------------------------------------------------ query counts


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.STAFF, Role.SURVEY, Role.ADMIN])
def test_list_query_count_does_not_grow_with_page_size(world, role):
    park = world.parks[0]
    for i in range(60):
        enterprise = EnterpriseFactory(
            park=park, phase=world.phases[i % 2], department=world.departments[i % 2]
        )
        EnterpriseYearFactory(enterprise=enterprise)
    client = api_client(world.users[role])
    small = _queries(client, ENTERPRISES, page_size=5)
    large = _queries(client, ENTERPRISES, page_size=50)
    assert small == large
    assert large <= 3  # count, page ids, page rows (the survey scope is a subquery)
    assert _queries(client, YEARS, page_size=5) == _queries(client, YEARS, page_size=50)
    assert _queries(client, "/api/phases/") <= 3


@pytest.mark.parametrize("value", ["maybe", "2x", "是否"])
def test_a_bad_yes_no_filter_value_is_refused(world, value):
    client = api_client(world.users[Role.STAFF], None)
    response = client.get("/api/enterprises/", {"is_listed": value})
    assert response.status_code == 400
    assert "is_listed" in response.json()


@pytest.mark.parametrize(("value", "count"), [("true", 1), ("是", 1), ("false", 3), ("", 4)])
def test_yes_no_filter_values(world, value, count):
    listed = world.enterprises[0]
    listed.is_listed = True
    listed.save()
    client = api_client(world.users[Role.STAFF], None)
    response = client.get("/api/enterprises/", {"is_listed": value})
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_rule_codes_reach_the_client(world):
    client = api_client(world.users[Role.STAFF], None)
    response = client.post("/api/enterprises/", {"name": "x", "uscc": "91350100M000100Y44"})
    assert response.status_code == 400
    # the body has messages; the codes are in DRF's ErrorDetail and the rule is named
    assert "uscc" in response.json()
    assert response.data["uscc"][0].code == "uscc_check"
