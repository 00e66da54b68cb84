"""The pipeline's pure rules: gates, the landed rule, date order, stays, deadlines,
stalls, the funnel and money that never counts a project twice."""

import datetime as dt
import random
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from parkbase.projects import engine
from parkbase.projects.engine import FundRecord, Move

D = dt.date(2019, 1, 10)
TODAY = dt.date(2020, 1, 1)
RULE = ["signed_on", "registered_on", "land_paid_on", "construction_started_on"]


def days(n):
    return D + dt.timedelta(days=n)


def test_gate_lists_missing_fields_in_order_and_ignores_blank_text():
    values = {"signed_on": D, "contracted_amount": None, "land_mode": "  "}
    assert engine.missing_for_gate(values, ["signed_on", "contracted_amount"]) == [
        "contracted_amount"
    ]
    assert engine.missing_for_gate(values, ["land_mode", "land_paid_on"]) == [
        "land_mode",
        "land_paid_on",
    ]
    assert engine.missing_for_gate({"contracted_amount": Decimal(0)}, ["contracted_amount"]) == []


def test_landed_when_all_rule_dates_are_set_on_the_last_of_them():
    values = dict.fromkeys(RULE, D)
    values["construction_started_on"] = days(30)
    assert engine.landed_on(values, RULE) == days(30)
    values["land_paid_on"] = None
    assert engine.landed_on(values, RULE) is None
    assert engine.landed_on(dict.fromkeys(RULE, D), []) is None  # an empty rule never lands


def test_dates_out_of_order_name_the_field_and_the_one_it_follows():
    found = engine.date_order_violations(
        {"first_contact_on": days(10), "signed_on": D, "screened_on": days(11)}, TODAY
    )
    assert [(v.field, v.code, v.params["other"]) for v in found] == [
        ("signed_on", "before", "first_contact_on")
    ]
    chain = engine.date_order_violations(
        {
            "first_contact_on": D,
            "signed_on": days(5),
            "construction_started_on": days(50),
            "completed_on": days(40),
        },
        TODAY,
    )
    assert [(v.field, v.params["other"]) for v in chain] == [
        ("completed_on", "construction_started_on")
    ]


def test_future_dates_are_refused():
    found = engine.date_order_violations({"first_contact_on": D, "signed_on": days(999)}, TODAY)
    assert [(v.field, v.code) for v in found] == [("signed_on", "future_date")]


def test_registration_may_come_before_signing():
    ok = {"first_contact_on": D, "registered_on": days(2), "signed_on": days(9)}
    assert engine.date_order_violations(ok, TODAY) == []


def test_stage_days_count_stays_and_stop_when_the_project_closes():
    moves = [
        Move(D, "lead", "active"),
        Move(days(10), "screening", "active"),
        Move(days(15), "screening", "paused"),
        Move(days(40), "negotiation", "active"),
        Move(days(100), "negotiation", "lost"),
    ]
    assert engine.stage_days(moves, TODAY) == {"lead": 10, "screening": 30, "negotiation": 60}


def test_lead_deadlines_late_and_open():
    deadlines = engine.lead_deadlines(
        D,
        answered=days(1),
        screened=days(5),
        fed_back=None,
        answer_days=1,
        screen_days=3,
        feedback_days=7,
    )
    answer, screen, feedback = deadlines
    assert not answer.late(TODAY) and not answer.open()
    assert screen.late(TODAY) and screen.due == days(3)
    assert feedback.open() and feedback.late(days(8)) and not feedback.late(days(7))


def test_stall_thresholds_are_inclusive():
    assert engine.stall(D, days(90), talk_after=91, drop_after=273) is None
    assert engine.stall(D, days(91), talk_after=91, drop_after=273) == "talk"
    assert engine.stall(D, days(273), talk_after=91, drop_after=273) == "drop"


def test_funnel_counts_every_stage_up_to_the_furthest_and_medians_of_finished_stays():
    stages = ["lead", "screening", "negotiation", "signed"]
    reached = ["lead", "screening", "signed", "signed"]  # two jumped straight to signed
    stays = [{"lead": 2}, {"lead": 4, "screening": 9}, {"lead": 6}, {"lead": 100}]
    left = [{"lead"}, {"lead"}, {"lead"}, set()]  # the last stay of 100 days is not over
    steps = engine.funnel(stages, reached, stays, left)
    assert [s.reached for s in steps] == [4, 3, 2, 2]
    assert steps[0].conversion is None
    assert steps[1].conversion == 0.75 and steps[2].conversion == 2 / 3
    assert steps[0].median_days == 4  # 2, 4, 6: the open stay of 100 days is left out
    assert steps[1].median_days is None  # nobody left screening yet


