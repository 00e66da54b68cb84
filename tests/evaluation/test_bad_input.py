"""Bad input to the evaluation desk: a clear message naming the place, nothing saved,
never a server error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.evaluation import services
from parkbase.evaluation.models import ClassPolicy, Decision, Result, Run, Scheme
from tests.clients import page_client
from tests.evaluation.conftest import simple_definition


def with_group_condition(condition):
    definition = simple_definition()
    definition["groups"][0]["when"] = [condition]
    return definition


@pytest.mark.parametrize(
    ("condition", "place", "words"),
    [
        ({"field": "land_area", "op": "ge", "value": "abc"}, "value", "not a number"),
        ({"field": "land_area", "op": "in", "value": [1, "x"]}, "value", "not a number"),
        ({"field": "is_above_size", "op": "eq", "value": "yes"}, "op", "true or false"),
        ({"field": "status", "op": "lt", "value": 3}, "op", "equal or in a list"),
        ({"field": "industry_division", "op": "in", "value": [13, 14]}, "value", "quotes"),
    ],
)
def test_condition_values_must_fit_their_field(figures, condition, place, words):
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.scheme_create(park=figures.parks[0], definition=with_group_condition(condition))
    assert list(caught.value.message_dict) == [f"groups[0].when[0].{place}"]
    assert words in caught.value.message_dict[f"groups[0].when[0].{place}"][0]
    assert not Scheme.objects.exists()


def test_an_indicator_field_given_as_a_list_is_named(figures):
    definition = simple_definition()
    definition["groups"][0]["indicators"][0]["denominator"] = ["land_area"]
    with pytest.raises(ValidationError) as caught:
        services.scheme_create(park=figures.parks[0], definition=definition)
    assert "groups[0].indicators[0].denominator" in caught.value.message_dict


def test_a_scheme_shaped_wrong_names_every_place(figures):
    """Lists that are not lists and items that are not name: value pairs are each named
    by their place in the file, at any depth, and nothing is saved."""
    definition = simple_definition(adjustments="bonus", ungraded={})
    definition["groups"][0]["indicators"].append("tax_per_mu")
    definition["groups"][0]["when"] = [["land_area", "ge", 1]]
    definition["forced"][0]["when"].append(7)
    with pytest.raises(ValidationError) as caught, translation.override("en"):
        services.scheme_create(park=figures.parks[0], definition=definition)
    errors = caught.value.message_dict
    assert sorted(errors) == [
        "adjustments",
        "forced[0].when[1]",
        "groups[0].indicators[1]",
        "groups[0].when[0]",
        "ungraded",
    ]
    assert "must be a list" in errors["adjustments"][0]
    assert "must be a list" in errors["ungraded"][0]
    assert "name: value pairs" in errors["groups[0].indicators[1]"][0]
    assert not Scheme.objects.exists()


def test_a_second_scheme_of_the_same_name_and_year_is_refused(figures):
    services.scheme_create(park=figures.parks[0], definition=simple_definition())
    with pytest.raises(ValidationError) as caught:
        services.scheme_create(park=figures.parks[0], definition=simple_definition())
    assert "name" in caught.value.message_dict
    assert Scheme.objects.count() == 1


def test_impossible_dates_and_numbers_in_the_forms(figures):
    staff = page_client(figures.users[Role.STAFF])
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    run = services.run_create(scheme=scheme)
    notice = staff.post(
        f"/evaluation/runs/{run.pk}/",
        {"step": "notice", "version": 1, "notice_ends_on": "2030-02-30"},
        follow=True,
    )
    assert notice.status_code == 200 and "2030-02-30" in notice.content.decode()
    assert Run.objects.get(pk=run.pk).status == "draft"
    year = staff.post("/evaluation/", {"scheme": scheme.pk, "year": "二〇一九"}, follow=True)
    assert "二〇一九" in year.content.decode() and Run.objects.count() == 1
    far = staff.post("/evaluation/", {"scheme": scheme.pk, "year": "40000"}, follow=True)
    assert "40000" in far.content.decode() and Run.objects.count() == 1
    form = {
        "enterprise": figures.enterprises[0].pk,
        "kind": "exit",
        "status": "planned",
        "decided_on": "2019-02-30",
        "land_freed": "nan",
    }
    answer = staff.post("/evaluation/decisions/new/", form)
    assert answer.status_code == 400 and "2019-02-30" in answer.content.decode()
    answer = staff.post("/evaluation/decisions/new/", form | {"decided_on": "2019-03-01"})
    assert answer.status_code == 400 and "nan" in answer.content.decode()
    assert not Decision.objects.exists()


def test_policy_lines_need_a_year_a_finite_rate_and_are_not_repeated(figures):
    staff = page_client(figures.users[Role.STAFF])
    line = {"year": 2019, "klass": "D", "kind": "land_use_tax", "from_consecutive_years": 1}
    nan = staff.post("/evaluation/policies/", line | {"rate": "NaN"}, follow=True)
    assert "NaN" in nan.content.decode()
    no_year = staff.post("/evaluation/policies/", line | {"year": "", "rate": "9.6"}, follow=True)
    assert no_year.status_code == 200 and "1949" in no_year.content.decode()
    staff.post("/evaluation/policies/", line | {"rate": "9.6"})
    again = staff.post("/evaluation/policies/", line | {"rate": "12"}, follow=True)
    assert "already recorded" in again.content.decode()
    assert list(ClassPolicy.objects.values_list("rate", flat=True)) == [Decimal("9.6")]


def test_overrides_restored_by_a_recompute_are_audited(figures):
    staff = figures.users[Role.STAFF]
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    run = services.run_create(scheme=scheme)
    result = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    services.result_override(
        result=result, klass="A", reason="会议决定", expected_version=1, user=staff
    )
    run = services.run_recompute(run=run, expected_version=run.version, user=staff)
    again = Result.objects.get(run=run, enterprise=figures.enterprises[3])
    last = again.history.first()
    assert (last.klass, last.override_reason, last.history_user_id) == ("A", "会议决定", staff.pk)


def test_a_result_that_names_a_group_its_scheme_lacks_is_explained_not_crashed(figures):
    scheme = services.scheme_create(park=figures.parks[0], definition=simple_definition())
    run = services.run_create(scheme=scheme)
    result = Result.objects.filter(run=run).first()
    Result.objects.filter(pk=result.pk).update(group="gone")
    result.refresh_from_db()
    assert [v.code for v in services.explanation(result)] == ["unknown_rule"]
    page = page_client(figures.users[Role.STAFF]).get(f"/evaluation/results/{result.pk}/")
    assert page.status_code == 200


def test_a_place_in_the_scheme_reads_as_words_in_both_languages():
    from django.utils import translation

    from parkbase.evaluation.places import SchemePlaces

    path = "groups[1].indicators[0].weight"
    with translation.override("zh-hans"):
        assert SchemePlaces.place_label(path) == "第2个组 · 第1个指标 · 权重"
    with translation.override("en"):
        assert SchemePlaces.place_label(path) == "group 2 · indicator 1 · weight"
