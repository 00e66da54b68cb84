#!/usr/bin/env python3
"""Time the ``monthly`` import of the statistics system's export: 10,000 rows (one per
enterprise), 累计 figures for ten indicators in 千元, imported for 2019年1-2月, then
for 2019年3月 (each row checked against the stored 1–2月 return, the figures of every
enterprise-year derived again), then 3月 once more with new figures (every row an
update with history).

    PARKBASE_DATA_DIR=/tmp/bench-sqlite parkbase migrate
    PARKBASE_DATA_DIR=/tmp/bench-sqlite python bench/bench_monthly.py

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench parkbase migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench python bench/bench_monthly.py

The script keeps its own park (code ``bench-monthly``, ``--rows`` enterprises, made
with bulk_create on the first run) and deletes that park's monthly returns, their
history and figures before it starts, so it can run again. Goal: each import under 3 s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

PARK_CODE = "bench-monthly"
GOAL_SECONDS = 3.0
FIGURES = ("工业总产值", "销售产值", "工业增加值", "营业收入", "利润总额", "税收总额")


def write_workbook(path: Path, names: list[str], period: str, scale: float, seed: int) -> None:
    import xlsxwriter

    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("月报")
    sheet.write_row(0, 0, ["规模以上工业企业主要经济指标（单位：千元）"])
    sheet.write_row(1, 0, ["单位详细名称", "期别", *(f"{f}1-N月累计" for f in FIGURES)])
    for r, name in enumerate(names, start=2):
        base = rng.uniform(1000, 90000) * scale
        values = [round(base * k, 1) for k in (1, 0.97, 0.25, 1.05, 0.08, 0.04)]
        sheet.write_row(r, 0, [name, period, *values])
    book.close()


def ensure_park(rows: int):
    from parkbase.core.models import Park
    from parkbase.enterprises.models import Enterprise

    park, _ = Park.objects.get_or_create(code=PARK_CODE, defaults={"name": "月报基准园区"})
    have = Enterprise.objects.filter(park=park).count()
    if have < rows:
        Enterprise.objects.bulk_create(
            [
                Enterprise(park=park, name=f"基准企业{i:06d}", is_above_size=True)
                for i in range(have, rows)
            ],
            batch_size=2000,
        )
    names = list(
        Enterprise.objects.filter(park=park).order_by("id").values_list("name", flat=True)[:rows]
    )
    return park, names


def clear(park) -> None:
    from parkbase.enterprises.models import MonthlyFigure, MonthlyReturn, MonthlyTotal

    ids = MonthlyReturn.objects.filter(enterprise__park=park).values("id")
    MonthlyReturn.history.model.objects.filter(id__in=ids)._raw_delete(using="default")
    MonthlyReturn.objects.filter(enterprise__park=park)._raw_delete(using="default")
    MonthlyFigure.objects.filter(enterprise__park=park)._raw_delete(using="default")
    MonthlyTotal.objects.filter(park=park)._raw_delete(using="default")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from django.db import connection

    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    from parkbase.core import clock
    from parkbase.enterprises.models import MonthlyFigure, MonthlyReturn
    from parkbase.enterprises.monthly_import import import_monthly

    clock.settings.AS_OF = __import__("datetime").date(2019, 12, 31)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    park, names = ensure_park(args.rows)
    clear(park)
    runs = (
        ("2019年1-2月, new returns", "2019年1-2月", 1.0, 1),
        ("2019年3月, new returns, checked against 1-2月", "2019年3月", 1.6, 1),
        ("2019年3月 again, every row updated", "2019年3月", 1.7, 1),
    )
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for label, period, scale, seed in runs:
            path = Path(tmp) / "monthly.xlsx"
            write_workbook(path, names, period, scale, seed)
            started, cpu = time.perf_counter(), time.process_time()
            report = import_monthly(path, park=park)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            done = report.created + report.updated + report.unchanged
            fine = not report.errors and done == len(names) and elapsed < GOAL_SECONDS
            ok &= fine
            print(
                f"{label}: {len(names)} rows in {elapsed:.2f} s (this process's CPU {cpu:.2f} s) "
                f"({report.created} created, {report.updated} updated, "
                f"{len(report.errors)} errors) goal < {GOAL_SECONDS:.0f} s "
                f"{'ok' if fine else 'MISSED'}"
            )
    figures = MonthlyFigure.objects.filter(enterprise__park=park).count()
    returns = MonthlyReturn.objects.filter(enterprise__park=park).count()
    print(f"stored: {returns} returns, {figures} monthly figure rows")
    clear(park)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
