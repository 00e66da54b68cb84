"""The ECharts options built on the server: a radar of fewer than three indicators is
drawn as bars, the evaluation classes take their colours from the one mapping (the
class chart and the land map's class layer alike, none of them a status colour), zero
values carry no symbol or label, and the funnel's labels stand beside their stages."""

from __future__ import annotations

import json

from parkbase.core import charts
from parkbase.land.choices import STATUS_COLOURS


def option(text: str) -> dict:
    return json.loads(text)


# --------------------------------------------------------------------------- radar


def test_a_radar_of_two_indicators_is_drawn_as_bars():
    drawn = option(
        charts.radar(["亩均税收", "亩均营业收入"], {"本企业": [33, 0], "中位数": [38.6, 36.5]})
    )
    assert "radar" not in drawn
    assert [s["type"] for s in drawn["series"]] == ["bar", "bar"]
    assert [s["name"] for s in drawn["series"]] == ["本企业", "中位数"]
    assert drawn["xAxis"]["data"] == ["亩均税收", "亩均营业收入"]
    assert drawn["yAxis"]["max"] == 100
    assert drawn["series"][0]["data"] == [33, 0]


def test_a_radar_of_one_indicator_is_drawn_as_bars_too():
    drawn = option(charts.radar(["亩均税收"], {"本企业": [50]}))
    assert [s["type"] for s in drawn["series"]] == ["bar"]


def test_three_indicators_make_a_radar_without_symbols_at_its_corners():
    names = ["a", "b", "c"]
    drawn = option(charts.radar(names, {"x": [0, 50, 0], "y": [10, 20, 30]}))
    assert [i["name"] for i in drawn["radar"]["indicator"]] == names
    (series,) = drawn["series"]
    assert series["type"] == "radar"
    # a radar's symbols are all or none per series: zeros would pile up in the centre
    assert series["symbol"] == "none"
    assert [d["value"] for d in series["data"]] == [[0, 50, 0], [10, 20, 30]]


# ---------------------------------------------------------------- class colours


def test_the_classes_a_to_d_have_their_own_colours_best_first():
    colours = charts.class_colours(["A", "B", "C", "D"])
    assert list(colours) == ["A", "B", "C", "D"]
    assert len(set(colours.values())) == 4
    assert charts.NO_CLASS_COLOUR not in colours.values()
    # a scheme without class A keeps the colours of B, C and D
    assert charts.class_colours(["B", "C", "D"]) == {k: colours[k] for k in "BCD"}


def test_classes_of_other_names_take_free_colours_in_order():
    colours = charts.class_colours(["A", "B", "C", "D", "T"])
    assert len(set(colours.values())) == 5
    named = charts.class_colours(["优先发展类", "鼓励提升类", "调控帮扶类", "倒逼整治类"])
    assert list(named.values()) == list(charts.class_colours("ABCD").values())


def test_the_class_chart_paints_each_bar_in_its_class_colour_in_the_schemes_order():
    counts = {"C": 20, "A": 12, "D": 2, "B": 22}  # a summary's keys in any order
    drawn = option(charts.class_bar(counts, ["A", "B", "C", "D"]))
    assert drawn["xAxis"]["data"] == ["A", "B", "C", "D"]
    (series,) = drawn["series"]
    assert [d["value"] for d in series["data"]] == [12, 22, 20, 2]
    colours = charts.class_colours(["A", "B", "C", "D"])
    assert [d["itemStyle"]["color"] for d in series["data"]] == list(colours.values())


def test_status_colours_and_class_colours_share_none():
    classes = set(charts.class_colours(["A", "B", "C", "D", "E", "F", "G"]).values())
    classes.add(charts.NO_CLASS_COLOUR)
    statuses = {c.lower() for c in STATUS_COLOURS.values()}
    assert len(statuses) == len(STATUS_COLOURS)
    assert statuses.isdisjoint({c.lower() for c in classes})


# --------------------------------------------------------------------------- zeros


def test_a_lines_zero_and_empty_points_have_no_symbol():
    drawn = option(charts.lines([2018, 2019, 2020, 2021], {"产值": [0, 12.5, None, 3]}))
    data = drawn["series"][0]["data"]
    assert data[0] == {"value": 0, "symbol": "none"}
    assert data[1] == 12.5
    assert data[2] == {"value": None, "symbol": "none"}
    assert data[3] == 3


def test_bars_of_a_lines_chart_keep_their_plain_values():
    drawn = option(charts.lines([2019, 2020], {"计划投资": [0, 5]}, kind="bar"))
    assert drawn["series"][0]["data"] == [0, 5]


def test_a_stacked_bars_zero_pieces_print_no_label():
    drawn = option(charts.stacked_bar(["一组", "二组"], {"已完成": [0, 4], "未开始": [3, 0]}))
    done, waiting = drawn["series"]
    assert done["data"] == [{"value": 0, "label": {"show": False}}, 4]
    assert waiting["data"] == [3, {"value": 0, "label": {"show": False}}]


# --------------------------------------------------------------------------- funnel


def test_the_funnels_labels_stand_beside_their_stages_with_room_for_each():
    pairs = [{"name": f"阶段{i}", "value": 40 - 3 * i} for i in range(12)]
    drawn = option(charts.funnel(pairs))
    (series,) = drawn["series"]
    assert series["type"] == "funnel" and series["sort"] == "none"
    assert series["label"]["position"] in ("left", "right")
    assert series["labelLine"]["show"] is True
    assert series["data"] == pairs
    assert charts.funnel_height(12) >= 12 * 24  # a label's line each
    assert charts.funnel_height(2) == charts.FUNNEL_MIN_HEIGHT
