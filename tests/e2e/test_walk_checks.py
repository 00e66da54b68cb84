"""The walk's checks of a page's layout, on pages made for the purpose: a table is
reported when narrower than its card, when wider (reaching past it, or scrolled or cut
off inside it), and a page wider than the window."""

import pytest

from tests.e2e.test_walk import INSPECT, WIDTH

pytestmark = pytest.mark.e2e

CARD = """<!doctype html><html lang="en"><body style="margin:0">
<div class="card" style="width:600px"><div class="card-header"><h3 class="card-title">{title}</h3></div>
<div class="{box}" style="{style}"><table style="width:{width}px"><tbody><tr><td>x</td></tr></tbody></table></div>
</div>{extra}</body></html>"""


@pytest.fixture
def inspect(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()

    def seen(box="", style="", width=600, extra="", title="Parcels"):
        page.set_content(CARD.format(box=box, style=style, width=width, extra=extra, title=title))
        return page.evaluate(INSPECT)

    yield seen
    context.close()


def test_a_table_that_fits_its_card_is_not_reported(inspect):
    seen = inspect()
    assert seen["narrow"] == [] and seen["wide"] == []


def test_a_table_narrower_than_its_card_is_reported(inspect):
    assert inspect(width=400)["narrow"] == ["Parcels (400 < 600 px)"]


def test_a_table_wider_than_its_card_is_reported(inspect):
    assert inspect(width=700)["wide"] == ["Parcels (700 > 600 px)"]


@pytest.mark.parametrize("style", ["overflow-x:auto", "overflow:hidden"])
def test_a_table_scrolled_or_cut_off_inside_its_card_is_reported(inspect, style):
    (found,) = inspect(box="table-responsive", style=style, width=700)["wide"]
    assert "scrolled or cut off" in found


def test_a_page_wider_than_the_window_is_seen(inspect):
    assert inspect()["scrollWidth"] <= WIDTH
    wide = inspect(extra=f'<div style="width:{WIDTH + 200}px">x</div>')
    assert wide["scrollWidth"] > WIDTH
