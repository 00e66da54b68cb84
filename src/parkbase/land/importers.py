"""The land lists as spreadsheets that export and import back (``imports.records``):
parcels and buildings matched by their code, units by their building's code and
their own, approvals by their number (编号) or name."""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from parkbase.core import contributions
from parkbase.core.scoping import RULE_CHECK, UNDER_PARENT
from parkbase.enterprises.refs import ENTERPRISE, PHASE
from parkbase.imports.columns import area, date, number, text, whole
from parkbase.imports.engine import Column
from parkbase.imports.records import RecordSheet, Ref, choice_words, number_column
from parkbase.land import selectors, services
from parkbase.land.models import Approval, Building, Parcel, Unit
from parkbase.land.services import buildings as building_services
from parkbase.land.tables import idle_reason_text, occupancy


def choice(model, field: str, *headers: str, required: bool = False) -> Column:
    return Column(
        field, headers, kind="choice", choices=choice_words(model, field), required=required
    )


def parcels(park):
    return Parcel.objects.unscoped(RULE_CHECK).filter(park=park).only("id", "code", "park")


def buildings(park):
    return Building.objects.unscoped(RULE_CHECK).filter(park=park)


PARCEL = Ref(parcels, keys=("code",), shown="code")
PARCELS_MANY = Ref(parcels, keys=("code",), shown="code", many=True)
BUILDING = Ref(buildings, keys=("code",), shown="code")


class ParcelSheet(RecordSheet):
    kind = "parcels"
    label = _("Parcels")
    model = Parcel
    key = ("code",)
    refs = {"phase": PHASE, "owner_enterprise": ENTERPRISE}
    notes = _(
        "Parcels are matched by their code (宗地编号); a blank cell leaves the value as it "
        "is. The status, the idle finding and the outline's area are computed: the export "
        "writes them, an import leaves them alone. Outlines are imported as GeoJSON "
        "(parkbase land import-geojson)."
    )

    def __init__(self):
        self.columns = (
            text("code", "宗地编号", "地块编号", required=True),
            text("name", "地块名称", "名称", required=True),
            text("location", "坐落", "位置"),
            text("phase", "园区期次"),
            area("area", "面积", "宗地面积", "土地面积"),
            choice(Parcel, "ownership", "权属", "土地权属"),
            text("owner_name", "权利人", "土地使用权人"),
            text("owner_enterprise", "权利人企业", "园区企业"),
            choice(Parcel, "planned_use", "规划用途"),
            choice(Parcel, "current_use", "现状用途"),
            choice(Parcel, "certificate_status", "证书状态", "办证情况"),
            text("certificate_no", "证书编号", "不动产权证号"),
            choice(Parcel, "use_status", "使用状态"),
            date("contract_signed_on", "出让合同签订日期"),
            date("agreed_start_on", "约定开工日期"),
            date("started_on", "实际开工日期", "开工日期"),
            date("halted_since", "停工日期"),
            number("invested_share", "已投资比例"),
            number("developed_share", "已开发比例"),
            choice(Parcel, "low_efficiency", "低效用地类型"),
            text("price_guidance", "价格指导"),
            text("contact", "联系人", "联系方式"),
            text("note", "备注"),
            Column(
                "status",
                ("状态",),
                kind="choice",
                choices=choice_words(Parcel, "status"),
                derived=True,
            ),
            Column("idle_reason", ("闲置原因",), derived=True),
            Column("idle_since", ("闲置起始日期",), kind="date", derived=True),
            Column(
                "geometry_area",
                ("图形面积",),
                kind="decimal",
                unit_kind="area",
                default_unit="平方米",
                derived=True,
            ),
        )

    def value(self, record, field):
        if field == "idle_reason":
            return idle_reason_text(record.idle_reason) if record.idle_reason else ""
        return super().value(record, field)

    def records(self, park):
        return super().records(park).defer("geometry")

    def prefetch(self, queryset):
        return queryset.select_related("phase", "owner_enterprise").defer("geometry")

    def create(self, *, park, user, values):
        return services.parcel_create(park=park, user=user, **values)

    def update(self, *, record, user, values):
        return services.parcel_update(
            parcel=record, expected_version=record.version, user=user, **values
        )


# ---------------------------------------------------------------- approvals


def served_choices(park, user):
    """The records an approval may serve, as the importing user may name them (the
    link belongs to the app of those records: ``core.contributions.APPROVAL_SERVES``)."""
    link = contributions.APPROVAL_SERVES()
    return link.choices(user, park) if link is not None else ()


