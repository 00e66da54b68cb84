#!/usr/bin/env python3
"""Time the survey-workbook import (企业调查表: each enterprise and its year's figures
on one row) of 100,000 rows × 30 columns through the command a user runs, in two
cases, and the naive path on 10,000 rows for comparison.

    PARKBASE_DATA_DIR=/tmp/bench-survey python bench/bench_survey.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_survey python bench/bench_survey.py

Needs the benchmark park of bench/seed_scale.py (seeded here with 100,000 enterprises
if it holds none) and the industry-code table (loaded here if empty). The workbooks
(xlsxwriter, constant_memory) have a title row '2020年度企业调查表' (the year is taken
from it), then 企业名称, 统一社会信用代码, 登记注册类型, 行业代码, 状态, 规上企业, 园区期次,
主管部门, 成立日期 and 21 figures:

(a) update: the park's 100,000 enterprises as stored (1 % with 规上企业 flipped, so a
    light change), and their new figures for 2020;
(b) create: 100,000 new enterprises (new names and credit codes) with their figures.

Each case runs in a child process, ``call_command("import", "survey", FILE, "--park",
…)``, as ``parkbase import survey FILE`` does, so its peak memory (``ru_maxrss``) is
the import's own (plus Django's start). Phases are timed by wrapping functions in
that process only (nothing in src/ changes): read = ``read_table`` (in a thread, while
the park's enterprises are looked up), parse = ``parsed_table``, lookup =
``EnterpriseRows`` and ``YearRows`` (the stored enterprises and years; the stored
values of the file's fields when a row names a stored enterprise), waiting for the
read (what the read takes beyond the lookup), write = the bulk writes with their
history, statistics = ANALYZE; check = the rest (every rule of both kinds on every
row, comparisons). The
rows the benchmark adds are deleted afterwards with raw SQL and the tables vacuumed,
so that each run starts from the same database (without the vacuum, PostgreSQL's
tables swell with the dead rows of earlier runs and every run is slower than the one
before).

The naive path is what a first version would do: openpyxl (read-only) reads a
10,000-row workbook of new enterprises, and each row becomes an ``Enterprise`` and an
``EnterpriseYear``, each checked with ``full_clean()`` and stored with ``save()``
(history through the post_save signal), in one transaction (rolled back). The ratio
compares rows per second with case (b), the same work.

``--rows N``, ``--cases a,b``, ``--skip-naive``, ``--profile`` (a cProfile of each case).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import host  # noqa: E402

GOALS = {"a": {"sqlite": 10.0, "postgresql": 15.0}, "b": {"sqlite": 15.0, "postgresql": 15.0}}
MEMORY_GOAL_MB = 1024
RATIO_GOAL = 15.0
NAIVE_ROWS = 10_000
YEAR = 2020
FIGURES = 21  # + 9 registry columns = 30
NEW_CODE_BASE = 5_000_000  # seed_scale.uscc(n) of the new enterprises: beyond the seeded ones
NEW_NAME = "调查新建企业{n}有限公司"
REGISTRY_HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "登记注册类型",
    "行业代码",
    "状态",
    "规上企业",
    "园区期次",
    "主管部门",
    "成立日期",
]
TABLES = (
    "enterprises_enterprise",
    "enterprises_enterpriseyear",
    "enterprises_historicalenterprise",
    "enterprises_historicalenterpriseyear",
)
SYSTEM = "benchmark and tool scripts: system work"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")


# ---------------------------------------------------------------- the workbooks


def _reverse(mapping: dict) -> dict:
    found = {}
    for text, stored in mapping.items():
        found.setdefault(str(stored), text)
    return found


def figure_fields() -> list:
    import bench_import

    return [c for c in bench_import.figure_columns()][:FIGURES]


def write_workbook(path: Path, registry_rows, seed: int) -> int:
    """registry_rows: (name, uscc, registration type, industry, status, above size,
    phase code, department code, founded) as the template writes them."""
    import bench_import
    import xlsxwriter

    cols = figure_fields()
    fields = [c.field for c in cols]
    headers = REGISTRY_HEADERS + [c.template_header for c in cols]
    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("调查表")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_string(0, 0, f"{YEAR}年度企业调查表")
    ws.write_row(1, 0, headers)
    for r, row in enumerate(registry_rows, start=2):
        *first, founded = row
        ws.write_row(r, 0, first)
        if founded is not None:
            ws.write_datetime(r, 8, founded, date)
        values = bench_import.figure_values(rng, fields)
        ws.write_row(r, 9, [values[f] for f in fields])
    wb.close()
    return len(headers)


def known_rows(park, rows: int) -> list:
    """The park's enterprises as stored, 1 % with 规上企业 flipped."""
    from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, STATUS_ZH
    from parkbase.enterprises.models import Enterprise

    reg, status = _reverse(REGISTRATION_TYPE_ZH), _reverse(STATUS_ZH)
    found = []
    stored = (
        Enterprise.objects.unscoped(SYSTEM)
        .filter(park=park)
        .exclude(uscc="")
        .order_by("id")
        .values_list(
            "name",
            "uscc",
            "registration_type",
            "industry_code",
            "status",
            "is_above_size",
            "phase__code",
            "department__code",
            "founded_on",
        )[:rows]
    )
    for i, (name, code, rt, industry, st, above, phase, dept, founded) in enumerate(stored):
        above = (not above) if i % 100 == 0 else above
        found.append(
            (
                name,
                code,
                reg.get(rt, ""),
                industry,
                status[st],
                "是" if above else "否",
                phase or "",
                dept or "",
                founded,
            )
        )
    return found


