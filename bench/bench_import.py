#!/usr/bin/env python3
"""Time a 100,000-row, 30-column yearly-data import end to end, the naive path on
10,000 rows for comparison, and the XLSX export of 100,000 yearly rows.

    PARKBASE_DATA_DIR=/tmp/bench-sqlite python bench/bench_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench python bench/bench_import.py

Needs the benchmark park of bench/seed_scale.py (seeded here with 100,000 enterprises
if it holds none). The workbook (YEAR_COLUMNS template layout: 统一社会信用代码,
企业名称, 年度 and 27 figures) is written to /tmp with xlsxwriter's constant_memory and
imported for ``--year`` (default 2020) through
``parkbase.enterprises.services.import_years``: every row creates a yearly record and
its historical row. ``--update`` imports new figures for 2019 instead (every row
updates one). Rows of the benchmark year (records and history) are deleted before
and after with raw SQL, so the script can be run again.

Phases are timed by wrapping functions in this process only (nothing in src/ changes):
read = ``read_table``, parse = ``parsed_table`` (header, units, cell conversion),
validate = the rest of the import loop (lookups, ``validate_year``, differences),
write = ``_write`` (rows, audit trail, statistics). Peak memory is the process's
maximum RSS (``resource.getrusage``) after the import.

The naive path is what a first version would do: openpyxl (read-only) reads the
10,000-row workbook, and each row becomes an ``EnterpriseYear`` checked with
``full_clean()`` and stored with ``save()`` (django-simple-history writes its row
through the post_save signal), in one transaction. The ratio compares rows per second.

``--profile`` prints a cProfile of the import (top 30 by cumulative time);
``--rows N`` changes the size; ``--skip-naive``, ``--skip-export``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import host  # noqa: E402

GOALS = {
    "sqlite": 10.0,
    "postgresql": 15.0,
}
MEMORY_GOAL_MB = 1024
RATIO_GOAL = 15.0
EXPORT_GOAL = 10.0
NAIVE_ROWS = 10_000
FIGURES = 27  # + uscc, name, year = 30 columns


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def figure_columns():
    from parkbase.enterprises.importers import YEAR_COLUMNS

    # the pollutants one by one, not their total (which a sheet gives when it has no breakdown)
    skipped = ("uscc", "name", "year", "source", "pollutants_t")
    return [c for c in YEAR_COLUMNS if c.field not in skipped][:FIGURES]


def figure_values(rng: random.Random, fields) -> dict:
    """Plausible figures that keep every rule of validate_year (in template units)."""
    staff = rng.randint(20, 2000)
    gross = round(rng.uniform(100, 90000), 2)
    revenue = round(gross * rng.uniform(0.8, 1.1), 2)
    assets = round(rng.uniform(500, 200000), 2)
    tax = round(revenue * rng.uniform(0.01, 0.08), 2)
    land = round(rng.uniform(2000, 200000), 2)
    v = {
        "land_area": land,
        "land_leased_in": round(rng.uniform(0, 5000), 2),
        "land_leased_out": round(land * rng.uniform(0, 0.2), 2),
        "building_area": round(land * rng.uniform(0.3, 1.5), 2),
        "staff_year_end": staff,
        "staff_average": max(1, staff - rng.randint(0, 10)),
        "staff_rd": staff // rng.randint(5, 20),
        "staff_postgraduate": staff // 50,
        "staff_bachelor": staff // 5,
        "staff_college": staff // 4,
        "gross_output": gross,
        "value_added": round(gross * rng.uniform(0.15, 0.35), 2),
        "revenue": revenue,
        "main_business_revenue": round(revenue * rng.uniform(0.85, 1.0), 2),
        "profit": round(revenue * rng.uniform(-0.05, 0.12), 2),
        "total_assets": assets,
        "fixed_assets": round(assets * rng.uniform(0.2, 0.6), 2),
        "tax_total": tax,
        "tax_local": round(tax * rng.uniform(0.3, 0.5), 2),
        "exports": round(revenue * rng.uniform(0, 0.3), 2),
        "energy_tce": round(rng.uniform(10, 50000), 3),
        "electricity_kwh": rng.randint(10_000, 90_000_000),
        "cod_t": round(rng.uniform(0, 50), 3),
        "so2_t": round(rng.uniform(0, 30), 3),
        "nh3n_t": round(rng.uniform(0, 5), 3),
        "nox_t": round(rng.uniform(0, 40), 3),
        "rd_spending": round(revenue * rng.uniform(0, 0.06), 2),
        "patents": rng.randint(0, 200),
    }
    return {f: v[f] for f in fields}


def write_workbook(path: Path, enterprises, year: int, seed: int) -> list[str]:
    import xlsxwriter

    cols = figure_columns()
    fields = [c.field for c in cols]
    headers = ["统一社会信用代码", "企业名称", "年度"] + [c.template_header for c in cols]
    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("年度数据")
    ws.write_row(0, 0, headers)
    for r, (code, name) in enumerate(enterprises, start=1):
        values = figure_values(rng, fields)
        ws.write_row(r, 0, [code, name, year, *(values[f] for f in fields)])
    wb.close()
    return headers


def delete_year(park, year: int) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "DELETE FROM enterprises_historicalenterpriseyear WHERE year = %s AND enterprise_id"
            " IN (SELECT id FROM enterprises_enterprise WHERE park_id = %s)",
            [year, park.pk],
        )
        cur.execute(
            "DELETE FROM enterprises_enterpriseyear WHERE year = %s AND enterprise_id"
            " IN (SELECT id FROM enterprises_enterprise WHERE park_id = %s)",
            [year, park.pk],
        )


class Timer:
    """Wraps module attributes so that each call adds to a named total."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self._undo = []

    def wrap(self, module, attr, name):
        original = getattr(module, attr)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[name] = self.totals.get(name, 0.0) + time.perf_counter() - t

        setattr(module, attr, timed)
        self._undo.append((module, attr, original))

    def restore(self):
        for module, attr, original in reversed(self._undo):
            setattr(module, attr, original)
        self._undo.clear()


