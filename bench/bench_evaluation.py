#!/usr/bin/env python3
"""Time the per-mu evaluation: the engine over 1,000,000 synthetic enterprise-years, a
full run for the benchmark park (load, compute, store results with their audit trail)
and the what-if page for a park of 10,000 enterprises.

    PARKBASE_DATA_DIR=/tmp/bench-eval python bench/bench_evaluation.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench_eval \\
        python bench/bench_evaluation.py --only full,what-if

Goals (issue "Speed"): the engine scores and classes 1,000,000 enterprise-years in
≤ 0.5 s with a realistic scheme; a full run for 100,000 enterprises in ≤ 8 s on SQLite
and on PostgreSQL; a what-if answer for 10,000 enterprises in ≤ 300 ms.

Cases (``--only engine,full,what-if``; each the median of ``--runs``, default 5):

engine   ``engine.evaluate`` with the default scheme (data/default_scheme.yaml: four
         peer groups, six and two indicators, benchmarks from last year's group
         means, adjustments, forced and ungraded rules) over ``--rows`` (1,000,000)
         synthetic firms and as many for the previous year: lognormal figures, ~10 %
         without land area, a few % without other figures, ~35 % above size,
         industry sections C/D/M, a few % of each flag, ages 0–30, 2 % tenants.
         Baseline: a pure-Python loop (one dict per firm, the same rules) over
         ``--naive-rows`` (20,000) firms, scaled to ``--rows``; its classes must be
         the engine's.
full     ``services.run_create`` for the park of bench/seed_scale.py (100,000
         enterprises, 2017–2019) for 2019, split by wrapping functions in this
         process: load = ``load_year`` (this year and the one before), compute =
         ``engine.evaluate``, store = ``store_results`` (results and history); the
         rest (the run row, its summary) is in the total. The run is deleted
         afterwards with raw SQL. Baseline for the store: a ``Result`` per firm and
         simple-history's ``bulk_create_with_history`` (Django's ``bulk_create``)
         for the first 10,000 results, scaled.
what-if  the what-if page (``GET runs/<id>/what-if/`` with two weights swapped, in
         process through django.test.Client, logged in as a staff user) for a run of
         a park of 12,500 enterprises of which ~10,000 are evaluated (the others
         deregistered, moved out or without figures; ``bench-whatif``, seeded beside
         the benchmark park by bench/seed_scale.py --park if missing): cold (the what-if cache
         emptied, as after any change of the data: both years read) and the next
         answers (both years cached, as the page's later tries of other weights are),
         and ``services.what_if`` alone. For comparison, no goal: what_if for 10,000
         of the 100,000-enterprise park's firms (last year's benchmarks are means
         over the whole park, so it reads the big park's two years).

The database needs the benchmark park (``python bench/seed_scale.py``) and the
evaluation tables (``parkbase migrate``); GB/T 4754 sections are loaded if missing
(``parkbase industry load``: without them no firm is industrial). Databases to use:

    mkdir -p /tmp/bench-eval
    sqlite3 /tmp/bench-sqlite/parkbase.sqlite3 ".backup /tmp/bench-eval/parkbase.sqlite3"
    PARKBASE_DATA_DIR=/tmp/bench-eval parkbase migrate

    psql -h 127.0.0.1 -U postgres -c 'create database parkbase_bench_eval'
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench_eval
    parkbase migrate && python bench/seed_scale.py

``--profile full`` (or engine, what-if) prints a cProfile of one run of the case.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import dataclasses
import math
import operator
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ENGINE_GOAL_S = 0.5
FULL_GOAL_S = 8.0
WHAT_IF_GOAL_S = 0.3
WHAT_IF_FIRMS = 10_000
WHAT_IF_PARK = "bench-whatif"
WHAT_IF_PARK_SIZE = 12_500  # ~80 % of the seeded firms are evaluated: ~10,000
WHAT_IF_USER = "bench_whatif_staff"
BASELINE_STORE_ROWS = 10_000
COMPARE = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}
FLAGS = (
    "sublets",
    "banned_capacity",
    "pollution_failed",
    "safety_failed",
    "energy_failed",
    "under_construction",
)


def line(name, figure, goal="", ok=None):
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"| {name:<44} | {figure:>14} | {goal:>10} | {mark:<6} |")


def header(title):
    print(f"\n{title}")
    print(f"| {'measure':<44} | {'figure':>14} | {'goal':>10} | {'':<6} |")
    print(f"|{'-' * 46}|{'-' * 16}|{'-' * 12}|{'-' * 8}|")


def median_time(fn, runs):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times


def profiled(fn):
    profiler = cProfile.Profile()
    profiler.enable()
    result = fn()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return result


# --- the engine on synthetic firms ---------------------------------------------------


def default_scheme():
    import yaml

    from parkbase.evaluation import services
    from parkbase.evaluation.scheme import scheme_from_dict

    scheme = scheme_from_dict(yaml.safe_load(services.DEFAULT_SCHEME_FILE.read_text("utf-8")))
    # the synthetic firms include 2 % tenants: let them take their landlord's class
    return dataclasses.replace(scheme, shared_parcel="inherit")


def synthetic_population(n: int, seed: int):
    """Figures in canonical units (yuan, m², tce, t), as load_year gives them."""
    import numpy as np

    from parkbase.evaluation.engine import Population

    rng = np.random.default_rng(seed)

    def lognormal(mu, sigma, missing=0.03):
        values = rng.lognormal(mu, sigma, n)
        values[rng.random(n) < missing] = np.nan
        return values

    revenue = lognormal(16.5, 1.5)
    v = {
        "land_area": lognormal(9.5, 1.0, missing=0.10),
        "land_leased_in": np.where(rng.random(n) < 0.3, lognormal(7.5, 1.0, 0), np.nan),
        "tax_total": lognormal(13, 1.5),
        "value_added": lognormal(15, 1.5),
        "revenue": revenue,
        "main_business_revenue": revenue * rng.uniform(0.8, 1.0, n),
        "energy_tce": lognormal(6, 1.5),
        "emissions_t": lognormal(2, 1.2, missing=0.15),
        "staff_average": np.round(lognormal(4, 1.0)),
        "rd_spending": lognormal(12, 2.0, missing=0.2),
        "age_years": np.floor(rng.uniform(0, 30, n)),
        "industry_section": rng.choice(np.array(["C", "D", "M"]), n, p=[0.85, 0.05, 0.10]),
        "is_above_size": rng.random(n) < 0.35,
        "is_high_tech": rng.random(n) < 0.10,
        "is_listed": rng.random(n) < 0.01,
        "is_specialized": rng.random(n) < 0.05,
    }
    for flag in FLAGS:
        v[f"flag.{flag}"] = rng.random(n) < 0.01
    owner = np.where(rng.random(n) < 0.02, rng.integers(0, n, n), -1)
    owner[owner == np.arange(n)] = -1
    return Population(np.arange(1, n + 1), v, owner)


def naive_evaluate(scheme, population, previous) -> list[str | None]:
    """The default scheme's rules, one Python dict per firm: the baseline."""
    import numpy as np

    names = list(population.values)

    def rows(pop):
        columns = [pop.values[name].tolist() for name in names]
        return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]

    def holds(c, row):
        x = row[c.field]
        missing = x is None or x != x or x == ""
        if c.op in ("true", "false"):
            truth = bool(x) and not missing
            return truth if c.op == "true" else not truth
        if c.op in ("in", "not_in"):
            return (x in c.value) if c.op == "in" else (not missing and x not in c.value)
        value = float(c.value) if isinstance(x, float) else c.value
        return not missing and COMPARE[c.op](x, value)

    def first(rules, row):
        return next(
            (r for r, rule in enumerate(rules) if all(holds(c, row) for c in rule.when)), -1
        )

    def value(ind, row):
        num, den = row[ind.numerator], row[ind.denominator]
        if num != num or not den > 0:
            return None
        return num / den * ind.scale

    current, before = rows(population), rows(previous)
    groups = [first(scheme.groups, row) for row in current]
    previous_groups = [first(scheme.groups, row) for row in before]
    totals = [0.0] * len(current)
    for g, group in enumerate(scheme.groups):
        members = [i for i, k in enumerate(groups) if k == g]
        for ind in group.indicators:
            xs = [value(ind, current[i]) for i in members]
            known = [x for x in xs if x is not None]
            if ind.method == "minmax":
                lo, hi = (min(known), max(known)) if known else (0, 0)
                scores = [
                    None
                    if x is None
                    else (
                        ind.weight
                        if hi == lo
                        else ind.weight * (20 + 80 * (x - lo) / (hi - lo)) / 100
                    )
                    for x in xs
                ]
            else:
                basis = [
                    value(ind, row)
                    for row, k in zip(before, previous_groups, strict=True)
                    if k == g
                ]
                basis = [x for x in basis if x is not None] or known
                b = ind.benchmark.factor * sum(basis) / len(basis) if basis else math.nan
                scores = [
                    None if x is None else min(max(ind.weight * x / b, 0.0), ind.cap * ind.weight)
                    for x in xs
                ]
            for i, s in zip(members, scores, strict=True):
                totals[i] += s or 0.0
    classes: list[str | None] = [None] * len(current)
    owner = population.owner.tolist() if scheme.shared_parcel != "none" else [-1] * len(current)
    for i, row in enumerate(current):
        if groups[i] >= 0:
            totals[i] += sum(
                r.points for r in scheme.adjustments if all(holds(c, row) for c in r.when)
            )
    forced = [
        first(scheme.forced, row) if g >= 0 else -1 for row, g in zip(current, groups, strict=True)
    ]
    ungraded = [
        first(scheme.ungraded, row) if g >= 0 and forced[i] < 0 else -1
        for i, (row, g) in enumerate(zip(current, groups, strict=True))
    ]
    # ties are totals equal to 6 decimals, rounded as the engine rounds them
    rounded = np.round(np.array(totals), 6).tolist()
    for g in range(len(scheme.groups)):
        pool = [
            i
            for i, k in enumerate(groups)
            if k == g and forced[i] < 0 and ungraded[i] < 0 and owner[i] < 0
        ]
        ordered = sorted(pool, key=lambda i: -rounded[i])
        # the place that decides a tie's class: its first ("better") or its last
        last_place = {}
        for position, i in enumerate(ordered, 1):
            last_place[rounded[i]] = position
        rank = 0
        for position, i in enumerate(ordered, 1):
            if position == 1 or rounded[i] != rounded[ordered[position - 2]]:
                rank = position
            place = last_place[rounded[i]] if scheme.ties == "worse" else rank
            cut = next(
                c for c in scheme.classes if place <= math.ceil(round(c.upto * len(pool), 9))
            )
            classes[i] = cut.name
    for i in range(len(current)):
        if forced[i] >= 0:
            classes[i] = scheme.forced[forced[i]].klass
    own = list(classes)
    for i, o in enumerate(owner):  # a tenant takes its owner's class, unless forced
        if o >= 0 and groups[i] >= 0 and forced[i] < 0:
            classes[i] = own[o]
    return classes


