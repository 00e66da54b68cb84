#!/usr/bin/env python3
"""Time the leaders' pages at 10,000 enterprises × 5 years of monthly returns, in-process
through django.test.Client logged in as a park leader (URL routing, every middleware,
the view, the queries, the template). No network, no web server.

Seeds, when missing: the benchmark park of bench/seed_scale.py with 10,000 enterprises
and their yearly rows 2016–2020; for each enterprise a monthly return for every month of
2016–2020 (600,000 ``MonthlyReturn`` rows: the statistics system's as year to date, or
the enterprise's own as the month's figures) and the ``MonthlyFigure`` rows derived from
them (600,000, period and year-to-date values); the built-in indicator library and a
target for 2020 of each indicator that is not entered by hand, split by month in the
past years' shape; a leader ``bench_leader``. Raw inserts (COPY on PostgreSQL,
executemany INSERT elsewhere): benchmark data only, no audit trail. The park runs as of
2021-01-26, so December 2020 is the latest month over.

    PARKBASE_DATA_DIR=<dir> python bench/bench_dashboard.py
    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE bench_dashboard'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard python bench/bench_dashboard.py

Cases (median and p95 of --runs requests after --warmup; goal: median < 200 ms):
the home page, the indicators' progress table at December 2020, one indicator's page
(gross output: trend, projection and its contributors, the enterprises behind the
change), the page of new above-size enterprises, and the drill-down from the home
page's charts (the enterprise list filtered to a status slice and to a department bar,
as the charts link them). Each line says the queries of one request and their time.

Options: --runs N (default 20), --warmup N (default 3), --only home,progress,…,
--enterprises N (default 10000), --queries (print each query of one request),
--profile CASE (a cProfile of the timed requests of one case), --explain (the plans of
the queries of the progress table). Exit status 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import host  # noqa: E402

GOAL_MS = 200.0
YEARS = (2016, 2017, 2018, 2019, 2020)
TARGET_YEAR = 2020
AS_OF = "2021-01-26"
LEADER = "bench_leader"
SYSTEM = "benchmark and tool scripts: system work"
# the share of a year's output in each month (February low: the Spring Festival)
SHAPE = (0.07, 0.055, 0.08, 0.083, 0.085, 0.087, 0.08, 0.082, 0.088, 0.09, 0.09, 0.11)
FIGURES = (
    "gross_output",
    "sales_output",
    "value_added",
    "revenue",
    "profit",
    "tax_total",
    "tax_local",
    "exports",
    "energy_tce",
    "electricity_kwh",
)


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def setup_django():
    if not os.environ.get("DATABASE_URL") and not os.environ.get("PARKBASE_DATA_DIR"):
        os.environ["PARKBASE_DATA_DIR"] = str(Path(tempfile.gettempdir()) / "bench-dashboard")
        Path(os.environ["PARKBASE_DATA_DIR"]).mkdir(exist_ok=True)
    os.environ["PARKBASE_AS_OF"] = AS_OF
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")


# ---------------------------------------------------------------- the monthly returns


def _money(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def monthly_rows(rng, enterprise_ids, now):
    """(return row, figure row) for every enterprise and month of YEARS: each firm a yearly
    scale growing by −15 % … +20 % a year, spread over the months in SHAPE with noise;
    60 % of the returns from the statistics system as year to date, the rest filed in the
    portal as the month's own figures."""
    for ent_id in enterprise_ids:
        scale = 10 ** rng.uniform(6, 9.3)
        exports = rng.random() < 0.2
        for year in YEARS:
            scale *= rng.uniform(0.85, 1.2)
            ytd = dict.fromkeys(FIGURES, Decimal(0))
            for month in range(1, 13):
                output = scale * SHAPE[month - 1] * rng.uniform(0.9, 1.1)
                revenue = output * rng.uniform(0.85, 1.05)
                period = {
                    "gross_output": _money(output),
                    "sales_output": _money(output * 0.97),
                    "value_added": _money(output * 0.28),
                    "revenue": _money(revenue),
                    "profit": _money(revenue * rng.uniform(-0.05, 0.12)),
                    "tax_total": _money(revenue * 0.05),
                    "tax_local": _money(revenue * 0.02),
                    "exports": _money(revenue * 0.3) if exports else Decimal(0),
                    "energy_tce": Decimal(f"{output / 2e5:.3f}"),
                    "electricity_kwh": int(output / 12),
                }
                for name in FIGURES:
                    ytd[name] += period[name]
                statistics_source = rng.random() < 0.6
                filed = ytd if statistics_source else period
                base = {
                    "enterprise_id": ent_id,
                    "year": year,
                    "period_start": month,
                    "period_end": month,
                }
                ret = dict(base)
                ret |= {
                    "basis": "ytd" if statistics_source else "period",
                    "source": "statistics" if statistics_source else "portal",
                }
                ret |= {name: filed[name] for name in FIGURES}
                ret |= {
                    "confirmed_jumps": "[]",
                    "note": "",
                    "filed_by_id": None,
                    "filed_at": now,
                    "updated_at": now,
                    "version": 1,
                }
                fig = dict(base)
                fig |= {"source": ret["source"], "basis": ret["basis"]}
                for name in FIGURES:
                    fig[name] = period[name]
                    fig[f"{name}_ytd"] = ytd[name]
                fig |= {"flags": "[]", "flagged": False, "updated_at": now}
                yield ret, fig


