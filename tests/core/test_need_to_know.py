"""Need-to-know follows the record, on the demo park: the aircraft base (雏鹰项目) is a
confidential project whose insiders are the leader and staff; its land approval, the
range parcel and the parcel's constraint, its blockers, activities and moves show the
code name to everyone else (the administrator, a second leader and a second staff
member) and hide the text that spells the project out — in pages, the API, the XLSX
exports, the map's GeoJSON, the land inventory and the history pages."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import Client
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.core.models import Park, User
from parkbase.land import services as land_services
from parkbase.land.models import Approval, Constraint, Parcel
from parkbase.projects import services as project_services
from parkbase.projects.models import Activity, Blocker, Project
from tests.factories import UserFactory, served_project

pytestmark = pytest.mark.django_db

REAL = "小飞机制造与试飞基地项目"
SPELLED = "飞机"
CODE = "雏鹰项目"
# text of the project's approval, parcel, constraint, blockers, activities and moves
# that spells the project out (none of it is in another record of the demo)
REVEALING = (SPELLED, REAL, "高层谈判", "须办理用途变更审批", "可研报告", "主机方")
OUTSIDERS = ("admin", "leader2", "staff2")
INSIDERS = ("staff", "leader")


@pytest.fixture(scope="module")
def demo(demo_once, django_db_blocker):
    """The demo, two outsiders of park roles, and changes by an insider so that the
    history pages have before and after values that spell the project out."""
    with django_db_blocker.unblock(), transaction.atomic():
        park = Park.objects.get()
        UserFactory(username="leader2", role=Role.LEADER, park=park)
        UserFactory(username="staff2", role=Role.STAFF, park=park)
        staff = User.objects.get(username="staff")
        project = Project.objects.get(name=REAL)
        approval = Approval.objects.get(project_link__project=project)
        parcel = Parcel.objects.get(code="沈东-DJ-002")
        constraint = Constraint.objects.get(parcel=parcel, description__contains="飞机")
        blocker = Blocker.objects.filter(project=project).order_by("id").last()
        land_services.approval_update(
            approval=approval,
            expected_version=approval.version,
            user=staff,
            note=approval.note + "；飞机总装厂房选址已定",
        )
        land_services.parcel_update(
            parcel=parcel,
            expected_version=parcel.version,
            user=staff,
            note=parcel.note + "；飞机跑道沿北侧",
        )
        land_services.constraint_update(
            constraint=constraint,
            expected_version=constraint.version,
            user=staff,
            description=constraint.description + "（飞机试飞空域另报）",
        )
        project_services.blocker_update(
            blocker=blocker,
            expected_version=blocker.version,
            user=staff,
            reason="飞机试飞空域待批",
            description=blocker.description + "，另需试飞空域",
        )
        yield {
            "project": Project.objects.get(pk=project.pk),
            "approval": Approval.objects.get(pk=approval.pk),
            "parcel": Parcel.objects.get(pk=parcel.pk),
            "constraint": Constraint.objects.get(pk=constraint.pk),
        }
        transaction.set_rollback(True)


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _pages(demo):
    project, approval, parcel = demo["project"], demo["approval"], demo["parcel"]
    return {
        "approvals": "/land/approvals/",
        "approval": f"/land/approvals/{approval.pk}/",
        "approvals-xlsx": "/land/approvals/?export=xlsx",
        "parcel": f"/land/parcels/{parcel.pk}/",
        "parcel-history": f"/land/parcels/{parcel.pk}/?tab=history",
        "parcels": "/land/?q=DJ",
        "parcels-xlsx": "/land/?export=xlsx",
        "parcel-sheet": f"/land/parcels/{parcel.pk}/sheet/",
        "api-approvals": "/api/land-approvals/?page_size=200",
        "api-approval": f"/api/land-approvals/{approval.pk}/",
        "api-parcels": "/api/land-parcels/?q=DJ",
        "api-parcel": f"/api/land-parcels/{parcel.pk}/",
        "geojson": "/land/map/parcels.geojson",
        "map": "/land/map/",
        "inventory": "/land/inventory/",
        "project": f"/projects/{project.pk}/",
        "project-history": f"/projects/{project.pk}/?tab=history",
        "blockers": "/projects/blockers/",
        "blockers-xlsx": "/projects/blockers/?export=xlsx",
        "tasks": "/projects/tasks/",
        "api-project": f"/api/projects/{project.pk}/",
        "api-timeline": f"/api/projects/{project.pk}/timeline/",
        "api-blockers": "/api/project-blockers/?page_size=200",
        "api-activities": "/api/project-activities/?page_size=200",
        "api-funding": "/api/project-funding/?page_size=200",
    }


def _text(response) -> str:
    kind = response["Content-Type"]
    if kind.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        return "\n".join(
            str(cell)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for cell in row
        )
    if kind.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"):
        document = docx.Document(io.BytesIO(response.content))
        return "\n".join(p.text for p in document.paragraphs)
    return response.content.decode()


PAGES = tuple(
    _pages({"project": Project(pk=0), "approval": Approval(pk=0), "parcel": Parcel(pk=0)})
)


def _get(username, demo, page) -> str:
    response = _client(username).get(_pages(demo)[page])
    assert response.status_code == 200, response.content[:300]
    return _text(response)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_see_nothing_that_spells_the_project_out(demo, username, page):
    text = _get(username, demo, page)
    assert [word for word in REVEALING if word in text] == []


# what an insider sees that the outsiders do not, page by page
SEEN_BY_INSIDERS = {
    "approvals": REAL,  # the project column names it
    "approval": SPELLED,
    "approvals-xlsx": SPELLED,
    "parcel": SPELLED,
    "parcel-history": "飞机跑道沿北侧",
    "parcels-xlsx": SPELLED,
    "parcel-sheet": SPELLED,
    "api-approval": SPELLED,
    "api-approvals": SPELLED,
    "api-parcel": SPELLED,
    "project": "高层谈判",
    "project-history": REAL,
    "blockers": "须办理用途变更审批",
    "blockers-xlsx": "须办理用途变更审批",
    "api-timeline": "高层谈判",
    "api-blockers": "须办理用途变更审批",
    "api-activities": "主机方",
}


@pytest.mark.parametrize("page", sorted(SEEN_BY_INSIDERS))
@pytest.mark.parametrize("username", INSIDERS)
def test_insiders_see_everything(demo, username, page):
    assert SEEN_BY_INSIDERS[page] in _get(username, demo, page)


@pytest.mark.parametrize(
    "page", ["approvals", "approval", "approvals-xlsx", "parcel", "api-approval", "blockers"]
)
@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_see_the_code_name(demo, username, page):
    assert CODE in _get(username, demo, page)


def test_the_approval_api_names_the_project_as_the_caller_may_see_it(demo):
    url = _pages(demo)["api-approval"]
    outsider = _client("admin").get(url).json()
    insider = _client("staff").get(url).json()
    assert outsider["project_name"] == CODE
    assert outsider["name"] == "雏鹰项目（保密）"
    assert outsider["note"] == "（保密）"
    assert insider["project_name"] == REAL
    assert insider["note"] == demo["approval"].note


def test_the_parcel_api_masks_the_note_and_the_constraints(demo):
    outsider = _client("staff2").get(_pages(demo)["api-parcel"]).json()
    assert outsider["note"] == "（保密）"
    assert {c["description"] for c in outsider["constraints"]} == {"（保密）"}
    insider = _client("staff").get(_pages(demo)["api-parcel"]).json()
    assert demo["constraint"].description in {c["description"] for c in insider["constraints"]}


def test_the_map_names_the_code_name_of_the_range(demo):
    def feature(username):
        collection = json.loads(_get(username, demo, "geojson"))
        [found] = [f for f in collection["features"] if f["id"] == demo["parcel"].pk]
        return found["properties"]

    assert feature("admin")["confidential"] == CODE
    assert feature("staff")["confidential"] is None


def test_history_pages_mask_the_values_and_the_reason(demo):
    outsider = _get("admin", demo, "parcel-history")
    assert "（保密）" in outsider
    assert "飞机跑道沿北侧" not in outsider and "试飞空域另报" not in outsider
    approval = _get("leader2", demo, "approval")
    assert "总装厂房" not in approval
    assert "总装厂房" in _get("leader", demo, "approval")


@pytest.mark.parametrize(
    ("query", "found_by_outsider"),
    [("场地用途变更", False), ("雏鹰", True)],
)
def test_search_never_matches_the_hidden_text(demo, query, found_by_outsider):
    url = f"/api/land-approvals/?q={query}"
    outsider = {a["id"] for a in _client("admin").get(url).json()["results"]}
    insider = {a["id"] for a in _client("staff").get(url).json()["results"]}
    assert (demo["approval"].pk in outsider) is found_by_outsider
    assert demo["approval"].pk in insider


# ---------------------------------------------------------------- writing


def test_an_outsider_may_not_change_the_hidden_text(demo):
    approval = demo["approval"]
    response = _client("staff2").patch(
        f"/api/land-approvals/{approval.pk}/",
        {"note": "另行说明", "version": approval.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "保密" in response.json()["detail"] or "confidential" in response.json()["detail"]
    assert Approval.objects.get(pk=approval.pk).note == approval.note


def test_an_outsider_may_not_relink_the_approval(demo):
    approval = demo["approval"]
    response = _client("admin").patch(
        f"/api/land-approvals/{approval.pk}/",
        {"project": None, "version": approval.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert served_project(approval) == demo["project"]


def test_an_outsider_sending_back_what_they_were_shown_changes_only_the_rest(demo):
    approval = demo["approval"]
    client = _client("staff2")
    shown = client.get(f"/api/land-approvals/{approval.pk}/").json()
    body = {k: shown[k] for k in ("kind", "name", "note", "project", "parcels", "version")}
    body["reference"] = "沈自然资〔2019〕88号"
    response = client.put(
        f"/api/land-approvals/{approval.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "（保密）"
    saved = Approval.objects.get(pk=approval.pk)
    assert (saved.reference, saved.name, saved.note) == (
        "沈自然资〔2019〕88号",
        approval.name,
        approval.note,
    )


def test_the_outsiders_edit_form_shows_the_placeholder_and_saves_the_rest(demo):
    approval = demo["approval"]
    client = _client("admin")
    url = f"/land/approvals/{approval.pk}/edit/"
    page = client.get(url).content.decode()
    assert SPELLED not in page and "（保密）" in page
    form = {
        "kind": approval.kind,
        "status": approval.status,
        "authority": "省自然资源厅（国土空间用途管制处）",
        "requested_area": str(approval.requested_area),
        "submitted_on": approval.submitted_on.isoformat(),
        "version": approval.version,
    }
    response = client.post(url, form)
    assert response.status_code == 302
    saved = Approval.objects.get(pk=approval.pk)
    assert saved.authority == form["authority"]
    assert (saved.name, saved.note) == (approval.name, approval.note)
    assert served_project(saved) == demo["project"]


def test_an_outsider_may_not_change_a_constraint_of_the_range(demo):
    constraint = demo["constraint"]
    client = _client("staff2")
    url = f"/land/constraints/{constraint.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert SPELLED not in page.content.decode()
    with pytest.raises(PermissionDenied):
        land_services.constraint_update(
            constraint=constraint,
            expected_version=constraint.version,
            user=User.objects.get(username="staff2"),
            description="改为一般工业用地",
        )


@pytest.mark.parametrize("kind", ["approval", "parcel", "constraint", "blocker", "activity"])
@pytest.mark.parametrize("username", ["admin", "staff2"])
def test_the_outsiders_edit_forms_show_nothing_that_spells_the_project_out(demo, username, kind):
    project = demo["project"]
    record = {
        "approval": demo["approval"],
        "parcel": demo["parcel"],
        "constraint": demo["constraint"],
        "blocker": Blocker.objects.filter(project=project).last(),
        "activity": Activity.objects.all()
        .filter(project=project, summary__contains="主机方")
        .first(),
    }[kind]
    url = {
        "approval": f"/land/approvals/{record.pk}/edit/",
        "parcel": f"/land/parcels/{record.pk}/edit/",
        "constraint": f"/land/constraints/{record.pk}/",
        "blocker": f"/projects/blockers/{record.pk}/edit/",
        "activity": f"/projects/activities/{record.pk}/edit/",
    }[kind]
    response = _client(username).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert [word for word in REVEALING if word in text] == []
    assert "（保密）" in text