def bench_engine(args):
    from parkbase.evaluation import engine

    scheme = default_scheme()
    current = synthetic_population(args.rows, 1)
    previous = synthetic_population(args.rows, 2)
    engine.evaluate(scheme, current, previous)  # warm-up
    seconds, runs = median_time(lambda: engine.evaluate(scheme, current, previous), args.runs)
    if args.profile == "engine":
        profiled(lambda: engine.evaluate(scheme, current, previous))

    small, small_previous = (
        synthetic_population(args.naive_rows, 3),
        synthetic_population(args.naive_rows, 4),
    )
    t = time.perf_counter()
    naive = naive_evaluate(scheme, small, small_previous)
    naive_seconds = (time.perf_counter() - t) * args.rows / args.naive_rows
    out = engine.evaluate(scheme, small, small_previous)
    same = naive == [out.class_of(i) for i in range(len(out))]

    header(f"engine: default scheme, {args.rows:,} firms (+ {args.rows:,} last year)")
    line(
        "engine.evaluate, median",
        f"{seconds:.3f} s",
        f"<= {ENGINE_GOAL_S} s",
        seconds <= ENGINE_GOAL_S,
    )
    line("  runs", " ".join(f"{s:.2f}" for s in runs))
    line(f"pure-Python loop ({args.naive_rows:,} firms, scaled)", f"{naive_seconds:.1f} s")
    line("  ratio", f"{naive_seconds / seconds:.0f}x")
    line("  same classes as the engine", "yes" if same else "NO", "", same)
    print(
        f"  classes: { {c: sum(1 for k in out.klass if k == i) for i, c in enumerate(out.class_names)} }"
    )