def _records(draw_amounts):
    return [
        FundRecord(1, "contracted", Decimal(a), days(i * 200)) for i, a in enumerate(draw_amounts)
    ]


def test_contracted_statements_at_two_events_in_two_years_count_once():
    records = [
        FundRecord(1, "contracted", Decimal(500), dt.date(2019, 5, 1)),  # 2019 promotion week
        FundRecord(1, "contracted", Decimal(500), dt.date(2020, 4, 1)),  # re-announced 2020
        FundRecord(1, "in_place", Decimal(100), dt.date(2019, 9, 1)),
        FundRecord(1, "in_place", Decimal(150), dt.date(2020, 3, 1)),
        FundRecord(2, "planned", Decimal(80), dt.date(2020, 2, 1)),
    ]
    all_years = engine.fund_totals(records)
    assert (all_years.contracted, all_years.in_place, all_years.planned) == (500, 250, 80)
    assert all_years.projects == 2
    y2020 = engine.fund_totals(records, year=2020)
    assert y2020.contracted == 0  # first contracted in 2019: counted in 2019 only
    assert y2020.in_place == 150 and y2020.planned == 80
    assert engine.fund_totals(records, year=2019).contracted == 500


def test_a_revised_contract_replaces_the_earlier_statement():
    records = [
        FundRecord(1, "contracted", Decimal(500), dt.date(2019, 5, 1)),
        FundRecord(1, "contracted", Decimal(650), dt.date(2019, 8, 1)),
    ]
    assert engine.fund_totals(records).contracted == 650


@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.sampled_from(["planned", "contracted", "in_place"]),
            st.integers(0, 10_000),
            st.integers(0, 800),
        ),
        max_size=30,
    ),
    st.randoms(use_true_random=False),
)
def test_totals_do_not_depend_on_the_order_of_records_and_repeats_do_not_add(rows, rnd):
    # one statement per project, kind and day (two different figures the same day would
    # be a contradiction the ledger does not resolve)
    unique = {(p, k, d): a for p, k, a, d in rows}
    records = [FundRecord(p, k, Decimal(a), days(d)) for (p, k, d), a in unique.items()]
    shuffled = records[:]
    rnd.shuffle(shuffled)
    a, b = engine.fund_totals(records), engine.fund_totals(shuffled)
    assert (a.planned, a.contracted, a.in_place, a.projects) == (
        b.planned,
        b.contracted,
        b.in_place,
        b.projects,
    )
    repeated = records + [r for r in records if r.kind != "in_place"]
    c = engine.fund_totals(repeated)
    assert (c.planned, c.contracted) == (a.planned, a.contracted)
    per_project = {}
    for r in records:
        if r.kind == "contracted":
            per_project[r.project] = max(
                per_project.get(r.project, (dt.date.min, 0)), (r.on, r.amount)
            )
    assert a.contracted == sum((amount for _, amount in per_project.values()), Decimal(0))


def test_in_place_exceeds_only_with_a_contract():
    assert engine.in_place_exceeds(Decimal(100), Decimal(80), Decimal(21))
    assert not engine.in_place_exceeds(Decimal(100), Decimal(80), Decimal(20))
    assert not engine.in_place_exceeds(None, Decimal(80), Decimal(1000))


def test_random_moves_give_non_negative_days_that_sum_to_the_open_time():
    rnd = random.Random(5)
    for _ in range(50):
        start = D
        moves, on = [], start
        for _ in range(rnd.randint(1, 6)):
            moves.append(Move(on, rnd.choice(["lead", "screening", "signed"]), "active"))
            on = on + dt.timedelta(days=rnd.randint(0, 60))
        total = sum(engine.stage_days(moves, on).values())
        assert total == (on - start).days


def test_planned_shares_of_several_funders_add_up_and_each_counts_once():
    records = [
        FundRecord(1, "planned", Decimal(30), dt.date(2019, 11, 20), "government:市财政"),
        FundRecord(1, "planned", Decimal(240), dt.date(2019, 12, 10), "investor:7"),
        FundRecord(1, "planned", Decimal(230), dt.date(2019, 12, 10), "investor:8"),
        # the same partner's share announced again at a promotion event next year
        FundRecord(1, "planned", Decimal(230), dt.date(2020, 5, 18), "investor:8"),
        # a contract is the project's one total, whoever's name is on the statement
        FundRecord(1, "contracted", Decimal(400), dt.date(2020, 1, 5), "investor:7"),
        FundRecord(1, "contracted", Decimal(450), dt.date(2020, 6, 5), "investor:8"),
    ]
    totals = engine.fund_totals(records)
    assert (totals.planned, totals.contracted, totals.projects) == (500, 450, 1)
    assert engine.fund_totals(records, year=2020).planned == 0  # first stated in 2019
