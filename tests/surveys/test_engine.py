"""The survey engine, directly: no Django, plain values in and out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkbase.surveys import engine
from parkbase.surveys.engine import FlagThresholds

# ---------------------------------------------------------------- balance


def test_whole_phases_go_largest_first_to_the_least_loaded_team():
    """GIVEN the seed's park (phases of 16, 16, 15 and 12 enterprises) and three teams
    WHEN balanced THEN each of the first three phases gets its own team and the
    smallest joins the least-loaded one; no phase is split."""
    p1, p2, p3, p4 = (
        list(range(start, start + n)) for start, n in ((0, 16), (16, 16), (32, 15), (47, 12))
    )
    placed = engine.balance([("P1", p1), ("P2", p2), ("P3", p3), ("P4", p4)], [10, 20, 30])
    assert len(placed) == 59
    team_of = {
        phase: {placed[e] for e in ids}
        for phase, ids in (("P1", p1), ("P2", p2), ("P3", p3), ("P4", p4))
    }
    assert all(len(teams) == 1 for teams in team_of.values())  # whole phases
    assert team_of == {"P1": {10}, "P2": {20}, "P3": {30}, "P4": {30}}


def test_largest_phase_first_whatever_the_input_order():
    placed = engine.balance([("small", [1]), ("big", [2, 3, 4]), ("mid", [5, 6])], ["a", "b"])
    assert placed[2] == "a"  # the biggest phase goes first, to the first team
    assert placed[5] == "b"  # then the next onto the emptier team
    assert placed[1] == "b"  # a (3) vs b (2): b is still lighter


def test_existing_loads_count():
    placed = engine.balance([("P1", [1, 2])], ["a", "b"], loads={"a": 5, "b": 1})
    assert set(placed.values()) == {"b"}


def test_a_phase_a_team_already_visits_stays_with_it():
    """A late newcomer of phase P1 joins P1's team even if another team is lighter."""
    placed = engine.balance(
        [("P1", [9]), ("P2", [10])], ["a", "b"], loads={"a": 5, "b": 1}, owners={"P1": "a"}
    )
    assert placed == {9: "a", 10: "b"}
    # an owner that is not one of the teams is ignored
    assert engine.balance([("P1", [9])], ["b"], owners={"P1": "gone"}) == {9: "b"}


def test_no_teams_assigns_nothing_and_empty_groups_are_skipped():
    assert engine.balance([("P1", [1])], []) == {}
    assert engine.balance([("P1", []), ("P2", [7])], ["a"]) == {7: "a"}


@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=5),
)
def test_balance_assigns_everyone_once_and_keeps_phases_whole(sizes, n_teams):
    groups, start = [], 0
    for i, size in enumerate(sizes):
        groups.append((f"P{i}", list(range(start, start + size))))
        start += size
    teams = list(range(n_teams))
    placed = engine.balance(groups, teams)
    assert set(placed) == set(range(start))
    for _key, ids in groups:
        assert len({placed[e] for e in ids}) <= 1
    # greedy bound: no team carries more than the fair share plus the largest phase
    loads = [sum(1 for t in placed.values() if t == team) for team in teams]
    assert max(loads) <= start / n_teams + max(sizes)


# ---------------------------------------------------------------- changes


def test_changes_absolute_and_percent():
    base = {"gross_output": Decimal("1000000"), "staff_year_end": 100, "patents": None}
    now = {"gross_output": Decimal("1250000.00"), "staff_year_end": 80, "patents": 3}
    rows = {
        c.field: c
        for c in engine.changes(base, now, ["gross_output", "staff_year_end", "patents", "exports"])
    }
    assert rows["gross_output"].delta == Decimal("250000.00")
    assert rows["gross_output"].percent == Decimal("25.0")
    assert rows["gross_output"].changed
    assert (rows["staff_year_end"].delta, rows["staff_year_end"].percent) == (-20, Decimal("-20.0"))
    assert rows["patents"].changed and rows["patents"].delta is None  # new value, no base
    assert not rows["exports"].changed  # unknown both years
    same = engine.changes(
        {"land_area": Decimal("100.00")}, {"land_area": Decimal("100")}, ["land_area"]
    )
    assert not same[0].changed


def test_percent_of_zero_is_none():
    (row,) = engine.changes({"exports": Decimal(0)}, {"exports": Decimal(5)}, ["exports"])
    assert row.delta == 5 and row.percent is None


# ---------------------------------------------------------------- flags


def codes(found):
    return {(f.code, f.field) for f in found}


BASE = {
    "land_area": Decimal("20000.00"),
    "staff_year_end": 120,
    "gross_output": Decimal("80000000"),
    "value_added": Decimal("20000000"),
    "revenue": Decimal("82000000"),
    "tax_total": Decimal("3000000"),
}


def test_nothing_implausible_no_flags():
    now = {**BASE, "gross_output": Decimal("88000000"), "staff_year_end": 118}
    assert engine.flags(BASE, now, FlagThresholds()) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"land_area": Decimal("20000.01")}, {("land_changed", "land_area")}),
        ({"land_area": None}, {("land_changed", "land_area"), ("cleared", "land_area")}),
        ({"gross_output": Decimal("800000000")}, {("jump", "gross_output")}),
        (
            {"gross_output": Decimal("8000000"), "value_added": Decimal("2000000")},
            {("drop", "gross_output"), ("drop", "value_added")},
        ),
        ({"tax_total": Decimal("300000")}, {("drop", "tax_total")}),
        ({"staff_year_end": 59}, {("staff_drop", "staff_year_end")}),
        ({"value_added": Decimal("90000000")}, {("value_added_above_output", "value_added")}),
        ({"revenue": None}, {("cleared", "revenue")}),
    ],
)
def test_flags(change, expected):
    assert codes(engine.flags(BASE, {**BASE, **change}, FlagThresholds())) == expected


