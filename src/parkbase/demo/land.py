"""The demo park's land (宗地), buildings and land approvals, loaded from the
``land_*.csv`` files (and the parcels' outlines from ``land_parcels.geojson``, by
parcel code) through the land services, so geometry is checked and measured, overlaps
refused, the idle rule applied and every record has its audit trail.

The seed's stories: 东基集团's 40余万平方米 of idle state-owned land held up by the
transfer policy, double taxation and the missing land-use certificate; the 4 km² range
the aircraft base needs, its change of use submitted for approval; the medical
industrial park's land acquisition plan, submitted early in 2019 and not approved
(the medical projects' land blockers point to it); the land 沈东自动化研究所's transfer
freed (the done redevelopment decision names the parcel). Around them, the parcels of
phases 1–4 held by the park's enterprises (their areas are the surveyed land areas),
a few firms renting land on another's parcel (the evaluation's shared-parcel rule reads
these), and two standard factory buildings whose units are let, vacant or reserved.

The idle rule depends on the day it is applied: the demo applies it on the last day of
its story (``STORY_ENDS``). Money is not involved; areas are read in the unit their
header gives (平方米 or 亩) and stored in m². What is already in the database is left
alone, so loading twice changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError

from parkbase.core.history import source_reason
from parkbase.core.models import Park, Phase
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import LoadResult
from parkbase.demo.projects import ProjectFileError
from parkbase.demo.projects import _read as read_project_file
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation.models import Decision
from parkbase.evaluation.services.redevelopment import decision_update
from parkbase.imports import columns as col
from parkbase.land import services
from parkbase.land.choices import (
    ApprovalKind,
    ApprovalStatus,
    BuildingKind,
    CertificateStatus,
    ConstraintKind,
    LandUse,
    LowEfficiency,
    Ownership,
    UnitStatus,
    UseStatus,
)
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy, Unit
from parkbase.land.services import buildings as building_services
from parkbase.projects import services as project_services
from parkbase.projects.choices import BlockerCategory
from parkbase.projects.models import Blocker, Project
from parkbase.projects.services.parts import APPROVAL

# the demo's story ends with 2020 (its last project milestones are of December 2020)
STORY_ENDS = dt.date(2020, 12, 31)


class LandFileError(RuntimeError):
    """A land file breaks a rule; the message names the file, the row and what is
    wrong."""


# ---------------------------------------------------------------- the files' words

OWNERSHIP_ZH = {"国有": Ownership.STATE, "集体": Ownership.COLLECTIVE}
LAND_USE_ZH = {
    "工业用地": LandUse.INDUSTRIAL,
    "仓储用地": LandUse.WAREHOUSE,
    "商服用地": LandUse.COMMERCIAL,
    "住宅用地": LandUse.RESIDENTIAL,
    "公共管理与公共服务用地": LandUse.PUBLIC,
    "交通与公用设施用地": LandUse.INFRASTRUCTURE,
    "农用地": LandUse.AGRICULTURAL,
    "未利用地": LandUse.UNUSED,
    "其他": LandUse.OTHER,
}
CERTIFICATE_ZH = {
    "已发证": CertificateStatus.ISSUED,
    "办理中": CertificateStatus.PENDING,
    "无证": CertificateStatus.NONE,
}
USE_STATUS_ZH = {
    "在用": UseStatus.IN_USE,
    "储备": UseStatus.RESERVE,
    "规划": UseStatus.PLANNED,
    "已转让": UseStatus.TRANSFERRED,
}
LOW_EFFICIENCY_ZH = {
    "批而未供": LowEfficiency.APPROVED_NOT_SUPPLIED,
    "供而未用": LowEfficiency.SUPPLIED_UNUSED,
    "用而未尽": LowEfficiency.NOT_FULLY_USED,
    "建而未投": LowEfficiency.BUILT_NOT_PRODUCING,
    "投而未达标": LowEfficiency.BELOW_TARGET,
}
CONSTRAINT_ZH = {
    "转让限制": ConstraintKind.TRANSFER_RESTRICTION,
    "双重征税": ConstraintKind.DOUBLE_TAXATION,
    "无土地使用证": ConstraintKind.NO_CERTIFICATE,
    "审批未完成": ConstraintKind.APPROVAL_PENDING,
    "规划冲突": ConstraintKind.PLANNING_CONFLICT,
    "其他": ConstraintKind.OTHER,
}
APPROVAL_KIND_ZH = {
    "征地计划": ApprovalKind.ACQUISITION_PLAN,
    "用地指标": ApprovalKind.QUOTA,
    "农转用": ApprovalKind.CONVERSION,
    "供地": ApprovalKind.SUPPLY,
    "规划许可": ApprovalKind.PLANNING,
}
APPROVAL_STATUS_ZH = {
    "准备中": ApprovalStatus.PREPARING,
    "已上报": ApprovalStatus.SUBMITTED,
    "已批准": ApprovalStatus.APPROVED,
    "部分批准": ApprovalStatus.PARTLY_APPROVED,
    "未批准": ApprovalStatus.REJECTED,
    "已撤回": ApprovalStatus.WITHDRAWN,
}
BUILDING_KIND_ZH = {
    "标准厂房": BuildingKind.STANDARD_FACTORY,
    "办公楼": BuildingKind.OFFICE,
    "仓库": BuildingKind.WAREHOUSE,
    "孵化器": BuildingKind.INCUBATOR,
    "宿舍": BuildingKind.DORMITORY,
    "其他": BuildingKind.OTHER,
}
UNIT_STATUS_ZH = {
    "已出租": UnitStatus.OCCUPIED,
    "空置": UnitStatus.VACANT,
    "预留": UnitStatus.RESERVED,
}
# the Chinese words of project_blockers.csv's categories, for 关联问题
BLOCKER_CATEGORY_ZH = {
    "用地指标或审批": BlockerCategory.LAND_QUOTA,
    "土地转让政策": BlockerCategory.LAND_POLICY,
    "规划": BlockerCategory.PLANNING,
}


# ---------------------------------------------------------------- the files' columns


PARCEL_COLUMNS = (
    col.text("code", "宗地编号", required=True),
    col.text("name", "名称", required=True),
    col.text("location", "坐落"),
    col.text("phase", "园区期次"),
    col.area("area", "面积", required=True),
    col.choice("ownership", "权属", choices=OWNERSHIP_ZH, required=True),
    col.text("owner_name", "土地使用权人"),
    col.text("owner_enterprise", "权利人企业信用代码"),
    col.choice("planned_use", "规划用途", choices=LAND_USE_ZH, required=True),
    col.choice("current_use", "现状用途", choices=LAND_USE_ZH),
    col.choice("certificate_status", "土地证状态", choices=CERTIFICATE_ZH, required=True),
    col.text("certificate_no", "土地证号"),
    col.choice("use_status", "登记状态", choices=USE_STATUS_ZH, required=True),
    col.date("contract_signed_on", "出让合同签订日期"),
    col.date("agreed_start_on", "约定开工日期"),
    col.date("started_on", "实际开工日期"),
    col.date("halted_since", "停工日期"),
    col.number("invested_share", "已投资比例"),
    col.number("developed_share", "已开发比例"),
    col.choice("low_efficiency", "低效用地类型", choices=LOW_EFFICIENCY_ZH),
    col.text("price_guidance", "价格指引"),
    col.text("contact", "联系人"),
    col.text("note", "说明"),
)
CONSTRAINT_COLUMNS = (
    col.text("parcel", "宗地编号", required=True),
    col.choice("kind", "类别", choices=CONSTRAINT_ZH, required=True),
    col.text("description", "说明", required=True),
    col.text("authority", "解除机关"),
    col.date("since", "起始日期"),
    col.date("resolved_on", "解除日期"),
)
TENANCY_COLUMNS = (
    col.text("parcel", "宗地编号", required=True),
    col.text("enterprise", "承租企业信用代码", required=True),
    col.text("enterprise_name", "承租企业名称"),
    col.area("area", "面积", required=True),
    col.date("since", "起租日期"),
    col.date("until", "到期日期"),
    col.text("note", "说明"),
)
APPROVAL_COLUMNS = (
    col.choice("kind", "类型", choices=APPROVAL_KIND_ZH, required=True),
    col.text("name", "名称", required=True),
    col.text("reference", "文号"),
    col.text("authority", "审批机关"),
    col.area("requested_area", "申请面积"),
    col.area("approved_area", "批准面积"),
    col.date("submitted_on", "上报日期"),
    col.date("decided_on", "批复日期"),
    col.choice("status", "状态", choices=APPROVAL_STATUS_ZH, required=True),
    col.text("parcels", "宗地编号"),
    col.text("project", "项目名称"),
    col.text("blockers", "关联问题"),
    col.text("note", "说明"),
)
BUILDING_COLUMNS = (
    col.text("code", "楼号", required=True),
    col.text("name", "名称", required=True),
    col.text("parcel", "宗地编号"),
    col.choice("kind", "类型", choices=BUILDING_KIND_ZH, required=True),
    col.whole("floors", "层数", required=True),
    col.area("floor_area", "建筑面积", required=True),
    col.whole("completed_year", "建成年份"),
    col.text("rent_guidance", "租金指引"),
    col.text("contact", "联系人"),
    col.text("note", "说明"),
)
UNIT_COLUMNS = (
    col.text("building", "楼号", required=True),
    col.text("code", "单元", required=True),
    col.whole("floor", "楼层", required=True),
    col.area("area", "面积", required=True),
    col.choice("status", "状态", choices=UNIT_STATUS_ZH, required=True),
    col.text("tenant", "租户信用代码"),
    col.text("tenant_name", "租户名称"),
    col.text("reserved_for", "预留给"),
    col.number("rent", "租金"),
    col.date("lease_from", "起租日期"),
    col.date("lease_until", "到期日期"),
    col.text("note", "说明"),
)


def _read(path: Path, columns) -> list[tuple[int, dict]]:
    """(row number, record) of a land file, read as the project files are (values
    converted from the unit their header gives, the choices' Chinese words read, every
    column known and present)."""
    try:
        records = read_project_file(path, columns)
    except ProjectFileError as exc:
        raise LandFileError(str(exc)) from None
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    numbers = [n for n, row in enumerate(rows[1:], start=2) if any(c.strip() for c in row)]
    return list(zip(numbers, records, strict=True))


def _refused(where: str, exc: ValidationError) -> LandFileError:
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    problems = "; ".join(
        f"{field}: {message}" for field, messages in by_field.items() for message in messages
    )
    return LandFileError(f"{where}: {problems}")


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").replace("；", ";").split(";") if c.strip()]


class _Lookup:
    """The park's phases, enterprises (by credit code), parcels and buildings (by
    code) and projects (by name); an unknown one fails naming the file and row."""

    def __init__(self, park: Park):
        self.park = park
        self.phases = {p.code: p for p in Phase.objects.unscoped(SYSTEM_WORK).filter(park=park)}
        self.enterprises = {
            e.uscc: e for e in Enterprise.objects.unscoped(SYSTEM_WORK).filter(park=park)
        }

    def phase(self, code: str, where: str):
        return self._get(self.phases, code, where, "phase")

    def enterprise(self, code: str, where: str):
        return self._get(self.enterprises, code, where, "enterprise (credit code)")

    def parcel(self, code: str, where: str) -> Parcel:
        parcel = Parcel.objects.unscoped(SYSTEM_WORK).filter(park=self.park, code=code).first()
        if parcel is None:
            raise LandFileError(f"{where}: no parcel {code!r} in land_parcels.csv")
        return parcel

    def project(self, name: str, where: str) -> Project:
        project = Project.objects.unscoped(SYSTEM_WORK).filter(park=self.park, name=name).first()
        if project is None:
            raise LandFileError(f"{where}: no project {name!r} in projects.csv")
        return project

    @staticmethod
    def _get(found: dict, code: str, where: str, what: str):
        if not code:
            return None
        if code not in found:
            raise LandFileError(f"{where}: unknown {what} {code!r}")
        return found[code]


# ---------------------------------------------------------------- loading


def load_land(data_dir: Path, park: Park, *, today: dt.date = STORY_ENDS) -> dict[str, LoadResult]:
    """Every land file of ``data_dir`` into ``park``; the counts per kind of record."""
    results = {
        name: LoadResult()
        for name in (
            "land_parcels",
            "land_constraints",
            "land_tenancies",
            "land_approvals",
            "land_buildings",
            "land_units",
            "land_freed_by_decisions",
        )
    }
    lookup = _Lookup(park)
    _parcels(data_dir, lookup, today, results["land_parcels"])
    _constraints(data_dir, lookup, results["land_constraints"])
    _tenancies(data_dir, lookup, results["land_tenancies"])
    _approvals(data_dir, lookup, results["land_approvals"])
    _buildings(data_dir, lookup, results["land_buildings"])
    _units(data_dir, lookup, results["land_units"])
    _freed(data_dir, lookup, results["land_freed_by_decisions"])
    return results


def _geometries(path: Path) -> dict[str, dict]:
    """Each parcel's outline by its code (``properties.code``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise LandFileError(f"{path.name}: not GeoJSON ({exc})") from None
    shapes = {}
    for number, feature in enumerate(data.get("features", []), start=1):
        code = (feature.get("properties") or {}).get("code")
        if not code:
            raise LandFileError(f"{path.name} feature {number}: no properties.code")
        if code in shapes:
            raise LandFileError(f"{path.name} feature {number}: parcel {code!r} twice")
        shapes[code] = feature.get("geometry")
    return shapes


