"""JSON bodies nested absurdly deep are answered 400 with a plain message on every
write endpoint (the API's one JSON parser), never with a 500 from Python's recursion
limit; the same limit guards the outlines the land app reads."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from parkbase.core import jsondepth
from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise
from parkbase.land import engine

CREATE_ENDPOINTS = [
    "/api/enterprises/",
    "/api/enterprise-years/",
    "/api/concerns/",
    "/api/survey-campaigns/",
    "/api/projects/",
    "/api/project-investors/",
    "/api/land-parcels/",
    "/api/land-buildings/",
]


def nested(depth: int, key: str = "name") -> str:
    return json.dumps({key: None}).replace("null", "[" * (depth - 1) + "]" * (depth - 1))


def client_for(user, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("url", CREATE_ENDPOINTS)
@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_a_body_nested_far_too_deep_is_a_400_on_every_create(world, url, depth):
    client = client_for(world.users[Role.ADMIN])
    response = client.post(url, nested(depth), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json() == {
        "detail": "The JSON body nests more than 64 levels of objects and arrays."
    }


def test_the_limit_is_exact_and_speaks_the_users_language(world):
    client = client_for(world.users[Role.STAFF], "zh-hans")
    count = Enterprise.objects.count()
    response = client.post("/api/enterprises/", nested(65), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "JSON 请求体中对象和数组的嵌套超过 64 层。"
    # 64 levels are read, and the usual rules answer for the field
    response = client.post("/api/enterprises/", nested(64), content_type="application/json")
    assert response.status_code == 400 and "name" in response.json()
    assert Enterprise.objects.count() == count


def test_a_change_nested_too_deep_is_refused_too(world):
    client = client_for(world.users[Role.STAFF])
    enterprise = world.enterprises[0]
    response = client.patch(
        f"/api/enterprises/{enterprise.pk}/", nested(1_000), content_type="application/json"
    )
    assert response.status_code == 400
    enterprise.refresh_from_db()
    assert enterprise.version == 1


def test_other_bad_json_is_still_a_parse_error(world):
    client = client_for(world.users[Role.STAFF])
    response = client.post("/api/enterprises/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
    response = client.post("/api/enterprises/", '{"name": NaN}', content_type="application/json")
    assert response.status_code == 400


def test_depth_is_counted_in_objects_and_arrays():
    assert jsondepth.loads(nested(64)) == json.loads(nested(64))
    for text in (nested(65), "[" * 100_000, '{"a": {"b": ' * 40 + "1" + "}}" * 40):
        with pytest.raises(jsondepth.TooDeep, match="nested too deeply"):
            jsondepth.loads(text)
    jsondepth.check_depth({"features": [{"coordinates": [[[[1, 2]]]]}]}, max_depth=7)
    with pytest.raises(jsondepth.TooDeep):
        jsondepth.check_depth({"features": [{"coordinates": [[[[1, 2]]]]}]}, max_depth=6)


def test_an_outline_nested_too_deep_is_not_geojson():
    deep = json.dumps({"type": "Polygon", "coordinates": None}).replace("null", "[" * 80 + "]" * 80)
    shape, violations = engine.read_geometry(deep, "geometry")
    assert shape is None
    assert [(v.code, v.params["detail"]) for v in violations] == [
        ("geometry_not_geojson", "nested too deeply (more than 64 levels)")
    ]
