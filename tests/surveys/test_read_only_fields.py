"""A change through the API that gives a field the caller may not write is refused,
naming the field; it is not dropped while the rest is saved (which bumped the version
and wrote a history entry for nothing). A record read and sent back whole is fine."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise
from parkbase.surveys.models import Assignment, Concern

pytestmark = pytest.mark.django_db

CONCERNS = "/api/concerns/"


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def state(model, pk) -> tuple:
    record = model.objects.get(pk=pk)
    return record.version, model.history.filter(id=pk).count(), record


def test_a_department_cannot_move_a_concern_to_another_enterprise(survey):
    concern = survey.concerns[1]
    version, entries, _ = state(Concern, concern.pk)
    other = next(e for e in survey.enterprises if e.pk != concern.enterprise_id)
    dept = client_for(survey.users[Role.DEPARTMENT])
    response = dept.patch(
        f"{CONCERNS}{concern.pk}/", {"enterprise": other.pk, "version": version}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"enterprise": ["This field cannot be changed."]}
    assert response.data["enterprise"][0].code == "read_only"
    after_version, after_entries, after = state(Concern, concern.pk)
    assert (after_version, after_entries) == (version, entries)
    assert after.enterprise_id == concern.enterprise_id
    # nothing else of the same request was saved either
    response = dept.patch(
        f"{CONCERNS}{concern.pk}/",
        {"enterprise": other.pk, "status": "in_progress", "version": version},
        format="json",
    )
    assert response.status_code == 400 and list(response.json()) == ["enterprise"]
    assert state(Concern, concern.pk)[2].status == concern.status
    # in the user's language
    chinese = client_for(survey.users[Role.DEPARTMENT], "zh-hans")
    response = chinese.patch(
        f"{CONCERNS}{concern.pk}/", {"enterprise": other.pk, "version": version}, format="json"
    )
    assert response.json() == {"enterprise": ["此字段不能修改。"]}


def test_the_same_value_of_a_read_only_field_is_no_change(survey):
    concern = survey.concerns[1]
    dept = client_for(survey.users[Role.DEPARTMENT])
    response = dept.patch(
        f"{CONCERNS}{concern.pk}/",
        {"enterprise": concern.enterprise_id, "status": "in_progress", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert state(Concern, concern.pk)[0] == 2


def test_a_record_read_and_sent_back_whole_saves(survey):
    staff = client_for(survey.users[Role.STAFF])
    concern = survey.concerns[0]
    shown = staff.get(f"{CONCERNS}{concern.pk}/").json()
    shown["description"] = "改写后的描述"
    response = staff.put(f"{CONCERNS}{concern.pk}/", shown, format="json")
    assert response.status_code == 200, response.content
    assert state(Concern, concern.pk)[2].description == "改写后的描述"
    # a form-encoded body compares the same way (ids as text)
    response = staff.patch(
        f"{CONCERNS}{concern.pk}/",
        {"enterprise": str(concern.enterprise_id), "id": str(concern.pk), "version": "2"},
    )
    assert response.status_code == 200, response.content


def test_other_read_only_fields_are_refused_alike(survey):
    staff = client_for(survey.users[Role.STAFF])
    assignment = survey.assignments[0]
    version, entries, _ = state(Assignment, assignment.pk)
    response = staff.patch(
        f"/api/survey-assignments/{assignment.pk}/",
        {"status": "verified", "notes": "已核实", "version": version},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"status", "notes"}
    assert state(Assignment, assignment.pk)[:2] == (version, entries)

    enterprise = survey.enterprises[0]
    version, entries, _ = state(Enterprise, enterprise.pk)
    response = staff.patch(
        f"/api/enterprises/{enterprise.pk}/",
        {"park": survey.parks[1].pk, "created_at": "2001-01-01T00:00:00Z", "version": version},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"park", "created_at"}
    assert state(Enterprise, enterprise.pk)[:2] == (version, entries)
