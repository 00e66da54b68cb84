#!/usr/bin/env python3
"""Time the monthly economic bulletin at 10,000 enterprises × 5 years of monthly returns:
the bulletin of December 2020 drafted for a park leader and written to a Word document
(goal: median < 2 s), in-process, no web server.

Seeds, when missing, what bench/bench_dashboard.py seeds (its park of 10,000
enterprises, their monthly returns of 2016–2020 with the derived figures and the park's
stored totals, the indicator library with 2020 targets, the leader ``bench_leader``),
with its own code; the park runs as of 2021-01-26, so December 2020 is the latest month
over and every enterprise filed it.

    PARKBASE_DATA_DIR=<dir> python bench/bench_bulletin.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard python bench/bench_bulletin.py

Each run is timed in its steps: the facts (``selectors.bulletin.bulletin_facts``: the
indicators' progress rows, the stored monthly sums, the returns against the calendar,
the contribution analysis by enterprise and by department, the projects), the text
(``engine.bulletin``), the three charts (matplotlib) and the .docx; the total is the
goal's. Baselines printed beside them: the indicators' own progress table at the same
month (what the bulletin's first table is), and the download of the Word document
through ``django.test.Client`` (routing, middleware, the view). Options: --runs N
(default 7), --warmup N (default 1), --enterprises N (default 10000), --profile (a
cProfile of one run). Exit status 1 when the goal is missed. The CPU time of the
process is printed beside the wall-clock total: on a host shared with other work it
moves less with the neighbours' load (the SQL of SQLite runs in the process too).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_dashboard  # noqa: E402
import host  # noqa: E402

GOAL_S = 2.0
YEAR, MONTH = 2020, 12


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    bench_dashboard.setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from parkbase.core.models import User
    from parkbase.indicators import selectors as indicators_app
    from parkbase.reports.engine.bulletin import bulletin
    from parkbase.reports.selectors.bulletin import bulletin_facts
    from parkbase.reports.word_bulletin import docx_bytes, images
    from parkbase.reports.wording_bulletin import month_names, words

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    park = bench_dashboard.seed(args, connection)
    leader = User.objects.get(username=bench_dashboard.LEADER)
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def one() -> dict[str, float]:
        times = {}
        cpu = time.process_time()
        t = time.perf_counter()
        facts = bulletin_facts(park, YEAR, MONTH, leader)
        times["facts"] = time.perf_counter() - t
        t = time.perf_counter()
        names, short = month_names()
        drafted = bulletin(facts, words(), names, short)
        times["text"] = time.perf_counter() - t
        t = time.perf_counter()
        drawn = images(drafted)
        times["charts"] = time.perf_counter() - t
        t = time.perf_counter()
        data = docx_bytes(drafted, drawn)
        times["docx"] = time.perf_counter() - t
        times["total"] = sum(times.values())
        times["cpu"] = time.process_time() - cpu
        times["bytes"] = len(data)
        return times

    print(host.describe())
    print(
        f"park {park.code}: {args.enterprises:,} enterprises; the bulletin of {YEAR}-{MONTH:02d} "
        f"as {leader.username}; goal: median < {GOAL_S:.1f} s; {args.runs} runs after "
        f"{args.warmup}; load average {os.getloadavg()[0]:.2f}"
    )
    with translation.override("zh-hans"):
        for _ in range(args.warmup):
            one()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            one()
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        settings.DEBUG = True  # count the queries of one run
        reset_queries()
        sample = one()
        queries = len(connection.queries)
        settings.DEBUG = False
        runs = [one() for _ in range(args.runs)]
        t = time.perf_counter()
        table = [indicators_app.progress_table(park, YEAR, MONTH, leader) for _ in range(3)]
        progress = (time.perf_counter() - t) / len(table)

    client = Client()
    client.force_login(leader)
    url = reverse("report-monthly-docx", args=[f"{YEAR}-{MONTH:02d}"])
    client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    downloads = []
    for _ in range(3):
        t = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        downloads.append(time.perf_counter() - t)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    print(f"| {'step':<44} | {'median s':>8} | {'max s':>7} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 9}|")
    for step, label in (
        ("facts", "facts (indicators, returns, contributions, projects)"),
        ("text", "text (engine)"),
        ("charts", "three charts (matplotlib, 200 dpi)"),
        ("docx", "Word document (python-docx)"),
        ("total", "the bulletin drafted and written to DOCX"),
        ("cpu", "the same, CPU time of this process"),
    ):
        values = [r[step] for r in runs]
        print(f"| {label:<44} | {statistics.median(values):8.3f} | {max(values):7.3f} |")
    print(
        f"baseline: the indicators' progress table at {YEAR}-{MONTH:02d}: {progress:.3f} s; "
        f"the download through the test client: median {statistics.median(downloads):.3f} s"
    )
    print(
        f"one run: {queries} queries, {sample['bytes']:,} bytes of DOCX; "
        f"load average after: {os.getloadavg()[0]:.2f}"
    )
    median = statistics.median(r["total"] for r in runs)
    ok = median < GOAL_S
    print(f"goal median < {GOAL_S:.1f} s: {'ok' if ok else 'MISSED'} ({median:.3f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