def _parcels(data_dir: Path, lookup: _Lookup, today: dt.date, result: LoadResult) -> None:
    path = data_dir / "land_parcels.csv"
    shapes = _geometries(data_dir / "land_parcels.geojson")
    rows = _read(path, PARCEL_COLUMNS)
    codes = [rec["code"] for _n, rec in rows]
    twice = sorted({c for c in codes if codes.count(c) > 1})
    if twice:
        raise LandFileError(f"{path.name}: parcels listed twice: {', '.join(twice)}")
    unknown = sorted(set(shapes) - set(codes))
    if unknown:
        raise LandFileError(
            f"land_parcels.geojson: outlines of parcels not in {path.name}: {', '.join(unknown)}"
        )
    for number, rec in rows:
        where = f"{path.name} row {number} ({rec['code']})"
        if Parcel.objects.unscoped(SYSTEM_WORK).filter(park=lookup.park, code=rec["code"]).exists():
            result.unchanged += 1
            continue
        fields = dict(rec)
        fields["phase"] = lookup.phase(rec["phase"], where)
        fields["owner_enterprise"] = lookup.enterprise(rec["owner_enterprise"], where)
        fields["low_efficiency"] = rec["low_efficiency"] or LowEfficiency.NONE
        fields["current_use"] = rec["current_use"] or ""
        fields["geometry"] = shapes.get(rec["code"])
        try:
            parcel = services.parcel_create(park=lookup.park, today=today, **fields)
        except ValidationError as exc:
            raise _refused(where, exc) from exc
        if parcel.area_mismatch:
            # a user's parcel may differ from its outline (it is flagged); the demo's not
            raise LandFileError(
                f"{where}: area {parcel.area} m² differs from its outline's "
                f"{parcel.geometry_area} m² by more than 5 %"
            )
        result.created += 1


