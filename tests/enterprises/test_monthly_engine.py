"""The monthly returns engine: period ↔ year to date, combined and missing months,
sources, corrections and checks, against cases computed by hand."""

import datetime as dt
from decimal import Decimal as D

from parkbase.enterprises.monthly import (
    FIGURES,
    PERIOD,
    PORTAL,
    STAFF,
    STATISTICS,
    YTD,
    Filed,
    changes,
    check_return,
    derive,
    jumps,
    mixed_bases,
    month_over,
    parse_period,
)


def filed(start, end, basis, output, source=PORTAL, **more):
    return Filed(start, end, basis, source, {"gross_output": output, **more})


def view(rows, name="gross_output"):
    return [(r.period_start, r.period_end, r.period[name], r.ytd[name]) for r in rows]


def codes(row):
    return [flag["code"] for flag in row.flags]


def test_period_returns_add_up_to_the_year_to_date():
    """GIVEN 当月 returns for a combined 1–2月 (300), 3月 (200) and 4月 (250)
    THEN the year to date runs 300, 500, 750 and 1–2月 stays one row."""
    rows = derive(
        [
            filed(1, 2, PERIOD, D(300)),
            filed(3, 3, PERIOD, D(200)),
            filed(4, 4, PERIOD, D(250)),
        ]
    )
    assert view(rows) == [(1, 2, D(300), D(300)), (3, 3, D(200), D(500)), (4, 4, D(250), D(750))]
    assert all(not row.flags for row in rows)


def test_ytd_returns_give_each_period_its_own_value():
    """GIVEN 累计 returns 1–2月 300, 3月 520, 4月 800 THEN the periods are 300, 220, 280."""
    rows = derive([filed(1, 2, YTD, D(300)), filed(3, 3, YTD, D(520)), filed(4, 4, YTD, D(800))])
    assert view(rows) == [(1, 2, D(300), D(300)), (3, 3, D(220), D(520)), (4, 4, D(280), D(800))]


def test_a_missing_month_before_a_ytd_return_is_covered_not_guessed():
    """GIVEN 1–2月 300 and 4月 累计 800, no 3月 THEN one row 3–4月 of 500, flagged."""
    rows = derive([filed(1, 2, YTD, D(300)), filed(4, 4, YTD, D(800))])
    assert view(rows) == [(1, 2, D(300), D(300)), (3, 4, D(500), D(800))]
    assert rows[1].flags == [{"code": "covers_gap", "months": [3, 3]}]


def test_a_first_ytd_return_for_march_covers_january_to_march():
    rows = derive([filed(3, 3, YTD, D(900))])
    assert view(rows) == [(1, 3, D(900), D(900))]
    assert codes(rows[0]) == ["covers_gap"]


def test_a_period_return_after_a_missing_month_has_no_year_to_date():
    """GIVEN 当月 1–2月 300 and 4月 250, no 3月 THEN 4月 is 250 with the year to date
    unknown, and so is 5月's; a 累计 6月 return then still has no period value."""
    rows = derive(
        [
            filed(1, 2, PERIOD, D(300)),
            filed(4, 4, PERIOD, D(250)),
            filed(5, 5, PERIOD, D(100)),
            filed(6, 6, YTD, D(1000)),
        ]
    )
    assert view(rows) == [
        (1, 2, D(300), D(300)),
        (4, 4, D(250), None),
        (5, 5, D(100), None),
        (6, 6, None, D(1000)),
    ]
    assert rows[1].flags == [{"code": "ytd_unknown", "months": [3, 3]}]


def test_each_figure_is_derived_on_its_own():
    rows = derive(
        [
            Filed(1, 2, YTD, PORTAL, {"gross_output": D(300), "revenue": D(100)}),
            Filed(3, 3, YTD, PORTAL, {"gross_output": D(450), "electricity_kwh": 9000}),
        ]
    )
    assert rows[1].period["gross_output"] == D(150)
    assert rows[1].period["revenue"] is None and rows[1].ytd["revenue"] is None
    assert rows[1].ytd["electricity_kwh"] == 9000 and rows[1].period["electricity_kwh"] is None
    assert set(rows[0].period) == set(FIGURES)