# --- a full run and what-if against the database --------------------------------------


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


def delete_run(run_id: int) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in (
            ("evaluation_historicalresult", "run_id"),
            ("evaluation_result", "run_id"),
            ("evaluation_historicalrun", "id"),
            ("evaluation_run", "id"),
        ):
            cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [run_id])


def bench_park():
    import seed_scale

    from parkbase.core.models import IndustryCode, Park
    from parkbase.enterprises.models import Enterprise
    from parkbase.imports.reference import industry_codes_load

    park = Park.objects.filter(code=seed_scale.PARK_CODE).first()
    if (
        park is None
        or not Enterprise.objects.unscoped("benchmark and tool scripts: system work")
        .filter(park=park)
        .exists()
    ):
        sys.exit("no benchmark park: run bench/seed_scale.py first")
    if not IndustryCode.objects.exists():
        print("loading the GB/T 4754 sections and divisions (parkbase industry load)")
        industry_codes_load()
    return park, park_scheme(park)


def park_scheme(park):
    """The park's default scheme, created or brought up to date."""
    from parkbase.evaluation import services
    from parkbase.evaluation.models import Scheme

    definition = services.default_scheme_definition()
    scheme = (
        Scheme.objects.unscoped("benchmark and tool scripts: system work")
        .filter(park=park, name=definition["name"])
        .first()
    )
    if scheme is None:
        scheme = services.scheme_create(park=park, definition=definition)
    elif scheme.definition != definition:  # the default scheme changed since
        scheme = services.scheme_update(
            scheme=scheme, definition=definition, expected_version=scheme.version
        )
    return scheme