def _constraints(data_dir: Path, lookup: _Lookup, result: LoadResult) -> None:
    path = data_dir / "land_constraints.csv"
    for number, rec in _read(path, CONSTRAINT_COLUMNS):
        where = f"{path.name} row {number} ({rec['parcel']})"
        parcel = lookup.parcel(rec["parcel"], where)
        if (
            Constraint.objects.unscoped(SYSTEM_WORK)
            .filter(parcel=parcel, kind=rec["kind"])
            .exists()
        ):
            result.unchanged += 1
            continue
        fields = {k: v for k, v in rec.items() if k != "parcel"}
        try:
            services.constraint_add(parcel=parcel, **fields)
        except ValidationError as exc:
            raise _refused(where, exc) from exc
        result.created += 1


def _tenancies(data_dir: Path, lookup: _Lookup, result: LoadResult) -> None:
    path = data_dir / "land_tenancies.csv"
    for number, rec in _read(path, TENANCY_COLUMNS):
        where = f"{path.name} row {number} ({rec['parcel']})"
        parcel = lookup.parcel(rec["parcel"], where)
        enterprise = lookup.enterprise(rec["enterprise"], where)
        if rec["enterprise_name"] and rec["enterprise_name"] != enterprise.name:
            raise LandFileError(
                f"{where}: credit code {rec['enterprise']} is {enterprise.name}, "
                f"not {rec['enterprise_name']}"
            )
        if (
            Tenancy.objects.unscoped(SYSTEM_WORK)
            .filter(parcel=parcel, enterprise=enterprise)
            .exists()
        ):
            result.unchanged += 1
            continue
        try:
            services.tenancy_add(
                parcel=parcel,
                enterprise=enterprise,
                area=rec["area"],
                since=rec["since"],
                until=rec["until"],
                note=rec["note"],
            )
        except ValidationError as exc:
            raise _refused(where, exc) from exc
        result.created += 1


