"""Column specs of the enterprise and yearly-data spreadsheets: one list serves the
import, the downloadable template and the export, so an export re-imports unchanged.

Each column is named here by its template header; the other headers offices write
for it are in the imports' table of header variants (``imports/data/
header_variants.toml``, sections [enterprises] and [years])."""

from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, SOURCE_ZH, STATUS_ZH
from parkbase.imports.columns import area, count, money, tonnes
from parkbase.imports.engine import Column
from parkbase.imports.variants import with_variants

YES_NO = {"是": True, "否": False}

ENTERPRISE_COLUMNS = with_variants(
    "enterprises",
    (
        Column("name", ("企业名称",), required=True),
        Column("uscc", ("统一社会信用代码",), main=True, compacted=True),
        Column(
            "registration_type",
            ("登记注册类型",),
            kind="choice",
            choices=REGISTRATION_TYPE_ZH,
        ),
        Column("industry_code", ("行业代码",), main=True),
        Column("status", ("状态",), kind="choice", choices=STATUS_ZH),
        Column("is_above_size", ("规上企业",), kind="bool"),
        Column("is_high_tech", ("高新技术企业",), kind="bool"),
        Column("is_specialized", ("专精特新",), kind="bool"),
        Column("is_listed", ("上市企业",), kind="bool"),
        Column("phase", ("园区期次",), main=True),
        Column("department", ("主管部门",), main=True),
        Column("address", ("地址",)),
        Column("legal_representative", ("法定代表人",)),
        Column("contact_person", ("联系人",)),
        Column("contact_phone", ("联系电话",)),
        # a year alone (成立年份 2015) is the founding year: 1 January of that year
        Column("founded_on", ("成立日期",), kind="date", year_alone=True),
        Column("moved_in_on", ("入园日期",), kind="date"),
        Column(
            "registered_capital",
            ("注册资本",),
            kind="decimal",
            unit_kind="money",
            default_unit="万元",
        ),
    ),
)


YEAR_COLUMNS = with_variants(
    "years",
    (
        Column("uscc", ("统一社会信用代码",), main=True, compacted=True),
        Column("name", ("企业名称",), main=True),
        Column("year", ("年度",), kind="year", required=True),
        area("land_area", "土地面积"),
        area("land_leased_in", "租入土地面积"),
        area("land_leased_out", "租出土地面积"),
        area("building_area", "建筑面积"),
        count("staff_year_end", "年末从业人员"),
        count("staff_average", "平均从业人员"),
        count("staff_rd", "研发人员"),
        count("staff_postgraduate", "研究生及以上"),
        count("staff_bachelor", "大学本科"),
        count("staff_college", "大专"),
        money("gross_output", "工业总产值"),
        money("value_added", "工业增加值"),
        money("revenue", "营业收入"),
        money("main_business_revenue", "主营业务收入"),
        money("profit", "利润总额"),
        money("total_assets", "资产总计"),
        money("fixed_assets", "固定资产"),
        money("tax_total", "税收总额"),
        money("tax_local", "地方税收"),
        money("exports", "出口额"),
        Column(
            "energy_tce",
            ("综合能耗",),
            kind="decimal",
            unit_kind="energy",
            default_unit="吨标煤",
            places=3,
        ),
        Column(
            "electricity_kwh",
            ("用电量",),
            kind="int",
            unit_kind="electricity",
            default_unit="千瓦时",
        ),
        tonnes("cod_t", "化学需氧量"),
        tonnes("so2_t", "二氧化硫"),
        tonnes("nh3n_t", "氨氮"),
        tonnes("nox_t", "氮氧化物"),
        # the total, where an office gives no breakdown (the evaluation uses it then)
        tonnes("pollutants_t", "主要污染物排放量"),
        money("rd_spending", "研发经费"),
        count("patents", "专利数", unit="件"),
        Column("source", ("数据来源",), kind="choice", choices=SOURCE_ZH),
    ),
)

YEAR_FIGURE_FIELDS = tuple(
    c.field for c in YEAR_COLUMNS if c.field not in ("uscc", "name", "year", "source")
)

# The survey workbook: the enterprise and its year's figures on one row; the columns
# both kinds have (企业名称, 统一社会信用代码) once, as the enterprise's.
SURVEY_YEAR_COLUMNS = tuple(c for c in YEAR_COLUMNS if c.field not in ("uscc", "name"))
SURVEY_COLUMNS = (*ENTERPRISE_COLUMNS, *SURVEY_YEAR_COLUMNS)
