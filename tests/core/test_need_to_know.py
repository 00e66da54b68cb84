"""Need-to-know follows the record, on the demo park: the aircraft base (雏鹰项目) is a
confidential project whose insiders are the leader and staff; its land approval, the
range parcel and the parcel's constraint, its blockers, activities and moves show the
code name to everyone else (the administrator, a second leader and a second staff
member) and hide the text that spells the project out."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.test import Client
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.models import Park, User
from parkbase.land.models import Approval, Parcel
from parkbase.projects.models import Project
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REAL = "小飞机制造与试飞基地项目"
SPELLED = "飞机"
CODE = "雏鹰项目"
# text of the project's approval, parcel, constraint, blockers, activities and moves
# that spells the project out (none of it is in another record of the demo)
REVEALING = (SPELLED, REAL, "高层谈判", "须办理用途变更审批", "可研报告", "主机方")


@pytest.fixture(scope="module")
def demo(demo_once, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        park = Park.objects.unscoped().get()
        UserFactory(username="leader2", role=Role.LEADER, park=park)
        UserFactory(username="staff2", role=Role.STAFF, park=park)
        project = Project.objects.unscoped().get(name=REAL)
        approval = Approval.objects.unscoped().get(project=project)
        parcel = Parcel.objects.unscoped().get(code="沈东-DJ-002")
        yield {"project": project, "approval": approval, "parcel": parcel}
        transaction.set_rollback(True)


OUTSIDERS = ("admin", "leader2", "staff2")
INSIDERS = ("staff", "leader")


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _pages(demo):
    project, approval, parcel = demo["project"], demo["approval"], demo["parcel"]
    return {
        "approvals": "/land/approvals/",
        "approval": f"/land/approvals/{approval.pk}/",
        "parcel": f"/land/parcels/{parcel.pk}/",
        "parcels": "/land/?q=DJ",
        "api-approvals": "/api/land-approvals/?page_size=200",
        "api-approval": f"/api/land-approvals/{approval.pk}/",
        "api-parcels": "/api/land-parcels/?q=DJ",
        "api-parcel": f"/api/land-parcels/{parcel.pk}/",
        "geojson": "/land/map/parcels.geojson",
        "map": "/land/map/",
        "inventory": "/land/inventory/",
        "project": f"/projects/{project.pk}/",
        "blockers": "/projects/blockers/",
        "tasks": "/projects/tasks/",
        "api-blockers": "/api/project-blockers/?page_size=200",
        "api-activities": "/api/project-activities/?page_size=200",
        "api-funding": "/api/project-funding/?page_size=200",
    }


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxml"):
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        return "\n".join(
            str(cell)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for cell in row
        )
    return response.content.decode()


PAGES = (
    "approvals",
    "approval",
    "parcel",
    "parcels",
    "api-approvals",
    "api-approval",
    "api-parcels",
    "api-parcel",
    "geojson",
    "map",
    "inventory",
    "project",
    "blockers",
    "tasks",
    "api-blockers",
    "api-activities",
    "api-funding",
)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_see_the_code_name_not_the_project(demo, username, page):
    response = _client(username).get(_pages(demo)[page])
    assert response.status_code == 200, response.content[:300]
    text = _text(response)
    assert [word for word in REVEALING if word in text] == []
