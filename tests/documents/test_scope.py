"""Who sees a document: whoever sees a record it is linked to; linked to nothing, the
park's committee; linked to a confidential project, its insiders only. Lists,
previews, page images, downloads, related documents, the records' tabs and their
counts, and the API all follow the one scope."""

from __future__ import annotations

import pytest

from parkbase.core.choices import Role
from parkbase.documents import selectors
from parkbase.documents.models import Document, DocumentAccess
from tests.clients import api_client, page_client

pytestmark = pytest.mark.django_db
ROLES = [Role.ADMIN, Role.LEADER, Role.STAFF, Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY]


@pytest.mark.parametrize("role", ROLES)
def test_the_scope_of_each_role(world, library, role):
    user = world.users[role]
    seen = set(Document.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {library.all[k].pk for k in library.sees[role]}


@pytest.mark.parametrize("role", ROLES)
def test_pages_previews_and_downloads_follow_the_scope(world, library, role):
    client = page_client(world.users[role])
    listed = client.get("/documents/").content.decode()
    for key, document in library.all.items():
        visible = key in library.sees[role]
        assert (f"/documents/{document.pk}/" in listed) == visible, key
        for path in ("", "preview/", "pages/1/", "download/"):
            response = client.get(f"/documents/{document.pk}/{path}")
            assert response.status_code == (200 if visible else 404), (key, path)


def test_a_confidential_projects_document_is_its_insiders_only(world, library):
    leader, staff = world.users[Role.LEADER], world.users[Role.STAFF]
    secret = library.secret
    assert not Document.objects.visible_to(leader).filter(pk=secret.pk).exists()
    # the leader sees the project (by its code name) and a documents tab without it
    page = page_client(leader).get(f"/projects/{library.secret_project.pk}/?tab=documents")
    text = page.content.decode()
    assert "雏鹰项目" in text and "飞机基地" not in text
    assert 'data-testid="count-documents">0<' in text
    assert "secret.pdf" not in text and f"/documents/{secret.pk}/" not in text
    page = page_client(staff).get(f"/projects/{library.secret_project.pk}/?tab=documents")
    assert 'data-testid="count-documents">1<' in page.content.decode()


def test_opening_a_confidential_projects_document_is_logged_for_its_insiders(world, library):
    staff = world.users[Role.STAFF]
    client = page_client(staff)
    client.get(f"/documents/{library.secret.pk}/preview/")
    client.get(f"/documents/{library.secret.pk}/download/")
    client.get(f"/documents/{library.public.pk}/download/")  # not confidential: not logged
    logged = DocumentAccess.objects.order_by("id")
    assert [(a.document_id, a.user_id, a.action) for a in logged] == [
        (library.secret.pk, staff.pk, "preview"),
        (library.secret.pk, staff.pk, "download"),
    ]
    page = client.get(f"/documents/{library.secret.pk}/").content.decode()
    assert 'data-testid="accesses"' in page and "download" not in page.split("accesses")[0][-5:]


def test_related_documents_never_reach_outside_the_scope(world, library, upload):
    ent = world.enterprises[3]
    also_secret = upload(
        b"also about the enterprise", "x.txt", links=[ent, library.secret_project]
    ).document
    dept_doc = upload(b"about both", "y.txt", links=[ent, world.enterprises[0]]).document
    enterprise_user = world.users[Role.ENTERPRISE]
    related = selectors.related_to(enterprise_user, library.mine)
    assert dept_doc in related and also_secret not in related
    staff_related = selectors.related_to(world.users[Role.STAFF], library.mine)
    assert also_secret in staff_related
    # the department sees dept_doc (its enterprise) but not its link to the other one
    shown = selectors.links_of(world.users[Role.DEPARTMENT], dept_doc)
    assert [s.link.enterprise_id for s in shown] == [world.enterprises[0].pk]


@pytest.mark.parametrize("role", ROLES)
def test_the_enterprise_tab_counts_what_the_reader_sees(world, library, role):
    client = page_client(world.users[role])
    response = client.get(f"/enterprises/{world.enterprises[3].pk}/?tab=documents")
    if response.status_code == 404:
        assert role in (Role.DEPARTMENT,)  # not its enterprise
        return
    expected = 1 if "mine" in library.sees[role] else 0
    assert f'data-testid="count-documents">{expected}<' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_api_follows_the_scope(world, library, role):
    client = api_client(world.users[role])
    response = client.get("/api/documents/?page_size=100")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {library.all[k].pk for k in library.sees[role]}


def test_the_list_finds_titles_and_numbers(world, library):
    from parkbase.documents.services import document_update

    document_update(
        document=library.own,
        expected_version=library.own.version,
        user=None,
        number="沈东园发〔2019〕3号",
    )
    client = page_client(world.users[Role.STAFF])
    found = client.get("/documents/", {"q": "〔2019〕3"}).content.decode()
    assert f"/documents/{library.own.pk}/" in found
    assert f"/documents/{library.d1.pk}/" not in found
