"""Every value error is a row error: each column of every registered import gets a
wrong value (in a row of its own, the rest of the row valid) and each gives an error
on its row naming its column, in Chinese and English; nothing raises, and with
``skip_invalid`` exactly the valid row is written.

The wrong values: for a typed column, a value of the wrong type (text in a number
column, a date that does not exist, a yes/no that is neither, a choice not among the
listed ones) and a number too large for its field; for a text column, what its rules
refuse (below, per kind); and for every column a spreadsheet error cell (#REF!)."""

from __future__ import annotations

import datetime as dt

import pytest

from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports import registry
from parkbase.imports.engine import column_letter
from parkbase.projects import services
from parkbase.projects.models import Project, Stage
from tests.imports.ugly import Error, write_xlsx

pytestmark = pytest.mark.django_db

TOO_LONG = "长" * 301  # longer than any name, address or phone field holds

# the wrong value of each text column (the typed columns get theirs by their kind)
TEXT_WRONG = {
    "enterprises": {
        "name": TOO_LONG,
        "uscc": "123",
        "industry_code": "ZZ9",
        "phase": "九期",
        "department": "不存在的部门",
        "address": TOO_LONG,
        "legal_representative": TOO_LONG,
        "contact_person": TOO_LONG,
        "contact_phone": TOO_LONG,
    },
    "years": {"uscc": "123", "name": "不存在的企业"},
    "projects": {
        "name": TOO_LONG,
        "code_name": TOO_LONG,
        "stage": "不存在的阶段",
        "industry_code": "ZZ9",
        "investors": TOO_LONG,
        "referrer": TOO_LONG,
        "officer": "不存在的人",
        "department": "不存在的部门",
        "description": None,  # free text: only an error cell is wrong
        "issues": None,
    },
    "parcels": {
        "code": TOO_LONG,
        "name": TOO_LONG,
        "location": TOO_LONG,
        "phase": "九期",
        "owner_name": TOO_LONG,
        "owner_enterprise": "不存在的企业",
        "certificate_no": TOO_LONG,
        "price_guidance": TOO_LONG,
        "contact": TOO_LONG,
        "note": None,
        "idle_reason": None,  # computed: read back and left alone
    },
    "land-approvals": {
        "name": TOO_LONG,
        "reference": TOO_LONG,
        "authority": TOO_LONG,
        "serves": "不存在的项目",
        "parcels": "Z-99",
        "note": None,
    },
    "buildings": {
        "code": TOO_LONG,
        "name": TOO_LONG,
        "parcel": "Z-99",
        "rent_guidance": TOO_LONG,
        "contact": TOO_LONG,
        "note": None,
        "occupancy": None,
    },
    "units": {
        "building": "不存在的楼",
        "code": TOO_LONG,
        "tenant": "不存在的企业",
        "reserved_for": TOO_LONG,
        "note": TOO_LONG,
    },
    "concerns": {
        "enterprise": "不存在的企业",
        "enterprise_uscc": None,
        "description": None,
        "department": "不存在的部门",
        "resolution": None,
    },
    "redevelopment-decisions": {
        "enterprise": "不存在的企业",
        "owner": "不存在的人",
        "department": "不存在的部门",
        "parcel": "Z-99",
        "counterpart": TOO_LONG,
        "basis": None,
        "note": None,
    },
    "investors": {
        "name": TOO_LONG,
        "region": TOO_LONG,
        "uscc": "123",
        "contact": TOO_LONG,
        "phone": TOO_LONG,
        "note": None,
    },
    "activities": {
        "project": "不存在的项目",
        "summary": None,
        "participants": TOO_LONG,
        "next_step": TOO_LONG,
        "owner": "不存在的人",
        "created_by": None,  # read back, never imported
    },
    "blockers": {
        "project": "不存在的项目",
        "description": None,
        "authority": TOO_LONG,
        "resolution": None,
        "owner": "不存在的人",
    },
    "funding": {
        "project": "不存在的项目",
        "investor": "不存在的投资方",
        "source_name": TOO_LONG,
        "event": TOO_LONG,
        "note": TOO_LONG,
    },
}
TEXT_WRONG["monthly"] = {"uscc": "123", "name": "不存在的企业", "period": "第三季度"}
PART_ROWS = {  # a valid row of each kind that names a project (台账项目)
    "activities": {"kind": "走访", "occurred_on": "2019-05-01", "summary": "走访企业"},
    "blockers": {"category": "用地指标或用地审批", "description": "缺指标", "authority": "市局"},
    "funding": {"kind": "计划投资", "amount": 1, "dated_on": "2019-05-01", "source": "投资方"},
}
# the survey workbook: the enterprise's columns, then the year's figures (typed)
TEXT_WRONG["survey"] = TEXT_WRONG["enterprises"]
TYPED_WRONG = {
    "choice": "营业中",
    "bool": "也许",
    "date": "2019-13-45",
    "decimal": "abc",
    "int": "12人多",
    "year": "二〇一九",
}
TOO_LARGE = 1e20


