"""The OpenAPI schema generates cleanly and the docs page works offline."""

import re

import pytest
from django.core.management import call_command

from parkbase.core.choices import Role
from tests.clients import api_client
from tests.factories import ParkFactory, UserFactory


def test_schema_generates_without_warnings_or_errors(tmp_path):
    """Like paperless-ngx: any drf-spectacular warning (an untyped field, an unknown
    path parameter ...) fails the command, and --validate checks it against the
    OpenAPI 3 JSON schema."""
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in (
        "/api/enterprises/",
        "/api/enterprise-years/",
        "/api/phases/",
        "/api/departments/",
    ):
        assert f"{path}:" in text


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", role=Role.STAFF, park=ParkFactory(code="a"))


def test_schema_endpoint_serves_the_schema(staff):
    response = api_client(staff).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    enterprise = schema["paths"]["/api/enterprises/{id}/"]
    assert "409" in enterprise["patch"]["responses"]
    parameters = {p["name"] for p in schema["paths"]["/api/enterprises/"]["get"]["parameters"]}
    assert {"page", "page_size", "status", "ordering", "q", "founded_from"} <= parameters
    props = schema["components"]["schemas"]["Enterprise"]["properties"]
    assert props["registered_capital"]["type"] == "string"  # yuan, as a decimal string
    assert props["status_display"]["readOnly"] is True


def test_docs_page_uses_only_local_assets(staff):
    client = api_client(staff)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)""", html)
    assert sources, "expected swagger-ui scripts and styles"
    remote = [s for s in sources if re.match(r"(?i)(https?:)?//", s)]
    assert remote == []
    for source in sources:
        if source.endswith((".js", ".css")):
            asset = client.get(source)
            assert asset.status_code == 200, source
            if asset.streaming:
                assert b"".join(asset.streaming_content)


@pytest.mark.parametrize("role", [Role.SURVEY, Role.DEPARTMENT, Role.ENTERPRISE])
def test_schema_and_docs_are_for_those_who_build_on_the_api(staff, role):
    """Administrators, leaders and staff read the schema and the docs; the other roles
    find neither (404); nobody anonymous reads them."""
    user = UserFactory(role=role, park=staff.park)
    for path in ("/api/schema/", "/api/docs/"):
        assert api_client(user).get(path).status_code == 404
        assert api_client().get(path).status_code in (401, 403)
        assert api_client(staff).get(path).status_code == 200
