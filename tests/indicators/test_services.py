"""The indicator library, values by hand, responsible units and the target split: what
they refuse (in both languages), and that nothing is half-saved."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from parkbase.core.messages import refusal_in_both
from parkbase.indicators import services
from parkbase.indicators.models import Indicator, ManualValue, Target, TargetMonth, TargetShare

YI = D(100_000_000)


def test_every_park_gets_the_built_in_library_once(park, world):
    created = services.library_ensure(park)
    assert created == 16
    codes = set(Indicator.objects.filter(park=park).values_list("code", flat=True))
    assert {"gross_output", "funds_domestic", "funds_foreign", "new_above_size"} <= codes
    assert services.library_ensure(park) == 0
    assert Indicator.objects.filter(park=world.parks[1]).count() == 0
    growth = Indicator.objects.get(park=park, code="value_added_growth")
    assert growth.source == "manual" and growth.unit == "percent"


def test_an_edited_built_in_indicator_stays_as_edited(park, library, staff):
    tax = library["tax_total"]
    services.indicator_update(
        indicator=tax,
        expected_version=tax.version,
        user=staff,
        **{f: getattr(tax, f) for f in services.INDICATOR_FIELDS} | {"display_unit": "亿元"},
    )
    services.library_ensure(park)
    assert Indicator.objects.get(pk=tax.pk).display_unit == "亿元"
    assert tax.history.count() == 2


def test_parkbase_init_gives_the_new_park_its_library(db):
    from parkbase.core import firstrun

    spec = firstrun.spec_from({"park": {"code": "new", "name": "新园区"}})
    result = firstrun.set_up(spec)
    assert Indicator.objects.filter(park=result.park, builtin=True).count() == 16


def test_a_user_indicator_is_checked_against_its_source(park, staff):
    values = dict(
        code="rd",
        name="研发投入",
        unit="yuan",
        display_unit="亩",
        direction="higher",
        source="monthly",
        monthly_field="",
        computation="",
        definition="",
        name_en="",
        value_source="",
        order=1,
        active=True,
    )
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(park=park, user=staff, **values)
    assert set(caught.value.error_dict) == {"display_unit", "monthly_field"}
    made = services.indicator_create(
        park=park, user=staff, **values | {"display_unit": "万元", "monthly_field": "profit"}
    )
    assert made.monthly_field == "profit" and not made.builtin
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(
            park=park,
            user=staff,
            **values
            | {"code": "x", "unit": "percent", "display_unit": "%", "monthly_field": "profit"},
        )
    assert "source" in caught.value.error_dict


def test_a_built_in_indicator_is_not_deleted(library, staff):
    gross = library["gross_output"]
    with pytest.raises(ValidationError):
        services.indicator_delete(indicator=gross, expected_version=gross.version, user=staff)
    assert Indicator.objects.filter(pk=gross.pk).exists()


# ------------------------------------------------------------------ values by hand


@override_settings(AS_OF=dt.date(2020, 7, 10))
def test_a_value_by_hand_is_corrected_with_history(library, staff):
    fai = library["fixed_investment"]
    services.manual_value_save(
        indicator=fai, year=2020, period_end=6, value=3 * YI, source="区统计局", user=staff
    )
    services.manual_value_save(
        indicator=fai, year=2020, period_end=6, value=D("3.2") * YI, source="区统计局", user=staff
    )
    row = ManualValue.objects.get(indicator=fai, year=2020, period_end=6)
    assert row.value == D("3.2") * YI and row.version == 2
    assert row.history.count() == 2


@override_settings(AS_OF=dt.date(2020, 7, 10))
def test_values_by_hand_only_for_months_over_and_indicators_by_hand(library, staff):
    fai = library["fixed_investment"]
    zh, en = refusal_in_both(
        services.manual_value_save, indicator=fai, year=2020, period_end=7, value=1, user=staff
    )
    assert "2020-07" in zh[0] and "not over yet" in en[0]
    with pytest.raises(ValidationError) as caught:
        services.manual_value_save(
            indicator=library["gross_output"], year=2020, period_end=3, value=1, user=staff
        )
    assert "value" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services.manual_value_save(indicator=fai, year=2020, period_end=3, value=-1, user=staff)
    assert not ManualValue.objects.exists()


# ----------------------------------------------------------------- target split


def test_a_target_split_by_unit_and_month_is_saved_whole(library, units, staff):
    gross = library["gross_output"]
    months = [10 * YI] * 12
    target = services.target_save(
        indicator=gross,
        year=2020,
        kind="level",
        value=120 * YI,
        threshold=5,
        shares=[(units[0], 70 * YI), (units[1], 50 * YI)],
        months=months,
        user=staff,
    )
    assert TargetShare.objects.filter(target=target).count() == 2
    assert [m.value for m in TargetMonth.objects.filter(target=target)] == months
    # a second save replaces the split and moves the version on
    again = services.target_save(
        indicator=gross,
        year=2020,
        kind="level",
        value=120 * YI,
        shares=[(units[0], 120 * YI)],
        months=[5 * YI] * 11 + [65 * YI],
        expected_version=target.version,
        user=staff,
    )
    assert again.pk == target.pk and again.version == 2
    assert TargetShare.objects.filter(target=target).count() == 1
    assert TargetMonth.objects.get(target=target, month=12).value == 65 * YI


def test_months_that_do_not_add_up_are_refused_naming_the_difference(library, units, staff):
    gross = library["gross_output"]
    months = [10 * YI] * 11 + [D("9.5") * YI]
    zh, en = refusal_in_both(
        services.target_save,
        indicator=gross,
        year=2020,
        kind="level",
        value=120 * YI,
        months=months,
        user=staff,
    )
    assert (
        zh == ["按月分解：各月合计 119.5 亿元，比全年目标 120 亿元少 0.5 亿元。"] or "0.5" in zh[0]
    )
    assert "the months add up to 119.5" in en[0] and "0.5" in en[0] and "short" in en[0]
    assert not Target.objects.exists()


def test_a_negative_month_and_unit_shares_over_the_target_name_the_month_and_unit(
    library, units, staff
):
    gross = library["gross_output"]
    months = [11 * YI] * 11 + [-1 * YI]
    shares = [(units[0], 100 * YI), (units[1], 30 * YI)]
    zh, en = refusal_in_both(
        services.target_save,
        indicator=gross,
        year=2020,
        kind="level",
        value=120 * YI,
        months=months,
        shares=shares,
        user=staff,
    )
    text = " ".join(en)
    assert "December" in text and "-1" in text
    assert "the units' shares add up to 130" in text and "10" in text and "more than" in text
    assert any("12月的计划数（-1 亿元）不能为负数" in z for z in zh)
    assert not Target.objects.exists() and not TargetShare.objects.exists()


def test_a_failed_edit_keeps_the_old_split(library, units, staff):
    gross = library["gross_output"]
    target = services.target_save(
        indicator=gross,
        year=2020,
        kind="level",
        value=12 * YI,
        months=[YI] * 12,
        user=staff,
        shares=[(units[0], 12 * YI)],
    )
    with pytest.raises(ValidationError):
        services.target_save(
            indicator=gross,
            year=2020,
            kind="level",
            value=13 * YI,
            months=[YI] * 12,
            shares=[(units[1], 13 * YI)],
            expected_version=target.version,
            user=staff,
        )
    target.refresh_from_db()
    assert target.value == 12 * YI and target.version == 1
    assert [s.unit_id for s in target.shares.all()] == [units[0].pk]


def test_a_growth_target_is_not_split(library, units, staff):
    growth = library["value_added_growth"]
    with pytest.raises(ValidationError) as caught:
        services.target_save(
            indicator=growth, year=2020, kind="growth", value=8, months=[1] * 12, user=staff
        )
    assert "months" in caught.value.error_dict
    target = services.target_save(indicator=growth, year=2020, kind="growth", value=8, user=staff)
    assert target.value == 8 and not target.months.exists()


def test_default_months_follow_past_years_and_add_up(library):
    gross = library["gross_output"]
    past = [{6: 40 * YI, 12: 100 * YI}]
    months = services.default_months(gross, 120 * YI, past)
    assert sum(months) == 120 * YI
    assert sum(months[:6]) == 48 * YI  # 40 % by June, as the past year
    counts = services.default_months(library["projects_signed"], 10, [])
    assert sum(counts) == 10 and all(c == int(c) for c in counts)


def test_the_english_message_reads_in_english(library, staff):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.target_save(
            indicator=library["gross_output"],
            year=2020,
            kind="level",
            value=12 * YI,
            months=[YI] * 11,
            user=staff,
        )
    assert "give all 12 months (got 11)" in caught.value.messages[0]
