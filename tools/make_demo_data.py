#!/usr/bin/env python3
"""Generate the demo park (CSV files in src/parkbase/demo/data/) and check them.

The demo park is the park of the 2019 work summary in shared/seed: 59 enterprises
in phases 1–4, supervised by 7 district departments, surveyed in 2019. The named
enterprises of the summary are here: 中钞信达 and 德科斯米尔 (both expanded in
2019) and 沈东自动化研究所 (stopped for years). Everything else is invented.

    python tools/make_demo_data.py            # write the CSV files, then check them
    python tools/make_demo_data.py --check    # only check the files on disk

Standard library only; deterministic (random.Random(2019)): running it twice gives
byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "parkbase" / "demo" / "data"
YEARS = (2017, 2018, 2019)
SURVEY_YEAR = 2019
TODAY = dt.date(2020, 5, 9)  # the day the summary was published; all dates lie before it
ABOVE_SIZE_YUAN_WAN = Decimal(2000)  # 规上: main-business revenue ≥ 2,000 万元

PARK = (
    "shendong",
    "沈阳沈东工业园区(高新区)",
    "Shenyang Shendong Industrial Park (High-tech Zone)",
)
PHASES = (("P1", "一期", 1), ("P2", "二期", 2), ("P3", "三期", 3), ("P4", "四期", 4))
DEPARTMENTS = (
    ("D01", "区工业和信息化局"),
    ("D02", "区国有资产监督管理局"),
    ("D03", "区科学技术局"),
    ("D04", "区商务局"),
    ("D05", "区二轻工业联社"),
    ("D06", "区农业农村局"),
    ("D07", "区住房和城乡建设局"),
)
DISTRICT = "沈阳市大东区"
DISTRICT_CODE = "210104"

HEADERS = {
    "parks.csv": ["代码", "名称", "英文名称"],
    "phases.csv": ["园区代码", "代码", "名称", "排序"],
    "departments.csv": ["园区代码", "代码", "名称"],
    "enterprises.csv": [
        "企业名称",
        "统一社会信用代码",
        "登记注册类型",
        "行业代码",
        "状态",
        "规上企业",
        "高新技术企业",
        "专精特新",
        "上市企业",
        "园区期次",
        "主管部门",
        "地址",
        "法定代表人",
        "联系人",
        "联系电话",
        "成立日期",
        "入园日期",
        "注册资本(万元)",
    ],
    "enterprise_years.csv": [
        "统一社会信用代码",
        "企业名称",
        "年度",
        "土地面积(平方米)",
        "租入土地面积(平方米)",
        "租出土地面积(平方米)",
        "建筑面积(平方米)",
        "年末从业人员(人)",
        "平均从业人员(人)",
        "研发人员(人)",
        "研究生及以上(人)",
        "大学本科(人)",
        "大专(人)",
        "工业总产值(万元)",
        "工业增加值(万元)",
        "营业收入(万元)",
        "主营业务收入(万元)",
        "利润总额(万元)",
        "资产总计(万元)",
        "固定资产(万元)",
        "税收总额(万元)",
        "地方税收(万元)",
        "出口额(万元)",
        "综合能耗(吨标煤)",
        "用电量(千瓦时)",
        "化学需氧量(吨)",
        "二氧化硫(吨)",
        "氨氮(吨)",
        "氮氧化物(吨)",
        "研发经费(万元)",
        "专利数(件)",
        "数据来源",
    ],
    "users.csv": ["用户名", "密码", "角色", "姓名", "范围"],
    "survey_campaigns.csv": [
        "园区代码",
        "名称",
        "年度",
        "状态",
        "开始日期",
        "范围期次",
        "范围部门",
    ],
    "survey_teams.csv": ["调查名称", "组名", "组长", "成员"],
    "survey_progress.csv": [
        "调查名称",
        "统一社会信用代码",
        "企业名称",
        "状态",
        "走访日期",
        "走访记录",
    ],
    "concerns.csv": [
        "调查名称",
        "统一社会信用代码",
        "企业名称",
        "类别",
        "诉求内容",
        "责任部门",
        "提出日期",
        "办理期限",
        "状态",
        "处理结果",
        "办结日期",
        "提出人",
    ],
}

# --------------------------------------------------------------------------- USCC
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31, i = 1..17
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997


def uscc_check(first17: str) -> str:
    """Check character of GB 32100-2015: (31 − Σ value·weight mod 31) mod 31."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_is_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in USCC_ALPHABET for c in code)
        and code[2:8].isdigit()
        and uscc_check(code[:17]) == code[17]
    )