def test_flag_edges_are_not_flagged():
    """Exactly half the staff is not 'more than 50%'; 9.9× is not 10×."""
    now = {
        **BASE,
        "staff_year_end": 60,
        "gross_output": Decimal("792000000"),
        "value_added": Decimal("79200000"),
        "revenue": Decimal("800000000"),
    }
    found = codes(engine.flags(BASE, now, FlagThresholds()))
    assert ("staff_drop", "staff_year_end") not in found
    assert ("jump", "gross_output") not in found


def test_thresholds_are_data():
    """A campaign's own thresholds change what is flagged."""
    now = {**BASE, "gross_output": Decimal("400000000"), "value_added": Decimal("20000000")}
    assert ("jump", "gross_output") not in codes(engine.flags(BASE, now, FlagThresholds()))
    strict, problems = engine.thresholds_from({"jump_ratio": "5", "land_tolerance_m2": 100})
    assert problems == []
    assert strict.jump_ratio == Decimal(5)
    assert ("jump", "gross_output") in codes(engine.flags(BASE, now, strict))
    small_land_change = {**BASE, "land_area": Decimal("20050")}
    assert codes(engine.flags(BASE, small_land_change, strict)) == set()


def test_bad_thresholds_are_reported_and_left_at_default():
    found, problems = engine.thresholds_from(
        {"jump_ratio": "many", "bogus": 1, "staff_drop_share": -1, "land_fields": "land_area"}
    )
    assert found == FlagThresholds()
    assert {(v.field, v.code) for v in problems} == {
        ("thresholds", "not_a_number"),
        ("thresholds", "unknown_setting"),
        ("thresholds", "negative"),
        ("thresholds", "not_a_list"),
    }
    assert engine.thresholds_from([1, 2])[1][0].code == "not_a_mapping"


def test_flag_as_dict_is_json_safe():
    (flag,) = engine.flags(BASE, {**BASE, "staff_year_end": 10}, FlagThresholds())
    assert flag.as_dict() == {
        "code": "staff_drop",
        "field": "staff_year_end",
        "params": {"old": "120", "new": "10", "percent": "91.7"},
    }


# ---------------------------------------------------------------- transitions


@pytest.mark.parametrize(
    ("current", "target", "reason", "codes_"),
    [
        ("not_visited", "visited", "", []),
        ("visited", "filled", "", []),
        ("not_visited", "filled", "", []),  # the enterprise fills in its own form
        ("filled", "verified", "", []),
        ("not_visited", "verified", "", [("status", "status_skip")]),
        ("visited", "verified", "", [("status", "status_skip")]),
        ("filled", "filled", "", [("status", "status_same")]),
        ("verified", "filled", "", [("reason", "reason_required")]),
        ("verified", "filled", "   ", [("reason", "reason_required")]),
        ("verified", "not_visited", "wrong firm", []),
        ("filled", "bogus", "", [("status", "unknown_choice")]),
    ],
)
def test_assignment_transitions(current, target, reason, codes_):
    found = engine.assignment_transition(current, target, reason=reason)
    assert [(v.field, v.code) for v in found] == codes_


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("draft", "open", True),
        ("open", "closed", True),
        ("closed", "open", True),
        ("open", "draft", False),
        ("draft", "closed", False),
        ("open", "open", True),
    ],
)
def test_campaign_transitions(current, target, ok):
    assert (engine.campaign_transition(current, target) == []) == ok


def test_concern_transitions():
    assert engine.concern_transition("open", "in_progress") == []
    assert [v.code for v in engine.concern_transition("open", "resolved")] == [
        "resolution_required"
    ]
    assert engine.concern_transition("in_progress", "closed", resolution="转交") == []
    assert [v.code for v in engine.concern_transition("resolved", "open")] == ["reason_required"]
    assert engine.concern_transition("closed", "in_progress", reason="企业再次反映") == []


def test_overdue():
    today = dt.date(2020, 1, 10)
    assert engine.is_overdue("open", dt.date(2020, 1, 9), today)
    assert engine.is_overdue("in_progress", dt.date(2019, 1, 9), today)
    assert not engine.is_overdue("open", dt.date(2020, 1, 10), today)  # due today is not late
    assert not engine.is_overdue("resolved", dt.date(2019, 1, 9), today)
    assert not engine.is_overdue("open", None, today)


# ---------------------------------------------------------------- verified form → year


def test_year_data_writes_given_figures_and_keeps_other_sources():
    figures = {"gross_output": Decimal(5), "tax_total": None, "staff_year_end": 0}
    existing = {
        "gross_output": Decimal(4),
        "tax_total": Decimal(9),
        "staff_year_end": 3,
        "patents": None,
    }
    data = engine.year_data(
        figures,
        existing=existing,
        existing_source="statistics",
        existing_sources={"tax_total": "tax"},
    )
    assert data == {
        "gross_output": Decimal(5),
        "staff_year_end": 0,  # zero is a figure, not a blank
        "source": "survey",
        "sources": {"tax_total": "tax"},  # kept from the tax bureau, and says so
    }
    fresh = engine.year_data(figures, existing=None, existing_source=None, existing_sources=None)
    assert fresh["sources"] == {} and "tax_total" not in fresh


def test_days_between():
    assert engine.days_between(dt.date(2019, 3, 1), dt.date(2019, 3, 31)) == 30
    assert engine.days_between(None, dt.date(2019, 3, 31)) is None
