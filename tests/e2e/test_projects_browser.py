"""Park staff in a real browser, offline: record a project, drag its card on the board
onto 签约 (signed) and see the stage's gate refuse it, naming the missing fields, with
the card left where it was; then drag it onto 洽谈 (no gate) and see it move."""

import re

import pytest
from django.utils import timezone, translation

from parkbase.core.choices import Role
from parkbase.core.units import strip_unit
from parkbase.projects.models import Project, Stage, StageChange

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "沈阳医药产业园项目"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/?next=/projects/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=whoami]")


def card_in(page, code: str):
    return page.locator(f"[data-testid=column-{code}] [data-testid=card]", has_text=NAME)


def test_dragging_a_card_onto_a_gated_stage_is_refused(world, offline_page, live_server):
    page = offline_page
    log_in(page, live_server, world.users[Role.STAFF].username)

    # record the project: it starts in the first stage, 线索 (lead)
    page.goto(f"{live_server.url}/projects/new/")
    page.fill("#id_name", NAME)
    page.click("button[accesskey=s]")
    page.wait_for_selector("[data-testid=project-name]")
    project = Project.objects.get(name=NAME)
    assert project.stage.code == "lead"

    page.goto(f"{live_server.url}/projects/board/")
    card = card_in(page, "lead")
    card.wait_for()
    assert page.inner_text("[data-testid=column-lead] [data-testid=count]") == "1"

    # onto 签约: its gate needs the signing date and the contracted amount
    card.drag_to(page.locator("[data-testid=column-signed]"))
    refusal = page.locator("[data-testid=move-refused]")
    refusal.wait_for()
    text = refusal.inner_text()
    with translation.override("zh-hans"):
        needed = [
            strip_unit(Project._meta.get_field(name).verbose_name)
            for name in ("signed_on", "contracted_amount")
        ]
    for label in needed:
        assert label in text
    assert card_in(page, "lead").count() == 1
    assert card_in(page, "signed").count() == 0
    assert page.inner_text("[data-testid=column-signed] [data-testid=count]") == "0"
    project.refresh_from_db()
    assert project.stage.code == "lead" and project.version == 1
    assert StageChange.objects.filter(project=project).count() == 1
    # the refusal leads to the move form with the gate's fields
    assert re.search(r"/move/\?stage=\d+", refusal.locator("a").get_attribute("href"))

    # onto 洽谈 (negotiation), which has no gate: it moves
    card_in(page, "lead").drag_to(page.locator("[data-testid=column-negotiation]"))
    page.locator("[data-testid=move-done]").wait_for()
    assert card_in(page, "negotiation").count() == 1
    assert card_in(page, "lead").count() == 0
    assert page.inner_text("[data-testid=column-negotiation] [data-testid=count]") == "1"
    project.refresh_from_db()
    assert project.stage.code == "negotiation"
    last = StageChange.objects.filter(project=project).latest("id")
    assert last.stage.code == "negotiation" and last.user == world.users[Role.STAFF]

    # the card came back from the server with its new version: a second move works
    card_in(page, "negotiation").drag_to(page.locator("[data-testid=column-screening]"))
    page.locator("[data-testid=move-refused]").wait_for()  # 研判 needs the screening date
    assert card_in(page, "negotiation").count() == 1

    # the keyboard way: the refusal's link opens the move form with the gate's fields;
    # choosing another stage there shows that stage's fields instead
    page.click("[data-testid=fill-and-move]")
    page.locator("#id_screened_on").wait_for()
    page.wait_for_load_state()  # htmx has bound the stage choice (a busy machine is slower)
    signed = Stage.objects.get(park=project.park, code="signed")
    page.select_option("#id_stage", str(signed.pk))
    page.locator("#id_signed_on").wait_for()
    assert page.locator("#id_screened_on").count() == 0
    today = timezone.localdate().isoformat()
    page.fill("#id_signed_on", today)
    page.fill("#id_contracted_amount", "5000")
    page.click("button[accesskey=s]")
    card_in(page, "signed").wait_for()  # back on the board
    project.refresh_from_db()
    assert project.stage.code == "signed" and project.contracted_amount == 50_000_000
    assert page.outside_requests == []