def _approvals(data_dir: Path, lookup: _Lookup, result: LoadResult) -> None:
    path = data_dir / "land_approvals.csv"
    for number, rec in _read(path, APPROVAL_COLUMNS):
        where = f"{path.name} row {number} ({rec['name']})"
        parcels = [lookup.parcel(code, where) for code in _codes(rec["parcels"])]
        project = lookup.project(rec["project"], where) if rec["project"] else None
        blockers = [_blocker(item, lookup, where) for item in _codes(rec["blockers"])]
        approval = (
            Approval.objects.unscoped(SYSTEM_WORK)
            .filter(park=lookup.park, name=rec["name"])
            .first()
        )
        if approval is not None:
            result.unchanged += 1
        else:
            fields = {k: v for k, v in rec.items() if k not in ("parcels", "project", "blockers")}
            try:
                approval = services.approval_create(
                    park=lookup.park, parcels=parcels, serves=project, **fields
                )
            except ValidationError as exc:
                raise _refused(where, exc) from exc
            result.created += 1
        for blocker in blockers:
            if blocker.approval_id != approval.pk:
                try:
                    project_services.blocker_update(
                        blocker=blocker,
                        expected_version=blocker.version,
                        approval=approval,
                        reason=source_reason(APPROVAL, approval.name),
                    )
                except ValidationError as exc:
                    raise _refused(where, exc) from exc