def bench_full(args, park, scheme):
    from parkbase.evaluation import engine, services
    from parkbase.evaluation.models import Result

    timer = Timer()
    timer.wrap(services.runs, "load_year", "load")
    timer.wrap(engine, "evaluate", "compute")
    timer.wrap(services.runs, "store_results", "store")
    splits, totals, summary = [], [], {}
    try:
        for k in range(args.runs):
            timer.totals.clear()
            t = time.perf_counter()
            create = lambda: services.run_create(scheme=scheme, year=2019)  # noqa: E731
            run = profiled(create) if args.profile == "full" and k == 0 else create()
            totals.append(time.perf_counter() - t)
            splits.append(dict(timer.totals))
            summary = run.summary
            rows = (
                Result.objects.unscoped("benchmark and tool scripts: system work")
                .filter(run=run)
                .count()
            )
            history = Result.history.filter(run_id=run.pk).count()
            delete_run(run.pk)
    finally:
        timer.restore()

    baseline = store_baseline(park, scheme)

    total = statistics.median(totals)
    header(f"full run: {rows:,} results + {history:,} history rows, 2019 (median of {len(totals)})")
    for name in ("load", "compute", "store"):
        figure = statistics.median(s.get(name, 0.0) for s in splits)
        line(f"  {name}", f"{figure:.2f} s")
    line("run_create end to end", f"{total:.2f} s", f"<= {FULL_GOAL_S:.0f} s", total <= FULL_GOAL_S)
    line("  runs", " ".join(f"{s:.1f}" for s in totals))
    line("store baseline: bulk_create_with_history", f"{baseline:.1f} s")
    print(f"  classes: {summary.get('classes')}, groups: {summary.get('groups')}")


