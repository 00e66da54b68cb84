#!/usr/bin/env python3
"""Write the demo's monthly returns (src/parkbase/demo/data/monthly_returns.csv) from
its yearly figures: for each above-size enterprise, 2018 and 2019 as the statistics
system exports them (1-N月累计, in 万元), January and February as one 1–2月 return.

The months follow a seasonal shape (a quiet Spring Festival, a strong year end) and
add up to the year exactly: December's 累计 is the yearly figure. The two firms whose
expansion the 2019 summary names (中钞信达, 德科斯米尔) grow month by month in 2019:
their shape shifts towards the second half as the new lines start. Three other firms
have not yet filed December 2019: the late returns of the last month.

    python bench/make_demo_monthly.py

Standard library only; deterministic (random.Random(2019)).
"""

from __future__ import annotations

import csv
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "parkbase" / "demo" / "data"
# the 12 months' shares of a year: 1–2月 low (Spring Festival), December high
SEASON = (0.065, 0.065, 0.08, 0.082, 0.085, 0.086, 0.08, 0.082, 0.088, 0.088, 0.09, 0.109)
EXPANDING = ("中钞信达", "德科斯米尔")
LATE_IN_DECEMBER = 3
# template header → the yearly file's header
FIGURES = {
    "工业总产值1-N月累计(万元)": "工业总产值(万元)",
    "工业增加值1-N月累计(万元)": "工业增加值(万元)",
    "营业收入1-N月累计(万元)": "营业收入(万元)",
    "利润总额1-N月累计(万元)": "利润总额(万元)",
    "税收总额1-N月累计(万元)": "税收总额(万元)",
    "地方税收1-N月累计(万元)": "地方税收(万元)",
    "出口额1-N月累计(万元)": "出口额(万元)",
    "综合能耗1-N月累计(吨标煤)": "综合能耗(吨标煤)",
    "用电量1-N月累计(千瓦时)": "用电量(千瓦时)",
}
PLACES = {"综合能耗1-N月累计(吨标煤)": Decimal("0.001"), "用电量1-N月累计(千瓦时)": Decimal(1)}


def shape(rng: random.Random, expanding: bool) -> list[float]:
    weights = [w * rng.uniform(0.94, 1.06) for w in SEASON]
    if expanding:  # the new lines: each month more than the one before
        weights = [w * (0.7 + 0.06 * m) for m, w in enumerate(weights)]
    total = sum(weights)
    return [w / total for w in weights]


def cumulative(total: Decimal, shares: list[float], quantum: Decimal) -> list[Decimal]:
    """Year-to-date values at each month end, rounded, December's exactly ``total``."""
    running, found = 0.0, []
    for share in shares[:-1]:
        running += share
        found.append((total * Decimal(str(running))).quantize(quantum, ROUND_HALF_UP))
    return [*found, total]


def main() -> None:
    rng = random.Random(2019)
    with open(DATA / "enterprises.csv", encoding="utf-8") as f:
        enterprises = list(csv.DictReader(f))
    above = {e["统一社会信用代码"]: e["企业名称"] for e in enterprises if e["规上企业"] == "是"}
    with open(DATA / "enterprise_years.csv", encoding="utf-8") as f:
        years = [r for r in csv.DictReader(f) if r["统一社会信用代码"] in above]
    ordinary = sorted(
        {r["统一社会信用代码"] for r in years}
        - {c for c, n in above.items() if any(x in n for x in EXPANDING)}
    )
    late = set(rng.sample(ordinary, LATE_IN_DECEMBER))
    rows = []
    for year_row in sorted(years, key=lambda r: (r["企业名称"], r["年度"])):
        year = int(year_row["年度"])
        if year not in (2018, 2019):
            continue
        code, name = year_row["统一社会信用代码"], year_row["企业名称"]
        shares = shape(rng, year == 2019 and any(x in name for x in EXPANDING))
        series = {}
        for header, source in FIGURES.items():
            text = year_row[source].strip()
            if not text:
                continue
            series[header] = cumulative(Decimal(text), shares, PLACES.get(header, Decimal("0.01")))
        for month in range(2, 13):
            if year == 2019 and month == 12 and code in late:
                continue
            period = f"{year}年1-2月" if month == 2 else f"{year}年{month}月"
            values = [str(series[h][month - 1]) if h in series else "" for h in FIGURES]
            rows.append([code, name, period, *values])
    with open(DATA / "monthly_returns.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["统一社会信用代码", "企业名称", "期别", *FIGURES])
        writer.writerows(rows)
    print(f"{len(rows)} returns of {len({r[0] for r in rows})} enterprises")


if __name__ == "__main__":
    main()
