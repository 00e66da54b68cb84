#!/usr/bin/env python3
"""Time the investment-pipeline pages at scale: the kanban board, the funnel, its money
summary (the fragment the funnel page loads under itself) and the blockers board, for a park of 20,000 projects with their stage
changes, 200,000 activities, 10,000 blockers, funding records and lost projects.

    python bench/bench_projects.py                      # SQLite in /tmp/bench-projects
    python bench/bench_projects.py --projects 2000      # a small park, while developing
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench_projects \\
        python bench/bench_projects.py

Goal (issue "Speed"): kanban, funnel and blockers board each answer in a median under
150 ms with 20,000 projects and 200,000 activities, with a number of queries that does
not grow with the data.

Without ``DATABASE_URL`` or ``PARKBASE_DATA_DIR`` the script uses a throwaway SQLite
file in /tmp/bench-projects. It migrates the database, then seeds the benchmark park
(``bench-projects``) once: later runs reuse it when it holds ``--projects`` projects
(``--reset`` builds it again). The seed writes rows straight into the tables (the
fast INSERT / COPY of bench/seed_scale.py): no validation and no audit trail.

Each case is requested through ``django.test.Client`` as the park's staff user
(``bench_projects_staff``): URL routing, the middleware, the view, the queries and
the template, no network. ``--warmup`` requests (3), then ``--runs`` timed (20); the
table shows the median and p95 (nearest rank) in ms, the queries of one request and
``ok``/``MISSED`` against the goal. Pages whose URL is not there yet are skipped.
``--queries`` prints each query of one request with its time; ``--profile CASE`` a
cProfile of the case's timed requests; ``--only funnel,blockers``.

The header says how templates are loaded (Django's cached loader unless the settings
name loaders, as in production) and the date the pages are read on: the seeded data
end on 2025-06-30, so from late 2025 on every open next step is overdue and every open
project stalled, the working lists' worst case. The SQL time is that of the cursor's
``execute``; SQLite finishes some queries while their rows are fetched (not counted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

GOAL_MS = 150.0
PARK_CODE = "bench-projects"
PARK_NAME = "沈阳沈东工业园区(招商基准测试)"
STAFF_USER = "bench_projects_staff"
LEADER_USER = "bench_projects_leader"
OFFICERS = 8
PASSWORD = "bench-pass-2019"
START = dt.date(2016, 1, 1)
TODAY = dt.date(2025, 6, 30)  # the seeded data's "today" (every date is before it)
# chance that a project at a stage (by position) goes on to the next one
ADVANCE = (0.72, 0.78, 0.6, 0.88, 0.85, 0.8, 0.85, 0.8, 0.85, 0.8, 0.7)
INDUSTRIES = ("27", "34", "35", "36", "38", "39", "26", "29", "30", "33")
WORDS = ("东方", "北方", "华晨", "远大", "新松", "中德", "盛京", "恒达", "鑫源", "宏业")
KINDS = ("医药", "装备制造", "新材料", "汽车零部件", "电子信息", "机器人", "环保", "物流")
PLACES = (
    ("东陵区", "district"),
    ("新城子区", "district"),
    ("铁西区", "district"),
    ("和平区", "district"),
    ("大连市", "city"),
    ("鞍山市", "city"),
    ("天津市", "province"),
    ("江苏省", "province"),
)
AUTHORITIES = ("市自然资源局", "市规划局", "市生态环境局", "市财政局", "区税务局", "市发改委")


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def template_loaders() -> str:
    """The Django template loaders: without ``loaders`` in the settings Django wraps them
    in ``cached.Loader`` (templates compiled once), in DEBUG too, as production runs."""
    from django.template import engines

    loaders = engines["django"].engine.template_loaders
    return ", ".join(type(loader).__module__.removeprefix("django.template.") for loader in loaders)


def day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


# --- the data -------------------------------------------------------------------------


class Seeder:
    """Rows of the benchmark park, built in memory and written in bulk."""

    def __init__(self, rng, park, stages, officers, now):
        self.rng, self.park, self.stages, self.officers, self.now = rng, park, stages, officers, now
        self.projects: list[dict] = []
        self.changes: list[dict] = []
        self.losses: list[dict] = []
        self.destinations: list[dict] = []
        self.windows: list[tuple[int, int, int]] = []  # (project id, first day, last day)

    def project(self, pk: int) -> None:
        rng = self.rng
        first = START.toordinal() + rng.randrange((TODAY - START).days - 30)
        # the path through the stages: go on with the stage's chance, sometimes skip one
        path = [0]
        while path[-1] < len(self.stages) - 1 and rng.random() < ADVANCE[path[-1]]:
            step = 2 if rng.random() < 0.05 and path[-1] < len(self.stages) - 2 else 1
            path.append(path[-1] + step)
        stays, on = [], first
        for position in path:
            if on > TODAY.toordinal():
                break
            stays.append((position, on))
            on += max(1, int(rng.lognormvariate(3.4, 0.8)))
        last_position, since = stays[-1]
        stage = self.stages[last_position]
        status, landed_on = "active", None
        end = min(TODAY.toordinal(), since + 400)
        roll = rng.random()
        if stage.code in ("construction", "completed", "producing", "capacity", "statistics"):
            status, landed_on = "landed", day(since)
        elif roll < 0.12:
            status = "lost"
        elif roll < 0.17:
            status = "terminated"
        elif roll < 0.23:
            status = "paused"
        for i, (position, changed_on) in enumerate(stays):
            following = stays[i + 1][1] if i + 1 < len(stays) else None
            self.changes.append(
                {
                    "project_id": pk,
                    "stage_id": self.stages[position].pk,
                    "status": "active",
                    "changed_on": day(changed_on),
                    "entered": True,
                    "left_on": day(following) if following else None,
                    "days": (following - changed_on) if following else None,
                    "user_id": rng.choice(self.officers),
                    "note": "",
                    "recorded_at": self.now,
                }
            )
        if status != "active":
            moved = min(TODAY.toordinal(), since + rng.randrange(1, 200))
            self.changes.append(
                {
                    "project_id": pk,
                    "stage_id": stage.pk,
                    "status": status,
                    "changed_on": day(moved),
                    "entered": False,
                    "left_on": None,
                    "days": None,
                    "user_id": rng.choice(self.officers),
                    "note": "",
                    "recorded_at": self.now,
                }
            )
            end = moved if status in ("lost", "terminated") else end
            if status == "lost":
                self.loss(pk, moved)
        confidential = rng.random() < 0.02
        name = f"沈阳{rng.choice(WORDS)}{rng.choice(KINDS)}项目{pk}"
        self.projects.append(
            {
                "id": pk,
                "park_id": self.park.pk,
                "name": name,
                "confidential": confidential,
                "code_name": f"代号{pk}" if confidential else "",
                "description": "",
                "industry_code": rng.choice(INDUSTRIES),
                "stage_id": stage.pk,
                "status": status,
                "stage_since": day(since),
                "furthest_order": stage.order,
                "total_investment": Decimal(f"{10 ** rng.uniform(6, 9.5):.2f}"),
                "land_mode": "",
                "key_level": weighted(
                    rng,
                    (("", 94), ("district", 3), ("city", 2), ("province", 0.7), ("national", 0.3)),
                ),
                "source": weighted(
                    rng,
                    (
                        ("promotion", 30),
                        ("referral", 25),
                        ("visit", 15),
                        ("inbound", 15),
                        ("superior", 5),
                        ("expansion", 5),
                        ("other", 5),
                    ),
                ),
                "referrer": "",
                "officer_id": rng.choice(self.officers),
                "first_contact_on": day(first),
                "landed_on": landed_on,
                "issues": "",
                "created_at": self.now,
                "updated_at": self.now,
                "version": 1,
            }
        )
        self.windows.append((pk, first, max(first, end)))

    def loss(self, project_id: int, lost_on: int) -> None:
        rng = self.rng
        pk = self.loss_id
        self.loss_id += 1
        self.losses.append(
            {
                "id": pk,
                "project_id": project_id,
                "reason": weighted(
                    rng,
                    (
                        ("land", 30),
                        ("policy", 20),
                        ("cost", 15),
                        ("funds", 10),
                        ("support", 5),
                        ("speed", 10),
                        ("market", 5),
                        ("other", 5),
                    ),
                ),
                "detail": "",
                "lost_on": day(lost_on),
                "would_have_kept": "",
            }
        )
        for place, level in rng.sample(PLACES, 1 if rng.random() < 0.8 else 2):
            self.destinations.append({"loss_id": pk, "place": place, "level": level, "winner": ""})

    def activities(self, count: int):
        rng = self.rng
        kinds = ("visit", "call", "meeting", "feedback", "report", "request", "promotion", "other")
        for _ in range(count):
            pk, first, last = rng.choice(self.windows)
            occurred = rng.randint(first, last)
            owner = rng.choice(self.officers)
            row = {
                "project_id": pk,
                "kind": rng.choice(kinds),
                "occurred_on": day(occurred),
                "summary": "走访企业，了解项目进展",
                "participants": "",
                "next_step": "",
                "due_on": None,
                "done_on": None,
                "owner_id": None,
                "created_by_id": owner,
                "version": 1,
            }
            if rng.random() < 0.3:
                due = occurred + rng.randrange(7, 60)
                row.update(next_step="跟进项目用地和审批", due_on=day(due), owner_id=owner)
                if rng.random() < 0.7:
                    row["done_on"] = day(min(TODAY.toordinal(), due + rng.randrange(-5, 10)))
            yield row

    def blockers(self, count: int):
        rng = self.rng
        categories = (
            ("land_quota", 25),
            ("land_policy", 15),
            ("planning", 15),
            ("environment", 10),
            ("funds", 10),
            ("financing", 10),
            ("tax", 5),
            ("other", 10),
        )
        for _ in range(count):
            pk, first, last = rng.choice(self.windows)
            raised = rng.randint(first, last)
            open_ = rng.random() < 0.45
            deadline = raised + rng.randrange(30, 180) if rng.random() < 0.7 else None
            resolved = (
                None if open_ else day(min(TODAY.toordinal(), raised + rng.randrange(5, 300)))
            )
            yield {
                "project_id": pk,
                "category": weighted(rng, categories),
                "description": "用地指标尚未落实，需协调上级部门",
                "authority": rng.choice(AUTHORITIES),
                "raised_on": day(raised),
                "deadline": day(deadline) if deadline else None,
                "escalation": weighted(rng, ((0, 50), (1, 20), (2, 15), (3, 10), (4, 5))),
                "status": "open" if open_ else weighted(rng, (("resolved", 85), ("dropped", 15))),
                "resolution": "" if open_ else "已协调解决",
                "resolved_on": resolved,
                "owner_id": rng.choice(self.officers),
                "version": 1,
            }

    def funding(self):
        rng = self.rng
        for pk, first, last in self.windows:
            if rng.random() >= 0.3:
                continue
            for kind, n in (
                ("planned", rng.randint(1, 2)),
                ("contracted", rng.randint(0, 1)),
                ("in_place", rng.randint(0, 3)),
            ):
                for _ in range(n):
                    yield {
                        "project_id": pk,
                        "kind": kind,
                        "amount": Decimal(f"{10 ** rng.uniform(5, 8.5):.2f}"),
                        "dated_on": day(rng.randint(first, last)),
                        "source": weighted(
                            rng,
                            (("investor", 70), ("government", 15), ("partner", 10), ("bank", 5)),
                        ),
                        "investor_id": None,
                        "source_name": "",
                        "event": "招商推介会" if kind == "planned" else "",
                        "over_contract_confirmed": False,
                        "note": "",
                    }


def seed(args, connection):
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import transaction
    from django.utils import timezone
    from seed_scale import copy_rows, insert_rows

    from parkbase.core.choices import Role
    from parkbase.core.models import Park, User
    from parkbase.projects import services
    from parkbase.projects.models import (
        Activity,
        Blocker,
        Funding,
        Loss,
        LossDestination,
        Project,
        ProjectInvestor,
        StageChange,
    )

    vendor = connection.vendor
    rng = random.Random(args.seed)
    now = timezone.now()
    t0 = time.perf_counter()

    def write(model, rows):
        if vendor == "postgresql":
            return copy_rows(connection, model, iter(rows))
        return insert_rows(connection, model, iter(rows), 5000)

    with transaction.atomic():
        park, _ = Park.objects.get_or_create(
            code=PARK_CODE, defaults={"name": PARK_NAME, "name_en": "Benchmark park (projects)"}
        )
        services.pipeline_ensure(park)
        stages = services.stages_of(park)
        password = make_password(PASSWORD)
        officers = []
        for i, (username, role) in enumerate(
            [(STAFF_USER, Role.STAFF), (LEADER_USER, Role.LEADER)]
            + [(f"bench_projects_officer{i}", Role.STAFF) for i in range(1, OFFICERS)]
        ):
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "role": role,
                    "park": park,
                    "is_active": True,
                    "password": password,
                    "first_name": f"招商{i}",
                    "last_name": "员",
                },
            )
            officers.append(user.pk)
        projects = Project.objects.unscoped("benchmark and tool scripts: system work").filter(
            park=park
        )
        existing = projects.count()
        if existing == args.projects and not args.reset:
            print(f"reusing park {PARK_CODE}: {existing:,} projects")
            return park
        if existing:
            # raw deletes: no signals, no history for a quarter of a million rows
            for model, path in (
                (LossDestination, "loss__project__park"),
                (Loss, "project__park"),
                (Funding, "project__park"),
                (Blocker, "project__park"),
                (Activity, "project__park"),
                (StageChange, "project__park"),
                (ProjectInvestor, "project__park"),
            ):
                rows = model.objects.unscoped("benchmark and tool scripts: system work").filter(
                    **{path: park}
                )
                rows._raw_delete(rows.db)
            Project.insiders.through.objects.filter(project__park=park).delete()
            projects._raw_delete(projects.db)
            print(f"removed the old benchmark park's {existing:,} projects")
        seeder = Seeder(rng, park, stages, officers, now)
        first_project = (
            Project.objects.unscoped("benchmark and tool scripts: system work")
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0
        ) + 1
        seeder.loss_id = (
            Loss.objects.unscoped("benchmark and tool scripts: system work")
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0
        ) + 1
        for pk in range(first_project, first_project + args.projects):
            seeder.project(pk)
        t1 = time.perf_counter()
        counts = {
            "projects": write(Project, seeder.projects),
            "stage changes": write(StageChange, seeder.changes),
            "losses": write(Loss, seeder.losses),
            "destinations": write(LossDestination, seeder.destinations),
            "activities": write(Activity, seeder.activities(args.activities)),
            "blockers": write(Blocker, seeder.blockers(args.blockers)),
            "funding records": write(Funding, seeder.funding()),
        }
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Project, Loss]):
                    cursor.execute(sql)
        print(
            f"seeded in {time.perf_counter() - t0:.1f} s (writing {time.perf_counter() - t1:.1f} s): "
            + ", ".join(f"{n:,} {what}" for what, n in counts.items())
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)" if vendor == "postgresql" else "ANALYZE")
    return park


# --- the timing -----------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--activities", type=int, default=None, help="default: 10 per project")
    parser.add_argument("--blockers", type=int, default=None, help="default: 1 per 2 projects")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--profile", default="")
    args = parser.parse_args(argv)
    if args.activities is None:
        args.activities = args.projects * 10
    if args.blockers is None:
        args.blockers = args.projects // 2

    if not os.environ.get("DATABASE_URL") and not os.environ.get("PARKBASE_DATA_DIR"):
        os.environ["PARKBASE_DATA_DIR"] = "/tmp/bench-projects"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from parkbase.core.models import User

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(
        f"templates: {template_loaders()}; DEBUG {settings.DEBUG}; "
        f"today {timezone.localdate()} (the data ends {TODAY})"
    )
    call_command("migrate", verbosity=0)
    park = seed(args, connection)
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    cases = [
        ("board", "kanban board", "projects-board", {}, True),
        ("funnel", "funnel", "projects-funnel", {}, True),
        ("money", "money summary (htmx, under the funnel)", "projects-money", {}, True),
        (
            "funnel-f",
            "funnel, filtered (year, source)",
            "projects-funnel",
            {"year": "2021", "source": "promotion"},
            False,
        ),
        ("blockers", "blockers board, page 1", "projects-blockers", {}, True),
        (
            "blockers-f",
            "blockers board, overdue, city+",
            "projects-blockers",
            {"overdue": "true", "escalation": "3"},
            False,
        ),
        ("key", "key projects board", "projects-key", {}, False),
        ("lost", "lost projects", "projects-lost", {}, False),
        ("tasks", "my tasks / overdue / stalled / leads", "projects-tasks", {}, False),
    ]
    # fragments a page loads with htmx after it is shown: requested as htmx does
    HTMX_PARTS = {"money": {"HX-Request": "true"}}  # noqa: N806
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c[0] in wanted]

    client = Client()
    client.force_login(User.objects.get(username=STAFF_USER))
    recorded: list[tuple[str, float]] = []

    def recorder(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            recorded.append((sql, (time.perf_counter() - t) * 1000))

    print(
        f"park {park.code}: {args.projects:,} projects; goal: median < {GOAL_MS:.0f} ms "
        f"(kanban, funnel, blockers board); {args.runs} timed requests after {args.warmup}"
    )
    print(
        f"| {'case':<11} | {'page':<38} | {'median ms':>9} | {'p95 ms':>8} | {'queries':>7} | "
        f"{'SQL ms':>7} | {'goal':<6} |"
    )
    print(f"|{'-' * 13}|{'-' * 40}|{'-' * 11}|{'-' * 10}|{'-' * 9}|{'-' * 9}|{'-' * 8}|")
    for key, label, name, params, bound in cases:
        try:
            url = reverse(name)
        except NoReverseMatch:
            print(f"| {key:<11} | {label:<38} | {'(no URL ' + name + ' yet: skipped)':<52} |")
            continue

        def request(url=url, params=params, key=key):
            response = client.get(url, params, headers=HTMX_PARTS.get(key, {}))
            if response.status_code != 200:
                raise SystemExit(f"{key}: {url} answered {response.status_code}")
            return response

        recorded.clear()
        with connection.execute_wrapper(recorder):
            request()
        queries, sql_ms = len(recorded), sum(ms for _, ms in recorded)
        if args.queries:
            print(f"queries of one request of {key}:")
            for sql, ms in recorded:
                print(f"  {ms:8.1f} ms  {sql[:160]}")
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
        mark = ("ok" if median < GOAL_MS else "MISSED") if bound else "-"
        print(
            f"| {key:<11} | {label:<38} | {median:9.1f} | {p95(times):8.1f} | {queries:7d} | "
            f"{sql_ms:7.1f} | {mark:<6} |"
        )


if __name__ == "__main__":
    main()
