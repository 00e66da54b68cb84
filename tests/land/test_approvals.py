"""Land quotas and approvals: the service's rules, the pages (list with filters and
export, detail with the parcels, the project and the blockers waiting for it, the form
with parcels and project), scoping and stale edits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.land import services
from parkbase.land.choices import ApprovalKind, ApprovalStatus
from parkbase.land.models import Approval
from parkbase.projects import services as project_services
from parkbase.projects.models import Blocker
from tests.clients import page_client
from tests.factories import served_project

from .test_parcel_pages import sheet_rows

pytestmark = pytest.mark.django_db
LIST = reverse("land-approvals")


@pytest.fixture
def project(land_world):
    project_services.pipeline_ensure(land_world.world.parks[0])
    return project_services.project_create(
        park=land_world.world.parks[0],
        user=land_world.staff,
        name="沈阳医药产业园项目",
        first_contact_on=dt.date(2019, 3, 1),
    )


def codes(exc):
    return {e.code for errors in exc.error_dict.values() for e in errors}


def test_decided_status_needs_its_date_and_area(land_world):
    with pytest.raises(ValidationError) as caught:
        services.approval_update(
            approval=land_world.approval, expected_version=1, status=ApprovalStatus.APPROVED
        )
    assert set(caught.value.error_dict) == {"decided_on", "approved_area"}
    assert codes(caught.value) == {"required_for_approval"}
    saved = services.approval_update(
        approval=land_world.approval,
        expected_version=1,
        status=ApprovalStatus.APPROVED,
        decided_on=dt.date(2019, 5, 20),
        approved_area=Decimal("8000"),
    )
    assert saved.version == 2


def test_parcels_and_project_of_another_park_refused(land_world):
    with pytest.raises(ValidationError) as caught:
        services.approval_create(
            park=land_world.world.parks[0],
            kind=ApprovalKind.SUPPLY,
            name="供地",
            parcels=[land_world.b1],
        )
    assert codes(caught.value) == {"other_park"}
    assert not Approval.objects.filter(name="供地").exists()


def test_decided_before_submitted_refused(land_world):
    with pytest.raises(ValidationError) as caught:
        services.approval_update(
            approval=land_world.approval, expected_version=1, decided_on=dt.date(2019, 1, 1)
        )
    assert codes(caught.value) == {"before"}


def test_stale_edit_refused(land_world):
    approval = land_world.approval
    services.approval_update(approval=approval, expected_version=1, note="一")
    with pytest.raises(StaleEdit):
        services.approval_update(approval=approval, expected_version=1, note="二")


def test_parcels_replaced_only_when_given(land_world):
    approval = land_world.approval
    services.approval_update(approval=approval, expected_version=1, note="x")
    assert list(approval.parcels.all()) == [land_world.a1]
    services.approval_update(approval=approval, expected_version=2, parcels=[land_world.a2])
    assert list(approval.parcels.all()) == [land_world.a2]


def test_pages_for_staff(land_world, project):
    staff = land_world.staff
    approval = land_world.approval
    blocker = project_services.blocker_create(
        project=project,
        category="land_quota",
        description="等待用地指标",
        authority="市自然资源局",
        raised_on=dt.date(2019, 4, 2),
    )
    Blocker.objects.filter(pk=blocker.pk).update(approval=approval)
    services.approval_update(approval=approval, expected_version=1, serves=project)
    client = page_client(staff)
    html = client.get(LIST).content.decode()
    assert "2019年度用地指标" in html
    detail = client.get(reverse("land-approval", args=[approval.pk])).content.decode()
    assert "A-01" in detail
    assert "沈阳医药产业园项目" in detail
    assert "等待用地指标" in detail  # the blocker waiting for it
    assert client.get(reverse("land-approval-create")).status_code == 200
    assert client.get(reverse("land-approval-edit", args=[approval.pk])).status_code == 200


def test_create_and_edit_through_the_form(land_world, project):
    client = page_client(land_world.staff)
    data = {
        "kind": "supply",
        "name": "A-02供地",
        "status": "preparing",
        "requested_area": "5000",
        "parcels": [land_world.a2.pk],
        "project": project.pk,
    }
    assert client.post(reverse("land-approval-create"), data).status_code == 302
    approval = Approval.objects.get(name="A-02供地")
    assert list(approval.parcels.all()) == [land_world.a2]
    assert served_project(approval) == project
    edit = reverse("land-approval-edit", args=[approval.pk])
    refused = client.post(edit, data | {"status": "approved", "version": 1})
    assert refused.status_code == 400
    assert 'data-field="decided_on"' in refused.content.decode()
    other_park = client.post(edit, data | {"parcels": [land_world.b1.pk], "version": 1})
    assert other_park.status_code == 400  # not among the choices
    ok = client.post(edit, data | {"requested_area": "6000", "version": 1})
    assert ok.status_code == 302
    approval.refresh_from_db()
    assert approval.requested_area == Decimal("6000") and approval.version == 2


def test_filters_and_export(land_world):
    services.approval_create(
        park=land_world.world.parks[0],
        kind=ApprovalKind.CONVERSION,
        name="农转用批次",
        parcels=[land_world.a2],
    )
    client = page_client(land_world.staff)

    def names(query):
        rows = sheet_rows(client.get(f"{LIST}?{query}&export=xlsx"))
        return {r[rows[0].index("名称")] for r in rows[1:]}

    assert names("") == {"2019年度用地指标", "农转用批次"}
    assert names("kind=conversion") == {"农转用批次"}
    assert names("status=submitted") == {"2019年度用地指标"}
    assert names("parcel=A-01") == {"2019年度用地指标"}
    assert names("q=农转") == {"农转用批次"}
    rows = sheet_rows(client.get(f"{LIST}?kind=quota&export=xlsx"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["宗地"] == "A-01"
    assert row["状态"] == "已报批"  # the import template's words, whatever the page's language
    assert row["编号"] == land_world.approval.pk


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE])
def test_other_roles_and_parks_see_nothing(land_world, role):
    client = page_client(land_world.world.users[role])
    assert client.get(LIST).status_code == 404
    other = services.approval_create(park=land_world.world.parks[1], kind="quota", name="乙园指标")
    staff = page_client(land_world.staff)
    assert staff.get(reverse("land-approval", args=[other.pk])).status_code == 404
    assert staff.get(reverse("land-approval-edit", args=[other.pk])).status_code == 404
    assert "乙园指标" not in staff.get(LIST).content.decode()


def test_leader_reads_only(land_world):
    leader = page_client(land_world.world.users[Role.LEADER])
    approval = land_world.approval
    assert leader.get(reverse("land-approval", args=[approval.pk])).status_code == 200
    assert leader.get(reverse("land-approval-edit", args=[approval.pk])).status_code == 403
