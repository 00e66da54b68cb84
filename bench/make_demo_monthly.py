#!/usr/bin/env python3
"""Write the demo's monthly returns (src/parkbase/demo/data/monthly_returns.csv) from
its yearly figures: for each above-size enterprise, 2018 and 2019 as the statistics
system exports them (1-N月累计, in 万元), January and February as one 1–2月 return,
and 2020 from January to November, the demo's story ending on 2020-12-31.

The months of 2018 and 2019 follow a seasonal shape (a quiet Spring Festival, a strong
year end) and add up to the year exactly: December's 累计 is the yearly figure. The two
firms whose expansion the 2019 summary names (中钞信达, 德科斯米尔) grow month by month in
2019: their shape shifts towards the second half as the new lines start.

2020 follows each enterprise's 2019 months: each firm grows or shrinks by its own rate
(between −12 % and +15 %, most a few percent up), every figure alike, month by month
within ±3 %, after a spring held back by the epidemic (1–2月 a fifth down, March and
April still behind, the rest of the year a little ahead: 受疫情影响, as the district's
figures by hand say). 中钞信达 and 德科斯米尔 keep growing: their new lines run all year a
little above the rate they reached in December 2019.

Every firm filed December 2019. The three smallest firms have not yet filed November
2020, whose deadline (the 18th of December) has passed at the story's end: the late
returns of the last month.

    python bench/make_demo_monthly.py

Standard library only; deterministic (random.Random(2019) for 2018 and 2019,
random.Random(2020) for 2020).
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
LATE = 3  # firms that have not filed the last month of the story, November 2020
LAST_MONTH = 11  # of 2020: December is not yet owed on 2020-12-31
# 2020 against 2019, month by month: the epidemic's spring, then a little ahead
EPIDEMIC = (0.8, 0.8, 0.9, 0.97, 1.03, 1.04, 1.05, 1.05, 1.06, 1.06, 1.06)
# the other firms' rates of 2020, one each, dealt at random: most a few percent up
RATES = (-0.12, -0.05, -0.01, 0.02, 0.03, 0.04, 0.05, 0.05)
RATES += (0.06, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12, 0.15)
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


def ramp(month: int) -> float:
    """An expanding firm's rate in ``month`` (0–11) of 2019 as its new lines start."""
    return 0.7 + 0.06 * month


def shape(rng: random.Random, expanding: bool) -> list[float]:
    weights = [w * rng.uniform(0.94, 1.06) for w in SEASON]
    if expanding:  # the new lines: each month more than the one before
        weights = [w * ramp(m) for m, w in enumerate(weights)]
    total = sum(weights)
    return [w / total for w in weights]


def cumulative(total: Decimal, shares: list[float], quantum: Decimal) -> list[Decimal]:
    """Year-to-date values at each month end, rounded, December's exactly ``total``."""
    running, found = 0.0, []
    for share in shares[:-1]:
        running += share
        found.append((total * Decimal(str(running))).quantize(quantum, ROUND_HALF_UP))
    return [*found, total]


def following(rng: random.Random, rate: float | None) -> list[Decimal]:
    """A firm's 2020 months over its 2019 months (January to November): its ``rate``
    after the epidemic's spring, or for an expanding firm (None) the new lines all year
    at December 2019's rate, a little more."""
    if rate is None:
        more = rng.uniform(0.03, 0.08)
        factors = [ramp(11) / ramp(m) * (1 + more) for m in range(LAST_MONTH)]
    else:
        factors = [(1 + rate) * e for e in EPIDEMIC]
    return [Decimal(str(round(f * rng.uniform(0.97, 1.03), 4))) for f in factors]


def year_after(last: list[Decimal], factors: list[Decimal], quantum: Decimal) -> list[Decimal]:
    """Year-to-date values of 2020 from 2019's (``last``) month by month times
    ``factors``, rounded."""
    found, running, before = [], Decimal(0), Decimal(0)
    for ytd, factor in zip(last, factors, strict=False):
        running += (ytd - before) * factor
        before = ytd
        found.append(running.quantize(quantum, ROUND_HALF_UP))
    return found


def period(year: int, month: int) -> str:
    return f"{year}年1-2月" if month == 2 else f"{year}年{month}月"


def main() -> None:
    rng, later = random.Random(2019), random.Random(2020)
    with open(DATA / "enterprises.csv", encoding="utf-8") as f:
        enterprises = list(csv.DictReader(f))
    above = {e["统一社会信用代码"]: e["企业名称"] for e in enterprises if e["规上企业"] == "是"}
    with open(DATA / "enterprise_years.csv", encoding="utf-8") as f:
        years = [r for r in csv.DictReader(f) if r["统一社会信用代码"] in above]
    ordinary = sorted(
        {r["统一社会信用代码"] for r in years}
        - {c for c, n in above.items() if any(x in n for x in EXPANDING)}
    )
    # the draw that chose December 2019's late firms before everyone filed it: still
    # made, so that the shapes of 2018 and 2019 stay as they were
    rng.sample(ordinary, LATE)
    # late in November 2020: the three smallest firms (the big ones file on time)
    output = {
        r["统一社会信用代码"]: Decimal(r["工业总产值(万元)"]) for r in years if r["年度"] == "2019"
    }
    late = set(sorted(ordinary, key=lambda c: (output[c], c))[:LATE])
    rates = dict(zip(ordinary, later.sample(RATES, len(RATES)), strict=True))
    rows = []
    for year_row in sorted(years, key=lambda r: (r["企业名称"], r["年度"])):
        year = int(year_row["年度"])
        if year not in (2018, 2019):
            continue
        code, name = year_row["统一社会信用代码"], year_row["企业名称"]
        expanding = any(x in name for x in EXPANDING)
        shares = shape(rng, year == 2019 and expanding)
        series = {}
        for header, source in FIGURES.items():
            text = year_row[source].strip()
            if not text:
                continue
            series[header] = cumulative(Decimal(text), shares, PLACES.get(header, Decimal("0.01")))
        for month in range(2, 13):
            values = [str(series[h][month - 1]) if h in series else "" for h in FIGURES]
            rows.append([code, name, period(year, month), *values])
        if year != 2019:
            continue
        factors = following(later, rates.get(code))
        series = {
            h: year_after(v, factors, PLACES.get(h, Decimal("0.01"))) for h, v in series.items()
        }
        for month in range(2, LAST_MONTH + 1):
            if month == LAST_MONTH and code in late:
                continue
            values = [str(series[h][month - 1]) if h in series else "" for h in FIGURES]
            rows.append([code, name, period(2020, month), *values])
    with open(DATA / "monthly_returns.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["统一社会信用代码", "企业名称", "期别", *FIGURES])
        writer.writerows(rows)
    print(f"{len(rows)} returns of {len({r[0] for r in rows})} enterprises")


if __name__ == "__main__":
    main()