def store_baseline(park, scheme) -> float:
    """A Result per firm (all of them), then simple-history's bulk_create_with_history
    for the first BASELINE_STORE_ROWS, scaled to all."""
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from parkbase.evaluation import services, store
    from parkbase.evaluation.models import Result, Run

    evaluation = services.evaluate(park, 2019, services.scheme_check(scheme.definition))
    run = Run(
        park=park,
        scheme=scheme,
        year=2019,
        scheme_version=scheme.version,
        scheme_definition=scheme.definition,
        computed_at=timezone.now(),
    )
    run.save()
    try:
        t = time.perf_counter()
        objects = store.result_objects(run, evaluation)
        build = time.perf_counter() - t
        part = objects[:BASELINE_STORE_ROWS]
        t = time.perf_counter()
        with transaction.atomic():
            bulk_create_with_history(part, Result, batch_size=1000, default_change_reason="x")
        write = (time.perf_counter() - t) * len(objects) / len(part)
    finally:
        delete_run(run.pk)
    return build + write


def what_if_park():
    """The park of about WHAT_IF_FIRMS evaluated enterprises beside the benchmark park
    (seeded here with bench/seed_scale.py if missing), its scheme and a staff user."""
    import seed_scale

    from parkbase.core.choices import Role
    from parkbase.core.models import Park, User
    from parkbase.enterprises.models import Enterprise

    park = Park.objects.filter(code=WHAT_IF_PARK).first()
    if (
        park is None
        or not Enterprise.objects.unscoped("benchmark and tool scripts: system work")
        .filter(park=park)
        .exists()
    ):
        print(f"seeding park {WHAT_IF_PARK}: {WHAT_IF_PARK_SIZE:,} enterprises (seed_scale.py)")
        seed_scale.main(["--park", WHAT_IF_PARK, "--enterprises", str(WHAT_IF_PARK_SIZE)])
        park = Park.objects.get(code=WHAT_IF_PARK)
    user, _ = User.objects.update_or_create(
        username=WHAT_IF_USER, defaults={"role": Role.STAFF, "park": park, "is_active": True}
    )
    return park, park_scheme(park), user


def swapped_weights(scheme) -> dict:
    """The scheme's definition with the weights of its first group's first two
    indicators swapped."""
    definition = copy.deepcopy(scheme.definition)
    weights = definition["groups"][0]["indicators"]
    weights[0]["weight"], weights[1]["weight"] = weights[1]["weight"], weights[0]["weight"]
    return definition


