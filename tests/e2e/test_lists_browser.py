"""Lists read as tables in a real browser at 1366 px: each table fills its card, its
row lines are light and thin, nothing is drawn under it (Tabler's sort icon, ⇕, once
sat under every table), a long name takes at most two lines, a short value such as
一期 and the headers stay on one line."""

from decimal import Decimal

import pytest
from django.urls import reverse

from parkbase.core.choices import Role
from parkbase.land import services

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAMES = (
    "沈东自动化研究所原址地块",
    "装配式建筑构件项目地块",
    "东基集团闲置国有土地",
)  # the demo's longest

# per table: its width against its card's, the pseudo-element drawn after it, the
# bottom line of its first body row (colour and width), and per column the most lines
# a cell's text takes
MEASURE = """() => [...document.querySelectorAll(".card table")].map((table) => {
  const box = table.closest(".card-body, .card");
  const style = getComputedStyle(box);
  const inner = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const lines = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  };
  const cell = table.querySelector("tbody td");
  const line = getComputedStyle(cell);
  // the line's colour as drawn on white (Tabler's lines are a dark colour, mostly
  // transparent)
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d");
  paint.fillStyle = "#fff";
  paint.fillRect(0, 0, 1, 1);
  paint.fillStyle = line.borderBottomColor;
  paint.fillRect(0, 0, 1, 1);
  const drawn = [...paint.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  const headers = [...table.querySelectorAll("thead th")];
  const columns = headers.map((th, i) => ({
    header: th.innerText.trim(),
    headerLines: lines(th),
    lines: Math.max(0, ...[...table.querySelectorAll(`tbody tr > :nth-child(${i + 1})`)]
      .filter((td) => td.innerText.trim()).map(lines)),
  }));
  return {
    width: table.getBoundingClientRect().width,
    inner: inner,
    after: getComputedStyle(table, "::after").content,
    lineColor: drawn,
    lineWidth: parseFloat(line.borderBottomWidth),
    columns: columns,
  };
})"""


def luminance(rgb: list) -> float:
    """0 (black) to 1 (white) of a colour's red, green and blue (0–255)."""
    red, green, blue = (value / 255 for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_the_parcel_list_reads_as_a_table(world, browser, live_server):
    staff = world.users[Role.STAFF]
    phase = world.phases[0]
    phase.name = "一期"
    phase.save()
    for i, name in enumerate(NAMES):
        services.parcel_create(
            park=world.parks[0],
            user=staff,
            code=f"沈东-P1-{i + 1:03d}",
            name=name,
            area=Decimal(40000 + i),
            phase=phase,
        )
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/?next={reverse('land-parcels')}")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("table tbody tr >> nth=2")
    (table,) = page.evaluate(MEASURE)
    context.close()

    assert table["width"] >= table["inner"] - 2, table  # fills its card
    assert table["after"] in ("none", "normal"), table["after"]  # no ⇕ under it
    assert table["lineWidth"] <= 1 and luminance(table["lineColor"]) > 0.8, table
    columns = {c["header"]: c for c in table["columns"]}
    assert columns["名称"]["lines"] <= 2, columns["名称"]
    assert columns["期次"]["lines"] == 1, columns["期次"]  # 一期 in one piece
    # a header may break before its unit (图形面积 / （平方米）), never more
    assert all(c["headerLines"] <= 2 for c in table["columns"]), table["columns"]


# the demo's longest owners, and a parcel's longest values in English
OWNERS = (
    "沈阳华冶耐火材料有限公司",
    "德科斯米尔(沈阳)焊接技术有限公司",
    "装配式建筑构件项目投资方",
)


def test_the_parcel_list_fits_its_card_in_english(world, browser, live_server):
    """GIVEN parcels with long owners and the longest planned use, certificate and
    low-efficiency words WHEN the list is read in English at 1366 px THEN the table fits
    its card (not wider, nothing scrolled or cut off) and an owner takes two lines at
    most."""
    staff = world.users[Role.STAFF]
    for i, owner in enumerate(OWNERS):
        services.parcel_create(
            park=world.parks[0],
            user=staff,
            code=f"沈东-P2-{i + 1:03d}",
            name=NAMES[i],
            area=Decimal(4_000_000 + i),
            phase=world.phases[0],
            owner_name=owner,
            planned_use="industrial",
            certificate_status="pending",
            low_efficiency="built_not_producing",
        )
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/?next={reverse('land-parcels')}")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", "pw-secret-1")
    page.click("button[type=submit]")
    page.wait_for_selector("table tbody tr >> nth=2")
    (table,) = page.evaluate(MEASURE)
    scrolled = page.evaluate(
        """() => { const box = document.querySelector(".card .table-responsive");
                   return [box.scrollWidth, box.clientWidth]; }"""
    )
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    context.close()

    assert table["inner"] - 2 <= table["width"] <= table["inner"] + 2, table  # fits
    assert scrolled[0] <= scrolled[1], scrolled  # nothing scrolled or cut off
    assert page_width <= 1366
    columns = {c["header"]: c for c in table["columns"]}
    assert columns["Owner / land user"]["lines"] <= 2, columns["Owner / land user"]
