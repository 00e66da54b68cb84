"""The projects board in a real browser at 1366 px: it scrolls sideways inside its own
card, never the page; a column folds to its name and count and stays folded after a
reload, for that user only; a card moves by keyboard alone through the same move as a
drag; and a gated stage's form asks only for what the project lacks, its date filled
in with the park's today (the demo's: its story's end)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkbase.core.choices import Role
from parkbase.projects import services
from parkbase.projects.models import Project, Stage, StageChange

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STORY_ENDS = dt.date(2020, 12, 31)
NAME = "沈阳医药产业园项目"
SIZE = {"width": 1366, "height": 768}
# one project in each of these stages (with what the stage's gate needs), and a full
# column of negotiations
STAGED = {
    "screening": {"screened_on": dt.date(2020, 4, 1)},
    "registered": {"registered_on": dt.date(2020, 5, 1)},
    "approvals": {"approved_on": dt.date(2020, 6, 1)},
    "construction": {"construction_started_on": dt.date(2020, 7, 1)},
}


@pytest.fixture
def board_world(world, settings):
    settings.AS_OF = STORY_ENDS  # the demo's clock
    park = world.parks[0]
    services.pipeline_ensure(park)
    stages = {s.code: s for s in Stage.objects.filter(park=park)}
    staff = world.users[Role.STAFF]

    def make(name, code, **values):
        values.setdefault("first_contact_on", dt.date(2020, 3, 1))
        return services.project_create(
            park=park, user=staff, stage=stages[code], name=name, **values
        )

    # it holds the contracted amount, not the signing date 签约 also needs
    project = make(NAME, "lead", contracted_amount=Decimal("50000000"))
    for code, values in STAGED.items():
        make(f"{code}项目", code, **values)
    for i in range(8):
        make(f"洽谈项目{i}", "negotiation")
    return project, stages


def new_page(browser, live_server, username):
    context = browser.new_context(viewport=SIZE, locale="zh-CN")
    page = context.new_page()
    log_in(page, live_server, username)
    return page


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/?next=/projects/board/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=board]")


def column(page, code):
    return page.locator(f"[data-testid=column-{code}]")


def is_folded(page, code) -> bool:
    col = column(page, code)
    toggle = col.locator("[data-testid=toggle]")
    folded = "is-collapsed" in (col.get_attribute("class") or "")
    assert toggle.get_attribute("aria-expanded") == ("false" if folded else "true")
    return folded


def test_the_board_scrolls_in_its_card_and_remembers_folded_columns(
    board_world, browser, live_server, world
):
    page = new_page(browser, live_server, world.users[Role.STAFF].username)
    sizes = page.evaluate(
        """() => {
          const board = document.querySelector("[data-testid=board]");
          const box = board.getBoundingClientRect();
          return {page: document.documentElement.scrollWidth, window: window.innerWidth,
                  board: board.scrollWidth, shown: board.clientWidth,
                  bottom: box.bottom, height: window.innerHeight};
        }"""
    )
    assert sizes["page"] <= sizes["window"]  # the page itself never scrolls sideways
    assert sizes["board"] > sizes["shown"]  # the board does, inside its card
    assert sizes["bottom"] <= sizes["height"]  # with its scroll bar in sight

    # an empty stage starts folded: a narrow strip with its name and count
    completed = column(page, "completed")
    assert is_folded(page, "completed")
    assert completed.bounding_box()["width"] < 60
    assert completed.locator("[data-testid=count]").inner_text() == "0"
    assert completed.locator("[data-testid=toggle]").inner_text().startswith("竣工")
    assert not is_folded(page, "negotiation")
    assert column(page, "negotiation").locator("[data-testid=count]").inner_text() == "8"

    # fold a full column, open an empty one; both are remembered after a reload
    column(page, "negotiation").locator("[data-testid=toggle]").click()
    completed.locator("[data-testid=toggle]").click()
    assert is_folded(page, "negotiation") and not is_folded(page, "completed")
    assert not column(page, "negotiation").locator("[data-testid=card]").first.is_visible()
    assert column(page, "negotiation").locator("[data-testid=count]").is_visible()
    page.reload()
    page.wait_for_selector("[data-testid=board]")
    assert is_folded(page, "negotiation") and not is_folded(page, "completed")
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZE["width"]

    # another user of the same browser has their own columns, and without the right
    # to move, no move controls
    page.context.clear_cookies()
    log_in(page, live_server, world.users[Role.LEADER].username)
    assert not is_folded(page, "negotiation") and is_folded(page, "completed")
    cards = page.locator("[data-testid=card]")
    assert cards.count() == 13
    assert page.locator("[data-testid=move-link], [data-testid=move-dialog]").count() == 0
    assert page.locator("[data-testid=card][tabindex], [draggable=true]").count() == 0
    page.context.close()


def test_a_card_moves_by_keyboard_and_the_gate_asks_only_what_is_missing(
    board_world, browser, live_server, world
):
    project, stages = board_world
    staff = world.users[Role.STAFF]
    page = new_page(browser, live_server, staff.username)
    card = column(page, "lead").locator("[data-testid=card]", has_text=NAME)
    card.wait_for()

    # Tab reaches the card itself, which says what Enter does
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.project") == str(project.pk):
            break
    assert page.evaluate("document.activeElement.dataset.project") == str(project.pk)
    labelled = card.get_attribute("aria-labelledby")
    assert page.locator(f"#{labelled}").inner_text() == NAME
    hint = page.locator("#" + card.get_attribute("aria-describedby"))
    assert hint.is_visible() and "回车" in hint.inner_text()

    # Enter opens the move dialog on the stage after this one; ↓ chooses 洽谈, Enter moves
    page.keyboard.press("Enter")
    dialog = page.locator("[data-testid=move-dialog]")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.id") == "move-dialog-stage"
    assert NAME in dialog.inner_text()
    choice = page.locator("#move-dialog-stage")
    assert choice.input_value() == str(stages["screening"].pk)
    lead = choice.locator(f"option[value='{stages['lead'].pk}']")
    assert lead.get_attribute("disabled") is not None  # not where it already is
    page.keyboard.press("ArrowDown")
    assert choice.input_value() == str(stages["negotiation"].pk)
    page.keyboard.press("Enter")
    page.locator("[data-testid=move-done]").wait_for()
    assert not dialog.is_visible()
    moved = column(page, "negotiation").locator("[data-testid=card]", has_text=NAME)
    assert moved.count() == 1 and card.count() == 0
    assert column(page, "negotiation").locator("[data-testid=count]").inner_text() == "9"
    assert page.evaluate("document.activeElement.dataset.project") == str(project.pk)
    project.refresh_from_db()
    assert project.stage.code == "negotiation" and project.stage_since == STORY_ENDS
    last = StageChange.objects.filter(project=project).latest("id")
    assert last.stage.code == "negotiation" and last.user == staff

    # onto 签约 the same way: its gate needs the signing date, which the project lacks
    page.keyboard.press("Enter")
    dialog.wait_for()
    for _ in range(len(stages)):
        if choice.input_value() == str(stages["signed"].pk):
            break
        page.keyboard.press("ArrowDown")
    assert choice.input_value() == str(stages["signed"].pk)
    assert "签约日期" in page.inner_text("[data-testid=move-dialog-gate]")
    page.keyboard.press("Enter")
    page.locator("[data-testid=move-refused]").wait_for()
    project.refresh_from_db()
    assert project.stage.code == "negotiation"
    # the refusal's way on has the focus; it opens the form with only what is missing
    assert page.evaluate("document.activeElement.dataset.testid") == "fill-and-move"
    page.keyboard.press("Enter")
    page.locator("[data-testid=move-form]").wait_for()
    assert page.input_value("#id_signed_on") == STORY_ENDS.isoformat()  # the park's today
    assert page.locator("#id_contracted_amount").count() == 0  # held already
    assert "5,000.00" in page.inner_text("[data-testid=gate-held]")
    page.click("button[accesskey=s]")
    column(page, "signed").locator("[data-testid=card]", has_text=NAME).wait_for()
    project = Project.objects.get(pk=project.pk)
    assert project.stage.code == "signed" and project.signed_on == STORY_ENDS
    assert project.contracted_amount == Decimal("50000000")
    page.context.close()
