#!/usr/bin/env python3
"""What fail-closed scoping costs: reading a park's enterprises through the scoped
queryset (the check, and each row marked with the scope it was read in so that its
related managers follow it) against the same query through Django's plain QuerySet
(no check, no marks) — the baseline.

Seeds, when missing, a park ``bench-scope`` with --rows enterprises (bulk inserts,
benchmark data only) and a staff user of it. Then, each --runs times (median):

* ``list``: all rows as model instances;
* ``iterator``: the same with ``.iterator(chunk_size=2000)`` (how exports read);
* ``values``: ``values_list`` of two columns (no instances, so no marks);
* ``related``: 2,000 enterprises with their yearly rows prefetched.

    PARKBASE_DATA_DIR=/tmp/bench-scope parkbase migrate
    PARKBASE_DATA_DIR=/tmp/bench-scope python bench/bench_scoping.py

Options: --rows N (default 100000), --runs N (default 7).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

PARK_CODE = "bench-scope"
STAFF_USER = "bench_scope_staff"


def median_ms(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def seed(rows: int):
    from parkbase.core.choices import Role
    from parkbase.core.models import Park, User
    from parkbase.enterprises.models import Enterprise, EnterpriseYear

    park, _ = Park.objects.get_or_create(code=PARK_CODE, defaults={"name": "范围基准测试园区"})
    have = Enterprise.objects.filter(park=park).count()
    if have < rows:
        Enterprise.objects.bulk_create(
            [Enterprise(park=park, name=f"基准企业{i:06d}") for i in range(have, rows)],
            batch_size=5000,
        )
        firms = Enterprise.objects.filter(park=park).order_by("id")[:2000]
        EnterpriseYear.objects.bulk_create(
            [EnterpriseYear(enterprise=e, year=y) for e in firms for y in (2018, 2019)],
            batch_size=5000,
            ignore_conflicts=True,
        )
    user, _ = User.objects.get_or_create(
        username=STAFF_USER, defaults={"role": Role.STAFF, "park": park}
    )
    return park, user


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Prefetch, QuerySet

    from parkbase.core.scoping import bypass_from_now_on, scope_q, strict
    from parkbase.enterprises.models import Enterprise, EnterpriseYear

    bypass_from_now_on("benchmark: the script seeds its data as the system")
    park, user = seed(args.rows)
    where = scope_q(Enterprise, user)

    def plain(model=Enterprise):
        return QuerySet(model=model).filter(where) if model is Enterprise else QuerySet(model)

    def scoped():
        return Enterprise.objects.visible_to(user)

    cases = {
        "list": (lambda: list(plain()), lambda: list(scoped())),
        "iterator": (
            lambda: sum(1 for _ in plain().iterator(chunk_size=2000)),
            lambda: sum(1 for _ in scoped().iterator(chunk_size=2000)),
        ),
        "values": (
            lambda: list(plain().values_list("id", "name")),
            lambda: list(scoped().values_list("id", "name")),
        ),
        "related": (
            lambda: [
                len(e.years.all())
                for e in plain()
                .order_by("id")[:2000]
                .prefetch_related(Prefetch("years", queryset=QuerySet(EnterpriseYear)))
            ],
            lambda: [
                len(e.years.all()) for e in scoped().order_by("id")[:2000].prefetch_related("years")
            ],
        ),
    }
    print(
        f"{connection.vendor} · Python {platform.python_version()} · {args.rows:,} enterprises "
        f"· median of {args.runs} runs after 1 warm-up"
    )
    print(f"{'case':<10} {'plain QuerySet ms':>18} {'scoped ms':>10} {'overhead':>9}")
    with strict():  # as in a request: only scoped queries pass
        for name, (baseline, measured) in cases.items():
            with_check = median_ms(measured, args.runs)
            from parkbase.core.scoping import bypass

            with bypass("benchmark: the baseline reads without the check"):
                without = median_ms(baseline, args.runs)
            overhead = (with_check / without - 1) * 100
            print(f"{name:<10} {without:>18.1f} {with_check:>10.1f} {overhead:>8.1f}%")


if __name__ == "__main__":
    main()
