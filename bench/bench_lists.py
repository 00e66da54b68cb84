#!/usr/bin/env python3
"""Time the enterprise list page and API list against a seeded database
(bench/seed_scale.py), in-process through django.test.Client: URL routing, every
middleware (sessions, auth, locale, htmx, history), the view, the filterset, the
queries and the template rendering or JSON serialisation. No network, no web server.

    PARKBASE_DATA_DIR=/tmp/bench-sqlite python bench/bench_lists.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench python bench/bench_lists.py

Options: --runs N (timed requests per case, default 30), --warmup N (default 3),
--only a1,b2 (run some cases), --explain (print the query plans of the count and page
queries of each case), --sql (print those two queries), --queries (print every query
of one request of each case with its time), --profile KEY (cProfile the
requests of one case and print the top functions), --what-if FIX[,FIX] (measure a
proposed fix without editing src/, by patching it in this process only):

  no-distinct    the multiple-choice filters (status, phase, department, registration
                 type) stop adding DISTINCT: they filter local columns, so rows cannot
                 repeat (django-filter's MultipleChoiceFilter defaults to distinct=True)
  tiebreak       every ordering ends with the primary key, so pages are stable when the
                 sort key has ties (-founded_on has thousands)
  deferred-join  the paginator takes the page's primary keys first (an index-only
                 LIMIT/OFFSET), then loads those rows with their joins

Next to each request case the same queryset is timed bare (the "ORM" columns):
``count()`` plus the page slice, evaluated to model instances, nothing else: what the
database and the ORM cost, so the rest is the view, the middleware and the rendering.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field

GOAL_MS = 100.0
PAGE_SIZE = 50
PARK_CODE = "bench-shendong"
STAFF_USER = "bench_staff"
DEPT_USER = "bench_dept"


@dataclass
class Case:
    key: str
    label: str
    user: str  # "staff" | "dept"
    path: str  # /enterprises/ or /api/enterprises/
    params: dict
    last_page: bool = False
    htmx: bool = False
    # filled in
    url: str = ""
    rows: int = 0
    page: int = 1
    view_ms: list = field(default_factory=list)
    orm_ms: list = field(default_factory=list)
    queries: int = 0
    orm_sql: list = field(default_factory=list)


def p95(values):
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def build_cases(phase_id: int) -> list[Case]:
    filtered = {"status": "producing", "phase": str(phase_id), "ordering": "-founded_on"}
    by_name = {"ordering": "name"}
    api = {"status": "producing", "ordering": "-founded_on", "page_size": str(PAGE_SIZE)}
    return [
        Case(
            "a1", "page: producing, phase P1, -founded_on, p.1", "staff", "/enterprises/", filtered
        ),
        Case(
            "a2",
            "page: producing, phase P1, -founded_on, last",
            "staff",
            "/enterprises/",
            filtered,
            True,
        ),
        Case("a1-hx", "page htmx partial: as a1", "staff", "/enterprises/", filtered, htmx=True),
        Case("b1", "page: all, by name, p.1", "staff", "/enterprises/", by_name),
        Case("b2", "page: all, by name, last", "staff", "/enterprises/", by_name, True),
        Case("c1", "API: producing, -founded_on, p.1", "staff", "/api/enterprises/", api),
        Case("c2", "API: producing, -founded_on, last", "staff", "/api/enterprises/", api, True),
        Case("d1", "page: department user, default order, p.1", "dept", "/enterprises/", {}),
        Case("d2", "page: department user, default order, last", "dept", "/enterprises/", {}, True),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--profile", default="")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--what-if", default="")
    args = parser.parse_args(argv)
    what_if = [w for w in args.what_if.split(",") if w]
    unknown = set(what_if) - set(WHAT_IFS)
    if unknown:
        parser.error(
            f"unknown --what-if {', '.join(sorted(unknown))}; known: {', '.join(WHAT_IFS)}"
        )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    from django.conf import settings
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.urls import reverse
    from django.utils.http import urlencode

    from parkbase.core.models import Park, Phase, User
    from parkbase.enterprises.filtersets import EnterpriseFilterSet
    from parkbase.enterprises.models import Enterprise, EnterpriseYear

    for name in what_if:
        WHAT_IFS[name]()

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    park = Park.objects.filter(code=PARK_CODE).first()
    if park is None:
        sys.exit(f"no park {PARK_CODE}: run bench/seed_scale.py first")
    users = {
        "staff": User.objects.get(username=STAFF_USER),
        "dept": User.objects.get(username=DEPT_USER),
    }
    phase = Phase.objects.get(park=park, code="P1")
    assert reverse("enterprise-list") == "/enterprises/"

    cases = build_cases(phase.pk)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c.key in wanted]

    clients = {}
    for name, user in users.items():
        client = Client()
        client.force_login(user)
        clients[name] = client

    recorded: list[tuple[str, object]] = []

    timings: list[float] = []

    def recorder(execute, sql, params, many, context):
        recorded.append((sql, params))
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - t) * 1000)

    factory = RequestFactory()

    def orm_queryset(case: Case):
        """The queryset the view (or the API view) evaluates, built the same way."""
        user = users[case.user]
        request = factory.get(case.path, case.params)
        request.user = user
        data = request.GET.copy()  # a QueryDict, as the views get it
        for key in ("page", "page_size"):
            data.pop(key, None)
        base = Enterprise.objects.visible_to(user)
        if case.path.startswith("/api/"):
            fs = EnterpriseFilterSet(data, queryset=base, request=request)
            assert fs.is_valid(), fs.errors
            return fs.qs.select_related("phase", "department", "park")
        fs = EnterpriseFilterSet(data or None, queryset=base, request=request)
        qs = fs.qs if fs.is_bound else fs.queryset
        return qs.select_related("phase", "department")

    # resolve page numbers and row counts
    for case in cases:
        qs = orm_queryset(case)
        case.rows = qs.count()
        case.page = max(1, math.ceil(case.rows / PAGE_SIZE)) if case.last_page else 1
        params = dict(case.params)
        if case.page > 1:
            params["page"] = str(case.page)
        case.url = case.path + ("?" + urlencode(params) if params else "")

    for case in cases:
        client = clients[case.user]
        headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
        if case.path.startswith("/api/"):
            headers["HTTP_ACCEPT"] = "application/json"

        def request(client=client, case=case, headers=headers):
            response = client.get(case.url, **headers)
            if response.status_code != 200:
                raise SystemExit(f"{case.key}: {case.url} answered {response.status_code}")
            if case.path.startswith("/api/"):
                body = response.json()
                expected = min(PAGE_SIZE, case.rows - (case.page - 1) * PAGE_SIZE)
                assert body["count"] == case.rows, (body["count"], case.rows)
                assert len(body["results"]) == expected, (len(body["results"]), expected)
            else:
                response.content  # noqa: B018 (rendered already; keeps the intent clear)
            return response

        # one request with a query recorder, outside the timing
        recorded.clear()
        timings.clear()
        with connection.execute_wrapper(recorder):
            request()
        case.queries = len(recorded)
        if args.queries:
            print(f"queries of one request of {case.key} ({case.url}):")
            for (sql, _params), ms in zip(recorded, timings, strict=True):
                print(f"  {ms:7.1f} ms  {sql[:150]}")
        if args.profile == case.key:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                request()
            profiler.disable()
            print(f"profile of {args.runs} requests of {case.key} ({case.url})")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        for _ in range(args.warmup):
            request()
        for _ in range(args.runs):
            t = time.perf_counter()
            request()
            case.view_ms.append((time.perf_counter() - t) * 1000)

        # the bare ORM: count + page slice of the same queryset
        qs = orm_queryset(case)
        offset = (case.page - 1) * PAGE_SIZE

        def orm(qs=qs, offset=offset):
            q = qs.all()
            q.count()
            if "deferred-join" in what_if:
                return deferred_slice(q, offset, offset + PAGE_SIZE)
            return list(q[offset : offset + PAGE_SIZE])

        recorded.clear()
        with connection.execute_wrapper(recorder):
            orm()
        case.orm_sql = list(recorded)
        for _ in range(args.warmup):
            orm()
        for _ in range(args.runs):
            t = time.perf_counter()
            orm()
            case.orm_ms.append((time.perf_counter() - t) * 1000)

    # ------------------------------------------------------------------ report
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("show server_version")
            version = "PostgreSQL " + cursor.fetchone()[0]
        elif vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
        else:
            version = vendor
    n_ent = Enterprise.objects.unscoped("benchmark and tool scripts: system work").count()
    n_year = EnterpriseYear.objects.unscoped("benchmark and tool scripts: system work").count()
    print(f"database: {version} ({connection.settings_dict['NAME']})")
    if what_if:
        print(f"what-if (patched in this process only): {', '.join(what_if)}")
    print(
        f"rows: {n_ent:,} enterprises, {n_year:,} yearly rows; park {park.code}; "
        f"department user {DEPT_USER} sees {Enterprise.objects.visible_to(users['dept']).count():,}"
    )
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}; "
        f"{args.warmup} warm-up + {args.runs} timed requests per case; page size {PAGE_SIZE}; "
        f"times in ms"
    )
    print()
    header = (
        f"{'case':<6} {'what':<44} {'rows':>7} {'page':>5} {'qry':>4} "
        f"{'median':>7} {'p95':>7} {'ORM med':>8} {'ORM p95':>8}  goal: median < {GOAL_MS:.0f} ms"
    )
    print(header)
    print("-" * len(header))
    for c in cases:
        med = statistics.median(c.view_ms)
        verdict = "ok" if med < GOAL_MS else "MISSED"
        print(
            f"{c.key:<6} {c.label:<44} {c.rows:>7,} {c.page:>5} {c.queries:>4} "
            f"{med:>7.1f} {p95(c.view_ms):>7.1f} {statistics.median(c.orm_ms):>8.1f} "
            f"{p95(c.orm_ms):>8.1f}  {verdict}"
        )
    print()
    print("rows: rows matching the filter; qry: queries per request; ORM: count() + page slice")
    for c in cases:
        print(f"  {c.key:<6} GET {c.url}")

    if args.sql or args.explain:
        for c in cases:
            print(f"\n=== {c.key}: {c.label}")
            for sql, params in c.orm_sql:
                print(f"--- {sql}  {list(params or [])}")
                if args.explain:
                    print(explain(connection, sql, params))


# ---------------------------------------------------------------------- what-ifs
def _no_distinct():
    from django_filters import MultipleChoiceFilter

    from parkbase.enterprises.filtersets import EnterpriseFilterSet

    for f in EnterpriseFilterSet.base_filters.values():
        if isinstance(f, MultipleChoiceFilter):  # ModelMultipleChoiceFilter is one too
            f.distinct = False


def _tiebreak():
    from parkbase.enterprises.filtersets import EnterpriseFilterSet

    ordering = EnterpriseFilterSet.base_filters["ordering"]
    original = type(ordering).filter

    def filter(self, qs, value):
        qs = original(self, qs, value)
        if value:
            keys = list(qs.query.order_by)
            if not any(k.lstrip("-") in ("id", "pk") for k in keys):
                last = keys[-1] if keys else ""
                qs = qs.order_by(*keys, "-id" if str(last).startswith("-") else "id")
        return qs

    ordering.filter = filter.__get__(ordering)


def deferred_slice(qs, bottom, top):
    """The page's primary keys by an index-friendly LIMIT/OFFSET without joins, then
    the rows themselves (with select_related) by primary key, in the same order."""
    ids = list(qs.values_list("pk", flat=True)[bottom:top])
    rows = {obj.pk: obj for obj in qs.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def _deferred_join():
    from django.core.paginator import Page, Paginator
    from rest_framework.pagination import PageNumberPagination as DRFPagination

    import parkbase.core.views as core_views

    class DeferredJoinPaginator(Paginator):
        def page(self, number):
            number = self.validate_number(number)
            bottom = (number - 1) * self.per_page
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            return Page(deferred_slice(self.object_list, bottom, top), number, self)

    core_views.Paginator = DeferredJoinPaginator
    DRFPagination.django_paginator_class = DeferredJoinPaginator


WHAT_IFS = {"no-distinct": _no_distinct, "tiebreak": _tiebreak, "deferred-join": _deferred_join}


def explain(connection, sql, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(f"  {row[-1]}" for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


if __name__ == "__main__":
    main()
