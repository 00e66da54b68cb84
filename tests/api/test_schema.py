"""The OpenAPI schema generates cleanly and the docs page works offline."""

import re

import pytest
from django.core.management import call_command

from tests.clients import api_client


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


@pytest.mark.django_db
def test_schema_endpoint_serves_the_schema():
    response = api_client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    enterprise = schema["paths"]["/api/enterprises/{id}/"]
    assert "409" in enterprise["patch"]["responses"]
    parameters = {p["name"] for p in schema["paths"]["/api/enterprises/"]["get"]["parameters"]}
    assert {"page", "page_size", "status", "ordering", "q", "founded_from"} <= parameters
    props = schema["components"]["schemas"]["Enterprise"]["properties"]
    assert props["registered_capital"]["type"] == "string"  # yuan, as a decimal string
    assert props["status_display"]["readOnly"] is True


@pytest.mark.django_db
def test_docs_page_uses_only_local_assets():
    client = api_client()
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
