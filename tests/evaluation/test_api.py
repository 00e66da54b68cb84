"""The evaluation API: schemes checked as a whole, runs through their steps, results
scoped with their explanation, overrides and objections."""

from __future__ import annotations

import pytest
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.evaluation.models import Result, Run
from tests.clients import api_client
from tests.evaluation.conftest import simple_definition

SCHEMES = "/api/evaluation-schemes/"
RUNS = "/api/evaluation-runs/"
RESULTS = "/api/evaluation-results/"
OBJECTIONS = "/api/evaluation-objections/"


@pytest.fixture
def staff_api(figures):
    return api_client(figures.users[Role.STAFF])


def test_scheme_with_weights_off_100_is_refused_in_both_languages(staff_api, figures):
    definition = simple_definition()
    definition["groups"][0]["indicators"][0]["weight"] = 80
    answer = staff_api.post(SCHEMES, {"definition": definition}, format="json")
    assert answer.status_code == 400
    assert "80" in str(answer.json()["groups[0].indicators"])
    zh = api_client(figures.users[Role.STAFF], "zh-hans").post(
        SCHEMES, {"definition": definition}, format="json"
    )
    assert zh.json()["groups[0].indicators"] != answer.json()["groups[0].indicators"]


def test_a_run_through_the_api_from_draft_to_published(staff_api, figures):
    scheme = staff_api.post(SCHEMES, {"definition": simple_definition()}, format="json").json()
    run = staff_api.post(RUNS, {"scheme": scheme["id"]}, format="json")
    assert run.status_code == 201, run.json()
    run = run.json()
    assert run["summary"]["classes"] == {"A": 1, "B": 3}
    results = staff_api.get(RESULTS, {"run": run["id"], "ordering": "rank"}).json()["results"]
    assert [r["klass"] for r in results] == ["A", "B", "B", "B"]
    assert results[-1]["explanation"][0]["code"] == "below_benchmark"
    assert "benchmark" in results[-1]["explanation"][0]["message"]
    ends = timezone.localdate().isoformat()  # the notice's last day: publishable today
    noticed = staff_api.post(
        f"{RUNS}{run['id']}/notice/", {"version": 1, "notice_ends_on": ends}, format="json"
    )
    assert noticed.json()["status"] == "notice"
    stale = staff_api.post(f"{RUNS}{run['id']}/publish/", {"version": 1}, format="json")
    assert stale.status_code == 409
    published = staff_api.post(f"{RUNS}{run['id']}/publish/", {"version": 2}, format="json")
    assert published.json()["status"] == "published"


def test_enterprises_see_their_own_result_only_once_the_notice_starts(staff_api, figures):
    ent = api_client(figures.users[Role.ENTERPRISE])
    scheme = staff_api.post(SCHEMES, {"definition": simple_definition()}, format="json").json()
    run = staff_api.post(RUNS, {"scheme": scheme["id"]}, format="json").json()
    assert ent.get(RESULTS).json()["count"] == 0
    assert ent.get(f"{RUNS}{run['id']}/").status_code == 404
    staff_api.post(
        f"{RUNS}{run['id']}/notice/",
        {"version": 1, "notice_ends_on": timezone.localdate().isoformat()},
        format="json",
    )
    own = ent.get(RESULTS).json()
    assert own["count"] == 1
    assert own["results"][0]["enterprise"] == figures.users[Role.ENTERPRISE].enterprise_id
    # an objection on its own result is taken; on another enterprise's, the enterprise
    # is simply not found
    mine = {
        "run": run["id"],
        "enterprise": figures.users[Role.ENTERPRISE].enterprise_id,
        "claim": "用地面积应为10000平方米",
        "field": "land_area",
    }
    assert ent.post(OBJECTIONS, mine, format="json").status_code == 201
    theirs = mine | {"enterprise": figures.enterprises[0].pk}
    assert ent.post(OBJECTIONS, theirs, format="json").status_code == 400
    # and it may not override a class
    result_id = own["results"][0]["id"]
    refused = ent.post(
        f"{RESULTS}{result_id}/override/",
        {"klass": "A", "reason": "x", "version": 1},
        format="json",
    )
    assert refused.status_code == 403


def test_staff_override_needs_a_reason(staff_api, figures):
    scheme = staff_api.post(SCHEMES, {"definition": simple_definition()}, format="json").json()
    run = staff_api.post(RUNS, {"scheme": scheme["id"]}, format="json").json()
    result = Result.objects.get(run_id=run["id"], klass="B", rank=4)
    url = f"{RESULTS}{result.pk}/override/"
    missing = staff_api.post(url, {"klass": "A", "reason": "", "version": 1}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    done = staff_api.post(url, {"klass": "A", "reason": "会议决定", "version": 1}, format="json")
    assert done.json()["klass"] == "A" and done.json()["computed_class"] == "B"
    assert Run.objects.get(pk=run["id"]).status == "draft"


def test_a_scheme_is_changed_whole_with_its_version(staff_api, figures):
    scheme = staff_api.post(SCHEMES, {"definition": simple_definition()}, format="json")
    assert scheme.status_code == 201
    scheme = scheme.json()
    assert (scheme["name"], scheme["version"]) == ("测试方案", 1)
    url = f"{SCHEMES}{scheme['id']}/"
    renamed = {"definition": simple_definition(name="新方案"), "version": 1}
    changed = staff_api.put(url, renamed, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["name"], changed.json()["version"]) == ("新方案", 2)
    assert changed.json() == staff_api.get(url).json()
    assert staff_api.put(url, renamed, format="json").status_code == 409
    assert staff_api.patch(url, renamed, format="json").status_code == 405


def test_a_user_of_no_park_is_told_to_have_one_to_add_a_scheme(figures):
    admin = api_client(figures.users[Role.ADMIN])
    answer = admin.post(SCHEMES, {"definition": simple_definition()}, format="json")
    assert answer.status_code == 400
    assert list(answer.json()) == ["park"]


def test_objections_are_raised_and_answered_through_the_api(staff_api, figures):
    scheme = staff_api.post(SCHEMES, {"definition": simple_definition()}, format="json").json()
    run = staff_api.post(RUNS, {"scheme": scheme["id"]}, format="json").json()
    assert run == staff_api.get(f"{RUNS}{run['id']}/").json()
    ends = timezone.localdate().isoformat()
    staff_api.post(f"{RUNS}{run['id']}/notice/", {"version": 1, "notice_ends_on": ends})
    ent = api_client(figures.users[Role.ENTERPRISE])
    claim = {
        "run": run["id"],
        "enterprise": figures.users[Role.ENTERPRISE].enterprise_id,
        "claim": "用地面积应为10000平方米",
    }
    raised = ent.post(OBJECTIONS, claim, format="json")
    assert raised.status_code == 201
    assert (raised.json()["status"], raised.json()["version"]) == ("open", 1)
    url = f"{OBJECTIONS}{raised.json()['id']}/answer/"
    verdict = {"status": "rejected", "answer": "数据无误", "version": 1}
    answered = staff_api.post(url, verdict, format="json")
    assert answered.status_code == 200, answered.json()
    assert (answered.json()["status"], answered.json()["version"]) == ("rejected", 2)
    assert staff_api.post(url, verdict, format="json").status_code == 409
