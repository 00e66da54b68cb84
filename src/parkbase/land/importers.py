"""The land lists as spreadsheets that export and import back (``imports.records``):
parcels, matched by their code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from parkbase.core.models import Phase
from parkbase.core.scoping import RULE_CHECK
from parkbase.enterprises.models import Enterprise
from parkbase.imports.columns import area, date, number, text
from parkbase.imports.engine import Column
from parkbase.imports.records import RecordSheet, Ref, choice_words
from parkbase.land import services
from parkbase.land.models import Parcel
from parkbase.land.tables import idle_reason_text


def choice(model, field: str, *headers: str, required: bool = False) -> Column:
    return Column(
        field, headers, kind="choice", choices=choice_words(model, field), required=required
    )


def phases(park):
    return Phase.objects.unscoped(RULE_CHECK).filter(park=park)


def enterprises(park):
    return Enterprise.objects.unscoped(RULE_CHECK).filter(park=park)


PHASE = Ref(phases, keys=("name", "code"))
ENTERPRISE = Ref(enterprises, keys=("name", "uscc"))


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


PARCELS = ParcelSheet()
SHEETS = (PARCELS,)