def _blocker(item: str, lookup: _Lookup, where: str) -> Blocker:
    """The one blocker ``项目名称:类别`` names."""
    name, _sep, category = item.rpartition(":")
    if not name or category not in BLOCKER_CATEGORY_ZH:
        raise LandFileError(
            f"{where}: 关联问题 {item!r} is not 项目名称:类别 "
            f"(类别: {'、'.join(BLOCKER_CATEGORY_ZH)})"
        )
    project = lookup.project(name, where)
    found = list(
        Blocker.objects.unscoped(SYSTEM_WORK).filter(
            project=project, category=BLOCKER_CATEGORY_ZH[category]
        )
    )
    if len(found) != 1:
        raise LandFileError(
            f"{where}: project {name!r} has {len(found)} blockers of category {category}, not one"
        )
    return found[0]


def _buildings(data_dir: Path, lookup: _Lookup, result: LoadResult) -> None:
    path = data_dir / "land_buildings.csv"
    for number, rec in _read(path, BUILDING_COLUMNS):
        where = f"{path.name} row {number} ({rec['code']})"
        if (
            Building.objects.unscoped(SYSTEM_WORK)
            .filter(park=lookup.park, code=rec["code"])
            .exists()
        ):
            result.unchanged += 1
            continue
        fields = dict(rec)
        fields["parcel"] = lookup.parcel(rec["parcel"], where) if rec["parcel"] else None
        try:
            building_services.building_create(park=lookup.park, **fields)
        except ValidationError as exc:
            raise _refused(where, exc) from exc
        result.created += 1


def _units(data_dir: Path, lookup: _Lookup, result: LoadResult) -> None:
    path = data_dir / "land_units.csv"
    buildings = {b.code: b for b in Building.objects.unscoped(SYSTEM_WORK).filter(park=lookup.park)}
    for number, rec in _read(path, UNIT_COLUMNS):
        where = f"{path.name} row {number} ({rec['building']}-{rec['code']})"
        building = buildings.get(rec["building"])
        if building is None:
            raise LandFileError(f"{where}: no building {rec['building']!r} in land_buildings.csv")
        if Unit.objects.unscoped(SYSTEM_WORK).filter(building=building, code=rec["code"]).exists():
            result.unchanged += 1
            continue
        tenant = lookup.enterprise(rec["tenant"], where)
        if tenant is not None and rec["tenant_name"] and rec["tenant_name"] != tenant.name:
            raise LandFileError(
                f"{where}: credit code {rec['tenant']} is {tenant.name}, not {rec['tenant_name']}"
            )
        fields = {k: v for k, v in rec.items() if k not in ("building", "tenant", "tenant_name")}
        try:
            building_services.unit_create(building=building, tenant=tenant, **fields)
        except ValidationError as exc:
            raise _refused(where, exc) from exc
        result.created += 1


def _freed(data_dir: Path, lookup: _Lookup, result: LoadResult) -> None:
    """The parcel each redevelopment decision freed (``腾出地块`` of
    redevelopment_decisions.csv), set on the decision the evaluation demo recorded."""
    path = data_dir / "redevelopment_decisions.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, rec in enumerate(rows, start=2):
        code = (rec.get("腾出地块") or "").strip()
        if not code:
            continue
        where = f"{path.name} row {number}"
        parcel = lookup.parcel(code, where)
        decision = (
            Decision.objects.unscoped(SYSTEM_WORK)
            .filter(
                enterprise__park=lookup.park,
                enterprise__uscc=rec["统一社会信用代码"],
                kind=rec["决策"],
            )
            .first()
        )
        if decision is None:
            raise LandFileError(f"{where}: its decision was not loaded")
        if decision.parcel_id == parcel.pk:
            result.unchanged += 1
            continue
        try:
            decision_update(decision=decision, expected_version=decision.version, parcel=parcel)
        except ValidationError as exc:
            raise _refused(where, exc) from exc
        result.updated += 1