def test_statistics_wins_and_the_difference_is_flagged():
    """GIVEN the enterprise filed 3月 当月 210 and the statistics system 3月 累计 500
    after 1–2月 300 THEN 3月 is the statistics' (200) and the portal's 累计 equivalent
    (300 + 210 = 510) is flagged against 500."""
    rows = derive(
        [
            filed(1, 2, YTD, D(300), source=STATISTICS),
            filed(3, 3, PERIOD, D(210), source=PORTAL),
            filed(3, 3, YTD, D(500), source=STATISTICS),
        ]
    )
    assert view(rows)[1] == (3, 3, D(200), D(500))
    assert rows[1].source == STATISTICS
    assert rows[1].flags == [
        {
            "code": "source_difference",
            "field": "gross_output",
            "source": PORTAL,
            "value": "500",
            "other_value": "510",
            "basis": YTD,
        }
    ]


def test_staff_wins_over_the_portal_and_equal_figures_are_not_flagged():
    rows = derive(
        [filed(1, 2, PERIOD, D(300), source=PORTAL), filed(1, 2, PERIOD, D(300), source=STAFF)]
    )
    assert rows[0].source == STAFF and rows[0].flags == []


def test_a_correction_of_an_earlier_month_re_derives_the_later_ones():
    """GIVEN 当月 1–2月 300, 3月 200, 4月 250 WHEN 3月 is corrected to 260 THEN the year
    to date of 3月 and 4月 move by 60 and 4月's own value stays; with 累计 returns a
    correction of 3月 (520 → 560) moves 3月's period (+40) and 4月's (−40)."""
    before = derive(
        [filed(1, 2, PERIOD, D(300)), filed(3, 3, PERIOD, D(200)), filed(4, 4, PERIOD, D(250))]
    )
    after = derive(
        [filed(1, 2, PERIOD, D(300)), filed(3, 3, PERIOD, D(260)), filed(4, 4, PERIOD, D(250))]
    )
    assert changes(before, after) == [
        {
            "period_end": 3,
            "field": "gross_output",
            "kind": "period",
            "before": D(200),
            "after": D(260),
        },
        {
            "period_end": 3,
            "field": "gross_output",
            "kind": "ytd",
            "before": D(500),
            "after": D(560),
        },
        {
            "period_end": 4,
            "field": "gross_output",
            "kind": "ytd",
            "before": D(750),
            "after": D(810),
        },
    ]
    ytd_before = derive(
        [filed(1, 2, YTD, D(300)), filed(3, 3, YTD, D(520)), filed(4, 4, YTD, D(800))]
    )
    ytd_after = derive(
        [filed(1, 2, YTD, D(300)), filed(3, 3, YTD, D(560)), filed(4, 4, YTD, D(800))]
    )
    assert view(ytd_after) == [
        (1, 2, D(300), D(300)),
        (3, 3, D(260), D(560)),
        (4, 4, D(240), D(800)),
    ]
    assert [
        (c["period_end"], c["kind"], c["before"], c["after"])
        for c in changes(ytd_before, ytd_after)
    ] == [
        (3, "period", D(220), D(260)),
        (3, "ytd", D(520), D(560)),
        (4, "period", D(280), D(240)),
    ]


def test_a_filed_missing_month_splits_a_covered_row():
    """GIVEN 1–2月 and 4月 累计 WHEN 3月 累计 arrives THEN 3–4月 becomes 3月 and 4月."""
    rows = derive([filed(1, 2, YTD, D(300)), filed(3, 3, YTD, D(450)), filed(4, 4, YTD, D(800))])
    assert view(rows)[1:] == [(3, 3, D(150), D(450)), (4, 4, D(350), D(800))]
    assert all(not row.flags for row in rows)


def test_a_falling_year_to_date_is_flagged_in_the_rows_and_refused_by_the_check():
    candidate = filed(4, 4, YTD, D(480))
    rows = derive([filed(1, 2, YTD, D(300)), filed(3, 3, YTD, D(500)), candidate])
    assert rows[2].period["gross_output"] == D(-20)
    assert {"code": "ytd_decrease", "field": "gross_output", "value": "-20"} in rows[2].flags
    found = check_return(candidate, rows, year=2019, today=dt.date(2019, 6, 1), enterprise="甲")
    assert [(v.field, v.code) for v in found] == [("gross_output", "ytd_below_previous")]
    assert found[0].params["other_value"] == D(500) and found[0].params["month"] == "2019年4月"
    assert found[0].params["enterprise"] == "甲"