def bench_what_if(args, big_park, big_scheme):
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from parkbase.evaluation import population, services

    park, scheme, user = what_if_park()
    run = services.run_create(scheme=scheme, year=2019)
    try:
        definition = swapped_weights(scheme)
        changed = services.scheme_check(definition)
        group = definition["groups"][0]
        form = {f"w|{group['code']}|{i['code']}": i["weight"] for i in group["indicators"][:2]}
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        client.force_login(user)
        url = reverse("evaluation-what-if", args=[run.pk])

        def page():
            response = client.get(url, form)
            assert response.status_code == 200, response.status_code
            return response

        changes = services.what_if(run=run, scheme=changed)
        assert 'data-testid="changes"' in page().content.decode()  # warm-up

        def cold(answer):
            def once():
                population._CACHE.clear()  # as after any change of the data
                return answer()

            return once

        page_cold, page_cold_runs = median_time(cold(page), args.runs)
        page_warm, page_warm_runs = median_time(page, args.runs)
        answer = lambda: services.what_if(run=run, scheme=changed)  # noqa: E731
        service_cold, _ = median_time(cold(answer), args.runs)
        service_warm, _ = median_time(answer, args.runs)
        if args.profile == "what-if":
            profiled(cold(page))
    finally:
        delete_run(run.pk)
    subset = what_if_subset(args, big_park, big_scheme)

    header(
        f"what-if: the page for a run of {park.name} "
        f"({run.summary.get('evaluated', 0):,} enterprises evaluated), weights of two "
        "indicators swapped"
    )
    goal = f"<= {WHAT_IF_GOAL_S * 1000:.0f} ms"
    line(
        "page, cold (reads the park's two years)",
        f"{page_cold * 1000:.0f} ms",
        goal,
        page_cold <= WHAT_IF_GOAL_S,
    )
    line("  runs", " ".join(f"{s * 1000:.0f}" for s in page_cold_runs))
    line(
        "page, the next answers (both years cached until the data change)",
        f"{page_warm * 1000:.0f} ms",
        goal,
        page_warm <= WHAT_IF_GOAL_S,
    )
    line("  runs", " ".join(f"{s * 1000:.0f}" for s in page_warm_runs))
    line(
        "  of which services.what_if, cold / next",
        f"{service_cold * 1000:.0f} / {service_warm * 1000:.0f} ms",
    )
    print(f"  enterprises whose class changes: {len(changes):,}")
    header(
        f"what-if: {subset['firms']:,} of the {subset['park']:,} enterprises of the "
        "benchmark park (no goal: last year's benchmarks come from the whole park)"
    )
    line(
        "services.what_if, cold (reads the big park's two years)", f"{subset['cold'] * 1000:.0f} ms"
    )
    line("services.what_if, the next ones", f"{subset['warm'] * 1000:.0f} ms")
    line("  loading last year once", f"{subset['load_previous'] * 1000:.0f} ms")


def what_if_subset(args, park, scheme) -> dict:
    """``services.what_if`` for WHAT_IF_FIRMS enterprises of the 100,000-enterprise park."""
    from parkbase.evaluation import population, services

    run = services.run_create(scheme=scheme, year=2019)
    try:
        changed = services.scheme_check(swapped_weights(scheme))
        everyone = population.load_year(park, 2019, fields=[]).population.ids
        ids = everyone[:: max(1, len(everyone) // WHAT_IF_FIRMS)][:WHAT_IF_FIRMS].tolist()
        answer = lambda: services.what_if(run=run, scheme=changed, enterprise_ids=ids)  # noqa: E731
        answer()  # warm-up

        def cold_answer():
            population._CACHE.clear()
            return answer()

        cold, _ = median_time(cold_answer, args.runs)
        t = time.perf_counter()
        population.load_year(park, 2018)
        load_previous = time.perf_counter() - t
        answer()
        warm, _ = median_time(answer, args.runs)
    finally:
        delete_run(run.pk)
    return {
        "firms": len(ids),
        "park": len(everyone),
        "cold": cold,
        "warm": warm,
        "load_previous": load_previous,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="engine,full,what-if")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", default="", choices=["", "engine", "full", "what-if"])
    args = parser.parse_args(argv)
    cases = set(args.only.split(","))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    from django.db import connection

    load = os.getloadavg()[0]
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; load {load:.1f}")
    if "engine" in cases:
        bench_engine(args)
    if cases & {"full", "what-if"}:
        park, scheme = bench_park()
        if "full" in cases:
            bench_full(args, park, scheme)
        if "what-if" in cases:
            bench_what_if(args, park, scheme)


if __name__ == "__main__":
    main()