def new_rows(park, rows: int, start: int = 0) -> list:
    import datetime as dt

    import seed_scale

    from parkbase.core.models import Department, Phase

    phases = list(Phase.objects.unscoped(SYSTEM).filter(park=park).values_list("code", flat=True))
    depts = list(
        Department.objects.unscoped(SYSTEM).filter(park=park).values_list("code", flat=True)
    )
    rng = random.Random(7)
    industries = ("3411", "3412", "3921", "2710", "C", "34", "39")
    return [
        (
            NEW_NAME.format(n=n),
            seed_scale.uscc(NEW_CODE_BASE + n),
            rng.choice(("有限责任公司", "私营企业", "股份有限公司")),
            rng.choice(industries),
            "在产",
            rng.choice(("是", "否")),
            rng.choice(phases),
            rng.choice(depts),
            dt.date(rng.randint(1990, 2019), rng.randint(1, 12), 1),
        )
        for n in range(start, start + rows)
    ]


# ---------------------------------------------------------------- clean-up


def cleanup(park) -> None:
    """The rows the benchmark added: the year's figures, the new enterprises, and the
    history the imports wrote."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        in_park = "SELECT id FROM enterprises_enterprise WHERE park_id = %s"
        new = in_park + " AND name LIKE %s"
        pattern = NEW_NAME.split("{")[0] + "%"
        cur.execute(
            "DELETE FROM enterprises_historicalenterpriseyear WHERE year = %s AND "
            f"enterprise_id IN ({in_park})",
            [YEAR, park.pk],
        )
        cur.execute(
            f"DELETE FROM enterprises_enterpriseyear WHERE enterprise_id IN ({new})",
            [park.pk, pattern],
        )
        cur.execute(
            f"DELETE FROM enterprises_enterpriseyear WHERE year = %s AND enterprise_id IN ({in_park})",
            [YEAR, park.pk],
        )
        cur.execute(
            "DELETE FROM enterprises_historicalenterprise WHERE history_change_reason = %s "
            "AND park_id = %s",
            ["survey import", park.pk],
        )
        cur.execute(
            "DELETE FROM enterprises_enterprise WHERE park_id = %s AND name LIKE %s",
            [park.pk, pattern],
        )
    with connection.cursor() as cur:  # outside a transaction, as VACUUM must be
        if connection.vendor == "postgresql":
            cur.execute("VACUUM (ANALYZE) " + ", ".join(TABLES))
        else:
            cur.execute("VACUUM")


# ---------------------------------------------------------------- one case (child)


class Timer:
    """Wraps attributes so that each call adds to a named total."""

    def __init__(self):
        self.totals: dict[str, float] = {}

    def wrap(self, owner, attr, name):
        original = getattr(owner, attr)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[name] = self.totals.get(name, 0.0) + time.perf_counter() - t

        setattr(owner, attr, timed)


def child(case: str, path: str, park_code: str, profile: bool) -> None:
    setup()
    import io

    from django.core.management import call_command

    from parkbase.enterprises import import_rows, survey
    from parkbase.imports import bulk

    timer = Timer()
    timer.wrap(survey, "read_table", "read (in a thread)")
    timer.wrap(survey, "parsed_table", "parse")
    timer.wrap(import_rows.EnterpriseRows, "__init__", "lookup enterprises")
    timer.wrap(import_rows.YearRows, "__init__", "lookup years")
    timer.wrap(import_rows.EnterpriseRows, "_load_values", "lookup stored values")
    timer.wrap(bulk, "create_rows_with_history", "write inserts + history")
    timer.wrap(bulk, "update_with_history", "write updates + history")
    timer.wrap(import_rows.EnterpriseRows, "updated", "write: load changed enterprises")
    timer.wrap(import_rows, "refresh_statistics", "statistics (ANALYZE)")
    out, err = io.StringIO(), io.StringIO()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t = time.perf_counter()
    code = 0
    try:
        call_command("import", "survey", path, "--park", park_code, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    total = time.perf_counter() - t
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(30)
    print(
        json.dumps(
            {
                "case": case,
                "total": total,
                "phases": timer.totals,
                "rss_mb": rss_mb(),
                "exit": code,
                "stdout": out.getvalue().strip(),
                "stderr": err.getvalue().strip()[:2000],
            },
            ensure_ascii=False,
        )
    )


# ---------------------------------------------------------------- the naive path


def naive_import(path: Path, park, user) -> tuple[int, float]:
    """openpyxl + full_clean() + save() per row for the enterprise and its year, in one
    transaction (rolled back afterwards, outside the time)."""
    from decimal import Decimal

    import openpyxl
    from django.db import transaction

    from parkbase.core.models import Department, Phase
    from parkbase.enterprises.choices import REGISTRATION_TYPE_ZH, STATUS_ZH
    from parkbase.enterprises.importers import SURVEY_COLUMNS
    from parkbase.enterprises.models import Enterprise, EnterpriseYear
    from parkbase.imports.values import UNIT_FACTORS

    phases = {p.code: p for p in Phase.objects.unscoped(SYSTEM).filter(park=park)}
    depts = {d.code: d for d in Department.objects.unscoped(SYSTEM).filter(park=park)}
    by_header = {c.template_header: c for c in SURVEY_COLUMNS}
    year_fields = {f.name for f in EnterpriseYear._meta.fields}
    count = 0
    t = time.perf_counter()
    with transaction.atomic():
        wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        next(rows)  # the title
        headers = next(rows)
        cols = [by_header[h] for h in headers]
        for row in rows:
            ent, year = {}, {}
            for col, value in zip(cols, row, strict=False):
                if col.field in year_fields and col.field not in ("name",):
                    if value is not None and col.unit_kind:
                        factor = Decimal(UNIT_FACTORS[col.unit_kind][col.default_unit])
                        number = Decimal(str(value)) * factor
                        value = int(number) if col.kind == "int" else round(number, col.places)
                    year[col.field] = value
                else:
                    ent[col.field] = value
            enterprise = Enterprise(
                park=park,
                name=ent["name"],
                uscc=ent["uscc"],
                registration_type=REGISTRATION_TYPE_ZH[ent["registration_type"]],
                industry_code=ent["industry_code"],
                status=STATUS_ZH[ent["status"]],
                is_above_size=ent["is_above_size"] == "是",
                phase=phases[ent["phase"]],
                department=depts[ent["department"]],
                founded_on=ent["founded_on"].date(),
            )
            enterprise.full_clean()
            enterprise._history_user = user
            enterprise.save()
            figures = EnterpriseYear(enterprise=enterprise, year=YEAR, source="survey", **year)
            figures.full_clean()
            figures._history_user = user
            figures.save()
            count += 1
        wb.close()
        seconds = time.perf_counter() - t
        transaction.set_rollback(True)
    return count, seconds


# ---------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cases", default="a,b")
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--child", nargs=3, metavar=("CASE", "FILE", "PARK"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child, profile=args.profile)
        return
    setup()
    import seed_scale
    from django.db import connection

    from parkbase.core.models import IndustryCode, Park, User
    from parkbase.enterprises.models import Enterprise
    from parkbase.imports.reference import industry_codes_load

    vendor = connection.vendor
    print(f"database: {vendor} {connection.settings_dict['NAME']}; load: {os.getloadavg()}")
    print(host.describe())
    if not IndustryCode.objects.exists():
        industry_codes_load()
    park = Park.objects.filter(code=seed_scale.PARK_CODE).first()
    if park is None or not Enterprise.objects.unscoped(SYSTEM).filter(park=park).exists():
        print("seeding the benchmark park (bench/seed_scale.py) …")
        seed_scale.main(["--enterprises", str(args.rows)])
        park = Park.objects.get(code=seed_scale.PARK_CODE)
    cleanup(park)
    results = {}
    for case in args.cases.split(","):
        path = Path(f"/tmp/bench_survey_{case}_{args.rows}.xlsx")
        t = time.perf_counter()
        rows = known_rows(park, args.rows) if case == "a" else new_rows(park, args.rows)
        width = write_workbook(path, rows, seed=int(time.time()))
        print(
            f"\ncase ({case}) {'update of known' if case == 'a' else 'new'} enterprises: "
            f"{path} ({len(rows)} rows x {width} columns, {path.stat().st_size / 1e6:.1f} MB, "
            f"written in {time.perf_counter() - t:.1f} s)"
        )
        connection.close()
        print(f"  {host.describe()}")
        command = [sys.executable, __file__, "--child", case, str(path), park.code]
        command += ["--profile"] if args.profile else []
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if args.profile:
            print(done.stderr)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            print("the import failed:", done.stdout[-3000:], done.stderr[-3000:])
            cleanup(park)
            continue
        result = json.loads(lines[-1])
        results[case] = (len(rows), result)
        goal = GOALS[case].get(vendor, 15.0)
        total = result["total"]
        print(f"  command: {result['stdout']}")
        if result["stderr"]:
            print(f"  notes: {result['stderr'][:300]}")
        print(f"  exit status {result['exit']}")
        for name, seconds in result["phases"].items():
            print(f"    {name:<34} {seconds:6.2f} s")
        phases = result["phases"]
        wait = max(0.0, phases.get("read (in a thread)", 0) - phases.get("lookup enterprises", 0))
        print(f"    {'waiting for the read':<34} {wait:6.2f} s")
        accounted = wait + sum(s for n, s in phases.items() if not n.startswith(("read", "write:")))
        print(f"    {'check (rules, comparisons, rest)':<34} {total - accounted:6.2f} s")
        print(
            f"  total {total:.2f} s ({len(rows) / total:,.0f} rows/s), goal <= {goal:.0f} s: "
            f"{'ok' if total <= goal else 'MISSED'}"
        )
        print(
            f"  peak memory {result['rss_mb']:.0f} MB, goal <= {MEMORY_GOAL_MB} MB: "
            f"{'ok' if result['rss_mb'] <= MEMORY_GOAL_MB else 'MISSED'}"
        )
        cleanup(park)
    if not args.skip_naive and importlib.util.find_spec("openpyxl") is None:
        print("\nnaive path skipped: it reads with openpyxl (pip install openpyxl)")
    elif not args.skip_naive:
        user = User.objects.filter(username=seed_scale.STAFF_USER).first()
        small = Path("/tmp/bench_survey_naive.xlsx")
        write_workbook(small, new_rows(park, NAIVE_ROWS, start=args.rows), seed=2)
        n, seconds = naive_import(small, park, user)
        rate = n / seconds
        print(f"\nnaive (openpyxl + full_clean() + save() per row): {n} rows in {seconds:.1f} s")
        print(f"  {rate:,.0f} rows/s")
        for case, (rows, result) in results.items():
            ratio = rows / result["total"] / rate
            print(
                f"  case ({case}) is {ratio:.1f}x faster, goal >= {RATIO_GOAL:.0f}x: "
                f"{'ok' if ratio >= RATIO_GOAL else 'MISSED'}"
            )
        cleanup(park)
    print(f"\nload at the end: {os.getloadavg()}; {host.describe()}")


if __name__ == "__main__":
    main()
