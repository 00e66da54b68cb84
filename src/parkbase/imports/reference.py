"""Core's reference tables read from files: parks, phases and departments (CSV), and
the GB/T 4754-2017 industry codes (the shipped sections and divisions, or the official
spreadsheet). Loaders are idempotent: loading the same file twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from parkbase.core.models import Department, IndustryCode, Park, Phase
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import INDUSTRY_TABLE, LoadResult
from parkbase.imports.engine import Column, parse_table
from parkbase.imports.reader import UnreadableFile, read_table

# The official table gives the code either in one column (代码) or in four
# (门类 / 大类 / 中类 / 小类 under a merged 代码 header); both are read.
INDUSTRY_COLUMNS = (
    Column("code", ("代码", "行业代码", "code")),
    Column("section", ("门类",)),
    Column("division", ("大类",)),
    Column("group", ("中类",)),
    Column("class", ("小类",)),
    Column("name", ("类别名称", "名称", "name"), required=True),
)
CODE_LEVEL_FIELDS = ("class", "group", "division", "section", "code")


def read_records(path: Path, columns) -> list[dict]:
    _sheet, rows = read_table(path)
    table = parse_table(rows, columns)
    if table is None or table.mapping.missing:
        raise UnreadableFile(f"{path.name}: header row not recognised")
    problems = [p for r in table.rows for p in r.problems]
    if problems:
        p = problems[0]
        raise UnreadableFile(f"{path.name} row {p.row} column {p.column}: {p.code}")
    return [r.values for r in table.rows]


def _upsert(model, lookup: dict, values: dict, result: LoadResult, user=None):
    obj = model.objects.unscoped(SYSTEM_WORK).filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._history_user = user
        obj.save()
        result.created += 1
        return obj
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj._history_user = user
        obj.save()
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


PARK_COLUMNS = (
    Column("code", ("代码", "code"), required=True),
    Column("name", ("名称", "name"), required=True),
    Column("name_en", ("英文名称", "name_en")),
)
PHASE_COLUMNS = (
    Column("park", ("园区代码", "park"), required=True),
    Column("code", ("代码", "code"), required=True),
    Column("name", ("名称", "name"), required=True),
    Column("name_en", ("英文名称", "name_en")),
    Column("order", ("排序", "order"), kind="int"),
)
DEPARTMENT_COLUMNS = PHASE_COLUMNS[:3]


@transaction.atomic
def reference_load(directory: Path, user=None) -> dict[str, LoadResult]:
    """Load parks.csv, phases.csv and departments.csv from ``directory``."""
    results = {name: LoadResult() for name in ("parks", "phases", "departments")}
    parks = {}
    for rec in read_records(directory / "parks.csv", PARK_COLUMNS):
        parks[rec["code"]] = _upsert(
            Park,
            {"code": rec["code"]},
            {"name": rec["name"], "name_en": rec["name_en"]},
            results["parks"],
            user,
        )
    for rec in read_records(directory / "phases.csv", PHASE_COLUMNS):
        values = {"name": rec["name"], "order": rec["order"] or 0}
        if "name_en" in rec:  # a file of before English names leaves them as they are
            values["name_en"] = rec["name_en"] or ""
        _upsert(
            Phase,
            {"park": parks[rec["park"]], "code": rec["code"]},
            values,
            results["phases"],
            user,
        )
    for rec in read_records(directory / "departments.csv", DEPARTMENT_COLUMNS):
        _upsert(
            Department,
            {"park": parks[rec["park"]], "code": rec["code"]},
            {"name": rec["name"]},
            results["departments"],
            user,
        )
    return results


def _level(code: str) -> int:
    return 1 if code.isalpha() else len(code)


@transaction.atomic
def industry_codes_load(path: Path = INDUSTRY_TABLE) -> LoadResult:
    """Load GB/T 4754-2017 codes: the shipped sections and divisions, or the full
    four-level table from a spreadsheet of the official publication (代码, 类别名称).
    Rows come in the publication's order, so a division's section is the letter
    last seen above it; groups and classes extend their parent's digits."""
    result = LoadResult()
    existing = {c.code: c for c in IndustryCode.objects.all()}
    section = None
    rows = []
    for rec in read_records(Path(path), INDUSTRY_COLUMNS):
        code = next((rec[f] for f in CODE_LEVEL_FIELDS if rec.get(f)), "")
        code = code.replace(" ", "").upper()
        if not code:
            continue
        level = _level(code)
        if level == 1:
            section = code
            parent = None
        elif level == 2:
            parent = section or (existing[code].parent_id if code in existing else None)
        else:
            parent = code[:-1]
        rows.append((code, rec["name"], level, parent))
    for code, name, level, parent in sorted(rows, key=lambda r: r[2]):  # parents first
        current = existing.get(code)
        if current is None:
            existing[code] = IndustryCode.objects.create(
                code=code, name=name, level=level, parent_id=parent
            )
            result.created += 1
        elif (current.name, current.level, current.parent_id) != (name, level, parent):
            current.name, current.level, current.parent_id = name, level, parent
            current.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result
