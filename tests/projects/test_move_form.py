"""The move form's gate: it asks only for what the target stage needs and the project
does not hold yet, its dates start as the park's today (the demo's: its story's end),
and what the project already holds is listed, not asked again."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import override_settings

from parkbase.core.choices import Role
from parkbase.projects.forms import MoveForm
from tests.clients import page_client

pytestmark = pytest.mark.django_db

STORY_ENDS = dt.date(2020, 12, 31)


def form_for(project, stage, user, hidden=()):
    return MoveForm(project=project, user=user, target=stage, hidden=hidden)


@override_settings(AS_OF=STORY_ENDS)
def test_the_gate_asks_only_for_what_is_missing_with_today_filled_in(world, pipeline, make_project):
    staff = world.users[Role.STAFF]
    project = make_project(contracted_amount=Decimal("50000000"))  # 5,000 万元, no signing
    form = form_for(project, pipeline["signed"], staff)
    assert form.gate_names == ["signed_on"]
    assert "contracted_amount" not in form.fields
    assert form["signed_on"].value() == STORY_ENDS  # the park's today, not the machine's
    assert form["on"].value() == STORY_ENDS
    assert [value for _label, value in form.held] == ["5,000.00"]

    # nothing held: both asked, the date filled in, the amount left to type
    bare = make_project(name="空白项目")
    form = form_for(bare, pipeline["signed"], staff)
    assert form.gate_names == ["signed_on", "contracted_amount"]
    assert form["signed_on"].value() == STORY_ENDS
    assert form["contracted_amount"].value() is None
    assert form.held == []

    # all held: nothing asked, all listed (a choice by its label)
    landed = make_project(
        name="已付地价项目",
        land_mode="lease",
        land_paid_on=dt.date(2019, 6, 1),
    )
    form = form_for(landed, pipeline["land"], staff)
    assert form.gate_names == []
    held = dict(form.held)
    assert "2019-06-01" in held.values()
    assert str(landed.get_land_mode_display()) in held.values()


@override_settings(AS_OF=STORY_ENDS)
def test_the_move_page_omits_what_is_held_and_a_post_keeps_it(world, pipeline, make_project):
    staff = world.users[Role.STAFF]
    project = make_project(contracted_amount=Decimal("50000000"))
    client = page_client(staff)
    html = client.get(f"/projects/{project.pk}/move/", {"stage": pipeline["signed"].pk})
    html = html.content.decode()
    assert 'name="signed_on"' in html and 'value="2020-12-31"' in html
    assert 'name="contracted_amount"' not in html
    assert 'data-testid="gate-held"' in html and "5,000.00" in html
    assert ">Signed</option>" in html  # the stages in the page's language
    answer = client.post(
        f"/projects/{project.pk}/move/",
        {"stage": pipeline["signed"].pk, "version": 1, "signed_on": "2020-12-31"},
    )
    assert answer.status_code == 302
    project.refresh_from_db()
    assert project.stage.code == "signed" and project.signed_on == STORY_ENDS
    assert project.contracted_amount == Decimal("50000000")


@pytest.mark.parametrize(
    ("language", "labels", "refusal"),
    [
        (
            "en",
            ("Move to", "Date of the move", "Note"),
            "Stage: to move to “Screening”, fill in “Screened” first.",
        ),
        ("zh-hans", ("变更至", "变更日期", "备注"), "阶段：进入“研判”阶段须先填写研判日期。"),
    ],
)
def test_the_move_page_and_its_refusal_speak_the_users_language(
    world, pipeline, make_project, language, labels, refusal
):
    """Labels capitalised like the rest of the interface; a refusal names the stage in
    the reader's language and what it needs by its label, never a field's name."""
    project = make_project()
    client = page_client(world.users[Role.STAFF], language)
    url = f"/projects/{project.pk}/move/"
    html = client.get(url, {"stage": pipeline["screening"].pk}).content.decode()
    for label in labels:
        assert f">{label}</label>" in html
    answer = client.post(url, {"stage": pipeline["screening"].pk, "version": 1, "screened_on": ""})
    assert answer.status_code == 400
    shown = answer.content.decode().split('data-testid="stage-error"')[1].split("</div>")[0]
    assert refusal in shown


def test_every_form_label_starts_with_a_capital_in_english(world, make_project):
    """Labels written lowercase in the code (the status form's "new status", "date",
    "why") read as the rest of the interface does."""
    project = make_project()
    html = page_client(world.users[Role.STAFF], "en").get(f"/projects/{project.pk}/status/")
    labels = re.findall(
        r'<label class="form-label[^"]*"[^>]*>([^<]+)</label>', html.content.decode()
    )
    assert labels and "New status" in labels
    assert all(label[0].isupper() for label in labels), labels
