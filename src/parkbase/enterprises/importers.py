"""Column specs of the enterprise and yearly-data spreadsheets: one list serves the
import, the downloadable template and the export, so an export re-imports unchanged."""

from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, SOURCE_ZH, STATUS_ZH
from parkbase.imports.columns import area, count, date, money, tonnes, yes_no
from parkbase.imports.engine import Column

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
    yes_no("is_above_size", "规上企业", "是否规上", "规上", "above size"),
    yes_no("is_high_tech", "高新技术企业", "高新技术", "high tech"),
    yes_no("is_specialized", "专精特新", "specialized"),
    yes_no("is_listed", "上市企业", "是否上市", "上市", "listed"),
    Column("phase", ("园区期次", "期次", "所在期", "phase"), main=True),
    Column("department", ("主管部门", "监管部门", "department"), main=True),
    Column("address", ("地址", "企业地址", "address")),
    Column("legal_representative", ("法定代表人", "法人代表", "legal representative")),
    Column("contact_person", ("联系人", "contact person")),
    Column("contact_phone", ("联系电话", "电话", "contact phone")),
    date("founded_on", "成立日期", "成立时间", "founding date"),
    date("moved_in_on", "入园日期", "入园时间", "move-in date"),
    money("registered_capital", "注册资本", "registered capital"),
)


YEAR_COLUMNS = (
    Column("uscc", ("统一社会信用代码", "信用代码", "社会信用代码", "uscc"), main=True),
    Column("name", ("企业名称", "名称", "单位名称", "name"), main=True),
    Column("year", ("年度", "年份", "year"), kind="year", required=True),
    area("land_area", "土地面积", "占地面积", "用地面积", "land area"),
    area("land_leased_in", "租入土地面积", "租用土地面积", "land leased in"),
    area("land_leased_out", "租出土地面积", "出租土地面积", "land leased out"),
    area("building_area", "建筑面积", "building area"),
    count("staff_year_end", "年末从业人员", "从业人员", "职工人数", "staff at year end"),
    count("staff_average", "平均从业人员", "从业人员平均人数", "average staff"),
    count("staff_rd", "研发人员", "R&D人员", "R&D staff"),
    count("staff_postgraduate", "研究生及以上", "研究生", "postgraduates"),
    count("staff_bachelor", "大学本科", "本科", "bachelors"),
    count("staff_college", "大专", "专科", "college graduates"),
    money("gross_output", "工业总产值", "总产值", "gross output"),
    money("value_added", "工业增加值", "增加值", "value added"),
    money("revenue", "营业收入", "销售收入", "revenue"),
    money("main_business_revenue", "主营业务收入", "main business revenue"),
    money("profit", "利润总额", "利润", "profit"),
    money("total_assets", "资产总计", "总资产", "资产总额", "total assets"),
    money("fixed_assets", "固定资产", "固定资产原价", "fixed assets"),
    money("tax_total", "税收总额", "实缴税金", "纳税总额", "全口径税收", "taxes"),
    money("tax_local", "地方税收", "地方留成税收", "local taxes"),
    money("exports", "出口额", "出口交货值", "exports"),
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
    tonnes("cod_t", "化学需氧量", "COD"),
    tonnes("so2_t", "二氧化硫", "SO2"),
    tonnes("nh3n_t", "氨氮", "NH3-N"),
    tonnes("nox_t", "氮氧化物", "NOx"),
    money("rd_spending", "研发经费", "R&D经费", "R&D spending"),
    count("patents", "专利数", "有效专利数", "patents", unit="件"),
    Column("source", ("数据来源", "来源", "source"), kind="choice", choices=SOURCE_ZH),
)

YEAR_FIGURE_FIELDS = tuple(
    c.field for c in YEAR_COLUMNS if c.field not in ("uscc", "name", "year", "source")
)
