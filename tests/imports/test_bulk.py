"""The fast bulk writes (parkbase.imports.bulk) store exactly what simple-history's
bulk_create_with_history / bulk_update_with_history store, and a failure half-way
leaves nothing written. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime as dt
from decimal import Decimal

import pytest
import xlsxwriter
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from parkbase.enterprises import services
from parkbase.enterprises.choices import Source
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports import bulk
from tests.factories import EnterpriseFactory, make_uscc

SKIP_ROW = {"id", "enterprise", "updated_at"}
SKIP_HISTORY = SKIP_ROW | {"history_id", "history_date"}


def _figures(i: int) -> dict:
    return {
        "land_area": Decimal(f"{1000 + i}.25"),
        "staff_year_end": 100 + i,
        "staff_rd": i,
        "gross_output": Decimal("12345678.90") + i,
        "value_added": Decimal("100.01") * i,
        "profit": Decimal("-3.10") if i % 2 else None,
        "revenue": Decimal("99999999.99"),
        "energy_tce": Decimal("1.234"),
        "electricity_kwh": 9_000_000_000 + i,
        "source": "import",
        "sources": SOURCES.get(i, {}),
    }


# mappings of texts are dumped once per distinct mapping: 1 and True, equal as keys
# of that cache, must still be stored as 1 and true; escapes must survive COPY
SOURCES = {
    2: {"profit": True},
    1: {"profit": "tax"},
    3: {"profit": "tax", "备注": '统计局\t"引号"\\ \n'},
    4: {"profit": 1},
}


def _row(obj) -> dict:
    return {
        f.name: getattr(obj, f.attname)
        for f in EnterpriseYear._meta.concrete_fields
        if f.name not in SKIP_ROW
    }


def _history(enterprise) -> list[dict]:
    rows = EnterpriseYear.history.filter(enterprise=enterprise).order_by("year", "history_id")
    fields = [f for f in EnterpriseYear.history.model._meta.concrete_fields]
    return [
        {f.attname: getattr(h, f.attname) for f in fields if f.name not in SKIP_HISTORY}
        for h in rows
    ]


@pytest.fixture
def two(world):
    fast = EnterpriseFactory(park=world.parks[0], name="快")
    slow = EnterpriseFactory(park=fast.park, name="慢")
    return fast, slow


@pytest.fixture
def user(world):
    return next(iter(world.users.values()))


def _years(enterprise, n=5):
    return [EnterpriseYear(enterprise=enterprise, year=2010 + i, **_figures(i)) for i in range(n)]


def test_create_writes_what_bulk_create_with_history_writes(two, user):
    fast, slow = two
    before = timezone.now()
    with transaction.atomic():
        objs = _years(fast)
        bulk.create_with_history(
            EnterpriseYear, objs, default_user=user, default_change_reason="import"
        )
    with transaction.atomic():
        bulk_create_with_history(
            _years(slow),
            EnterpriseYear,
            batch_size=1000,
            default_user=user,
            default_change_reason="import",
        )
    got = [_row(y) for y in EnterpriseYear.objects.filter(enterprise=fast).order_by("year")]
    want = [_row(y) for y in EnterpriseYear.objects.filter(enterprise=slow).order_by("year")]
    assert got == want and len(got) == 5
    # primary keys are set on the objects and are those of the stored rows
    stored = dict(EnterpriseYear.objects.filter(enterprise=fast).values_list("year", "id"))
    assert {o.year: o.pk for o in objs} == stored
    assert _history(fast) == _history(slow)
    history = list(EnterpriseYear.history.filter(enterprise=fast))
    assert {(h.history_type, h.history_user_id, h.history_change_reason) for h in history} == {
        ("+", user.pk, "import")
    }
    assert {h.id for h in history} == set(stored.values())
    assert all(before <= h.history_date <= timezone.now() for h in history)
    # auto_now was applied on insert, as bulk_create does
    row = EnterpriseYear.objects.get(pk=objs[0].pk)
    assert before <= row.updated_at <= timezone.now()
    assert row.sources == {} and EnterpriseYear.objects.get(pk=objs[1].pk).sources == {
        "profit": "tax"
    }


def test_update_writes_what_bulk_update_with_history_writes(two, user):
    fast, slow = two
    for ent in two:
        bulk_create_with_history(_years(ent), EnterpriseYear, default_user=user)
    fields = ["land_area", "profit", "staff_rd", "electricity_kwh", "sources", "version"]

    def changed(ent):
        objs = list(EnterpriseYear.objects.filter(enterprise=ent).order_by("year"))
        for i, y in enumerate(objs):
            y.land_area = Decimal("7.77") if i % 2 else None
            y.profit = Decimal(i)
            y.staff_rd = None
            y.electricity_kwh = 2**62 + i
            y.sources = {"land_area": "survey"}
            y.version += 1
        return objs

    with transaction.atomic():
        bulk.update_with_history(
            EnterpriseYear, changed(fast), fields, default_user=None, default_change_reason="import"
        )
    with transaction.atomic():
        bulk_update_with_history(
            changed(slow),
            EnterpriseYear,
            fields,
            batch_size=1000,
            default_user=None,
            default_change_reason="import",
        )
    got = [_row(y) for y in EnterpriseYear.objects.filter(enterprise=fast).order_by("year")]
    want = [_row(y) for y in EnterpriseYear.objects.filter(enterprise=slow).order_by("year")]
    assert got == want and got[1]["land_area"] == Decimal("7.77") and got[0]["version"] == 2
    assert _history(fast) == _history(slow)
    types = [h.history_type for h in EnterpriseYear.history.filter(enterprise=fast)]
    assert sorted(types) == ["+"] * 5 + ["~"] * 5
    updates = EnterpriseYear.history.filter(enterprise=fast, history_type="~")
    assert {(h.history_user_id, h.history_change_reason) for h in updates} == {(None, "import")}


def test_enterprise_create_matches(world, user):
    park = world.enterprises[0].park

    def make(tag):
        return [
            Enterprise(
                park=park, name=f"{tag}{i}", uscc=make_uscc(), registered_capital=Decimal("5.5")
            )
            for i in range(3)
        ]

    fast_objs = make("快")
    with transaction.atomic():
        bulk.create_with_history(
            Enterprise, fast_objs, default_user=user, default_change_reason="import"
        )
    slow_objs = bulk_create_with_history(
        make("慢"), Enterprise, default_user=user, default_change_reason="import"
    )
    skip = {"id", "name", "uscc", "created_at", "updated_at"}
    for f_obj, s_obj in zip(fast_objs, slow_objs, strict=True):
        a = Enterprise.objects.get(pk=f_obj.pk)
        b = Enterprise.objects.get(pk=s_obj.pk)
        fields = [f for f in Enterprise._meta.concrete_fields if f.name not in skip]
        assert [getattr(a, f.attname) for f in fields] == [getattr(b, f.attname) for f in fields]
        assert a.created_at is not None and a.updated_at is not None
        h = Enterprise.history.get(id=a.pk)
        assert (h.history_type, h.history_user_id, h.history_change_reason) == (
            "+",
            user.pk,
            "import",
        )
        assert h.created_at == a.created_at and h.name == a.name


def _sheet(path, rows):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("年度数据")
    ws.write_row(
        0,
        0,
        [
            "统一社会信用代码",
            "企业名称",
            "年度",
            "工业总产值(万元)",
            "利润总额(万元)",
            "营业收入(万元)",
        ],
    )
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    wb.close()
    return path


def test_import_years_creates_then_updates_with_the_audit_trail(world, user, tmp_path):
    ents = [e for e in world.enterprises if e.park_id == world.enterprises[0].park_id][:2]
    park = ents[0].park
    rows = [[e.uscc, e.name, 2018, 100 + i, 1, 50] for i, e in enumerate(ents)]
    report = services.import_years(_sheet(tmp_path / "a.xlsx", rows), park=park, user=user)
    assert (report.created, report.written, report.errors) == (2, True, [])
    rows[0][3] = 200  # one change
    report = services.import_years(_sheet(tmp_path / "b.xlsx", rows), park=park, user=user)
    assert (report.updated, report.unchanged) == (1, 1)
    y = EnterpriseYear.objects.get(enterprise=ents[0], year=2018)
    assert (y.gross_output, y.version, y.source) == (Decimal("2000000.00"), 2, "import")
    history = list(EnterpriseYear.history.filter(id=y.pk).order_by("history_id"))
    assert [(h.history_type, h.history_user_id, h.history_change_reason) for h in history] == [
        ("+", user.pk, "import"),
        ("~", user.pk, "import"),
    ]
    assert (history[0].gross_output, history[1].gross_output) == (
        Decimal("1000000.00"),
        y.gross_output,
    )
    assert history[1].version == 2


def test_a_failure_half_way_writes_nothing(world, user, tmp_path, monkeypatch):
    ents = [e for e in world.enterprises if e.park_id == world.enterprises[0].park_id][:2]
    park = ents[0].park
    rows = [[e.uscc, e.name, 2017, 10, 1, 5] for e in ents]
    path = _sheet(tmp_path / "a.xlsx", rows)
    counts = (EnterpriseYear.objects.count(), EnterpriseYear.history.count())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bulk.history, "bulk_history", broken)  # rows are in, history fails
    with pytest.raises(RuntimeError):
        services.import_years(path, park=park, user=user)
    assert (EnterpriseYear.objects.count(), EnterpriseYear.history.count()) == counts


def test_a_database_error_half_way_writes_nothing(two, user):
    fast, _slow = two
    objs = _years(fast, 3) + [EnterpriseYear(enterprise=fast, year=2010, **_figures(9))]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.create_with_history(EnterpriseYear, objs, default_user=user)
    assert not EnterpriseYear.objects.filter(enterprise=fast).exists()
    assert not EnterpriseYear.history.filter(enterprise=fast).exists()


def test_history_date_is_taken_per_row_unless_given(two, user):
    fast, _slow = two
    objs = _years(fast, 2)
    when = dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    objs[0]._history_date = when
    objs[1]._change_reason = "survey"
    with transaction.atomic():
        bulk.create_with_history(
            EnterpriseYear, objs, default_user=user, default_change_reason="import"
        )
    h0 = EnterpriseYear.history.get(id=objs[0].pk)
    h1 = EnterpriseYear.history.get(id=objs[1].pk)
    assert h0.history_date == when and h0.history_change_reason == "import"
    assert h1.history_change_reason == "survey"


# ---------------------------------------------------------------- plain rows, whole columns


def _plain_rows(enterprise, n=5):
    rows = [{"enterprise_id": enterprise.pk, "year": 2010 + i, **_figures(i)} for i in range(n)]
    del rows[2]["sources"]  # left out: the field's default, as Model(**row) gives
    rows[3]["land_area"] = "77.5"  # a value the column preparer must convert
    rows[4]["source"] = Source.SURVEY  # a choices member, stored as its value
    return rows


@pytest.mark.parametrize("per_batch", [bulk.ROWS_PER_BATCH, 2])
def test_create_rows_writes_what_bulk_create_with_history_writes(two, user, per_batch, monkeypatch):
    monkeypatch.setattr(bulk.history, "ROWS_PER_BATCH", per_batch)
    fast, slow = two
    before = timezone.now()
    rows = _plain_rows(fast)
    with transaction.atomic():
        bulk.create_rows_with_history(
            EnterpriseYear, rows, default_user=user, default_change_reason="import"
        )
    with transaction.atomic():
        bulk_create_with_history(
            [EnterpriseYear(**row | {"enterprise_id": slow.pk}) for row in _plain_rows(slow)],
            EnterpriseYear,
            default_user=user,
            default_change_reason="import",
        )
    got = [_row(y) for y in EnterpriseYear.objects.filter(enterprise=fast).order_by("year")]
    want = [_row(y) for y in EnterpriseYear.objects.filter(enterprise=slow).order_by("year")]
    assert got == want and len(got) == 5 and got[3]["land_area"] == Decimal("77.50")
    assert _history(fast) == _history(slow)
    stored = EnterpriseYear.objects.filter(enterprise=fast)
    assert {r["year"]: r["id"] for r in rows} == dict(stored.values_list("year", "id"))
    history = list(EnterpriseYear.history.filter(enterprise=fast).order_by("history_id"))
    assert [h.id for h in history] == [r["id"] for r in rows]  # history in row order
    assert {(h.history_type, h.history_user_id, h.history_change_reason) for h in history} == {
        ("+", user.pk, "import")
    }
    for h in history:
        row = stored.get(pk=h.id)
        assert h.updated_at == row.updated_at and before <= row.updated_at <= h.history_date
    assert rows[2]["sources"] == {} and rows[0]["version"] == 1


def test_create_rows_refuses_unknown_fields(two, user):
    rows = [{"enterprise_id": two[0].pk, "year": 2010, "no_such_field": 1}]
    with pytest.raises(TypeError, match="no_such_field"), transaction.atomic():
        bulk.create_rows_with_history(EnterpriseYear, rows, default_user=user)


def _as_bound(connection, values):
    """What the driver binds: sqlite3 adapts a Decimal with str (Django registers it);
    psycopg dumps the mapping a Jsonb wrapper holds."""
    if connection.vendor == "sqlite":
        return [str(v) if isinstance(v, Decimal) else v for v in values]
    return [getattr(v, "obj", v) for v in values]


SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2020, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("field_name", "values"),
    [
        ("land_area", [Decimal("1.25"), Decimal("3")] * 3),
        ("land_area", [Decimal("1.25"), None, Decimal("-0.50")]),
        ("land_area", [Decimal("1.25"), "2.5", 3, None]),
        ("staff_year_end", [1, None, 2**40]),
        ("staff_year_end", [1, True, "7"]),
        ("source", ["import", None, Source.SURVEY]),
        ("source", [Source.IMPORT] * 4),
        ("updated_at", [NOW, NOW.replace(microsecond=0)]),
        ("updated_at", [NOW, NOW.astimezone(SHANGHAI)]),
        ("sources", [{}, {"a": "b"}, {}]),
        ("sources", [{"a": "b", "名": "统计"}, {"a": 1}, {"a": True}, {"a": "b", "名": "统计"}]),
        ("enterprise", [1, 2, None]),
    ],
)
@pytest.mark.django_db
def test_a_column_is_prepared_as_its_values_one_by_one(field_name, values):
    from django.db import connection

    field = EnterpriseYear._meta.get_field(field_name)
    one_by_one = [bulk._preparer(field, connection)[0](v) for v in values]
    shared = {}
    whole = bulk._column_preparer(field, connection)(list(values), shared)
    assert _as_bound(connection, whole) == _as_bound(connection, one_by_one)
    again = bulk._column_preparer(field, connection)(values, shared)
    assert _as_bound(connection, again) == _as_bound(connection, one_by_one)


@pytest.mark.django_db
def test_a_mapping_of_texts_is_dumped_once_as_django_would_store_it():
    import json

    from django.db import connection

    field = EnterpriseYear._meta.get_field("sources")
    prepare = bulk._preparer(field, connection)[0]
    first = prepare({"gross_output": "survey", "名称": "统计"})
    again = prepare({"gross_output": "survey", "名称": "统计"})
    assert first is again and json.loads(first) == {"gross_output": "survey", "名称": "统计"}
    django_gives = field.get_db_prep_save({"gross_output": "survey", "名称": "统计"}, connection)
    dumped = getattr(django_gives, "dumps", None)  # PostgreSQL: Jsonb(value, dumps=…)
    assert first == (dumped(django_gives.obj) if dumped else django_gives)