def _base_row(kind: str, number: int, world) -> dict:
    """A valid row of ``kind`` (field → cell), one per row number; two cells at least
    (a row of one long text is a note, skipped)."""
    if kind == "enterprises":
        return {"name": f"新企业{number}", "is_above_size": "是"}
    if kind == "years":
        enterprise = world.enterprises[number // 70]
        return {"name": enterprise.name, "year": 1949 + number % 70}
    if kind == "projects":
        return {"name": f"新项目{number}", "confidential": "否"}
    if kind == "investors":
        return {"name": f"新投资方{number}", "origin": "本地"}
    if kind in PART_ROWS:
        _ledger_project(world)
        return {"project": "台账项目", **PART_ROWS[kind]}
    if kind == "parcels":
        return {"code": f"N-{number}", "name": f"新地块{number}", "area": 1000}
    if kind == "land-approvals":
        return {"name": f"新批次{number}", "kind": "用地指标"}
    if kind == "buildings":
        return {"code": f"NB-{number}", "name": f"新楼{number}", "floor_area": 1000}
    if kind == "units":
        return {"building": _building(world).code, "code": f"U{number}", "area": 10}
    if kind == "concerns":
        return {"enterprise": world.enterprises[0].name, "category": "融资", "description": "诉求"}
    if kind == "redevelopment-decisions":
        enterprise = world.enterprises[number % 4].name
        return {"enterprise": enterprise, "kind": "提升改造", "decided_on": "2019-09-01"}
    if kind == "survey":
        return {"name": f"新企业{number}", "year": 2019}
    if kind == "monthly":  # each row its own enterprise and month
        enterprise = world.enterprises[number % 4].name
        period = f"{2000 + number // 48}年{number // 4 % 12 + 1}月"
        return {"name": enterprise, "period": period, "gross_output_period": 1}
    raise AssertionError(f"give the test a valid row of the import {kind!r}")


def _building(world):
    """A building of park A, large enough for every unit of the sheet."""
    from parkbase.land.models import Building
    from parkbase.land.services import buildings

    found = Building.objects.filter(park=world.parks[0], code="TB").first()
    return found or buildings.building_create(
        park=world.parks[0], code="TB", name="测试楼", floor_area=10**9
    )


def _ledger_project(world):
    park = world.parks[0]
    if not Project.objects.filter(park=park, name="台账项目").exists():
        services.pipeline_ensure(park)
        stage = Stage.objects.filter(park=park).order_by("order").first()
        services.project_create(
            park=park, name="台账项目", stage=stage, first_contact_on=dt.date(2019, 1, 1)
        )


def _cases(kind: str):
    """(field, wrong value) for every column of ``kind``, each column at least twice."""
    importer = registry.get(kind)
    for col in importer.columns:
        if col.kind == "text":
            assert col.field in TEXT_WRONG[kind], f"{kind}.{col.field}: name its wrong value"
            if TEXT_WRONG[kind][col.field] is not None:
                yield col.field, TEXT_WRONG[kind][col.field]
        else:
            yield col.field, TYPED_WRONG[col.kind]
        if col.kind in ("decimal", "int", "year") and not col.derived:
            yield col.field, TOO_LARGE  # a computed column is read back, not stored
        yield col.field, Error("#REF!")


def _sheet(kind, world, tmp_path):
    importer = registry.get(kind)
    fields = [c.field for c in importer.columns]
    header = [c.template_header for c in importer.columns]
    rows, expected = [header], {}
    cases = list(_cases(kind))
    for number, (name, wrong) in enumerate(cases, start=2):
        cells = _base_row(kind, number, world) | {name: wrong}
        rows.append([cells.get(f) for f in fields])
        expected[number] = (name, column_letter(fields.index(name)))
    valid = len(rows) + 1
    rows.append([_base_row(kind, valid, world).get(f) for f in fields])
    return write_xlsx(tmp_path / f"{kind}.xlsx", rows, sheet=kind), expected, valid


@pytest.mark.parametrize("kind", sorted(registry.IMPORTERS))
def test_every_column_of_every_kind_reports_a_wrong_value_on_its_row(kind, world, tmp_path):
    path, expected, valid = _sheet(kind, world, tmp_path)
    importer = registry.get(kind)
    report = importer.run(path, park=world.parks[0], user=world.users[Role.STAFF], dry_run=True)
    assert not report.unusable, report.errors[:3]
    by_row: dict[int, list[dict]] = {}
    for error in report.errors:
        by_row.setdefault(error["row"], []).append(error)
    assert valid not in by_row, by_row.get(valid)
    for row, (name, letter) in expected.items():
        found = [e for e in by_row.get(row, []) if e["column"] == letter]
        assert found, f"{kind} row {row}: no error names column {letter} ({name})"
        error = found[0]
        assert f"第{row}行" in error["message"] and f"{letter}列" in error["message"]
        assert f"row {row}" in error["message_en"] and f"column {letter}" in error["message_en"]
        assert "?" not in error["message"] and "?" not in error["message_en"], error


@pytest.mark.parametrize(
    ("kind", "model"),
    [("enterprises", Enterprise), ("years", EnterpriseYear), ("projects", Project)],
)
def test_skip_invalid_writes_exactly_the_valid_row_and_nothing_raises(kind, model, world, tmp_path):
    path, expected, _valid = _sheet(kind, world, tmp_path)
    before = model.objects.count()
    report = registry.get(kind).run(
        path, park=world.parks[0], user=world.users[Role.STAFF], skip_invalid=True
    )
    assert report.written
    assert report.rejected_rows == set(expected)
    assert model.objects.count() == before + 1


def test_an_unknown_choice_names_the_allowed_values(world, tmp_path):
    """状态 '营业中' was a KeyError that ended the whole import."""
    path = write_xlsx(tmp_path / "e.xlsx", [["企业名称", "状态"], ["新企业", "营业中"]])
    report = registry.get("enterprises").run(path, park=world.parks[0], dry_run=True)
    (error,) = report.errors
    assert (error["row"], error["column"], error["code"]) == (2, "B", "unknown_choice")
    assert "营业中" in error["message"] and "在产、半停产" in error["message"]
    assert "营业中" in error["message_en"] and "在产" in error["message_en"]


def test_a_projects_export_level_reads_back(world, tmp_path):
    """重点项目级别 as the projects list writes it ('区级重点项目') was an unknown choice."""
    path = write_xlsx(
        tmp_path / "p.xlsx", [["项目名称", "重点项目级别"], ["新项目", "区级重点项目"]]
    )
    report = registry.get("projects").run(path, park=world.parks[0])
    assert report.errors == [] and report.created == 1
    assert Project.objects.get(name="新项目").key_level == "district"


def test_a_number_too_large_for_its_field_names_the_limit(world, tmp_path):
    rows = [["企业名称", "年度", "工业总产值（亿元）", "年末从业人员"]]
    rows.append([world.enterprises[0].name, 2019, 1e9, 3e9])
    path = write_xlsx(tmp_path / "y.xlsx", rows)
    report = registry.get("years").run(path, park=world.parks[0], dry_run=True)
    found = {(e["column"], e["code"]) for e in report.errors}
    assert found == {("C", "out_of_range"), ("D", "out_of_range")}
    staff = next(e for e in report.errors if e["column"] == "D")
    assert "2147483647" in staff["message"] and "3000000000" in staff["message_en"]


def test_an_unknown_phase_or_stage_names_the_known_ones(world, tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", [["企业名称", "园区期次"], ["新企业", "九期"]])
    (error,) = registry.get("enterprises").run(path, park=world.parks[0], dry_run=True).errors
    assert error["code"] == "unknown_reference"
    phases = sorted(p.name for p in world.phases)
    assert "、".join(phases) in error["message"] and "、".join(phases) in error["message_en"]
    path = write_xlsx(tmp_path / "p.xlsx", [["项目名称", "阶段"], ["新项目", "九期"]])
    errors = registry.get("projects").run(path, park=world.parks[0], dry_run=True).errors
    (error,) = [e for e in errors if e["column"] == "B"]
    assert error["code"] == "unknown_reference" and "签约" in error["message"]
