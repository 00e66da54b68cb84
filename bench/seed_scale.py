#!/usr/bin/env python3
"""Fill a parkbase database with benchmark data: one park, 4 phases, 7 departments,
100,000 enterprises and 3 years of figures each (300,000 yearly rows), plus a staff
user and a department user. Benchmark data only: the audit trail is skipped
(``bulk_create`` / COPY send no signals, so django-simple-history writes nothing).

    PARKBASE_DATA_DIR=/tmp/bench-sqlite parkbase migrate
    PARKBASE_DATA_DIR=/tmp/bench-sqlite python bench/seed_scale.py

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench parkbase migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench python bench/seed_scale.py

Options: --enterprises N (default 100000), --years 2017,2018,2019, --method
auto|copy|insert|bulk (auto: COPY on PostgreSQL via psycopg 3, plain executemany
INSERT in batches elsewhere; bulk: Model.objects.bulk_create in batches, ~4x slower
on SQLite), --batch N (rows per batch, default 5000), --reset (delete the benchmark park's enterprises
first; without it the script refuses to seed a park that already has some),
--no-analyze (skip ANALYZE, on PostgreSQL VACUUM (ANALYZE); the planner then works
without statistics), --park CODE (seed another park beside it, without users; the
what-if benchmark's 10,000-enterprise park).

Deterministic: random.Random(--seed, default 2019).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

PARK_CODE = "bench-shendong"
PARK_NAME = "沈阳沈东工业园区(基准测试)"
PHASES = (("P1", "一期", 1), ("P2", "二期", 2), ("P3", "三期", 3), ("P4", "四期", 4))
DEPARTMENTS = (
    ("D01", "区工业和信息化局"),
    ("D02", "区国有资产监督管理局"),
    ("D03", "区科学技术局"),
    ("D04", "区商务局"),
    ("D05", "区二轻工业联社"),
    ("D06", "区农业农村局"),
    ("D07", "区住房和城乡建设局"),
)
# department weights: the industry bureau supervises most firms
DEPARTMENT_WEIGHTS = (34, 12, 16, 12, 10, 8, 8)
PHASE_WEIGHTS = (30, 30, 25, 15)
STAFF_USER = "bench_staff"
DEPT_USER = "bench_dept"  # supervises D01
PASSWORD = "bench-pass-2019"

STATUSES = (
    ("producing", 70),
    ("half_stopped", 10),
    ("stopped", 10),
    ("deregistered", 5),
    ("moved_out", 5),
)
REGISTRATION_TYPES = (
    ("private", 40),
    ("limited", 30),
    ("joint_stock", 8),
    ("state_owned", 5),
    ("collective", 5),
    ("foreign", 5),
    ("hmt", 3),
    ("institution", 1),
    ("other", 1),
    ("", 2),
)
# GB/T 4754-2017 classes typical of a north-eastern machinery park, plus some services
INDUSTRY_CODES = [
    "1310",
    "1391",
    "1430",
    "1513",
    "1820",
    "2221",
    "2319",
    "2614",
    "2710",
    "2770",
    "2922",
    "2927",
    "3021",
    "3110",
    "3130",
    "3311",
    "3331",
    "3360",
    "3411",
    "3419",
    "3421",
    "3422",
    "3432",
    "3441",
    "3442",
    "3444",
    "3462",
    "3484",
    "3489",
    "3513",
    "3521",
    "3562",
    "3599",
    "3660",
    "3670",
    "3714",
    "3741",
    "3811",
    "3823",
    "3831",
    "3841",
    "3891",
    "3911",
    "3940",
    "3982",
    "4011",
    "4090",
    "4411",
    "5922",
    "6513",
    "7320",
    "7451",
]
WORDS = [
    "东方",
    "北方",
    "华晨",
    "金杯",
    "远大",
    "新松",
    "中德",
    "盛京",
    "恒达",
    "鑫源",
    "宏业",
    "永泰",
    "鼎盛",
    "华盛",
    "金诺",
    "博远",
    "瑞丰",
    "恒通",
    "东瑞",
    "翔宇",
    "智联",
    "格瑞",
    "长青",
    "天工",
    "光明",
    "安泰",
    "金鹏",
    "丰禾",
    "大通",
    "韩一",
    "康华",
    "北辰",
    "松岩",
    "铁建",
    "华冶",
    "东兴",
    "辽东",
    "红星",
    "龙源",
    "盛达",
    "金城",
    "美洁",
    "稻香",
    "东盛",
    "科瑞",
    "德美",
    "兴隆",
    "沈北",
]
KINDS = [
    "机械",
    "重工",
    "电气",
    "精密",
    "自动化设备",
    "科技",
    "新材料",
    "化工",
    "食品",
    "医药",
    "汽车零部件",
    "电子",
    "环保设备",
    "铸造",
    "模具",
    "包装",
    "印刷",
    "建材",
    "液压",
    "轴承",
    "阀门",
    "电线电缆",
    "钢结构",
    "仪器仪表",
    "物流",
]
SUFFIXES = (("有限公司", 80), ("股份有限公司", 8), ("制造有限公司", 12))
STREETS = ("东望街", "沈东路", "世纪路", "旺岭路", "和睦路", "东陵路", "滂江街", "观泉路")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海波"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
DISTRICT_CODE = "210104"
CENT = Decimal("0.01")
MILLI = Decimal("0.001")


def uscc(n: int) -> str:
    """A structurally valid, unique 18-character code: 91 + division + 9-char body + check."""
    body = []
    for _ in range(7):
        n, r = divmod(n, 31)
        body.append(USCC_ALPHABET[r])
    first17 = "91" + DISTRICT_CODE + "MA" + "".join(reversed(body))
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def weighted(rng: random.Random, pairs, k: int):
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return rng.choices(values, weights, k=k)


def money(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def enterprise_rows(rng, first_id, count, park_id, phase_ids, dept_ids, now):
    statuses = weighted(rng, STATUSES, count)
    regs = weighted(rng, REGISTRATION_TYPES, count)
    suffixes = weighted(rng, SUFFIXES, count)
    phases = rng.choices(phase_ids, PHASE_WEIGHTS, k=count)
    depts = rng.choices(dept_ids, DEPARTMENT_WEIGHTS, k=count)
    epoch = dt.date(1958, 1, 1).toordinal()
    span = dt.date(2019, 12, 31).toordinal() - epoch
    for i in range(count):
        pk = first_id + i
        above = rng.random() < 0.22
        founded = dt.date.fromordinal(epoch + rng.randrange(span))
        moved = dt.date.fromordinal(
            max(founded.toordinal(), dt.date(1990, 1, 1).toordinal()) + rng.randrange(0, 3000)
        )
        moved = min(moved, dt.date(2019, 12, 31))
        industry = "" if rng.random() < 0.03 else rng.choice(INDUSTRY_CODES)
        capital = None if rng.random() < 0.05 else money(10 ** rng.uniform(5, 9))
        yield {
            "id": pk,
            "park_id": park_id,
            "name": f"沈阳{rng.choice(WORDS)}{rng.choice(KINDS)}{suffixes[i]}{pk}",
            "uscc": uscc(pk),
            "registration_type": regs[i],
            "industry_code": industry,
            "status": statuses[i],
            "is_above_size": above,
            "is_high_tech": rng.random() < 0.12,
            "is_specialized": rng.random() < 0.05,
            "is_listed": rng.random() < 0.01,
            "phase_id": None if rng.random() < 0.02 else phases[i],
            "department_id": None if rng.random() < 0.02 else depts[i],
            "address": f"沈阳市大东区{rng.choice(STREETS)}{rng.randrange(1, 400)}号",
            "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "contact_person": rng.choice(SURNAMES) + rng.choice(GIVEN),
            "contact_phone": f"024-{rng.randrange(2000_0000, 9000_0000)}",
            "founded_on": founded,
            "moved_in_on": moved,
            "registered_capital": capital,
            "version": 1,
            "created_at": now,
            "updated_at": now - dt.timedelta(seconds=rng.randrange(0, 3 * 365 * 86400)),
        }


def year_rows(rng, enterprise_ids, first_id, years, now, inactive=frozenset()):
    """Three years per enterprise; stopped, deregistered and moved-out firms (``inactive``)
    report land and assets but no output, staff or taxes."""
    pk = first_id
    for ent_id in enterprise_ids:
        scale = 10 ** rng.uniform(6, 9.3)  # yearly output in yuan
        land = rng.uniform(2000, 150000)
        staff = max(3, int(scale / rng.uniform(4e5, 1.2e6)))
        dead = ent_id in inactive
        for year in years:
            growth = rng.uniform(0.85, 1.2)
            scale *= growth
            output = 0.0 if dead else scale
            revenue = output * rng.uniform(0.8, 1.1)
            yield {
                "id": pk,
                "enterprise_id": ent_id,
                "year": year,
                "land_area": money(land),
                "land_leased_in": None
                if rng.random() < 0.9
                else money(land * rng.uniform(0.05, 0.4)),
                "land_leased_out": None
                if rng.random() < 0.93
                else money(land * rng.uniform(0.05, 0.3)),
                "building_area": money(land * rng.uniform(0.3, 1.2)),
                "staff_year_end": 0 if dead else staff,
                "staff_average": 0 if dead else max(1, int(staff * rng.uniform(0.9, 1.05))),
                "staff_rd": None if dead else int(staff * rng.uniform(0, 0.2)),
                "staff_postgraduate": None if dead else int(staff * rng.uniform(0, 0.05)),
                "staff_bachelor": None if dead else int(staff * rng.uniform(0.05, 0.3)),
                "staff_college": None if dead else int(staff * rng.uniform(0.1, 0.4)),
                "gross_output": money(output),
                "value_added": money(output * rng.uniform(0.2, 0.35)),
                "revenue": money(revenue),
                "main_business_revenue": money(revenue * rng.uniform(0.85, 1.0)),
                "profit": money(revenue * rng.uniform(-0.08, 0.15)),
                "total_assets": money(scale * rng.uniform(0.8, 2.5)),
                "fixed_assets": money(scale * rng.uniform(0.3, 1.2)),
                "tax_total": money(revenue * rng.uniform(0.02, 0.08)),
                "tax_local": money(revenue * rng.uniform(0.01, 0.03)),
                "exports": None if rng.random() < 0.8 else money(revenue * rng.uniform(0.05, 0.6)),
                "energy_tce": Decimal(f"{output / rng.uniform(5e4, 4e5):.3f}"),
                "electricity_kwh": int(output / rng.uniform(3, 30)),
                "cod_t": None if rng.random() < 0.6 else Decimal(f"{rng.uniform(0, 40):.3f}"),
                "so2_t": None if rng.random() < 0.6 else Decimal(f"{rng.uniform(0, 20):.3f}"),
                "nh3n_t": None if rng.random() < 0.7 else Decimal(f"{rng.uniform(0, 4):.3f}"),
                "nox_t": None if rng.random() < 0.6 else Decimal(f"{rng.uniform(0, 25):.3f}"),
                "rd_spending": None if dead else money(revenue * rng.uniform(0, 0.06)),
                "patents": None if dead else int(rng.expovariate(0.3)),
                "source": rng.choice(("survey", "import", "statistics", "tax", "enterprise")),
                "sources": {},
                "version": 1,
                "updated_at": now,
            }
            pk += 1


def batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def copy_rows(connection, model, rows):
    """COPY ... FROM STDIN through psycopg 3 (PostgreSQL only)."""
    import json

    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    table = connection.ops.quote_name(model._meta.db_table)
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    cols = ", ".join(connection.ops.quote_name(by_attname[c]) for c in columns)
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in _chain(first, rows):
                copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row.values()])
                n += 1
    return n


def _chain(first, rest):
    yield first
    yield from rest


def insert_rows(connection, model, rows, batch):
    """Plain INSERT through ``executemany`` (one prepared statement), with values adapted
    the way Django adapts them for this backend; the fast path for SQLite, where
    ``bulk_create`` spends ~90% of its time compiling SQL and preparing values in Python."""
    import json

    first = next(rows, None)
    if first is None:
        return 0
    columns = list(first)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    cols = ", ".join(ops.quote_name(fields[c].column) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    adapt_dt = {}

    def adapt(v):
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, dt.datetime):
            if v not in adapt_dt:
                adapt_dt[v] = ops.adapt_datetimefield_value(v)
            return adapt_dt[v]
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, dict):
            return json.dumps(v)
        return v

    n = 0
    with connection.cursor() as cursor:
        for chunk in batched(_chain(first, rows), batch):
            cursor.executemany(sql, [[adapt(v) for v in r.values()] for r in chunk])
            n += len(chunk)
    return n


def bulk_rows(model, rows, batch):
    n = 0
    for chunk in batched(rows, batch):
        model.objects.bulk_create([model(**r) for r in chunk], batch_size=batch)
        n += len(chunk)
    return n


def seed_users(User, Role, park, department):
    """The staff and department users of the benchmark park, password PASSWORD."""
    staff, _ = User.objects.update_or_create(
        username=STAFF_USER,
        defaults={
            "role": Role.STAFF,
            "park": park,
            "department": None,
            "is_active": True,
            "first_name": "基准",
            "last_name": "员工",
        },
    )
    dept_user, _ = User.objects.update_or_create(
        username=DEPT_USER,
        defaults={
            "role": Role.DEPARTMENT,
            "park": park,
            "department": department,
            "is_active": True,
            "first_name": "基准",
            "last_name": "部门",
        },
    )
    for user in (staff, dept_user):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--years", default="2017,2018,2019")
    parser.add_argument("--method", choices=("auto", "copy", "insert", "bulk"), default="auto")
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--no-analyze", action="store_true")
    parser.add_argument("--park", default=PARK_CODE, help="park code (another park: no users)")
    args = parser.parse_args(argv)
    years = [int(y) for y in args.years.split(",") if y.strip()]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from parkbase.core.choices import Role
    from parkbase.core.models import Department, Park, Phase, User
    from parkbase.enterprises.models import Enterprise, EnterpriseYear

    vendor = connection.vendor
    method = args.method
    if method == "auto":
        method = "copy" if vendor == "postgresql" else "insert"
    if method == "copy" and vendor != "postgresql":
        parser.error("--method copy needs PostgreSQL")
    print(f"database: {vendor} {connection.settings_dict['NAME']}; method: {method}")

    rng = random.Random(args.seed)
    now = timezone.now()
    t0 = time.perf_counter()
    with transaction.atomic():
        park, _ = Park.objects.get_or_create(
            code=args.park, defaults={"name": PARK_NAME, "name_en": "Benchmark park"}
        )
        phases = [
            Phase.objects.get_or_create(park=park, code=c, defaults={"name": n, "order": o})[0]
            for c, n, o in PHASES
        ]
        depts = [
            Department.objects.get_or_create(park=park, code=c, defaults={"name": n})[0]
            for c, n in DEPARTMENTS
        ]
        existing = Enterprise.objects.unscoped("benchmark and tool scripts: system work").filter(
            park=park
        )
        if existing.exists():
            if not args.reset:
                sys.exit(
                    f"park {args.park} already has {existing.count()} enterprises; "
                    "pass --reset to replace them"
                )
            # raw deletes: no per-row signals or history for 400,000 rows
            User.objects.filter(enterprise__park=park).update(enterprise=None)
            years_qs = EnterpriseYear.objects.unscoped(
                "benchmark and tool scripts: system work"
            ).filter(enterprise__park=park)
            years_qs._raw_delete(years_qs.db)
            existing._raw_delete(existing.db)
            print(f"reset: removed the old benchmark rows ({time.perf_counter() - t0:.1f} s)")

        first_ent = (
            Enterprise.objects.unscoped("benchmark and tool scripts: system work")
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0
        ) + 1
        first_year = (
            EnterpriseYear.objects.unscoped("benchmark and tool scripts: system work")
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0
        ) + 1
        ent_ids = range(first_ent, first_ent + args.enterprises)

        t1 = time.perf_counter()
        inactive = set()

        def remember_inactive(rows):
            for row in rows:
                if row["status"] in ("stopped", "deregistered", "moved_out"):
                    inactive.add(row["id"])
                yield row

        rows = remember_inactive(
            enterprise_rows(
                rng,
                first_ent,
                args.enterprises,
                park.pk,
                [p.pk for p in phases],
                [d.pk for d in depts],
                now,
            )
        )
        if method == "copy":
            n_ent = copy_rows(connection, Enterprise, rows)
        elif method == "insert":
            n_ent = insert_rows(connection, Enterprise, rows, args.batch)
        else:
            n_ent = bulk_rows(Enterprise, rows, args.batch)
        t2 = time.perf_counter()
        print(f"enterprises: {n_ent:,} in {t2 - t1:.1f} s")

        rows = year_rows(rng, ent_ids, first_year, years, now, inactive)
        if method == "copy":
            n_year = copy_rows(connection, EnterpriseYear, rows)
        elif method == "insert":
            n_year = insert_rows(connection, EnterpriseYear, rows, args.batch)
        else:
            n_year = bulk_rows(EnterpriseYear, rows, args.batch)
        t3 = time.perf_counter()
        print(f"yearly rows: {n_year:,} in {t3 - t2:.1f} s")

        if vendor == "postgresql":
            # explicit ids were written: move the sequences past them
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Enterprise, EnterpriseYear]
                ):
                    cursor.execute(sql)

        if args.park == PARK_CODE:
            seed_users(User, Role, park, depts[0])

    if not args.no_analyze:
        t4 = time.perf_counter()
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                # what autovacuum does in a live database: statistics for the planner and
                # a visibility map, so index-only scans need not visit the heap
                cursor.execute("VACUUM (ANALYZE)")
                done = "VACUUM (ANALYZE)"
            else:
                cursor.execute("ANALYZE")
                done = "ANALYZE"
        print(f"{done} in {time.perf_counter() - t4:.1f} s")

    total = time.perf_counter() - t0
    print(
        f"done in {total:.1f} s: park {park.code} (id {park.pk}), phases "
        f"{', '.join(f'{p.code}={p.pk}' for p in phases)}, departments "
        f"{', '.join(f'{d.code}={d.pk}' for d in depts)}"
        + (
            f"; users {STAFF_USER} (staff), {DEPT_USER} (department {depts[0].code}), "
            f"password {PASSWORD}"
            if args.park == PARK_CODE
            else ""
        )
    )
    print(
        f"totals in the database: {Enterprise.objects.unscoped('benchmark and tool scripts: system work').count():,} enterprises, "
        f"{EnterpriseYear.objects.unscoped('benchmark and tool scripts: system work').count():,} yearly rows"
    )


if __name__ == "__main__":
    main()
