"""The search page: enterprises, projects, parcels and people a text finds, each group
through the reader's scoped querysets; a confidential project's real name is never
found by its outsiders (its code name is), and a department finds only its
enterprises."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.projects import services as projects
from parkbase.projects.models import Stage
from tests.clients import page_client
from tests.factories import EnterpriseFactory, ParcelFactory, UserFactory

DAY = dt.date(2019, 3, 1)


def search(user, text):
    response = page_client(user).get(reverse("search"), {"q": text})
    assert response.status_code == 200
    return response


def groups(response) -> dict:
    """The groups that found something, by key."""
    return {g["key"]: g for g in response.context["groups"] if g["count"]}


def kinds(response) -> set[str]:
    """Every group the reader is asked about, found or not."""
    return {g["key"] for g in response.context["groups"]}


def names(group) -> set[str]:
    return {name for name, _url, _detail in group["rows"]}


@pytest.fixture
def found(world):
    """In park A: a confidential project recorded by staff (code name 星火), an open
    one, a parcel and a person named alike."""
    park = world.parks[0]
    projects.pipeline_ensure(park)
    lead = Stage.objects.get(park=park, code="lead")
    staff = world.users[Role.STAFF]
    secret = projects.project_create(
        park=park,
        user=staff,
        stage=lead,
        name="沈阳飞机制造基地",
        confidential=True,
        code_name="星火项目",
        first_contact_on=DAY,
    )
    open_one = projects.project_create(
        park=park, user=staff, stage=lead, name="飞机维修中心", first_contact_on=DAY
    )
    parcel = ParcelFactory(park=park, code="SY-飞机-01", name="机场东地块")
    person = UserFactory(username="feiji", first_name="飞机", role=Role.STAFF, park=park)
    return {"secret": secret, "open": open_one, "parcel": parcel, "person": person}


def test_staff_finds_every_kind_and_the_insider_the_real_name(world, found):
    result = groups(search(world.users[Role.STAFF], "飞机"))
    assert set(result) == {"projects", "parcels", "people"}  # no enterprise is named so
    assert names(result["projects"]) == {"沈阳飞机制造基地", "飞机维修中心"}
    assert result["projects"]["count"] == 2
    assert names(result["parcels"]) == {"SY-飞机-01 机场东地块"}
    assert result["people"]["count"] == 1
    assert result["projects"]["more_url"].startswith(reverse("projects") + "?q=")


def test_an_outsider_finds_a_confidential_project_by_its_code_name_only(world, found):
    leader = world.users[Role.LEADER]  # not on the insiders list
    response = search(leader, "飞机")
    result = groups(response)
    assert names(result["projects"]) == {"飞机维修中心"}
    assert "沈阳飞机制造基地" not in response.content.decode()
    by_code = groups(search(leader, "星火"))
    assert names(by_code["projects"]) == {"星火项目"}
    assert "沈阳飞机制造基地" not in search(leader, "沈阳").content.decode()


def test_a_department_finds_its_enterprises_and_nothing_of_projects_land_or_people(world, found):
    dept = world.users[Role.DEPARTMENT]
    response = search(dept, "企业")
    result = groups(response)
    assert set(result) == {"enterprises"}
    ids = {e.pk for e in world.enterprises if e.department_id == dept.department_id}
    assert result["enterprises"]["count"] == len(ids) == 2
    assert names(result["enterprises"]) == {e.name for e in world.enterprises if e.pk in ids}
    assert kinds(response) == {"enterprises"}  # modules it sees no row of: not asked
    assert set(groups(search(dept, "飞机"))) == set()
    assert 'data-testid="search-none"' in search(dept, "飞机").content.decode()


def test_an_enterprise_is_found_by_the_start_of_its_credit_code(world):
    target = world.enterprises[0]
    result = groups(search(world.users[Role.STAFF], target.uscc[:12].lower()))
    assert target.name in names(result["enterprises"])
    other = groups(search(world.users[Role.STAFF], world.other.name))  # park B's
    assert "enterprises" not in other


def test_people_are_found_by_the_committee_only(world, found):
    for role in (Role.ADMIN, Role.LEADER, Role.STAFF):
        assert groups(search(world.users[role], "feiji"))["people"]["count"] == 1, role
    for role in (Role.DEPARTMENT, Role.SURVEY, Role.ENTERPRISE):
        assert "people" not in groups(search(world.users[role], "feiji")), role
    admin_row = groups(search(world.users[Role.ADMIN], "feiji"))["people"]["rows"][0]
    assert admin_row[1] == reverse("manage-user-edit", args=[found["person"].pk])
    assert groups(search(world.users[Role.STAFF], "feiji"))["people"]["rows"][0][1] == ""


def test_a_group_shows_ten_rows_and_links_to_the_rest(world):
    park = world.parks[0]
    for i in range(12):
        EnterpriseFactory(park=park, phase=world.phases[0], name=f"沈阳机床厂{i:02d}")
    group = groups(search(world.users[Role.STAFF], "机床"))["enterprises"]
    assert group["count"] == 12 and len(group["rows"]) == 10
    page = search(world.users[Role.STAFF], "机床").content.decode()
    assert "All 12" in page
    assert reverse("enterprise-list") + "?q=" in page


def test_the_query_count_does_not_grow_with_the_rows(world, found):
    park, staff = world.parks[0], world.users[Role.STAFF]
    client = page_client(staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("search"), {"q": "飞机"}).status_code == 200
        return len(captured)

    before = queries()
    lead = Stage.objects.get(park=park, code="lead")
    for i in range(5):
        projects.project_create(
            park=park, user=staff, stage=lead, name=f"飞机配套{i}", first_contact_on=DAY
        )
        ParcelFactory(park=park, code=f"FJ-{i}", name=f"飞机地块{i}")
        UserFactory(username=f"feiji{i}", role=Role.STAFF, park=park)
    assert queries() == before


def test_an_empty_text_finds_nothing_and_says_what_to_type(world):
    response = search(world.users[Role.STAFF], "  ")
    assert response.context["groups"] == []
    assert "search-none" not in response.content.decode()