class ApprovalSheet(RecordSheet):
    kind = "land-approvals"
    label = _("Land quotas and approvals")
    model = Approval
    key = ("name",)
    notes = _(
        "An approval is matched by its number (编号, as the export writes it), else by its "
        "name; a row with neither creates one. Parcels are named by their codes, several "
        "separated by 、. The project is named as the list shows it (a confidential "
        "project by its code name). A blank cell leaves the value as it is; the "
        "placeholders an export shows instead of a confidential approval's details are "
        "no change either."
    )
    served_field = "serves"

    def __init__(self):
        self.columns = (
            number_column(),
            text("name", "名称", "批次名称", "审批事项", required=True),
            choice(Approval, "kind", "类型", "审批类型", required=True),
            text("reference", "文号", "批准文号"),
            text("authority", "审批机关", "批准机关"),
            choice(Approval, "status", "状态", "审批状态"),
            area("requested_area", "申请面积", "报批面积"),
            area("approved_area", "批准面积", "获批面积"),
            date("submitted_on", "报批日期", "申报日期"),
            date("decided_on", "批复日期", "决定日期"),
            text(self.served_field, "项目", "服务项目", "所属项目"),
            text("parcels", "宗地", "宗地编号", "涉及宗地"),
            text("note", "备注"),
        )

    @property
    def refs(self):
        # what an approval serves is provided when every app is ready: asked at use
        link = contributions.APPROVAL_SERVES()
        keys = link.import_keys if link is not None else ("name",)
        served = Ref(served_choices, keys=keys, shown=keys[0], per_user=True)
        return {"parcels": PARCELS_MANY, self.served_field: served}

    def value(self, record, field):
        if field != self.served_field:
            return super().value(record, field)
        link = contributions.APPROVAL_SERVES()
        served = link.served_id(record) if link is not None else None
        if served is None:
            return None
        # the rows come marked by visible_to: shown as the list's reader may see it
        return SimpleNamespace(pk=served, **{self.refs[field].shown: link.shown_name(None, record)})

    def _with_parcels(self, queryset):
        codes = Parcel.objects.unscoped(UNDER_PARENT).only("id", "code")
        return queryset.prefetch_related(Prefetch("parcels", queryset=codes))

    def records(self, park):
        approvals = self._with_parcels(super().records(park))
        link = contributions.APPROVAL_SERVES()
        return link.annotate(approvals) if link is not None else approvals

    def prefetch(self, queryset):
        return self._with_parcels(queryset)  # the filterset annotated what each serves

    def create(self, *, park, user, values):
        return services.approval_create(park=park, user=user, **values)

    def update(self, *, record, user, values):
        return services.approval_update(
            approval=record, expected_version=record.version, user=user, **values
        )


# ---------------------------------------------------------------- buildings and units


def area_derived(field: str, header: str) -> Column:
    return Column(
        field, (header,), kind="decimal", unit_kind="area", default_unit="平方米", derived=True
    )


class BuildingSheet(RecordSheet):
    kind = "buildings"
    label = _("Buildings")
    model = Building
    key = ("code",)
    refs = {"parcel": PARCEL}
    notes = _(
        "Buildings are matched by their code (楼宇编号); a blank cell leaves the value as "
        "it is. The parcel is named by its code. The letting figures are computed from "
        "the units (import those as units): the export writes them, an import leaves "
        "them alone."
    )

    def __init__(self):
        self.columns = (
            text("code", "楼宇编号", "楼栋编号", required=True),
            text("name", "名称", "楼宇名称", required=True),
            choice(Building, "kind", "类型", "楼宇类型"),
            text("parcel", "宗地", "宗地编号", "所在宗地"),
            whole("floors", "层数", "楼层数"),
            area("floor_area", "建筑面积"),
            whole("completed_year", "竣工年份", "建成年份"),
            text("rent_guidance", "参考租金", "租金指导"),
            text("contact", "联系方式", "联系人"),
            text("note", "备注"),
            Column("unit_count", ("单元数",), kind="int", derived=True),
            area_derived("occupied_area", "已租面积"),
            area_derived("vacant_area", "空置面积"),
            area_derived("reserved_area", "预留面积"),
            Column("occupancy", ("出租率",), derived=True),
        )

    def value(self, record, field):
        if field == "occupancy":
            return occupancy(record)
        return super().value(record, field)

    def prefetch(self, queryset):
        if "units_area" not in queryset.query.annotations:
            queryset = selectors.with_space(queryset)
        return queryset.select_related("parcel")

    def create(self, *, park, user, values):
        return building_services.building_create(park=park, user=user, **values)

    def update(self, *, record, user, values):
        return building_services.building_update(
            building=record, expected_version=record.version, user=user, **values
        )


class UnitSheet(RecordSheet):
    kind = "units"
    label = _("Units of buildings")
    model = Unit
    key = ("building", "code")
    refs = {"building": BUILDING, "tenant": ENTERPRISE}
    notes = _(
        "Units are matched by their building's code (楼宇编号) and their own (单元编号); "
        "a blank cell leaves the value as it is. The tenant is a park enterprise, named "
        "by its name or credit code; the rent is in 元/平方米·月."
    )

    def __init__(self):
        self.columns = (
            text("building", "楼宇编号", "楼栋编号", required=True),
            text("code", "单元编号", "单元", "房号", required=True),
            whole("floor", "楼层", "所在楼层"),
            area("area", "面积", "单元面积", "建筑面积"),
            choice(Unit, "status", "状态", "出租状态"),
            text("tenant", "租户", "承租企业"),
            text("reserved_for", "预留对象", "预留给"),
            number("rent", "租金", "月租金"),
            date("lease_from", "租期起", "租赁起始日期"),
            date("lease_until", "租期止", "租赁截止日期"),
            text("note", "备注"),
        )

    def records(self, park):
        units = Unit.objects.unscoped(RULE_CHECK).filter(building__park=park)
        return units.select_related("building", "tenant")

    def prefetch(self, queryset):
        return queryset.select_related("building", "tenant")

    def create(self, *, park, user, values):
        building = values.pop("building")
        return building_services.unit_create(building=building, user=user, **values)

    def update(self, *, record, user, values):
        return building_services.unit_update(
            unit=record, expected_version=record.version, user=user, **values
        )


PARCELS = ParcelSheet()
APPROVALS = ApprovalSheet()
BUILDINGS = BuildingSheet()
UNITS = UnitSheet()
SHEETS = (PARCELS, APPROVALS, BUILDINGS, UNITS)