def org_code_check(first8: str) -> str:
    """Check character of the 9-character organisation code (GB 11714-1997)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


# --------------------------------------------------------------------------- the firms
# name | industry (GB/T 4754-2017 division) | registration type | department | phase |
# status | mode | flags (H high-tech, Z 专精特新, L listed, E exporter)
# modes: L above-size, S small, X expanding in 2019, HS18/HS19 half-stopped since 2018/2019,
# HL19 half-stopped since 2019 (was above-size), DEAD stopped for years, STOP18/STOP19
# stopped since 2018/2019, INST the research institute.
FIRMS = """
沈阳沈东自动化研究所|73|事业单位|D03|P1|停产|INST|
沈阳东联机床附件厂|34|国有企业|D02|P1|停产|DEAD|
沈阳市盛京铸造厂|33|集体企业|D05|P1|停产|STOP18|
沈阳红星橡胶制品厂|29|集体企业|D05|P1|半停产|HS18|
沈阳北方阀门制造有限公司|34|有限责任公司|D01|P1|在产|L|
沈阳东方彩印厂|23|国有企业|D02|P1|半停产|HS19|
沈阳市东兴五金工具厂|33|集体企业|D05|P1|在产|S|
沈阳华电电机修造厂|38|国有企业|D02|P1|在产|S|
沈阳金桥变压器有限公司|38|有限责任公司|D01|P1|在产|L|E
沈阳辽东食品有限公司|14|私营企业|D06|P1|在产|S|
沈阳东宇塑料制品厂|29|集体企业|D05|P1|在产|S|
沈阳鑫达液压件有限公司|34|私营企业|D01|P1|半停产|HS19|
沈阳天工建材有限公司|30|私营企业|D07|P1|停产|DEAD|
沈阳长青纸制品厂|22|集体企业|D05|P1|停产|STOP19|
沈阳康华制药有限公司|27|有限责任公司|D03|P1|在产|L|H
沈阳宏业锅炉辅机厂|34|国有企业|D02|P1|半停产|HL19|
沈阳中钞信达金融设备有限公司|34|有限责任公司|D01|P2|在产|X|H
德科斯米尔(沈阳)焊接技术有限公司|34|外商投资企业|D04|P2|在产|X|E
沈阳金诺精密模具有限公司|35|港澳台商投资企业|D04|P2|在产|L|E
沈阳华盛电线电缆有限公司|38|私营企业|D01|P2|在产|L|
沈阳恒信包装制品有限公司|22|私营企业|D01|P2|在产|S|
沈阳北辰电子仪表有限公司|40|有限责任公司|D03|P2|在产|S|HZ
沈阳永泰机械制造有限公司|34|私营企业|D01|P2|在产|S|
沈阳鼎盛钢结构有限公司|33|私营企业|D07|P2|在产|S|
沈阳松岩涂料有限公司|26|私营企业|D01|P2|半停产|HS18|
沈阳东兴汽车部件股份有限公司|36|股份有限公司|D01|P2|在产|L|
辽宁瑞丰科技股份有限公司|39|股份有限公司|D03|P2|在产|L|HLE
沈阳东郊酒业有限公司|15|私营企业|D06|P2|在产|S|
沈阳市龙源工艺美术厂|24|集体企业|D05|P2|停产|STOP18|
沈阳铁建轨道配件有限公司|37|有限责任公司|D02|P2|在产|L|
沈阳华冶耐火材料有限公司|30|有限责任公司|D07|P2|半停产|HS19|
沈阳光明服装有限公司|18|私营企业|D04|P2|在产|S|E
沈阳博远自动化设备有限公司|34|私营企业|D03|P3|在产|S|HZ
沈阳科瑞森泵业有限公司|34|外商投资企业|D04|P3|在产|L|E
沈阳安泰医疗器械有限公司|35|私营企业|D03|P3|在产|S|H
沈阳金鹏航空零部件制造有限公司|37|有限责任公司|D01|P3|在产|L|Z
沈阳丰禾饲料有限公司|13|私营企业|D06|P3|在产|L|
沈阳大通物流有限公司|59|私营企业|D04|P3|在产|S|
沈阳韩一精密铸造有限公司|33|外商投资企业|D04|P3|在产|S|E
沈阳恒通电气设备有限公司|38|私营企业|D01|P3|在产|L|
沈阳盛达彩色印刷有限公司|23|私营企业|D01|P3|在产|S|
沈阳金城塑胶有限公司|29|港澳台商投资企业|D04|P3|半停产|HS18|
沈阳东瑞环保设备有限公司|35|有限责任公司|D07|P3|在产|S|
沈阳市沈东供电服务公司|44|国有企业|D02|P3|在产|L|
辽宁瑞康生物医药股份有限公司|27|股份有限公司|D03|P3|在产|L|H
沈阳宏达标准件有限公司|34|私营企业|D01|P3|在产|S|
沈阳美洁日化有限公司|26|私营企业|D01|P3|半停产|HS19|
沈阳智联光电科技有限公司|39|有限责任公司|D03|P4|在产|S|H
沈阳翔宇精工机械有限公司|37|私营企业|D01|P4|在产|S|
辽宁东盛新材料股份有限公司|30|股份有限公司|D07|P4|在产|L|
沈阳格瑞特检测仪器有限公司|40|私营企业|D03|P4|在产|S|
沈阳稻香园粮油有限公司|13|私营企业|D06|P4|在产|S|
沈阳奥斯特电梯部件有限公司|34|外商投资企业|D04|P4|在产|S|E
沈阳绿源再生资源有限公司|42|私营企业|D07|P4|在产|S|
沈阳捷力数控机床有限公司|34|有限责任公司|D01|P4|半停产|HS18|
沈阳金泰铝业有限公司|32|私营企业|D01|P4|在产|S|
沈阳台昌精密五金有限公司|33|港澳台商投资企业|D04|P4|在产|S|E
辽宁鑫源电力设备股份有限公司|38|股份有限公司|D01|P4|在产|L|
沈阳东昇医药包装材料有限公司|29|私营企业|D03|P4|在产|S|
"""

ZHONGCHAO = "中钞信达"
DEKE = "德科斯米尔"
INSTITUTE = "沈东自动化研究所"
NON_INDUSTRIAL = {"59", "73"}  # no industrial output: warehousing, research

# tce per 万元 of gross output, by industry
HEAVY = {"22", "26", "29", "30", "32", "33"}
LIGHT = {"39", "40", "44", "73", "59"}
WET = {"13", "14", "15", "22", "23", "26", "27", "42"}  # industries with process wastewater
ROADS = {
    "P1": ("沈东一路", "沈东二路", "兴园街"),
    "P2": ("沈东三路", "沈东四路", "汇工街"),
    "P3": ("沈东五路", "创业路", "科技路"),
    "P4": ("沈东六路", "智造街", "创新路"),
}
MOVE_IN_YEARS = {"P1": (1992, 1998), "P2": (1999, 2004), "P3": (2005, 2010), "P4": (2011, 2016)}
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋"
    "蔡贾丁魏薛叶阎潘杜戴夏钟汪田任姜范方石姚谭邹金陆郝孔白崔康毛邱秦史顾侯邵孟段雷钱尹常武乔贺关佟"
)
GIVEN_NAMES = (
    "建国 振华 玉梅 淑芬 立新 海涛 宏伟 志刚 丽娟 春生 桂兰 德福 晓东 永强 长海 凤琴 秀英 国庆 "
    "铁军 亚男 文博 明辉 红梅 俊峰 雪莲 宝山 广文 树林 金良 敬东 英杰 晓光 立伟 淑华 秀芝 大伟 "
    "继红 占军 福来 春雨 洪涛 丽华 海燕 东升 国栋 冬梅 宇 鹏 磊 静 丹 勇 超 伟 娜 欣 爽 旭 "
    "晓峰 颖 博 岩 宏 利 斌 刚 慧 艳 佳琪 思远 天宇 雨桐 一鸣 成林 学军 凤霞 喜财 永利"
)
GIVEN = tuple(GIVEN_NAMES.split())
MOBILE_PREFIXES = (
    "139",
    "138",
    "137",
    "136",
    "135",
    "159",
    "158",
    "150",
    "151",
    "152",
    "186",
    "187",
    "188",
    "130",
    "131",
    "132",
    "155",
    "156",
    "133",
    "153",
    "189",
)
FOREIGN_REPS = {
    DEKE: "托马斯·施密特",
    "科瑞森": "马库斯·克莱因",
    "韩一": "金永哲",
    "奥斯特": "安德烈亚斯·霍夫曼",
    "金诺": "陈国梁",
    "金城": "黄志明",
    "台昌": "林文雄",
}


def r2(x: float) -> float:
    return round(x + 1e-9, 2)


def r3(x: float) -> float:
    return round(x + 1e-9, 3)


class Maker:
    def __init__(self) -> None:
        self.rnd = random.Random(2019)
        self.used_org: set[str] = set()
        self.used_phone: set[str] = set()
        self.used_names: set[str] = set()
        self.used_addr: set[str] = set()

    # ----------------------------------------------------------------- identity
    def person(self) -> str:
        while True:
            name = self.rnd.choice(SURNAMES) + self.rnd.choice(GIVEN)
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def phone(self) -> str:
        while True:
            number = self.rnd.choice(MOBILE_PREFIXES) + "".join(
                self.rnd.choice("0123456789") for _ in range(8)
            )
            if number not in self.used_phone:
                self.used_phone.add(number)
                return number

    def address(self, phase: str) -> str:
        while True:
            road = self.rnd.choice(ROADS[phase])
            addr = f"{DISTRICT}{road}{self.rnd.randint(1, 88)}号"
            if addr not in self.used_addr:
                self.used_addr.add(addr)
                return addr

    def org_code(self, founded: dt.date, regtype: str) -> str:
        """A 9-character organisation code shaped like those issued in the founding year."""
        y = founded.year
        while True:
            digits = lambda n: "".join(self.rnd.choice("0123456789") for _ in range(n))  # noqa: E731
            if founded >= dt.date(2015, 10, 1):
                chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
                body = "MA0" + "".join(self.rnd.choice(chars) for _ in range(5))
            elif regtype == "事业单位":
                body = "41" + digits(6)
            elif regtype in ("外商投资企业", "港澳台商投资企业") and y < 2010:
                body = self.rnd.choice(("60", "61")) + digits(6)
            elif y <= 1993:
                body = "24" + digits(6)
            elif y <= 1999:
                body = "117" + digits(5)
            elif y <= 2004:
                body = "7" + digits(7)
            elif y <= 2009:
                body = self.rnd.choice(("66", "67", "68", "69")) + digits(6)
            elif y <= 2012:
                body = self.rnd.choice(("55", "56", "57", "58", "59")) + digits(6)
            elif y <= 2014:
                body = self.rnd.choice(("06", "07", "08")) + digits(6)
            else:
                body = self.rnd.choice(("31", "32", "33")) + digits(6)
            code = body + org_code_check(body)
            if code not in self.used_org:
                self.used_org.add(code)
                return code

    def division(self, regtype: str, index: int) -> str:
        """Where the code was issued: the district for most, the city for foreign-invested
        firms, the province or city for joint-stock companies, another district for a few
        firms that moved in from elsewhere."""
        if regtype in ("外商投资企业", "港澳台商投资企业"):
            return "210100"
        if regtype == "股份有限公司":
            return self.rnd.choice(("210000", "210100"))
        if regtype in ("私营企业", "有限责任公司") and index % 7 == 3:
            return self.rnd.choice(("210106", "210103", "210112", "210113"))
        return DISTRICT_CODE

    def uscc(self, regtype: str, founded: dt.date, index: int) -> str:
        head = "12" if regtype == "事业单位" else "91"
        first17 = head + self.division(regtype, index) + self.org_code(founded, regtype)
        return first17 + uscc_check(first17)

    def date_in(self, y0: int, y1: int) -> dt.date:
        start = dt.date(y0, 1, 1).toordinal()
        end = dt.date(y1, 12, 31).toordinal()
        return dt.date.fromordinal(self.rnd.randint(start, end))

    def dates(self, name: str, regtype: str, phase: str) -> tuple[dt.date, dt.date]:
        if ZHONGCHAO in name:
            return dt.date(1998, 6, 18), dt.date(2001, 4, 10)
        if DEKE in name:
            return dt.date(2003, 9, 26), dt.date(2004, 7, 15)
        if INSTITUTE in name:
            return dt.date(1986, 3, 12), dt.date(1993, 5, 20)
        y0, y1 = MOVE_IN_YEARS[phase]
        moved = self.date_in(y0, y1)
        if regtype in ("国有企业", "集体企业"):
            founded = self.date_in(1985, min(1991, moved.year))
        else:
            lo = 1992 if regtype in ("私营企业", "有限责任公司", "股份有限公司") else 1988
            lo = max(lo, 1985, moved.year - 8)
            founded = self.date_in(lo, moved.year)
            if founded > moved:
                founded = moved - dt.timedelta(days=self.rnd.randint(30, 400))
        return founded, moved

    # ----------------------------------------------------------------- figures
    def output_path(self, mode: str) -> list[float]:
        """Gross industrial output (万元) for 2017, 2018, 2019."""
        u = self.rnd.uniform
        if mode == "L":
            o19 = math.exp(u(math.log(3000), math.log(26000)))
            o18 = o19 / u(0.92, 1.10)
            o17 = o18 / u(0.92, 1.10)
        elif mode == "X":
            o19 = u(14000, 22000)
            o18 = o19 / u(1.29, 1.35)
            o17 = o18 / u(0.96, 1.08)
        elif mode == "S":
            o19 = math.exp(u(math.log(180), math.log(1500)))
            o18 = o19 / u(0.92, 1.10)
            o17 = o18 / u(0.92, 1.10)
        elif mode in ("HS18", "HS19", "HL19"):
            o17 = u(3300, 3700) if mode == "HL19" else u(400, 1600)
            f19 = u(0.34, 0.48) if mode == "HL19" else u(0.32, 0.58)
            o19 = o17 * f19
            o18 = o17 * u(0.93, 1.03) if mode in ("HS19", "HL19") else o19 * u(1.0, 1.12)
        elif mode == "STOP18":
            return [u(150, 500), 0.0, 0.0]
        elif mode == "STOP19":
            o17 = u(350, 600)
            return [o17, o17 * u(0.4, 0.6), 0.0]
        else:  # DEAD, INST
            return [0.0, 0.0, 0.0]
        return [o17, o18, o19]

    def firm_years(self, firm: dict) -> list[dict]:
        rnd, u = self.rnd, self.rnd.uniform
        mode, ind = firm["mode"], firm["industry"]
        hitech, exporter = "H" in firm["flags"], "E" in firm["flags"]
        producing = mode in ("L", "S", "X")
        outputs = [r2(x) for x in self.output_path(mode)]
        if ind in NON_INDUSTRIAL and mode == "S":  # a warehouse: turnover, no industrial output
            turnover = outputs
            outputs = [0.0, 0.0, 0.0]
        else:
            turnover = None

        # land and buildings: stable, except the expanding firms in 2019
        if mode == "INST":
            land = u(5200, 7400)
        elif mode in ("L", "X", "HL19"):
            land = u(26000, 92000)
        elif firm["regtype"] in ("国有企业", "集体企业"):
            land = u(14000, 48000)
        elif mode == "DEAD":
            land = u(18000, 26000)
        else:
            land = u(4000, 24000)
        if ind == "44":
            land = u(4500, 6500)
        land = r2(land)
        build_ratio = u(0.5, 0.9) if firm["phase"] == "P1" else u(0.55, 1.2)
        building = r2(land * build_ratio)
        leased_in = r2(u(600, 5000)) if (firm["phase"] == "P4" and rnd.random() < 0.5) else 0.0
        if mode in ("DEAD", "INST", "STOP18", "STOP19", "HS18", "HS19", "HL19"):
            share = 0.0 if firm["name"].startswith("沈阳天工") else u(0.15, 0.5)
            if mode == "INST":
                share = u(0.35, 0.45)
        else:
            share = u(0.04, 0.12) if rnd.random() < 0.12 else 0.0
        leased_out = r2(land * share)

        # firm-level ratios with small yearly jitter
        va_r = u(0.20, 0.33)
        rev_r = u(0.93, 1.07)
        main_r = u(0.90, 1.0)
        margin = u(-0.03, 0.09) if producing else u(-0.12, -0.01)
        if mode == "X":
            margin = u(0.04, 0.08)
        asset_r = u(0.9, 2.0)
        fixed_r = u(0.32, 0.55)
        tax_r = u(0.028, 0.05)
        local_r = u(0.36, 0.48)
        export_r = u(0.15, 0.45) if exporter else 0.0
        if ind in HEAVY:
            energy_r = u(0.15, 0.26)
        elif ind in LIGHT:
            energy_r = u(0.055, 0.09)
        else:
            energy_r = u(0.07, 0.15)
        kwh_r = u(0.8, 1.2)
        cod_r = u(2.0, 12.0) if ind in WET else u(0.2, 1.2)  # t per 亿元 of output
        so2_r = u(1.0, 6.0) if ind in HEAVY else (u(0.1, 0.6) if rnd.random() < 0.4 else 0.0)
        nh3_r = u(0.06, 0.12)  # of COD
        nox_r = u(1.0, 5.0) if ind in HEAVY else u(0.1, 0.9)
        rd_r = u(0.032, 0.055) if hitech else (u(0.003, 0.012) if rnd.random() < 0.45 else 0.0)
        if mode == "X" and not rd_r:
            rd_r = u(0.015, 0.025)
        if ind in ("59", "44"):
            rd_r = 0.0

        # staff
        if producing or mode in ("HS18", "HS19", "HL19"):
            base_out = max(outputs) if turnover is None else max(turnover)
            if firm["regtype"] in ("国有企业", "集体企业") and ind != "44":
                per_head = u(15, 35)  # old plants keep many hands
            elif mode in ("L", "X"):
                per_head = u(45, 110)
            else:
                per_head = u(25, 60)
            n_base = max(rnd.randint(8, 14), int(base_out / per_head))
        else:
            n_base = 0
        rd_share = u(0.12, 0.22) if hitech else (u(0.0, 0.05) if rd_r else 0.0)
        pg_s = u(0.03, 0.08) if hitech else u(0.0, 0.025)
        ba_s = u(0.2, 0.35) if hitech else u(0.05, 0.18)
        co_s = u(0.12, 0.22)

        patents = (
            rnd.randint(8, 40) if hitech else (rnd.randint(1, 6) if rd_r else rnd.randint(0, 1))
        )
        if mode == "INST":
            patents = 3
        pat_path = [
            max(0, patents - rnd.randint(2, 6)),
            max(0, patents - rnd.randint(0, 2)),
            patents,
        ]
        if not hitech:
            pat_path = (
                [patents, patents, patents]
                if rnd.random() < 0.7
                else [max(0, patents - 1), patents, patents]
            )
        pat_path = [min(pat_path[0], pat_path[1]), pat_path[1], pat_path[2]]

        years = []
        prev_end = None
        assets_prev = fixed_prev = None
        for i, year in enumerate(YEARS):
            o = outputs[i]
            row: dict = {"年度": year}
            row_land, row_building, row_in = land, building, leased_in
            if mode == "X" and year == 2019:
                if DEKE in firm["name"]:
                    row_land = r2(land * u(1.16, 1.24))  # a new parcel bought next door
                    row_building = r2(building * u(1.28, 1.36))
                else:
                    row_building = r2(building * u(1.22, 1.3))  # a new workshop on its own land
                    row_in = r2(u(3000, 4500))
            row.update(
                {
                    "土地面积(平方米)": row_land,
                    "租入土地面积(平方米)": row_in,
                    "租出土地面积(平方米)": leased_out,
                    "建筑面积(平方米)": row_building,
                }
            )

            # staff
            if mode == "INST":
                end = (6, 5, 4)[i]
            elif mode == "DEAD":
                end = rnd.randint(6, 9) if i == 0 else max(2, prev_end - rnd.randint(0, 2))
            elif mode == "STOP18":
                end = (rnd.randint(22, 38), rnd.randint(6, 10), rnd.randint(3, 6))[i]
            elif mode == "STOP19":
                end = (rnd.randint(28, 36), rnd.randint(20, 25), rnd.randint(3, 5))[i]
            else:
                scale_out = (turnover or outputs)[i] / max(turnover or outputs)
                if mode in ("HS18", "HS19", "HL19"):
                    end = max(5, round(n_base * (0.55 + 0.45 * scale_out) * u(0.97, 1.03)))
                else:
                    end = max(8, round(n_base * scale_out**0.5 * u(0.98, 1.02)))
            mid = end if prev_end is None else (prev_end + end) / 2
            avg = round(mid * u(0.97, 1.03))
            avg = min(max(avg, math.ceil(end * 0.8)), math.floor(end * 1.2))
            prev_end = end
            rd = min(end, round(end * rd_share)) if o or mode == "INST" else 0
            if mode == "INST":
                rd = 2
            pg = round(end * pg_s)
            ba = round(end * ba_s)
            co = round(end * co_s)
            if mode == "INST":
                pg, ba, co = 1, 2, 1
            row.update(
                {
                    "年末从业人员(人)": end,
                    "平均从业人员(人)": avg,
                    "研发人员(人)": rd,
                    "研究生及以上(人)": pg,
                    "大学本科(人)": ba,
                    "大专(人)": co,
                }
            )

            # output and finance (万元)
            jit = lambda: u(0.99, 1.01)  # noqa: E731
            va = r2(o * min(0.35, max(0.18, va_r * jit())))
            if turnover is not None:
                rev = r2(turnover[i])
            elif o:
                rev = r2(o * min(1.1, max(0.9, rev_r * jit())))
            elif mode == "INST":
                rev = r2(u(2.0, 8.0))  # some rent of the leased-out rooms
            elif leased_out:
                rev = r2(leased_out * u(0.002, 0.004))  # rent: 20–40 元/m² a year
            else:
                rev = 0.0
            main = r2(rev * min(1.0, main_r * u(0.995, 1.0))) if o or turnover else 0.0
            if producing or mode in ("HS18", "HS19", "HL19") or (o and mode.startswith("STOP")):
                profit = r2(rev * (margin + u(-0.01, 0.01)))
            elif rev:
                profit = r2(-rev * u(0.3, 0.9))
            else:
                profit = 0.0
            if o or turnover:
                base = max(turnover or outputs)
                if mode == "X" and year == 2019:
                    assets = r2(assets_prev * u(1.22, 1.3))
                    fixed = r2(fixed_prev * u(1.29, 1.35))
                else:
                    assets = r2(base * asset_r * u(0.98, 1.02) * (1 if mode != "X" else rev / base))
                    fixed = r2(assets * fixed_r * u(0.99, 1.01))
            elif assets_prev is None:  # idle buildings and machines
                assets = r2(land * u(0.028, 0.034) + 40)
                fixed = r2(assets * u(0.6, 0.75))
            else:  # written down year by year
                assets = r2(assets_prev * u(0.95, 0.99))
                fixed = r2(min(assets, fixed_prev * u(0.92, 0.97)))
            assets_prev, fixed_prev = assets, fixed
            if o or turnover:
                tax = r2(rev * tax_r * jit())
            elif rev:
                tax = r2(rev * u(0.08, 0.12))  # property tax on the rent
            else:
                tax = 0.0
            local = r2(tax * local_r)
            exports = r2(rev * export_r * jit())
            row.update(
                {
                    "工业总产值(万元)": o,
                    "工业增加值(万元)": va,
                    "营业收入(万元)": rev,
                    "主营业务收入(万元)": main,
                    "利润总额(万元)": profit,
                    "资产总计(万元)": assets,
                    "固定资产(万元)": fixed,
                    "税收总额(万元)": tax,
                    "地方税收(万元)": local,
                    "出口额(万元)": exports,
                }
            )

            # energy and emissions
            if o:
                factor = 1.15 if mode.startswith("H") and year > 2017 else 1.0
                energy = r2(o * min(0.29, energy_r * jit() * factor))
            elif turnover is not None:
                energy = r2(rev * u(0.045, 0.055))  # trucks and forklifts
            else:
                energy = r2(
                    land * u(0.0003, 0.0006) + u(2, 6)
                )  # lighting and heating of idle plant
            kwh = int(round(energy * 8000 * kwh_r * jit()))
            scale = o / 10000  # 亿元
            if o:
                cod = r3(max(0.02, scale * cod_r * jit()))
                so2 = r3(scale * so2_r * jit())
                nh3 = r3(cod * nh3_r)
                nox = r3(max(0.01, scale * nox_r * jit()))
            else:
                cod = r3(0.01 * end) if end else 0.0  # domestic sewage only
                so2 = nh3 = nox = 0.0
            rdx = r2(main * rd_r * jit()) if main else 0.0
            row.update(
                {
                    "综合能耗(吨标煤)": energy,
                    "用电量(千瓦时)": kwh,
                    "化学需氧量(吨)": cod,
                    "二氧化硫(吨)": so2,
                    "氨氮(吨)": nh3,
                    "氮氧化物(吨)": nox,
                    "研发经费(万元)": rdx,
                    "专利数(件)": pat_path[i],
                }
            )
            if year == SURVEY_YEAR:
                source = "企业填报" if rnd.random() < 0.08 else "调查"
            elif mode in ("L", "X", "HL19"):
                source = "统计"
            else:
                source = "税务" if rnd.random() < 0.2 else "统计"
            row["数据来源"] = source
            years.append(row)
        return years

    def registered_capital(self, mode: str, regtype: str) -> float:
        u = self.rnd.uniform
        if mode == "INST":
            return 150.0
        if mode in ("L", "X"):
            return float(round(u(800, 12000), -2))
        if mode == "HL19":
            return float(round(u(1200, 2500), -2))
        if regtype in ("国有企业", "集体企业"):
            return float(round(u(120, 900), -1))
        return float(round(u(50, 1000), -1))

    # ----------------------------------------------------------------- assembly
    def build(self) -> dict[str, list[list]]:
        firms = []
        for index, line in enumerate(x for x in FIRMS.strip().splitlines() if x.strip()):
            name, ind, regtype, dept, phase, status, mode, flags = line.split("|")
            firms.append(
                {
                    "index": index,
                    "name": name,
                    "industry": ind,
                    "regtype": regtype,
                    "dept": dept,
                    "phase": phase,
                    "status": status,
                    "mode": mode,
                    "flags": flags,
                }
            )
        enterprises, years = [], []
        for firm in firms:
            founded, moved = self.dates(firm["name"], firm["regtype"], firm["phase"])
            firm["uscc"] = self.uscc(firm["regtype"], founded, firm["index"])
            rep = next((v for k, v in FOREIGN_REPS.items() if k in firm["name"]), None)
            legal = rep or self.person()
            contact = self.person()
            while contact[1:] == legal[1:]:
                contact = self.person()
            phone = self.phone()
            address = self.address(firm["phase"])
            capital = self.registered_capital(firm["mode"], firm["regtype"])
            firm_rows = self.firm_years(firm)
            firm["source19"] = firm_rows[-1]["数据来源"]
            main19 = Decimal(str(firm_rows[-1]["主营业务收入(万元)"]))
            above = main19 >= ABOVE_SIZE_YUAN_WAN
            yes = lambda b: "是" if b else "否"  # noqa: E731
            firm["contact"] = contact
            enterprises.append(
                [
                    firm["name"],
                    firm["uscc"],
                    firm["regtype"],
                    firm["industry"],
                    firm["status"],
                    yes(above),
                    yes("H" in firm["flags"]),
                    yes("Z" in firm["flags"]),
                    yes("L" in firm["flags"]),
                    firm["phase"],
                    firm["dept"],
                    address,
                    legal,
                    contact,
                    phone,
                    founded.isoformat(),
                    moved.isoformat(),
                    f"{capital:.2f}",
                ]
            )
            for row in firm_rows:
                row["统一社会信用代码"] = firm["uscc"]
                row["企业名称"] = firm["name"]
                years.append([fmt(h, row[h]) for h in HEADERS["enterprise_years.csv"]])

        dept_counts = Counter(f["dept"] for f in firms)
        top_dept = max(sorted(dept_counts), key=lambda d: dept_counts[d])
        zhongchao = next(f for f in firms if ZHONGCHAO in f["name"])
        staff_names: list[str] = []
        while len(staff_names) < 6:  # six office holders with distinct given names
            candidate = self.person()
            if all(candidate[1:] != other[1:] for other in staff_names):
                staff_names.append(candidate)
        leader, staff, surveyor, dept_user, surveyor2, surveyor3 = staff_names
        users = [
            ["admin", "demo-admin", "管理员", "系统管理员", ""],
            ["leader", "demo-leader", "园区领导", leader, ""],
            ["staff", "demo-staff", "园区工作人员", staff, ""],
            ["survey1", "demo-survey", "调查组成员", surveyor, ""],
            ["dept", "demo-dept", "主管部门", dept_user, top_dept],
            ["enterprise", "demo-enterprise", "企业用户", zhongchao["contact"], zhongchao["uscc"]],
            ["survey2", "demo-survey", "调查组成员", surveyor2, ""],
            ["survey3", "demo-survey", "调查组成员", surveyor3, ""],
        ]
        return {
            "parks.csv": [list(PARK)],
            "phases.csv": [[PARK[0], code, name, str(order)] for code, name, order in PHASES],
            "departments.csv": [[PARK[0], code, name] for code, name in DEPARTMENTS],
            "enterprises.csv": enterprises,
            "enterprise_years.csv": years,
            "users.csv": users,
            **survey_tables(firms),
        }


# --------------------------------------------------------------------------- surveys
# The seed: three temporary survey teams visited all 59 enterprises of phases 1–4 from
# the start of 2019 and recorded their figures; firms short of production tasks were
# pushed to joint ventures, conversion or transfer; the long-stopped research
# institute was transferred to a new owner. Teams are filled in by the loader's
# balancing (whole phases, largest first): 调查一组 gets 一期, 二组 二期, 三组 三期 and 四期.
CAMPAIGN = "2019年度企业全面调查"
CAMPAIGN_START = dt.date(2019, 3, 1)
TEAMS = (("调查一组", "survey1"), ("调查二组", "survey2"), ("调查三组", "survey3"))
TEAM_OF_PHASE = {"P1": 0, "P2": 1, "P3": 2, "P4": 2}
# the firms whose 2019 figures are still the enterprise's own report, in firm order
UNVERIFIED = ("已填报", "未走访", "已填报", "已走访", "已填报", "未走访", "已走访")
MODE_NOTES = {
    "X": "加大投资力度，实施扩产增收计划，新生产线已投产。",
    "INST": "停产多年，设备老化，正在洽谈整体转让。",
    "DEAD": "已停产多年，厂房设备闲置，人员已分流。",
    "STOP18": "2018年起停产，厂房闲置，仅留守人员看护。",
    "STOP19": "2019年停产，职工大部分放假，寻求转产。",
    "HS18": "生产任务不足，开工不足五成，建议走合资合作、转产转型道路。",
    "HS19": "今年订单明显减少，部分生产线停开，生产任务不足。",
    "HL19": "主要客户流失，生产任务不足，产量下降过半。",
    "L": "生产经营正常，主要产品订单稳定。",
    "S": "生产经营基本正常。",
}
# (firm name part, category, text, department, days to the due date or None,
#  status, resolution, days to the resolution, raised by) — the story of the seed
CONCERNS = (
    (
        "沈东自动化研究所",
        "政策",
        "停产多年，希望协调整体转让给新的经济实体，妥善安置留守人员。",
        "D03",
        60,
        "已解决",
        "经园区牵线搭桥，研究所已顺利转让给新的经济实体，留守人员由新企业接收。",
        150,
        "survey1",
    ),
    (
        "红星橡胶",
        "订单",
        "生产任务不足，开工不足五成，希望协助对接汽车配套订单。",
        "D05",
        60,
        "办理中",
        "",
        0,
        "survey1",
    ),
    (
        "东方彩印",
        "订单",
        "印刷订单大幅减少，希望园区推荐合资合作伙伴。",
        "D02",
        45,
        "已解决",
        "已对接两家包装企业，签订合作意向，部分生产线恢复生产。",
        120,
        "survey1",
    ),
    (
        "鑫达液压件",
        "订单",
        "生产任务不足，希望协调进入工程机械企业供应商名录。",
        "D01",
        60,
        "待处理",
        "",
        0,
        "survey1",
    ),
    (
        "宏业锅炉辅机",
        "订单",
        "主要客户流失，生产任务不足，考虑转产环保设备，需要技术和市场支持。",
        "D02",
        90,
        "办理中",
        "",
        0,
        "survey1",
    ),
    (
        "东联机床附件",
        "用地",
        "企业已停产多年，厂区土地和厂房闲置，希望盘活或转让。",
        "D02",
        120,
        "待处理",
        "",
        0,
        "survey1",
    ),
    (
        "盛京铸造",
        "用地",
        "厂房闲置，土地使用证未办理，无法出租或抵押。",
        "D07",
        90,
        "办理中",
        "",
        0,
        "survey1",
    ),
    (
        "辽东食品",
        "融资",
        "原料收购季节资金周转困难，希望协调银行流动资金贷款。",
        "D06",
        30,
        "已解决",
        "已协调区农商行发放流动资金贷款。",
        40,
        "survey1",
    ),
    (
        "松岩涂料",
        "订单",
        "生产任务不足，环保改造投入大，希望协助转产水性涂料。",
        "D01",
        90,
        "办理中",
        "",
        0,
        "survey2",
    ),
    (
        "华冶耐火材料",
        "订单",
        "钢铁行业订单减少，生产任务不足，开工不足一半。",
        "D07",
        60,
        "待处理",
        "",
        0,
        "survey2",
    ),
    (
        "中钞信达",
        "审批",
        "扩产项目新建厂房的规划和施工许可需要加快办理。",
        "D07",
        30,
        "已解决",
        "园区协调区住建局开辟绿色通道，施工许可已办结。",
        25,
        "survey2",
    ),
    (
        "中钞信达",
        "用工",
        "扩产后需要熟练技术工人约80人，希望协助招聘。",
        "D03",
        90,
        "办理中",
        "",
        0,
        "enterprise",
    ),
    (
        "德科斯米尔",
        "审批",
        "新增焊材生产线的环评和备案手续需要协调。",
        "D04",
        45,
        "已解决",
        "已协调完成项目备案，环评批复已取得。",
        40,
        "survey2",
    ),
    (
        "东郊酒业",
        "融资",
        "技术改造缺少资金，希望推荐政策性贷款和贴息。",
        "D06",
        None,
        "待处理",
        "",
        0,
        "survey2",
    ),
    (
        "龙源工艺美术",
        "其他",
        "企业停产，职工希望协调社保接续。",
        "D05",
        60,
        "已关闭",
        "已协调区人社部门办理职工社保接续。",
        100,
        "survey2",
    ),
    (
        "金城塑胶",
        "订单",
        "外贸订单减少，生产任务不足，希望参加展会开拓国内市场。",
        "D04",
        60,
        "已解决",
        "已推荐参加沈阳国际工业博览会，签订国内订单。",
        90,
        "survey3",
    ),
    (
        "美洁日化",
        "订单",
        "产品销售下滑，生产任务不足，拟与外地企业合资。",
        "D01",
        90,
        "待处理",
        "",
        0,
        "survey3",
    ),
    (
        "捷力数控机床",
        "订单",
        "生产任务不足，希望与沈飞集团等龙头企业配套合作。",
        "D01",
        90,
        "办理中",
        "",
        0,
        "survey3",
    ),
    (
        "博远自动化",
        "政策",
        "申报高新技术企业，需要政策辅导。",
        "D03",
        None,
        "待处理",
        "",
        0,
        "survey3",
    ),
    (
        "大通物流",
        "用地",
        "仓储用地不足，希望在园区租用闲置厂房。",
        "D04",
        60,
        "已解决",
        "已对接园区闲置厂房，签订租赁协议。",
        50,
        "survey3",
    ),
    (
        "智联光电",
        "用工",
        "研发人员招聘困难，希望享受人才公寓政策。",
        "D03",
        60,
        "已解决",
        "已纳入区人才公寓配租名单。",
        45,
        "survey3",
    ),
    (
        "绿源再生资源",
        "审批",
        "危险废物经营许可证延续需要协调。",
        "D07",
        45,
        "办理中",
        "",
        0,
        "survey3",
    ),
    (
        "金泰铝业",
        "融资",
        "原材料价格上涨，希望协调应收账款融资。",
        "D01",
        30,
        "待处理",
        "",
        0,
        "survey3",
    ),
)


def survey_tables(firms: list[dict]) -> dict[str, list[list]]:
    rnd = random.Random(20190301)  # its own stream: the other files do not change
    teams = [[name, leader, leader] for name, leader in TEAMS]
    unverified = iter(UNVERIFIED)
    progress, visits = [], {}
    seen_per_team = [0, 0, 0]
    for firm in firms:
        team = TEAM_OF_PHASE[firm["phase"]]
        status = "已核实" if firm["source19"] == "调查" else next(unverified)
        visited = ""
        if status != "未走访":
            seen_per_team[team] += 1
            day = CAMPAIGN_START + dt.timedelta(
                days=4 + 5 * seen_per_team[team] + rnd.randint(0, 3)
            )
            visited = day.isoformat()
            visits[firm["name"]] = day
        note = MODE_NOTES[firm["mode"]] if visited else ""
        progress.append([CAMPAIGN, firm["uscc"], firm["name"], status, visited, note])
    concerns = []
    for part, category, text, dept, due, status, resolution, days, who in CONCERNS:
        firm = next(f for f in firms if part in f["name"])
        raised = visits.get(firm["name"], CAMPAIGN_START + dt.timedelta(days=30))
        in_visit = who != "enterprise"
        concerns.append(
            [
                CAMPAIGN if in_visit else "",
                firm["uscc"],
                firm["name"],
                category,
                text,
                dept,
                raised.isoformat(),
                (raised + dt.timedelta(days=due)).isoformat() if due else "",
                status,
                resolution,
                (raised + dt.timedelta(days=days)).isoformat() if resolution else "",
                who,
            ]
        )
    return {
        "survey_campaigns.csv": [
            [PARK[0], CAMPAIGN, "2019", "进行中", CAMPAIGN_START.isoformat(), "P1;P2;P3;P4", ""]
        ],
        "survey_teams.csv": [[CAMPAIGN, *team] for team in teams],
        "survey_progress.csv": progress,
        "concerns.csv": concerns,
    }


INT_COLUMNS = {
    "年度",
    "年末从业人员(人)",
    "平均从业人员(人)",
    "研发人员(人)",
    "研究生及以上(人)",
    "大学本科(人)",
    "大专(人)",
    "用电量(千瓦时)",
    "专利数(件)",
}
TONNE_COLUMNS = {"化学需氧量(吨)", "二氧化硫(吨)", "氨氮(吨)", "氮氧化物(吨)"}


def fmt(header: str, value) -> str:
    if isinstance(value, str):
        return value
    if header in INT_COLUMNS:
        return str(int(value))
    if header in TONNE_COLUMNS:
        return f"{value:.3f}"
    return f"{value:.2f}"


def write(tables: dict[str, list[list]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(OUT / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(HEADERS[name])
            writer.writerows(rows)


# --------------------------------------------------------------------------- checker
class CheckFailed(AssertionError):
    pass


def read(name: str) -> list[dict]:
    raw = (OUT / name).read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise CheckFailed(f"{name}: starts with a BOM")
    with open(OUT / name, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if header != HEADERS[name]:
            raise CheckFailed(f"{name}: header {header} != {HEADERS[name]}")
        rows = [dict(zip(header, r, strict=True)) for r in reader]
    return rows


def check() -> list[str]:  # noqa: C901 - one list of rules, read top to bottom
    problems: list[str] = []

    def need(cond: bool, message: str) -> None:
        if not cond:
            problems.append(message)

    def places(text: str, n: int) -> bool:
        return "." not in text or len(text.split(".")[1]) <= n

    parks, phases, depts = read("parks.csv"), read("phases.csv"), read("departments.csv")
    ents, years, users = read("enterprises.csv"), read("enterprise_years.csv"), read("users.csv")
    need(
        len(parks) == 1 and parks[0]["代码"] == "shendong" and "高新区" in parks[0]["名称"],
        "parks.csv: one park 'shendong' whose name mentions 高新区",
    )
    need(
        [p["代码"] for p in phases] == ["P1", "P2", "P3", "P4"]
        and [p["名称"] for p in phases] == ["一期", "二期", "三期", "四期"],
        "phases P1..P4",
    )
    need([d["代码"] for d in depts] == [f"D0{i}" for i in range(1, 8)], "departments D01..D07")
    need(len({d["名称"] for d in depts}) == 7, "department names unique")
    phase_codes = {p["代码"] for p in phases}
    dept_codes = {d["代码"] for d in depts}

    # enterprises
    need(len(ents) == 59, f"59 enterprises, got {len(ents)}")
    need(len({e["企业名称"] for e in ents}) == len(ents), "enterprise names unique")
    need(len({e["统一社会信用代码"] for e in ents}) == len(ents), "USCC unique")
    need(len({e["联系电话"] for e in ents}) == len(ents), "phones unique")
    regtypes = {
        "国有企业",
        "集体企业",
        "有限责任公司",
        "股份有限公司",
        "私营企业",
        "外商投资企业",
        "港澳台商投资企业",
        "事业单位",
    }
    by_name = {}
    for e in ents:
        n, code = e["企业名称"], e["统一社会信用代码"]
        by_name[n] = e
        need(uscc_is_valid(code), f"{n}: USCC {code} invalid")
        need(org_code_check(code[8:16]) == code[16], f"{n}: organisation code check of {code}")
        need(code[:2] == ("12" if e["登记注册类型"] == "事业单位" else "91"), f"{n}: USCC prefix")
        need(code[2:4] == "21" and code[2:6] in ("2100", "2101"), f"{n}: division not Shenyang")
        need(e["登记注册类型"] in regtypes, f"{n}: registration type")
        need(len(e["行业代码"]) == 2 and e["行业代码"].isdigit(), f"{n}: industry code 2 digits")
        need(e["状态"] in ("在产", "半停产", "停产"), f"{n}: status")
        for flag in ("规上企业", "高新技术企业", "专精特新", "上市企业"):
            need(e[flag] in ("是", "否"), f"{n}: {flag}")
        need(e["园区期次"] in phase_codes, f"{n}: phase")
        need(e["主管部门"] in dept_codes, f"{n}: department")
        need(e["地址"].startswith("沈阳市") and e["地址"].endswith("号"), f"{n}: address")
        need(
            len(e["联系电话"]) == 11 and e["联系电话"].isdigit() and e["联系电话"][0] == "1",
            f"{n}: phone",
        )
        founded = dt.date.fromisoformat(e["成立日期"])
        moved = dt.date.fromisoformat(e["入园日期"])
        need(dt.date(1985, 1, 1) <= founded <= dt.date(2016, 12, 31), f"{n}: founded 1985–2016")
        need(
            founded <= moved <= dt.date(2016, 12, 31) and moved < TODAY,
            f"{n}: moved in after founding, before the data years",
        )
        need(Decimal(e["注册资本(万元)"]) > 0 and places(e["注册资本(万元)"], 2), f"{n}: capital")
        need(e["法定代表人"] != e["联系人"], f"{n}: contact differs from legal rep")
    # older phases hold older firms
    mean_move = {
        p: sum(dt.date.fromisoformat(e["入园日期"]).year for e in ents if e["园区期次"] == p)
        / max(1, sum(1 for e in ents if e["园区期次"] == p))
        for p in phase_codes
    }
    need(mean_move["P1"] < mean_move["P2"] < mean_move["P3"] < mean_move["P4"], "phases by age")

    named = {k: [n for n in by_name if k in n] for k in (ZHONGCHAO, DEKE, INSTITUTE)}
    for k, names in named.items():
        need(len(names) == 1, f"named enterprise {k} present once")
    zc = by_name[named[ZHONGCHAO][0]] if named[ZHONGCHAO] else None
    dk = by_name[named[DEKE][0]] if named[DEKE] else None
    inst = by_name[named[INSTITUTE][0]] if named[INSTITUTE] else None
    if zc and dk and inst:
        for e in (zc, dk):
            need(
                e["规上企业"] == "是" and e["状态"] == "在产", f"{e['企业名称']}: above size, 在产"
            )
        need(dk["登记注册类型"] == "外商投资企业", "德科斯米尔 foreign-invested")
        need(
            inst["登记注册类型"] == "事业单位"
            and inst["统一社会信用代码"].startswith("12")
            and inst["行业代码"] == "73"
            and inst["状态"] == "停产",
            "研究所: 事业单位, 12, 73, 停产",
        )

    # yearly data
    need(len(years) == 3 * len(ents), f"{3 * len(ents)} yearly rows, got {len(years)}")
    series: dict[str, dict[int, dict]] = {}
    money = [h for h in HEADERS["enterprise_years.csv"] if h.endswith("(万元)")]
    areas = [h for h in HEADERS["enterprise_years.csv"] if h.endswith("(平方米)")]
    counts = sorted(INT_COLUMNS - {"年度"})
    for y in years:
        code = y["统一社会信用代码"]
        ent = next((e for e in ents if e["统一社会信用代码"] == code), None)
        tag = f"{y['企业名称']} {y['年度']}"
        need(ent is not None and ent["企业名称"] == y["企业名称"], f"{tag}: unknown enterprise")
        year = int(y["年度"])
        need(year in YEARS, f"{tag}: year")
        series.setdefault(code, {})[year] = y
        for h in money + areas + ["综合能耗(吨标煤)"]:
            need(places(y[h], 2), f"{tag}: {h} more than 2 decimals")
        for h in TONNE_COLUMNS:
            need(places(y[h], 3), f"{tag}: {h} more than 3 decimals")
        for h in counts:
            need(y[h].isdigit(), f"{tag}: {h} not a non-negative integer")
        d = {h: Decimal(y[h]) for h in HEADERS["enterprise_years.csv"][3:-1]}
        for h, v in d.items():
            need(v >= 0 or h == "利润总额(万元)", f"{tag}: {h} negative")
        land, status = d["土地面积(平方米)"], ent["状态"] if ent else ""
        need(3000 <= land <= 120000, f"{tag}: land {land} outside 3,000–120,000 m²")
        need(d["租出土地面积(平方米)"] <= land, f"{tag}: leased-out > land")
        need(
            Decimal("0.4") * land <= d["建筑面积(平方米)"] <= Decimal("1.5") * land,
            f"{tag}: building not 0.4–1.5 × land",
        )
        end, avg = d["年末从业人员(人)"], d["平均从业人员(人)"]
        need(
            Decimal("0.8") * end <= avg <= Decimal("1.2") * end, f"{tag}: average staff vs year-end"
        )
        need(d["研发人员(人)"] <= end, f"{tag}: R&D staff > staff")
        need(
            d["研究生及以上(人)"] + d["大学本科(人)"] + d["大专(人)"] <= end,
            f"{tag}: education > staff",
        )
        o, va = d["工业总产值(万元)"], d["工业增加值(万元)"]
        rev, main = d["营业收入(万元)"], d["主营业务收入(万元)"]
        need(va <= o, f"{tag}: value added > output")
        if o:
            need(Decimal("0.18") <= va / o <= Decimal("0.35"), f"{tag}: VA ratio {va / o:.3f}")
            need(
                Decimal("0.9") <= rev / o <= Decimal("1.1"), f"{tag}: revenue/output {rev / o:.3f}"
            )
            e_int = d["综合能耗(吨标煤)"] / o
            need(Decimal("0.05") <= e_int <= Decimal("0.3"), f"{tag}: energy intensity {e_int:.3f}")
        elif ent and ent["行业代码"] not in NON_INDUSTRIAL:
            need(status == "停产", f"{tag}: zero output but not stopped")
        need(main <= rev, f"{tag}: main revenue > revenue")
        need(-rev <= d["利润总额(万元)"] <= rev, f"{tag}: profit outside ±revenue")
        need(d["固定资产(万元)"] <= d["资产总计(万元)"], f"{tag}: fixed > total assets")
        need(d["地方税收(万元)"] <= d["税收总额(万元)"], f"{tag}: local tax > tax")
        if main and status != "停产":
            need(
                Decimal("0.02") <= d["税收总额(万元)"] / rev <= Decimal("0.06"), f"{tag}: tax rate"
            )
        need(d["出口额(万元)"] <= rev, f"{tag}: exports > revenue")
        need(d["研发经费(万元)"] <= rev, f"{tag}: R&D spending > revenue")
        if d["综合能耗(吨标煤)"]:
            kwh_per = d["用电量(千瓦时)"] / d["综合能耗(吨标煤)"]
            need(5600 <= kwh_per <= 10400, f"{tag}: kWh per tce {kwh_per:.0f}")
        if ent and ent["高新技术企业"] == "是" and main:
            ratio = d["研发经费(万元)"] / main
            need(Decimal("0.01") <= ratio <= Decimal("0.06"), f"{tag}: high-tech R&D {ratio:.3f}")
        need(y["数据来源"] in ("调查", "统计", "税务", "企业填报"), f"{tag}: source")

    def val(code: str, year: int, h: str) -> Decimal:
        return Decimal(series[code][year][h])

    def complete(code: str) -> bool:
        return set(series.get(code, {})) == set(YEARS)

    sources = Counter((int(y["年度"]) == SURVEY_YEAR, y["数据来源"]) for y in years)
    need(sources[(True, "调查")] > 0.8 * len(ents), "2019 mostly 调查")
    need(sources[(False, "统计")] > 0.6 * 2 * len(ents), "2017–2018 mostly 统计")
    for e in ents:
        code, n, status = e["统一社会信用代码"], e["企业名称"], e["状态"]
        if not complete(code):
            need(False, f"{n}: not one row per year")
            continue
        main19 = val(code, 2019, "主营业务收入(万元)")
        need(
            (e["规上企业"] == "是") == (main19 >= ABOVE_SIZE_YUAN_WAN),
            f"{n}: 规上 flag vs 2019 main revenue {main19}",
        )
        expanding = n in named[ZHONGCHAO] + named[DEKE]
        for y0, y1 in ((2017, 2018), (2018, 2019)):
            if expanding and y1 == 2019:
                for h in ("工业总产值(万元)", "营业收入(万元)", "固定资产(万元)"):
                    g = val(code, 2019, h) / val(code, 2018, h)
                    need(Decimal("1.25") <= g <= Decimal("1.40"), f"{n}: 2019 {h} growth {g:.3f}")
                continue
            if status != "在产":
                continue
            for h in (
                "工业总产值(万元)",
                "营业收入(万元)",
                "年末从业人员(人)",
                "资产总计(万元)",
                "土地面积(平方米)",
                "税收总额(万元)",
            ):
                a, b = val(code, y0, h), val(code, y1, h)
                if a:
                    need(abs(b / a - 1) <= Decimal("0.15"), f"{n}: {h} {y0}→{y1} {b / a:.3f}")
        if status == "半停产":
            f = val(code, 2019, "工业总产值(万元)") / val(code, 2017, "工业总产值(万元)")
            need(
                Decimal("0.3") <= f <= Decimal("0.6"), f"{n}: half-stopped 2019/2017 output {f:.2f}"
            )
        if status == "停产":
            need(val(code, 2019, "工业总产值(万元)") == 0 and main19 == 0, f"{n}: stopped, output")
            need(val(code, 2019, "年末从业人员(人)") <= 15, f"{n}: stopped, staff")
            need(val(code, 2019, "税收总额(万元)") <= 10, f"{n}: stopped, tax")
        for h in ("专利数(件)",):
            need(val(code, 2017, h) <= val(code, 2018, h) <= val(code, 2019, h), f"{n}: patents")
    if inst and complete(inst["统一社会信用代码"]):
        code = inst["统一社会信用代码"]
        for year in YEARS:
            need(
                val(code, year, "工业总产值(万元)") <= 10
                and val(code, year, "年末从业人员(人)") <= 10,
                f"研究所 {year}: near-zero output, a handful of staff",
            )

    status_counts = Counter(e["状态"] for e in ents)
    need(
        40 <= status_counts["在产"] <= 48
        and 7 <= status_counts["半停产"] <= 11
        and 4 <= status_counts["停产"] <= 8,
        f"status mix {dict(status_counts)}",
    )
    flags = {
        f: sum(e[f] == "是" for e in ents)
        for f in ("规上企业", "高新技术企业", "专精特新", "上市企业")
    }
    need(15 <= flags["规上企业"] <= 21, f"规上 {flags['规上企业']}")
    need(
        6 <= flags["高新技术企业"] <= 10 and 2 <= flags["专精特新"] <= 4 and flags["上市企业"] <= 1,
        f"flags {flags}",
    )
    need(all(any(e["园区期次"] == p for e in ents) for p in phase_codes), "every phase used")
    need(all(any(e["主管部门"] == d for e in ents) for d in dept_codes), "every department used")

    # users
    dept_counts = Counter(e["主管部门"] for e in ents)
    expected = {
        "admin": ("demo-admin", "管理员"),
        "leader": ("demo-leader", "园区领导"),
        "staff": ("demo-staff", "园区工作人员"),
        "survey1": ("demo-survey", "调查组成员"),
        "dept": ("demo-dept", "主管部门"),
        "enterprise": ("demo-enterprise", "企业用户"),
        "survey2": ("demo-survey", "调查组成员"),
        "survey3": ("demo-survey", "调查组成员"),
    }
    need([u["用户名"] for u in users] == list(expected), "users: one per role, in order")
    for u in users:
        if u["用户名"] in expected:
            need((u["密码"], u["角色"]) == expected[u["用户名"]], f"user {u['用户名']}")
            need(bool(u["姓名"]), f"user {u['用户名']}: name")
    scope = {u["用户名"]: u["范围"] for u in users}
    need(
        scope.get("admin") == "" and all(scope.get(f"survey{i}") == "" for i in (1, 2, 3)),
        "admin/survey scope (survey members get theirs from survey_teams.csv)",
    )

    # surveys
    campaigns, teams = read("survey_campaigns.csv"), read("survey_teams.csv")
    progress, concerns = read("survey_progress.csv"), read("concerns.csv")
    need(len(campaigns) == 1 and campaigns[0]["名称"] == CAMPAIGN, "one campaign")
    need([t["组名"] for t in teams] == [t[0] for t in TEAMS], "three teams")
    need(all(t["组长"] in t["成员"].split(";") for t in teams), "team leaders are members")
    need(
        all(m in scope for t in teams for m in t["成员"].split(";")), "team members are demo users"
    )
    need(
        sorted(p["统一社会信用代码"] for p in progress)
        == sorted(e["统一社会信用代码"] for e in ents),
        "every enterprise has one progress row",
    )
    source19 = {
        y["统一社会信用代码"]: y["数据来源"] for y in years if int(y["年度"]) == SURVEY_YEAR
    }
    for p in progress:
        verified = p["状态"] == "已核实"
        need(
            verified == (source19.get(p["统一社会信用代码"]) == "调查"),
            f"{p['企业名称']}: verified exactly when the 2019 figures are the survey's",
        )
        need((p["状态"] == "未走访") == (p["走访日期"] == ""), f"{p['企业名称']}: visit date")
        if p["走访日期"]:
            day = dt.date.fromisoformat(p["走访日期"])
            need(CAMPAIGN_START <= day <= TODAY, f"{p['企业名称']}: visit date in the campaign")
    states = Counter(p["状态"] for p in progress)
    need(states["已核实"] > 0.8 * len(ents) and len(states) == 4, f"progress mix {dict(states)}")
    ucodes = {e["统一社会信用代码"] for e in ents}
    for c in concerns:
        tag = f"concern {c['企业名称']} {c['类别']}"
        need(c["统一社会信用代码"] in ucodes, f"{tag}: enterprise")
        need(
            c["类别"] in ("用地", "融资", "用工", "审批", "订单", "政策", "其他"),
            f"{tag}: category",
        )
        need(c["责任部门"] in dept_codes, f"{tag}: department")
        need(c["状态"] in ("待处理", "办理中", "已解决", "已关闭"), f"{tag}: status")
        need((c["状态"] in ("已解决", "已关闭")) == bool(c["处理结果"]), f"{tag}: resolution")
        need(c["提出人"] in scope, f"{tag}: raised by a demo user")
        for h in ("办理期限", "办结日期"):
            if c[h]:
                need(c[h] >= c["提出日期"], f"{tag}: {h} before it was raised")
        if c["办结日期"]:
            need(
                dt.date.fromisoformat(c["办结日期"]) <= TODAY, f"{tag}: resolved after the summary"
            )
    need({c["责任部门"] for c in concerns} == dept_codes, "concerns routed to all 7 departments")
    cats = Counter(c["类别"] for c in concerns)
    need(cats["订单"] >= 6, f"生产任务不足 concerns {cats['订单']}")
    need(
        scope.get("dept") == max(sorted(dept_counts), key=lambda d: dept_counts[d]),
        "dept user: the department with most enterprises",
    )
    need(
        zc is not None and scope.get("enterprise") == zc["统一社会信用代码"],
        "enterprise user: 中钞信达",
    )

    # summary
    print(f"park: {parks[0]['代码']} {parks[0]['名称']} / {parks[0]['英文名称']}")
    print(f"enterprises: {len(ents)}; yearly rows: {len(years)}; users: {len(users)}")
    print(
        "by phase:     "
        + ", ".join(f"{p} {c}" for p, c in sorted(Counter(e["园区期次"] for e in ents).items()))
    )
    dnames = {d["代码"]: d["名称"] for d in depts}
    print(
        "by department:"
        + "".join(f"\n  {d} {dnames[d]} {dept_counts[d]}" for d in sorted(dept_counts))
    )
    print(
        "by status:    " + ", ".join(f"{s} {status_counts[s]}" for s in ("在产", "半停产", "停产"))
    )
    print(
        "by reg. type: "
        + ", ".join(f"{k} {v}" for k, v in Counter(e["登记注册类型"] for e in ents).most_common())
    )
    print(
        f"flags:        规上 {flags['规上企业']}, 高新技术 {flags['高新技术企业']}, "
        f"专精特新 {flags['专精特新']}, 上市 {flags['上市企业']}"
    )
    for year in YEARS:
        rows = [y for y in years if int(y["年度"]) == year]
        tot = lambda h, rows=rows: sum(Decimal(y[h]) for y in rows)  # noqa: E731
        print(
            f"{year}: output {tot('工业总产值(万元)'):.2f} 万元, main revenue "
            f"{tot('主营业务收入(万元)'):.2f} 万元, tax {tot('税收总额(万元)'):.2f} 万元, "
            f"staff {tot('年末从业人员(人)'):.0f}, land {tot('土地面积(平方米)') / Decimal(2000) * 3:.1f} 亩"
        )
    for n in named[ZHONGCHAO] + named[DEKE]:
        code = by_name[n]["统一社会信用代码"]
        if not complete(code):
            continue
        growth = ", ".join(
            f"{h.split('(')[0]} +{(val(code, 2019, h) / val(code, 2018, h) - 1) * 100:.1f}%"
            for h in ("工业总产值(万元)", "营业收入(万元)", "固定资产(万元)")
        )
        print(f"{n} ({code}) 2019 vs 2018: {growth}")
    if inst and complete(inst["统一社会信用代码"]):
        code = inst["统一社会信用代码"]
        print(
            f"{inst['企业名称']} ({code}): output "
            + "/".join(series[code][y]["工业总产值(万元)"] for y in YEARS)
            + " 万元, staff "
            + "/".join(series[code][y]["年末从业人员(人)"] for y in YEARS)
        )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the files on disk")
    args = parser.parse_args()
    if not args.check:
        write(Maker().build())
        print(f"wrote {', '.join(HEADERS)} to {OUT.relative_to(ROOT)}")
    problems = check()
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("check: all rules hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
