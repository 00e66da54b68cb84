"""Column specs of the enterprise and yearly-data spreadsheets: one list serves the
import, the downloadable template and the export, so an export re-imports unchanged."""

from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, SOURCE_ZH, STATUS_ZH
from parkbase.imports.engine import Column

YES_NO = {"是": True, "否": False}

ENTERPRISE_COLUMNS = (
    Column("name", ("企业名称", "名称", "单位名称", "企业", "name", "enterprise"), required=True),
    Column(
        "uscc", ("统一社会信用代码", "信用代码", "社会信用代码", "uscc", "credit code"), main=True
    ),
    Column(
        "registration_type",
        ("登记注册类型", "注册类型", "registration type"),
        kind="choice",
        choices=REGISTRATION_TYPE_ZH,
    ),
    Column("industry_code", ("行业代码", "国民经济行业代码", "industry code"), main=True),
    Column("status", ("状态", "经营状态", "生产状态", "status"), kind="choice", choices=STATUS_ZH),
    Column("is_above_size", ("规上企业", "是否规上", "规上", "above size"), kind="bool"),
    Column("is_high_tech", ("高新技术企业", "高新技术", "high tech"), kind="bool"),
    Column("is_specialized", ("专精特新", "specialized"), kind="bool"),
    Column("is_listed", ("上市企业", "是否上市", "上市", "listed"), kind="bool"),
    Column("phase", ("园区期次", "期次", "所在期", "phase"), main=True),
    Column("department", ("主管部门", "监管部门", "department"), main=True),
    Column("address", ("地址", "企业地址", "address")),
    Column("legal_representative", ("法定代表人", "法人代表", "legal representative")),
    Column("contact_person", ("联系人", "contact person")),
    Column("contact_phone", ("联系电话", "电话", "contact phone")),
    Column("founded_on", ("成立日期", "成立时间", "founding date"), kind="date"),
    Column("moved_in_on", ("入园日期", "入园时间", "move-in date"), kind="date"),
    Column(
        "registered_capital",
        ("注册资本", "registered capital"),
        kind="decimal",
        unit_kind="money",
        default_unit="万元",
    ),
)


def _money(field, *headers):
    return Column(field, headers, kind="decimal", unit_kind="money", default_unit="万元")


def _area(field, *headers):
    return Column(field, headers, kind="decimal", unit_kind="area", default_unit="平方米")


def _count(field, *headers, unit="人"):
    return Column(field, headers, kind="int", unit_kind="count", default_unit=unit)


def _tonnes(field, *headers):
    return Column(field, headers, kind="decimal", unit_kind="tonnes", default_unit="吨", places=3)


YEAR_COLUMNS = (
    Column("uscc", ("统一社会信用代码", "信用代码", "社会信用代码", "uscc"), main=True),
    Column("name", ("企业名称", "名称", "单位名称", "name"), main=True),
    Column("year", ("年度", "年份", "year"), kind="year", required=True),
    _area("land_area", "土地面积", "占地面积", "用地面积", "land area"),
    _area("land_leased_in", "租入土地面积", "租用土地面积", "land leased in"),
    _area("land_leased_out", "租出土地面积", "出租土地面积", "land leased out"),
    _area("building_area", "建筑面积", "building area"),
    _count("staff_year_end", "年末从业人员", "从业人员", "职工人数", "staff at year end"),
    _count("staff_average", "平均从业人员", "从业人员平均人数", "average staff"),
    _count("staff_rd", "研发人员", "R&D人员", "R&D staff"),
    _count("staff_postgraduate", "研究生及以上", "研究生", "postgraduates"),
    _count("staff_bachelor", "大学本科", "本科", "bachelors"),
    _count("staff_college", "大专", "专科", "college graduates"),
    _money("gross_output", "工业总产值", "总产值", "gross output"),
    _money("value_added", "工业增加值", "增加值", "value added"),
    _money("revenue", "营业收入", "销售收入", "revenue"),
    _money("main_business_revenue", "主营业务收入", "main business revenue"),
    _money("profit", "利润总额", "利润", "profit"),
    _money("total_assets", "资产总计", "总资产", "资产总额", "total assets"),
    _money("fixed_assets", "固定资产", "固定资产原价", "fixed assets"),
    _money("tax_total", "税收总额", "实缴税金", "纳税总额", "全口径税收", "taxes"),
    _money("tax_local", "地方税收", "地方留成税收", "local taxes"),
    _money("exports", "出口额", "出口交货值", "exports"),
    Column(
        "energy_tce",
        ("综合能耗", "能源消费量", "energy"),
        kind="decimal",
        unit_kind="energy",
        default_unit="吨标煤",
        places=3,
    ),
    Column(
        "electricity_kwh",
        ("用电量", "电力消费量", "electricity"),
        kind="int",
        unit_kind="electricity",
        default_unit="千瓦时",
    ),
    _tonnes("cod_t", "化学需氧量", "COD"),
    _tonnes("so2_t", "二氧化硫", "SO2"),
    _tonnes("nh3n_t", "氨氮", "NH3-N"),
    _tonnes("nox_t", "氮氧化物", "NOx"),
    _money("rd_spending", "研发经费", "R&D经费", "R&D spending"),
    _count("patents", "专利数", "有效专利数", "patents", unit="件"),
    Column("source", ("数据来源", "来源", "source"), kind="choice", choices=SOURCE_ZH),
)

YEAR_FIGURE_FIELDS = tuple(
    c.field for c in YEAR_COLUMNS if c.field not in ("uscc", "name", "year", "source")
)