def seed(args, connection):
    import seed_scale
    from django.core.management.color import no_style
    from django.db import transaction
    from django.utils import timezone

    from parkbase.core.choices import Role
    from parkbase.core.models import Park, User
    from parkbase.enterprises.models import Enterprise, MonthlyFigure, MonthlyReturn

    park = Park.objects.filter(code=seed_scale.PARK_CODE).first()
    if park is None or not Enterprise.objects.unscoped(SYSTEM).filter(park=park).exists():
        seed_scale.main(
            ["--enterprises", str(args.enterprises), "--years", ",".join(map(str, YEARS))]
        )
        park = Park.objects.get(code=seed_scale.PARK_CODE)
    User.objects.update_or_create(
        username=LEADER,
        defaults={"role": Role.LEADER, "park": park, "is_active": True, "first_name": "基准"},
    )
    returns = MonthlyReturn.objects.unscoped(SYSTEM).filter(enterprise__park=park)
    if not returns.exists():
        t = time.perf_counter()
        ids = list(
            Enterprise.objects.unscoped(SYSTEM)
            .filter(park=park)
            .order_by("id")
            .values_list("id", flat=True)
        )

        def last_id(model):
            rows = model.objects.unscoped(SYSTEM).order_by("-id").values_list("id", flat=True)
            return rows.first() or 0

        first_return, first_figure = last_id(MonthlyReturn) + 1, last_id(MonthlyFigure) + 1
        rng = random.Random(2020)
        now = timezone.now()
        n = 0
        with transaction.atomic():
            for start in range(0, len(ids), 500):  # 30,000 rows of each a batch
                pairs = list(monthly_rows(rng, ids[start : start + 500], now))
                returns_rows = [{"id": first_return + n + i} | r for i, (r, _) in enumerate(pairs)]
                figures = [{"id": first_figure + n + i} | f for i, (_, f) in enumerate(pairs)]
                if connection.vendor == "postgresql":
                    seed_scale.copy_rows(connection, MonthlyReturn, iter(returns_rows))
                    seed_scale.copy_rows(connection, MonthlyFigure, iter(figures))
                else:
                    seed_scale.insert_rows(connection, MonthlyReturn, iter(returns_rows), 5000)
                    seed_scale.insert_rows(connection, MonthlyFigure, iter(figures), 5000)
                n += len(pairs)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(
                        no_style(), [MonthlyReturn, MonthlyFigure]
                    ):
                        cursor.execute(sql)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE")
        print(
            f"monthly returns: {n:,} returns and as many figure rows in "
            f"{time.perf_counter() - t:.1f} s"
        )
    from parkbase.enterprises import monthly_sums
    from parkbase.enterprises.models import MonthlyTotal

    if not MonthlyTotal.objects.unscoped(SYSTEM).filter(park=park).exists():
        t = time.perf_counter()
        n = monthly_sums.rebuild([park.pk])  # what the services keep in step when filing
        print(f"the park's monthly totals: {n} rows in {time.perf_counter() - t:.1f} s")
    seed_targets(park)
    return park


