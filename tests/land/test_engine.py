"""The land engine: the idle rule, geometry validation and area, overlaps, tenants and
the letting table, against hand-computed cases."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import pytest

from parkbase.land import engine

D = dt.date


def square(lon, lat, side_deg, clockwise=False):
    ring = [
        [lon, lat],
        [lon + side_deg, lat],
        [lon + side_deg, lat + side_deg],
        [lon, lat + side_deg],
        [lon, lat],
    ]
    if clockwise:
        ring.reverse()
    return ring


def polygon(*rings):
    return {"type": "Polygon", "coordinates": list(rings)}


# --------------------------------------------------------------------- idle rule


def idle(**kwargs):
    values = dict(
        today=D(2020, 6, 1),
        agreed_start_on=None,
        started_on=None,
        halted_since=None,
        invested_share=None,
        developed_share=None,
    )
    return engine.idle_finding(**(values | kwargs))


def test_not_started_more_than_a_year_after_the_agreed_start_is_idle_from_the_next_day():
    found = idle(agreed_start_on=D(2019, 5, 1))
    assert found == engine.IdleFinding(True, "not_started", D(2020, 5, 2))


def test_a_year_is_a_calendar_year_and_its_last_day_is_not_yet_idle():
    assert not idle(agreed_start_on=D(2019, 6, 1)).idle  # today is the anniversary
    assert idle(agreed_start_on=D(2019, 5, 31)).since == D(2020, 6, 1)  # idle from today
    leap = idle(today=D(2021, 3, 2), agreed_start_on=D(2020, 2, 29))
    assert leap.since == D(2021, 3, 2)  # 29 February's anniversary is 1 March
    assert not idle(today=D(2021, 3, 1), agreed_start_on=D(2020, 2, 29)).idle


def test_not_started_within_the_year_is_not_idle():
    assert not idle(agreed_start_on=D(2019, 6, 3)).idle
    assert not idle().idle  # no agreed start: the rule cannot say


def test_a_start_in_the_future_counts_as_not_started():
    assert idle(agreed_start_on=D(2018, 1, 1), started_on=D(2021, 1, 1)).reason == "not_started"


@pytest.mark.parametrize(
    ("developed", "invested", "expected"),
    [
        (Decimal("33.33"), None, True),  # below one third
        (Decimal("33.34"), None, False),
        (None, Decimal("24.9"), True),
        (None, Decimal("25"), False),
        (Decimal("50"), Decimal("10"), True),
        (None, None, False),  # shares unknown: the rule cannot say
    ],
)
def test_halted_a_year_with_too_little_built_or_invested_is_idle(developed, invested, expected):
    found = idle(
        agreed_start_on=D(2017, 1, 1),
        started_on=D(2017, 3, 1),
        halted_since=D(2019, 5, 1),
        developed_share=developed,
        invested_share=invested,
    )
    assert found.idle is expected
    if expected:
        assert found.reason == "halted" and found.since == D(2020, 5, 2)


def test_halted_for_less_than_a_year_is_not_idle():
    found = idle(started_on=D(2017, 3, 1), halted_since=D(2019, 7, 1), developed_share=Decimal(5))
    assert not found.idle


def test_status_shows_idle_but_never_over_a_transfer():
    finding = engine.IdleFinding(True, "not_started", D(2020, 1, 1))
    assert engine.parcel_status("reserve", finding) == "idle"
    assert engine.parcel_status("transferred", finding) == "transferred"
    assert engine.parcel_status("in_use", engine.NOT_IDLE) == "in_use"


# --------------------------------------------------------------------- geometry


def test_a_square_is_normalised_with_area_and_bbox():
    shape, errors = engine.read_geometry(json.dumps(polygon(square(123.5, 41.8, 0.01))))
    assert errors == []
    assert shape.geometry["type"] == "Polygon"
    assert shape.bbox == pytest.approx((123.5, 41.8, 123.51, 41.81))
    # 0.01° at 41.805°N: 830.4 m east × 1,110.8 m north (WGS84 radii of curvature)
    phi = math.radians(41.805)
    w = math.sqrt(1 - engine._E2 * math.sin(phi) ** 2)
    east = math.radians(0.01) * engine._A / w * math.cos(phi)
    north = math.radians(0.01) * engine._A * (1 - engine._E2) / w**3
    assert shape.area == pytest.approx(east * north, rel=1e-9)
    assert 920_000 < shape.area < 925_000
    assert shape.warnings == ()


def test_a_feature_is_read_for_its_geometry():
    feature = {"type": "Feature", "properties": {}, "geometry": polygon(square(123.5, 41.8, 0.001))}
    shape, errors = engine.read_geometry(feature)
    assert errors == [] and shape.area > 0


def test_a_clockwise_exterior_is_turned_with_a_warning_and_a_hole_is_subtracted():
    outer = square(123.5, 41.8, 0.02, clockwise=True)
    hole = square(123.505, 41.805, 0.01)  # counter-clockwise: wrong for a hole
    shape, errors = engine.read_geometry(polygon(outer, hole))
    assert errors == []
    assert [w.code for w in shape.warnings] == ["ring_reversed", "ring_reversed"]
    assert engine._signed_area(shape.geometry["coordinates"][0]) > 0
    assert engine._signed_area(shape.geometry["coordinates"][1]) < 0
    whole, _ = engine.read_geometry(polygon(square(123.5, 41.8, 0.02)))
    inner, _ = engine.read_geometry(polygon(square(123.505, 41.805, 0.01)))
    assert shape.area == pytest.approx(whole.area - inner.area, rel=1e-3)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("{not json", "geometry_not_geojson"),
        ([1, 2], "geometry_not_geojson"),
        ({"type": "Point", "coordinates": [123.5, 41.8]}, "geometry_type"),
        (polygon(), "geometry_empty"),
        (polygon([[123.5, 41.8], [123.6, 41.8], [123.5, 41.8]]), "ring_too_short"),
        (polygon([[123.5, 41.8], [123.6, 41.8], [123.6, 41.9], [123.5, 41.9]]), "ring_not_closed"),
        (polygon(square(181, 41.8, 0.01)), "coordinates_out_of_range"),
        (polygon(square(41.8, 95, 0.01)), "coordinates_out_of_range"),
        (polygon(square(500_000, 4_630_000, 100)), "coordinates_projected"),
        (polygon([[0, 0], ["x", 1], [1, 1], [0, 0]]), "geometry_not_geojson"),
        (  # a bow tie
            polygon(
                [[123.5, 41.8], [123.51, 41.81], [123.51, 41.8], [123.5, 41.81], [123.5, 41.8]]
            ),
            "self_intersection",
        ),
        (
            {  # two polygons over each other
                "type": "MultiPolygon",
                "coordinates": [[square(123.5, 41.8, 0.01)], [square(123.505, 41.805, 0.01)]],
            },
            "self_intersection",
        ),
    ],
)
def test_bad_geometry_is_refused_with_its_rule(value, code):
    shape, errors = engine.read_geometry(value)
    assert shape is None
    assert [e.code for e in errors] == [code]
    assert errors[0].field == "geometry"


def test_an_outline_larger_than_any_park_is_refused():
    # 2° × 2° near Shenyang: ~37,000 km² (coordinates typed in the wrong unit, say)
    shape, errors = engine.read_geometry(polygon(square(122.0, 41.0, 2.0)))
    assert shape is None and [e.code for e in errors] == ["geometry_too_large"]
    assert 30_000 < errors[0].params["value"] < 40_000  # km²


def test_json_nested_beyond_reason_is_not_geojson():
    shape, errors = engine.read_geometry("[" * 100_000)
    assert shape is None and [e.code for e in errors] == ["geometry_not_geojson"]


def test_an_out_of_range_position_is_named():
    ring = square(123.5, 41.8, 0.01)
    ring[2] = [123.51, 91.0]
    _shape, errors = engine.read_geometry(polygon(ring))
    assert errors[0].params == {"polygon": 1, "ring": 1, "position": 3, "value": "123.51, 91.0"}


def test_the_area_check_flags_more_than_five_percent():
    assert engine.area_check(Decimal("1050"), 1000.0) is None
    assert engine.area_check(Decimal("950"), 1000.0) is None
    flagged = engine.area_check(Decimal("1051"), 1000.0)
    assert flagged.code == "area_mismatch" and flagged.params["percent"] == 5.1
    assert engine.area_check(None, 1000.0) is None and engine.area_check(5, None) is None


def test_overlaps_are_measured_and_touching_edges_are_not_overlaps():
    mine = polygon(square(123.5, 41.8, 0.01))
    half = polygon(square(123.505, 41.8, 0.01))  # overlaps the east half
    beside = polygon(square(123.51, 41.8, 0.01))  # shares an edge
    far = polygon(square(124.0, 41.8, 0.01))
    found = engine.overlaps(
        mine, [("half", half), ("beside", beside), ("far", far), ("none", None)]
    )
    assert [key for key, _area in found] == ["half"]
    whole, _ = engine.read_geometry(mine)
    assert found[0][1] == pytest.approx(whole.area / 2, rel=1e-3)


def test_tenants_may_not_occupy_more_than_the_parcel():
    assert engine.tenants_over(Decimal("1000"), [Decimal("600"), Decimal("400")]) is None
    over = engine.tenants_over(Decimal("1000"), [Decimal("600"), Decimal("400.01"), None])
    assert over.code == "tenants_exceed_parcel"
    assert over.params == {"value": Decimal("1000.01"), "other_value": Decimal("1000")}


# --------------------------------------------------------------------- letting table


def test_the_letting_table_is_top_floor_first_with_totals_and_rates():
    table = engine.letting_table(
        [
            (1, "101", Decimal("500"), "occupied"),
            (2, "201", Decimal("300"), "vacant"),
            (1, "102", Decimal("100"), "reserved"),
            (2, "210", Decimal("100"), "occupied"),
            (2, "202", Decimal("0"), "vacant"),
        ]
    )
    assert [floor for floor, _units in table.floors] == [2, 1]
    assert [code for code, _a, _s in table.floors[0][1]] == ["201", "202", "210"]
    assert table.totals == {
        "occupied": Decimal("600"),
        "vacant": Decimal("300"),
        "reserved": Decimal("100"),
    }
    assert table.total_area == Decimal("1000")
    assert table.rates == {"occupied": 0.6, "vacant": 0.3, "reserved": 0.1}


def test_an_empty_building_has_no_rates_to_divide_by():
    table = engine.letting_table([])
    assert table.floors == [] and table.total_area == 0
    assert table.rates == {"occupied": 0.0, "vacant": 0.0, "reserved": 0.0}