def naive_import(path: Path, park, user, by_uscc) -> tuple[int, float]:
    """openpyxl + full_clean() + save() per row, in one transaction."""
    import openpyxl
    from django.db import transaction

    from parkbase.enterprises.importers import YEAR_COLUMNS
    from parkbase.enterprises.models import EnterpriseYear
    from parkbase.imports.values import UNIT_FACTORS

    by_header = {c.template_header: c for c in YEAR_COLUMNS}
    t = time.perf_counter()
    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    headers = next(rows)
    plan = []
    for i, h in enumerate(headers):
        col = by_header.get(h) or by_header.get({"统一社会信用代码": "统一社会信用代码"}.get(h, h))
        if h == "统一社会信用代码":
            plan.append((i, "uscc", None))
        elif h == "企业名称":
            plan.append((i, "name", None))
        elif h == "年度":
            plan.append((i, "year", None))
        elif col is not None:
            factor = UNIT_FACTORS[col.unit_kind][col.default_unit] if col.unit_kind else 1
            plan.append((i, col.field, (col.kind, Decimal(factor), col.places)))
    count = 0
    with transaction.atomic():
        for row in rows:
            data = {}
            for i, name, spec in plan:
                value = row[i]
                if spec is None or value is None:
                    data[name] = value
                    continue
                kind, factor, places = spec
                number = Decimal(str(value)) * factor
                data[name] = int(number) if kind == "int" else round(number, places)
            enterprise = by_uscc[data.pop("uscc")]
            data.pop("name")
            obj = EnterpriseYear(enterprise=enterprise, source="import", **data)
            obj.full_clean()
            obj._history_user = user
            obj._change_reason = "import"
            obj.save()
            count += 1
    wb.close()
    return count, time.perf_counter() - t


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2020)
    parser.add_argument("--update", action="store_true", help="update 2019 instead")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    import seed_scale
    from django.db import connection

    from parkbase.core import exports as core_exports
    from parkbase.core.choices import Role
    from parkbase.core.models import Park, User
    from parkbase.enterprises import exports as ent_exports
    from parkbase.enterprises import services
    from parkbase.enterprises.models import Enterprise, EnterpriseYear

    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}")
    print(host.describe())
    park = Park.objects.filter(code=seed_scale.PARK_CODE).first()
    if (
        park is None
        or not Enterprise.objects.unscoped("benchmark and tool scripts: system work")
        .filter(park=park)
        .exists()
    ):
        print("seeding the benchmark park (bench/seed_scale.py) …")
        seed_scale.main(["--enterprises", str(max(args.rows, NAIVE_ROWS))])
        park = Park.objects.get(code=seed_scale.PARK_CODE)
    user = User.objects.filter(username=seed_scale.STAFF_USER).first()
    if user is None:
        user = User.objects.create_user("bench_import", password="x", role=Role.PARK_STAFF)
    enterprises = list(
        Enterprise.objects.unscoped("benchmark and tool scripts: system work")
        .filter(park=park)
        .exclude(uscc="")
        .order_by("id")
        .values_list("uscc", "name")[: args.rows]
    )
    rows = len(enterprises)
    year = 2019 if args.update else args.year
    seed = args.seed if args.seed is not None else (int(time.time()) if args.update else 1)
    path = Path(f"/tmp/bench_years_{rows}.xlsx" if not args.update else "/tmp/bench_years_upd.xlsx")
    t = time.perf_counter()
    headers = write_workbook(path, enterprises, year, seed)
    print(
        f"workbook: {path} ({rows} rows x {len(headers)} columns, "
        f"{path.stat().st_size / 1e6:.1f} MB, written in {time.perf_counter() - t:.1f} s)"
    )
    if not args.update:
        delete_year(park, year)
    before_history = EnterpriseYear.history.count()

    timer = Timer()
    timer.wrap(services, "read_table", "read")
    timer.wrap(services, "parsed_table", "parse")
    timer.wrap(services, "_write", "write")
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t = time.perf_counter()
    report = services.import_years(path, park=park, user=user)
    total = time.perf_counter() - t
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    timer.restore()
    peak = rss_mb()
    history_rows = EnterpriseYear.history.count() - before_history
    print(
        f"report: created {report.created}, updated {report.updated}, unchanged "
        f"{report.unchanged}, errors {len(report.errors)}, written {report.written}; "
        f"history rows added {history_rows}"
    )
    if report.errors:
        print("first errors:", [e["message_en"] for e in report.errors[:3]])
    ph = timer.totals
    validate = total - ph.get("read", 0) - ph.get("parse", 0) - ph.get("write", 0)

    naive_rate = ratio = None
    if not args.skip_naive:
        naive_year = year + 1 if not args.update else args.year + 1
        delete_year(park, naive_year)
        small = Path("/tmp/bench_years_naive.xlsx")
        write_workbook(small, enterprises[:NAIVE_ROWS], naive_year, 2)
        by_uscc = {
            e.uscc: e
            for e in Enterprise.objects.unscoped("benchmark and tool scripts: system work")
            .filter(park=park)
            .only("id", "uscc", "name")
        }
        n, naive_seconds = naive_import(small, park, user, by_uscc)
        naive_rate = n / naive_seconds
        ratio = (rows / total) / naive_rate
        delete_year(park, naive_year)

    export_seconds = None
    if not args.skip_export:
        qs = EnterpriseYear.objects.unscoped("benchmark and tool scripts: system work").filter(
            enterprise__park=park, year=year
        )
        t = time.perf_counter()
        heads, out_rows = ent_exports.year_rows(qs.order_by("enterprise", "year"))
        data = core_exports.write_xlsx(heads, out_rows)
        export_seconds = time.perf_counter() - t
        Path("/tmp/bench_export.xlsx").write_bytes(data)
        export_mb = len(data) / 1e6

    if not args.update:
        delete_year(park, year)

    def line(name, figure, goal, ok):
        print(f"| {name:<34} | {figure:>16} | {goal:>12} | {'ok' if ok else 'MISSED':<6} |")

    goal_s = GOALS.get(vendor, 10.0)
    print()
    print(f"vendor: {vendor}; rows: {rows}; columns: {len(headers)}; year {year}")
    print(f"| {'measure':<34} | {'figure':>16} | {'goal':>12} | {'':<6} |")
    print(f"|{'-' * 36}|{'-' * 18}|{'-' * 14}|{'-' * 8}|")
    print(f"| {'  read (read_table)':<34} | {ph.get('read', 0):>14.2f} s | {'':>12} |        |")
    print(f"| {'  parse (parsed_table)':<34} | {ph.get('parse', 0):>14.2f} s | {'':>12} |        |")
    print(f"| {'  validate (import loop)':<34} | {validate:>14.2f} s | {'':>12} |        |")
    print(f"| {'  write (_write)':<34} | {ph.get('write', 0):>14.2f} s | {'':>12} |        |")
    line("import end to end", f"{total:.2f} s", f"<= {goal_s:.0f} s", total <= goal_s)
    line("  rows/s", f"{rows / total:,.0f}", "", True)
    line("peak RSS", f"{peak:,.0f} MB", f"<= {MEMORY_GOAL_MB} MB", peak <= MEMORY_GOAL_MB)
    if naive_rate is not None:
        print(
            f"| {'naive path (10,000 rows) rows/s':<34} | {naive_rate:>16,.0f} | {'':>12} |        |"
        )
        line("ratio fast / naive", f"{ratio:.1f}x", f">= {RATIO_GOAL:.0f}x", ratio >= RATIO_GOAL)
    if export_seconds is not None:
        line(
            f"export {rows} rows to XLSX",
            f"{export_seconds:.2f} s",
            f"<= {EXPORT_GOAL:.0f} s",
            export_seconds <= EXPORT_GOAL,
        )
        print(f"  (export file {export_mb:.1f} MB)")


if __name__ == "__main__":
    main()