def seed_targets(park):
    """The built-in library and a 2020 target (8 % over 2019) for each indicator whose
    values are not entered by hand, split by month in the past years' shape."""
    from parkbase.indicators import selectors, services
    from parkbase.indicators.choices import ValueSource
    from parkbase.indicators.models import Target

    services.library_ensure(park)
    have = set(
        Target.objects.unscoped(SYSTEM)
        .filter(indicator__park=park, year=TARGET_YEAR)
        .values_list("indicator_id", flat=True)
    )
    for indicator in selectors.indicators_of(park):
        if indicator.pk in have or indicator.source == ValueSource.MANUAL or indicator.is_rate:
            continue
        past = selectors.past_years_series(indicator, TARGET_YEAR)
        last = past[0].get(12) if past else None
        value = (Decimal(last) * Decimal("1.08")) if last else Decimal(100)
        shown = services.factor(indicator)  # a round figure in the unit it is shown in
        value = (value / shown).quantize(Decimal(1)) * shown
        months = services.default_months(indicator, value, past)
        services.target_save(
            indicator=indicator, year=TARGET_YEAR, kind="level", value=value, months=months
        )


# ---------------------------------------------------------------- the timing


def explain(connection, sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--profile", default="")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from parkbase.core.models import Department, User
    from parkbase.indicators.models import Indicator

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; as of {AS_OF}")
    call_command("migrate", verbosity=0)
    park = seed(args, connection)
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    library = {i.code: i.pk for i in Indicator.objects.unscoped(SYSTEM).filter(park=park)}
    department = Department.objects.get(park=park, code="D01")
    at = {"year": str(TARGET_YEAR), "month": "12"}
    cases = [
        ("home", "home page (leaders' dashboard)", "dashboard", (), {}),
        ("progress", "indicators' progress table, 2020-12", "indicators", (), at),
        (
            "indicator",
            "gross output: trend, projection, contributors",
            "indicator",
            (library.get("gross_output"),),
            at,
        ),
        (
            "new",
            "new above-size enterprises' page",
            "indicator",
            (library.get("new_above_size"),),
            at,
        ),
        (
            "drill-status",
            "drill-down: enterprises, status slice",
            "enterprise-list",
            (),
            {"status": "producing"},
        ),
        (
            "drill-dept",
            "drill-down: enterprises, department bar",
            "enterprise-list",
            (),
            {"department": str(department.pk)},
        ),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c[0] in wanted]

    client = Client()
    client.force_login(User.objects.get(username=LEADER))
    recorded: list[tuple[str, object, float]] = []

    def recorder(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            recorded.append((sql, params, (time.perf_counter() - t) * 1000))

    print(host.describe())
    print(
        f"park {park.code}: {args.enterprises:,} enterprises, monthly returns {YEARS[0]}–"
        f"{YEARS[-1]}; goal: median < {GOAL_MS:.0f} ms; {args.runs} timed requests after "
        f"{args.warmup}; load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"| {'case':<12} | {'page':<46} | {'median ms':>9} | {'p95 ms':>8} | {'queries':>7} | "
        f"{'SQL ms':>7} | {'goal':<6} |"
    )
    print(f"|{'-' * 14}|{'-' * 48}|{'-' * 11}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    missed = False
    for key, label, name, url_args, params in cases:
        try:
            url = reverse(name, args=url_args)
        except NoReverseMatch:
            print(f"| {key:<12} | {label:<46} | {'(no URL ' + name + ': skipped)':<52} |")
            continue

        def request(url=url, params=params, key=key):
            response = client.get(url, params)
            if response.status_code != 200:
                raise SystemExit(f"{key}: {url} answered {response.status_code}")
            return response

        recorded.clear()
        with connection.execute_wrapper(recorder):
            request()
        queries, sql_ms = len(recorded), sum(ms for _, _, ms in recorded)
        if args.queries:
            print(f"queries of one request of {key}:")
            for sql, _, ms in recorded:
                print(f"  {ms:8.1f} ms  {sql[:200]}")
        if args.explain and key == "progress":
            for sql, params_, ms in sorted(recorded, key=lambda r: -r[2])[:3]:
                print(f"  {ms:.1f} ms: {sql[:300]}\n{explain(connection, sql, params_)}")
        for _ in range(args.warmup):
            request()
        if args.profile == key:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            request()
            times.append((time.perf_counter() - t) * 1000)
        if args.profile == key:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        median = statistics.median(times)
        ok = median < GOAL_MS
        missed |= not ok
        print(
            f"| {key:<12} | {label:<46} | {median:9.1f} | {p95(times):8.1f} | {queries:7d} | "
            f"{sql_ms:7.1f} | {'ok' if ok else 'MISSED':<6} |"
        )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