def test_a_correction_above_the_next_month_is_refused():
    candidate = filed(3, 3, YTD, D(900))
    rows = derive([filed(1, 2, YTD, D(300)), candidate, filed(4, 4, YTD, D(800))])
    found = check_return(candidate, rows, year=2019, today=dt.date(2019, 6, 1))
    assert [(v.code, v.params["other_month_en"]) for v in found] == [
        ("ytd_above_next", "April 2019")
    ]


def test_profit_may_fall_and_be_negative():
    candidate = Filed(3, 3, YTD, PORTAL, {"profit": D(-50)})
    rows = derive([Filed(1, 2, YTD, PORTAL, {"profit": D(10)}), candidate])
    assert check_return(candidate, rows, year=2019, today=dt.date(2019, 6, 1)) == []


def test_a_month_not_yet_over_and_a_negative_output_are_refused():
    candidate = filed(5, 5, PERIOD, D(-1), electricity_kwh=-3)
    rows = derive([candidate])
    found = check_return(candidate, rows, year=2019, today=dt.date(2019, 5, 31))
    assert [(v.field, v.code) for v in found] == [
        ("period_end", "month_not_over"),
        ("gross_output", "negative_in_month"),
        ("electricity_kwh", "negative_in_month"),
    ]
    assert check_return(filed(5, 5, PERIOD, D(1)), rows, year=2019, today=dt.date(2019, 6, 1)) == []


def test_month_over_at_month_ends_and_leap_years():
    assert not month_over(2020, 2, dt.date(2020, 2, 29))
    assert month_over(2020, 2, dt.date(2020, 3, 1))
    assert month_over(2019, 2, dt.date(2019, 3, 1)) and not month_over(
        2019, 12, dt.date(2019, 12, 31)
    )


def test_jumps_against_last_month_per_month_and_last_year():
    """1–2月 300 (150 a month), 3月 400: +167 % against last month. Last year's 3月
    was 300: +33 %, under the 50 % threshold."""
    rows = derive([filed(1, 2, PERIOD, D(300)), filed(3, 3, PERIOD, D(400))])
    last_year = derive([filed(1, 2, PERIOD, D(280)), filed(3, 3, PERIOD, D(300))])
    found = jumps(rows, last_year, period_end=3)
    assert found == [
        {
            "code": "jump",
            "field": "gross_output",
            "against": "last_month",
            "value": "400",
            "other_value": "300",
            "percent": "167",
        }
    ]
    assert jumps(rows, last_year, period_end=3, threshold=D(2)) == []
    last_year_low = derive([filed(3, 3, YTD, D(600))])  # 1–3月 600: 200 a month
    against = [f["against"] for f in jumps(rows, last_year_low, period_end=3, threshold=D("0.9"))]
    assert against == ["last_month", "last_year"]


def test_a_file_giving_one_enterprise_both_bases_is_caught():
    found = mixed_bases([("甲", PERIOD, 2), ("乙", YTD, 3), ("甲", YTD, 4), ("乙", YTD, 5)])
    assert found == {"甲": {PERIOD, YTD}}


def test_period_texts_of_the_statistics_export():
    cases = {
        "2019年1-2月": (2019, 1, 2, False),
        "2019年3月": (2019, 3, 3, False),
        "1-3月累计": (None, 3, 3, True),
        "1-2月累计": (None, 1, 2, True),
        "2019年1—6月份累计": (2019, 6, 6, True),
        "2019-03": (2019, 3, 3, False),
        "201911": (2019, 11, 11, False),
        "2019.3": (2019, 3, 3, False),
        "12月": (None, 12, 12, False),
    }
    for text, expected in cases.items():
        found = parse_period(text)
        assert (found.year, found.period_start, found.period_end, found.ytd) == expected, text
    for bad in ("2019年13月", "3-1月", "第三季度", "", "2019年"):
        assert parse_period(bad) is None, bad


def test_a_month_outside_1_to_12_is_refused_by_name():
    found = check_return(filed(3, 13, PERIOD, D(1)), [], year=2019, today=dt.date(2020, 1, 1))
    assert [(v.code, v.params["month_en"]) for v in found] == [("period_range", "March–13 2019")]
