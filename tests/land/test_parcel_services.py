"""Parcel services: the idle status set and refreshed, geometry stored normalised with
its area and bounding box, the area mismatch flagged, invalid geometry refused with
nothing written, overlaps and tenants' excess refused unless confirmed (and the
confirmation in the audit trail), tenants of another park refused, stale edits refused."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parkbase.core.choices import Role
from parkbase.core.locking import StaleEdit
from parkbase.land import services
from parkbase.land.choices import ParcelStatus, UseStatus
from parkbase.land.models import Constraint, Parcel, Tenancy

from .conftest import DAY, area_of, square

pytestmark = pytest.mark.django_db


def messages_of(exc: ValidationError, field: str) -> list[str]:
    return [m for e in exc.error_dict[field] for m in e.messages]


def codes_of(exc: ValidationError) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


# ---------------------------------------------------------------- idle rule


def test_idle_when_not_started_a_year_after_the_agreed_start(land_world):
    a1 = land_world.a1
    assert a1.status == ParcelStatus.IDLE
    assert a1.use_status == UseStatus.IN_USE
    assert a1.idle_reason == "not_started"
    assert a1.idle_since == dt.date(2018, 3, 2)  # the day after the anniversary
    assert land_world.a2.status == ParcelStatus.IN_USE
    assert land_world.a2.idle_reason == ""


def test_starting_construction_lifts_idle(land_world):
    a1 = land_world.a1
    saved = services.parcel_update(
        parcel=a1, expected_version=a1.version, today=DAY, started_on=dt.date(2019, 5, 1)
    )
    assert saved.status == ParcelStatus.IN_USE
    assert (saved.idle_reason, saved.idle_since) == ("", None)
    assert saved.version == a1.version + 1


def test_transferred_land_is_not_reported_idle(land_world):
    a1 = land_world.a1
    saved = services.parcel_update(
        parcel=a1, expected_version=a1.version, today=DAY, use_status=UseStatus.TRANSFERRED
    )
    assert saved.status == ParcelStatus.TRANSFERRED
    assert saved.idle_reason == ""


def test_idle_cannot_be_typed(land_world):
    with pytest.raises(ValidationError) as caught:
        services.parcel_update(
            parcel=land_world.a2, expected_version=1, today=DAY, use_status="idle"
        )
    assert codes_of(caught.value) == {"idle_computed"}


def test_refresh_idle_applies_the_rule_on_the_day_given(world, make_parcel):
    halted = make_parcel(
        started_on=dt.date(2017, 1, 1),
        halted_since=dt.date(2018, 9, 1),
        developed_share=Decimal("20"),
    )
    assert halted.status == ParcelStatus.IN_USE  # halted for less than a year on DAY
    park = world.parks[0]
    assert services.refresh_idle(park=park, today=DAY) == 0
    assert services.refresh_idle(park=park, today=dt.date(2019, 9, 2)) == 1
    halted.refresh_from_db()
    assert halted.status == ParcelStatus.IDLE
    assert halted.idle_reason == "halted"
    assert halted.idle_since == dt.date(2019, 9, 2)
    latest = halted.history.latest()
    assert "idle rule" in latest.history_change_reason
    assert services.refresh_idle(park=park, today=dt.date(2019, 9, 2)) == 0


def test_refresh_idle_leaves_other_parks_alone(land_world):
    b1 = land_world.b1
    Parcel.objects.filter(pk=b1.pk).update(agreed_start_on=dt.date(2010, 1, 1))
    assert services.refresh_idle(park=land_world.world.parks[0], today=DAY) == 0
    assert services.refresh_idle(today=DAY) == 1
    b1.refresh_from_db()
    assert b1.status == ParcelStatus.IDLE


# ---------------------------------------------------------------- geometry


def test_geometry_stored_normalised_with_area_and_bbox(make_parcel):
    clockwise = square(3, 3)
    clockwise["coordinates"][0].reverse()
    parcel = make_parcel(geometry=json.dumps(clockwise), area=area_of(square(3, 3)))
    ring = parcel.geometry["coordinates"][0]
    assert ring == square(3, 3)["coordinates"][0]  # turned counter-clockwise
    assert parcel.geometry_area == area_of(square(3, 3))
    assert Decimal(8000) < parcel.geometry_area < Decimal(10500)
    assert parcel.min_lon == pytest.approx(123.453)
    assert parcel.max_lat == pytest.approx(41.804)
    assert parcel.area_mismatch is False
    assert [w.code for w in parcel.geometry_warnings] == ["ring_reversed"]


def test_area_mismatch_flagged_not_refused(make_parcel):
    parcel = make_parcel(geometry=square(5, 5), area=Decimal("20000"))
    assert parcel.area_mismatch is True
    saved = services.parcel_update(
        parcel=parcel, expected_version=parcel.version, area=parcel.geometry_area
    )
    assert saved.area_mismatch is False


def test_clearing_the_geometry_clears_what_follows_from_it(make_parcel):
    parcel = make_parcel(geometry=square(6, 6), area=Decimal("20000"))
    saved = services.parcel_update(parcel=parcel, expected_version=parcel.version, geometry="")
    assert saved.geometry is None
    assert (saved.geometry_area, saved.min_lon, saved.max_lat) == (None, None, None)
    assert saved.area_mismatch is False


def test_invalid_geometry_refused_and_nothing_written(world, make_parcel):
    bowtie = {
        "type": "Polygon",
        "coordinates": [
            [[123.0, 41.0], [123.01, 41.01], [123.01, 41.0], [123.0, 41.01], [123.0, 41.0]]
        ],
    }
    for value, code in (
        (bowtie, "self_intersection"),
        ('{"type": "Point", "coordinates": [123, 41]}', "geometry_type"),
        ("not json", "geometry_not_geojson"),
        ("[" * 100_000, "geometry_not_geojson"),  # nested beyond Python's recursion limit
        (square(0, 0, side=2.0), "geometry_too_large"),  # ~37,000 km²
    ):
        with pytest.raises(ValidationError) as caught:
            make_parcel(code="BAD", geometry=value, area=Decimal("100"))
        assert code in codes_of(caught.value)
        assert list(caught.value.error_dict) == ["geometry"]
    assert not Parcel.objects.filter(code="BAD").exists()
    assert not Parcel.history.filter(code="BAD").exists()


def test_refusal_names_field_and_rule_in_both_languages(world, make_parcel):
    for language, words in (("en", "must be a number above 0"), ("zh-hans", "大于 0")):
        with translation.override(language), pytest.raises(ValidationError) as caught:
            make_parcel(area=Decimal("-5"))
        assert any(words in m for m in messages_of(caught.value, "area")), language


def test_an_area_beyond_any_park_is_refused_before_the_database_sees_it(world, make_parcel):
    for area in (Decimal("1e10"), Decimal("99999999999999")):
        with pytest.raises(ValidationError) as caught:
            make_parcel(code="HUGE", area=area)
        assert codes_of(caught.value) == {"area_too_large"}
    assert not Parcel.objects.filter(code="HUGE").exists()


def test_duplicate_code_refused(land_world, make_parcel):
    with pytest.raises(ValidationError) as caught:
        make_parcel(code="A-01")
    assert codes_of(caught.value) == {"duplicate"}
    make_parcel(park=land_world.world.parks[1], code="A-01")  # another park may


def test_phase_and_owner_of_another_park_refused(land_world, make_parcel):
    world = land_world.world
    with pytest.raises(ValidationError) as caught:
        make_parcel(owner_enterprise=world.other)
    assert set(caught.value.error_dict) == {"owner_enterprise"}


# ---------------------------------------------------------------- overlaps


def test_overlap_refused_then_confirmed_with_the_reason_recorded(land_world, make_parcel):
    shifted = square(0, 0)
    shifted["coordinates"][0] = [[x + SHIFT, y] for x, y in shifted["coordinates"][0]]
    with pytest.raises(ValidationError) as caught:
        make_parcel(code="A-03", geometry=shifted)
    assert codes_of(caught.value) == {"parcel_overlap"}
    with translation.override("en"):
        text = " ".join(messages_of(caught.value, "geometry"))
    assert "A-01" in text and "A-02" in text  # both neighbours named
    assert not Parcel.objects.filter(code="A-03").exists()
    parcel = make_parcel(code="A-03", geometry=shifted, confirm_overlap=True)
    reason = parcel.history.latest().history_change_reason
    assert "A-01" in reason and "A-02" in reason and "overlap" in reason


SHIFT = 0.0005  # half a square east: overlaps by half each


def test_touching_parcels_and_other_parks_do_not_overlap(land_world, make_parcel):
    make_parcel(code="A-04", geometry=square(0, 1))  # north of A-01, touching
    # B-01 lies on the same spot in park B: no overlap within park A is affected
    assert Parcel.objects.filter(code="A-04").exists()


def test_unchanged_geometry_needs_no_new_confirmation(land_world, make_parcel):
    shifted = {
        "type": "Polygon",
        "coordinates": [[[x + SHIFT, y] for x, y in square(0, 0)["coordinates"][0]]],
    }
    parcel = make_parcel(code="A-05", geometry=shifted, confirm_overlap=True)
    saved = services.parcel_update(
        parcel=parcel, expected_version=parcel.version, geometry=json.dumps(shifted), name="改名"
    )
    assert saved.name == "改名"


# ---------------------------------------------------------------- constraints and tenants


def test_constraint_added_changed_deleted(land_world):
    a2, staff = land_world.a2, land_world.staff
    c = services.constraint_add(parcel=a2, kind="double_taxation", user=staff)
    pk = c.pk
    c = services.constraint_update(
        constraint=c, expected_version=1, user=staff, resolved_on=dt.date(2019, 5, 1)
    )
    assert c.version == 2
    with pytest.raises(ValidationError):
        services.constraint_update(constraint=c, expected_version=2, since=dt.date(2019, 6, 1))
    with pytest.raises(StaleEdit):  # someone else's change came first
        services.constraint_update(constraint=c, expected_version=1, description="x")
    with pytest.raises(StaleEdit):
        services.constraint_delete(constraint=c, expected_version=1, user=staff)
    services.constraint_delete(constraint=c, expected_version=2, user=staff)
    assert not Constraint.objects.filter(pk=pk).exists()
    assert Constraint.history.filter(id=pk).count() == 3


def test_tenants_above_the_parcel_refused_then_confirmed(land_world):
    a2, world = land_world.a2, land_world.world
    rest = a2.area - Decimal("3000")
    with pytest.raises(ValidationError) as caught:
        services.tenancy_add(parcel=a2, enterprise=world.enterprises[2], area=rest + 1)
    assert codes_of(caught.value) == {"tenants_exceed_parcel"}
    assert Tenancy.objects.filter(parcel=a2).count() == 1
    services.tenancy_add(parcel=a2, enterprise=world.enterprises[2], area=rest)  # exactly full
    t = services.tenancy_add(
        parcel=a2, enterprise=world.enterprises[3], area=Decimal("50"), confirm_excess=True
    )
    assert "tenants" in t.history.latest().history_change_reason


def test_cutting_the_area_below_the_tenants_needs_a_confirmation(land_world):
    a2 = land_world.a2  # 3,000 m² let to enterprise 0
    with pytest.raises(ValidationError) as caught:
        services.parcel_update(
            parcel=a2, expected_version=a2.version, today=DAY, area=Decimal("1000")
        )
    assert codes_of(caught.value) == {"tenants_exceed_parcel"}
    assert Parcel.objects.get(pk=a2.pk).area == a2.area
    saved = services.parcel_update(
        parcel=a2, expected_version=a2.version, today=DAY, area=Decimal("1000"), confirm_excess=True
    )
    assert saved.area == Decimal("1000")
    assert "3,000 m²" in saved.history.latest().history_change_reason
    # an area the tenants fit in, or other changes, ask nothing
    services.parcel_update(parcel=saved, expected_version=saved.version, today=DAY, name="改名")


def test_tenancy_update_checks_the_sum_without_itself(land_world):
    tenancy = land_world.a2.tenancies.get()
    saved = services.tenancy_update(
        tenancy=tenancy, expected_version=tenancy.version, area=land_world.a2.area
    )
    assert saved.area == land_world.a2.area
    with pytest.raises(ValidationError):
        services.tenancy_update(tenancy=saved, expected_version=2, area=land_world.a2.area + 1)
    with pytest.raises(StaleEdit):  # the version read before the change above
        services.tenancy_update(tenancy=tenancy, expected_version=1, note="迟到的修改")
    with pytest.raises(StaleEdit):
        services.tenancy_delete(tenancy=tenancy, expected_version=1)
    services.tenancy_delete(tenancy=tenancy, expected_version=2)
    assert not land_world.a2.tenancies.exists()


def test_tenant_of_another_park_refused(land_world):
    with pytest.raises(ValidationError) as caught:
        services.tenancy_add(
            parcel=land_world.a2, enterprise=land_world.world.other, area=Decimal("10")
        )
    assert codes_of(caught.value) == {"other_park"}


def test_same_tenant_twice_refused(land_world):
    with pytest.raises(ValidationError) as caught:
        services.tenancy_add(
            parcel=land_world.a2, enterprise=land_world.world.enterprises[0], area=Decimal("10")
        )
    assert codes_of(caught.value) == {"duplicate"}


# ---------------------------------------------------------------- versions, delete, audit


def test_stale_edit_refused(land_world):
    a2 = land_world.a2
    services.parcel_update(parcel=a2, expected_version=a2.version, name="甲")
    with pytest.raises(StaleEdit):
        services.parcel_update(parcel=a2, expected_version=a2.version, name="乙")
    a2.refresh_from_db()
    assert a2.name == "甲"


def test_every_change_in_the_audit_trail_with_the_user(land_world):
    a2, staff = land_world.a2, land_world.staff
    services.parcel_update(parcel=a2, expected_version=a2.version, user=staff, note="备注")
    records = list(a2.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == staff


def test_delete_needs_the_version(land_world):
    a2 = land_world.a2
    with pytest.raises(StaleEdit):
        services.parcel_delete(parcel=a2, expected_version=a2.version + 1)
    services.parcel_delete(parcel=a2, expected_version=a2.version, user=land_world.staff)
    assert not Parcel.objects.filter(pk=a2.pk).exists()
    assert Parcel.history.filter(id=a2.pk, history_type="-").exists()


def test_created_by_is_the_user(land_world):
    assert land_world.a1.created_by == land_world.world.users[Role.STAFF]
