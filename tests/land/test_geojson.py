"""GeoJSON in and out: the FeatureCollection of the parcels (RFC 7946, classes from the
latest published evaluation run), and importing one by parcel code — created, updated,
unchanged; every bad feature named with its rule in Chinese and English; nothing
written when any feature is bad; overlaps only with confirmation; projected coordinates
called so; the command line's JSON and exit status."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from parkbase.evaluation.choices import RunStatus
from parkbase.evaluation.models import Result, Run, Scheme
from parkbase.evaluation.services import default_scheme_definition
from parkbase.land.models import Parcel
from parkbase.land.services import geojson
from tests.land.conftest import DAY, square


def collection(*features, **extra) -> dict:
    return {"type": "FeatureCollection", "features": list(features), **extra}


def feature(code, geometry, **properties) -> dict:
    props = {"code": code, **properties} if code is not None else properties
    return {"type": "Feature", "geometry": geometry, "properties": props}


def publish_classes(park, year, classes: dict, status=RunStatus.PUBLISHED) -> Run:
    definition = default_scheme_definition()
    scheme = Scheme.objects.create(
        park=park, name=f"s{year}{status}", year=year, definition=definition
    )
    run = Run.objects.create(
        park=park,
        scheme=scheme,
        year=year,
        scheme_version=1,
        scheme_definition=definition,
        status=status,
        computed_at=timezone.now(),
        published_at=timezone.now() if status == RunStatus.PUBLISHED else None,
    )
    for enterprise, klass in classes.items():
        Result.objects.create(run=run, enterprise=enterprise, klass=klass, computed_class=klass)
    return run


def park_a_parcels(land):
    return Parcel.objects.filter(park=land.world.parks[0])


# --------------------------------------------------------------------------- export


def test_export_is_a_feature_collection_of_the_parks_parcels(land_world, make_parcel):
    make_parcel(code="A-09", name="无图斑地块")  # no geometry: not a feature
    parcels = park_a_parcels(land_world)
    data = json.loads(geojson.feature_collection(parcels, {}))
    assert data["type"] == "FeatureCollection"
    by_code = {f["properties"]["code"]: f for f in data["features"]}
    assert set(by_code) == {"A-01", "A-02"}
    a1 = by_code["A-01"]
    assert a1["type"] == "Feature" and a1["id"] == land_world.a1.pk
    assert a1["geometry"] == land_world.a1.geometry
    assert a1["geometry"]["coordinates"][0][0] == [123.45, 41.8]  # lon, lat
    props = a1["properties"]
    assert props["name"] == "东基集团闲置地"
    assert props["status"] == "idle"
    assert props["use"] == "industrial"
    assert props["area"] == pytest.approx(float(land_world.a1.area))
    assert props["class"] is None


def test_export_carries_the_class_of_the_latest_published_run(land_world):
    world = land_world.world
    owner = world.enterprises[1]  # holds A-02
    publish_classes(world.parks[0], 2018, {owner: "B"})
    publish_classes(world.parks[0], 2019, {owner: "C"})
    publish_classes(world.parks[0], 2020, {owner: "D"}, status=RunStatus.DRAFT)
    parcels = park_a_parcels(land_world)
    classes = geojson.classes_of(parcels, world.parks[0])
    assert classes == {owner.pk: "C"}
    data = json.loads(geojson.feature_collection(parcels, classes))
    by_code = {f["properties"]["code"]: f["properties"] for f in data["features"]}
    assert by_code["A-02"]["class"] == "C" and by_code["A-01"]["class"] is None


def test_export_reads_classes_through_the_users_scope(land_world):
    from parkbase.core.choices import Role

    world = land_world.world
    publish_classes(world.parks[1], 2019, {world.other: "A"})
    parcels = Parcel.objects.visible_to(world.users[Role.STAFF])
    # park B's run is not the staff user's
    assert geojson.classes_of(parcels, world.parks[1], world.users[Role.STAFF]) == {}


# --------------------------------------------------------------------------- import


def test_import_creates_updates_and_leaves_unchanged(land_world):
    world = land_world.world
    park = world.parks[0]
    a2_before = Parcel.objects.get(pk=land_world.a2.pk)
    data = collection(
        feature("A-01", square(0, 2), name="东基集团闲置地（重测）"),
        feature("A-02", land_world.a2.geometry, name="机械厂用地"),  # as it is
        feature("A-10", square(5, 5), name="新地块", use="warehouse", phase="P2"),
    )
    report = geojson.import_geojson(json.dumps(data), park=park, user=land_world.staff, today=DAY)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert report.written
    a1 = Parcel.objects.get(pk=land_world.a1.pk)
    assert a1.geometry == square(0, 2) and a1.name == "东基集团闲置地（重测）"
    assert a1.version == land_world.a1.version + 1
    assert a1.history.first().history_user == land_world.staff
    a2 = Parcel.objects.get(pk=land_world.a2.pk)
    assert a2.version == a2_before.version
    new = Parcel.objects.get(park=park, code="A-10")
    assert new.name == "新地块" and new.current_use == "warehouse"
    assert new.phase == world.phases[1]
    # no area given: the geometry's
    assert new.area == new.geometry_area and not new.area_mismatch
    assert Parcel.objects.filter(park=world.parks[1], code="A-10").count() == 0


def test_an_exported_file_imports_back_unchanged(land_world):
    park = land_world.world.parks[0]
    text = geojson.feature_collection(park_a_parcels(land_world), {})
    report = geojson.import_geojson(text, park=park, user=land_world.staff, today=DAY)
    assert report.errors == [] and report.ignored == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_dry_run_counts_and_writes_nothing(land_world):
    park = land_world.world.parks[0]
    before = Parcel.history.model.objects.count()
    data = collection(feature("A-01", square(0, 3)), feature("A-11", square(6, 6)))
    report = geojson.import_geojson(data, park=park, dry_run=True, today=DAY)
    assert (report.created, report.updated, report.errors) == (1, 1, [])
    assert not report.written
    assert not Parcel.objects.filter(code="A-11").exists()
    assert Parcel.objects.get(pk=land_world.a1.pk).geometry == square(0, 0)
    assert Parcel.history.model.objects.count() == before


def test_one_bad_feature_and_nothing_is_written(land_world):
    park = land_world.world.parks[0]
    open_ring = {
        "type": "Polygon",
        "coordinates": [[[123.5, 41.9], [123.501, 41.9], [123.5, 41.901]]],
    }
    data = collection(
        feature("A-12", square(7, 7)),
        feature("A-13", open_ring),
        feature(None, square(8, 8)),
        feature("A-12", square(9, 9)),
        {"type": "Point", "coordinates": [1, 2]},
        feature("A-14", square(10, 10), area="lots"),
        feature("A-15", square(12, 12), status="idle"),
        feature("A-16", square(14, 14), area="1e30"),
        feature("A-17", square(16, 16), invested_share="1e40"),
        feature("A-18", square(18, 18), area="1e13"),
    )
    report = geojson.import_geojson(data, park=park, today=DAY)
    assert not report.written
    assert not Parcel.objects.filter(code__in=["A-12", "A-13", "A-14", "A-15"]).exists()
    got = {(e["feature"], e["field"], e["rule"]) for e in report.errors}
    assert (2, "geometry", "ring_too_short") in got
    assert (3, "code", "required") in got
    assert (4, "code", "duplicate_feature") in got
    assert (5, "file", "not_a_feature") in got
    assert (6, "area", "not_a_number") in got
    assert (7, "use_status", "idle_computed") in got
    assert (8, "area", "not_a_number") in got  # beyond any column
    assert (9, "invested_share", "not_a_number") in got
    assert (10, "area", "area_too_large") in got
    ring = next(e for e in report.errors if e["rule"] == "ring_too_short")
    assert ring["code"] == "A-13"
    assert ring["message"].startswith("要素 2（宗地 A-13）") or "A-13" in ring["message"]
    assert ring["message_en"].startswith("Feature 2 (parcel A-13): ")
    assert "4" in ring["message_en"] and "ring" in ring["message_en"]
    assert ring["message"]  # the Chinese one (worded once the catalogue has it)
    duplicate = next(e for e in report.errors if e["rule"] == "duplicate_feature")
    assert "feature 1" in duplicate["message_en"]


def test_projected_coordinates_are_called_so(land_world):
    park = land_world.world.parks[0]
    gauss_kruger = {
        "type": "Polygon",
        "coordinates": [
            [
                [41531200.0, 4631250.0],
                [41531300.0, 4631250.0],
                [41531300.0, 4631350.0],
                [41531200.0, 4631250.0],
            ]
        ],
    }
    report = geojson.import_geojson(collection(feature("A-15", gauss_kruger)), park=park)
    (error,) = report.errors
    assert error["rule"] == "coordinates_projected"
    assert "41531200.0" in error["message_en"]
    assert "projected" in error["message_en"] and "WGS84" in error["message_en"]
    # a file that says so up front is refused as a whole
    named = collection(
        feature("A-15", gauss_kruger),
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4527"}},
    )
    report = geojson.import_geojson(named, park=park)
    assert report.unusable is not None and "EPSG::4527" in report.unusable["en"]
    assert "4490" in report.unusable["zh"]
    lonlat = collection(
        feature("A-16", square(11, 11)),
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
    )
    assert geojson.import_geojson(lonlat, park=park, today=DAY).created == 1


def test_an_overlap_needs_confirmation(land_world):
    park = land_world.world.parks[0]
    half_over_a1 = square(0, 0)
    half_over_a1["coordinates"][0] = [
        [round(x + 0.0005, 7), y] for x, y in half_over_a1["coordinates"][0]
    ]
    data = collection(feature("A-17", half_over_a1))
    report = geojson.import_geojson(data, park=park, today=DAY)
    (error,) = report.errors
    assert error["rule"] == "parcel_overlap" and report.needs_confirmation
    assert "A-01" in error["message"] and "A-02" in error["message_en"]
    assert not Parcel.objects.filter(code="A-17").exists()
    report = geojson.import_geojson(data, park=park, today=DAY, confirm_overlap=True)
    assert report.written and report.created == 1
    created = Parcel.objects.get(park=park, code="A-17")
    assert "overlap confirmed" in created.history.first().history_change_reason


def test_features_of_one_file_overlapping_each_other(land_world):
    park = land_world.world.parks[0]
    data = collection(feature("A-20", square(20, 20)), feature("A-21", square(20, 20)))
    report = geojson.import_geojson(data, park=park, dry_run=True, today=DAY)
    assert [(e["feature"], e["rule"]) for e in report.errors] == [(2, "parcel_overlap")]


@pytest.mark.parametrize(
    "data, value",
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        ("{not json", "line 1"),
        ('{"type": "Feature", "geometry": null}', "Feature"),
        ('[{"type": "Feature"}]', "list"),
        ('{"type": "FeatureCollection", "features": {}}', "features"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_unusable_files(land_world, data, value):
    report = geojson.import_geojson(data, park=land_world.world.parks[0])
    assert report.unusable is not None
    assert value in report.unusable["en"]
    assert value in report.unusable["zh"]  # the same facts in the Chinese wording
    assert (report.created, report.updated, report.written) == (0, 0, False)


# --------------------------------------------------------------------------- command line


def run_command(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("land", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_cli_import_json_and_exit_status(land_world, tmp_path):
    good = tmp_path / "good.geojson"
    good.write_text(json.dumps(collection(feature("A-30", square(30, 30), name="命令行地块"))))
    code, out, _err = run_command("import-geojson", str(good), "--park", "a", "--dry-run", "--json")
    assert code == 0
    assert json.loads(out) | {"warnings": []} == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
        "warnings": [],
        "written": False,
    }
    assert not Parcel.objects.filter(code="A-30").exists()

    code, out, _err = run_command("import-geojson", str(good), "--park", "a")
    assert code == 0 and "1 created" in out
    parcel = Parcel.objects.get(code="A-30")
    assert parcel.park == land_world.world.parks[0] and parcel.name == "命令行地块"

    bad = tmp_path / "bad.geojson"
    bad.write_text(
        json.dumps(collection(feature("A-31", square(31, 31)), feature("A-32", square(30, 30))))
    )
    code, out, _err = run_command("import-geojson", str(bad), "--park", "a", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["created"] == 1 and report["written"] is False
    (error,) = report["errors"]
    assert {k: error[k] for k in ("feature", "code", "field", "rule")} == {
        "feature": 2,
        "code": "A-32",
        "field": "geometry",
        "rule": "parcel_overlap",
    }
    assert "A-30" in error["message"]
    assert not Parcel.objects.filter(code="A-31").exists()
    code, out, err = run_command("import-geojson", str(bad), "--park", "a", "--confirm-overlap")
    assert code == 0 and Parcel.objects.filter(code="A-32").exists()

    junk = tmp_path / "junk.geojson"
    junk.write_text("not json at all")
    code, out, err = run_command("import-geojson", str(junk), "--park", "a", "--json")
    assert code == 2
    assert "JSON" in json.loads(out)["unusable"]["en"]
    code, out, err = run_command("import-geojson", str(junk), "--park", "a")
    assert code == 2 and "JSON" in err


def test_cli_export(land_world, tmp_path):
    target = tmp_path / "parcels.geojson"
    code, _out, err = run_command("export-geojson", "--park", "a", "--out", str(target))
    assert code == 0 and "2 parcels" in err
    data = json.loads(target.read_text("utf-8"))
    assert sorted(f["properties"]["code"] for f in data["features"]) == ["A-01", "A-02"]
    code, out, _err = run_command("export-geojson", "--park", "b")
    assert [f["properties"]["code"] for f in json.loads(out)["features"]] == ["B-01"]


def test_area_given_is_kept_and_checked(land_world):
    park = land_world.world.parks[0]
    data = collection(feature("A-40", square(40, 40), area=5000))
    report = geojson.import_geojson(data, park=park, today=DAY)
    assert report.written
    parcel = Parcel.objects.get(code="A-40")
    assert parcel.area == Decimal("5000.00") and parcel.area_mismatch
    (warning,) = report.warnings
    assert warning["rule"] == "area_mismatch" and "A-40" in warning["message_en"]
