#!/usr/bin/env python3
"""Time the land map's GeoJSON and the parcel list at 50,000 parcels, in-process
through django.test.Client (URL routing, every middleware, the view, the queries, the
JSON text or the template). No network, no web server.

Seeds, when missing, a park ``bench-land`` with 10 phases and 50,000 parcels (phase L1
holds 5,000 of them), each a small 8-sided polygon (9 positions) in Shenyang with its
area and bounding box, statuses and uses mixed; plus a staff user of that park.
Raw inserts (COPY on PostgreSQL, executemany INSERT elsewhere, as bench/seed_scale.py
does): benchmark data only, no audit trail.

    PARKBASE_DATA_DIR=/tmp/bench-land parkbase migrate
    PARKBASE_DATA_DIR=/tmp/bench-land python bench/bench_land.py

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE parkbase_bench_land'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench_land parkbase migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/parkbase_bench_land python bench/bench_land.py

Options: --runs N (timed requests per case, default 20), --warmup N (default 3),
--parcels N (default 50000; the first phase always holds 5,000), --only geojson,list
(some cases), --reset (delete the benchmark park's parcels and seed again).
Goals: GeoJSON of 5,000 parcels < 300 ms; parcel list page < 100 ms (median).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

PARK_CODE = "bench-land"
PARK_NAME = "土地基准测试园区"
STAFF_USER = "bench_land_staff"
PHASES = 10
IN_FIRST_PHASE = 5000
GEOJSON_GOAL_MS = 300.0
LIST_GOAL_MS = 100.0
ORIGIN = (123.40, 41.75)
CELL = 0.0006  # degrees: ~50 m × 67 m per grid cell
STATUSES = (("in_use", 60), ("idle", 10), ("reserve", 12), ("planned", 13), ("transferred", 5))
USES = (("industrial", 70), ("warehouse", 10), ("commercial", 8), ("public", 6), ("other", 6))
LOW = (("", 80), ("supplied_unused", 5), ("not_fully_used", 5), ("built_not_producing", 5))
LOW += (("below_target", 5),)


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def polygon(i: int, per_row: int, rng) -> dict:
    """An 8-sided polygon inside grid cell i (counter-clockwise, closed)."""
    col, row = i % per_row, i // per_row
    cx = ORIGIN[0] + (col + 0.5) * CELL
    cy = ORIGIN[1] + (row + 0.5) * CELL
    r = CELL * (0.30 + 0.15 * rng.random())
    ring = [
        [round(cx + r * math.cos(a), 7), round(cy + r * 0.75 * math.sin(a), 7)]
        for a in (k * math.pi / 4 for k in range(8))
    ]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def parcel_rows(park_id, phase_ids, count, now, rng):
    from parkbase.land import engine

    per_row = math.ceil(math.sqrt(count))
    for i in range(count):
        geometry = polygon(i, per_row, rng)
        shape, errors = engine.read_geometry(geometry)
        assert not errors, errors
        area = Decimal(str(round(shape.area * rng.uniform(0.97, 1.08), 2)))
        phase = phase_ids[0] if i < IN_FIRST_PHASE else phase_ids[1 + i % (len(phase_ids) - 1)]
        status = weighted(rng, STATUSES)
        use_status = "in_use" if status == "idle" else status
        yield {
            "park_id": park_id,
            "code": f"L-{i + 1:06d}",
            "name": f"基准地块{i + 1}",
            "location": f"沈东路{i % 400 + 1}号",
            "phase_id": phase,
            "area": area,
            "geometry": shape.geometry,
            "geometry_area": Decimal(str(round(shape.area, 2))),
            "area_mismatch": engine.area_check(area, shape.area) is not None,
            "min_lon": shape.bbox[0],
            "min_lat": shape.bbox[1],
            "max_lon": shape.bbox[2],
            "max_lat": shape.bbox[3],
            "ownership": "state",
            "owner_name": f"业主{i % 900}",
            "owner_enterprise_id": None,
            "planned_use": weighted(rng, USES),
            "current_use": "",
            "certificate_status": "issued" if i % 3 else "none",
            "certificate_no": "",
            "use_status": use_status,
            "status": status,
            "contract_signed_on": None,
            "agreed_start_on": dt.date(2015, 1, 1) if status == "idle" else None,
            "started_on": None,
            "halted_since": None,
            "invested_share": None,
            "developed_share": None,
            "idle_reason": "not_started" if status == "idle" else "",
            "idle_since": dt.date(2016, 1, 1) if status == "idle" else None,
            "low_efficiency": weighted(rng, LOW),
            "price_guidance": "",
            "contact": "",
            "note": "",
            "version": 1,
            "created_by_id": None,
        }


def seed(count: int, reset: bool) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from seed_scale import copy_rows, insert_rows

    from parkbase.core.choices import Role
    from parkbase.core.models import Park, Phase, User
    from parkbase.land.models import Parcel

    park, _ = Park.objects.unscoped("benchmark and tool scripts: system work").get_or_create(
        code=PARK_CODE, defaults={"name": PARK_NAME}
    )
    phase_ids = []
    for n in range(1, PHASES + 1):
        phase, _ = Phase.objects.unscoped("benchmark and tool scripts: system work").get_or_create(
            park=park, code=f"L{n}", defaults={"name": f"{n}期", "order": n}
        )
        phase_ids.append(phase.pk)
    user, _ = User.objects.unscoped("benchmark and tool scripts: system work").update_or_create(
        username=STAFF_USER, defaults={"role": Role.STAFF, "park": park, "is_active": True}
    )
    user.password = make_password(None)
    user.save(update_fields=["password"])
    parcels = Parcel.objects.unscoped("benchmark and tool scripts: system work").filter(park=park)
    if reset:
        Parcel.history.model.objects.filter(park_id=park.pk).delete()
        parcels.delete()
    have = parcels.count()
    if have == count:
        return
    if have:
        sys.exit(f"park {PARK_CODE} has {have} parcels, not {count}: run with --reset")
    started = time.perf_counter()
    rows = parcel_rows(park.pk, phase_ids, count, timezone.now(), random.Random(2019))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            written = copy_rows(connection, Parcel, rows)
        else:
            written = insert_rows(connection, Parcel, rows, 5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded {written} parcels in {time.perf_counter() - started:.1f} s")


def median_ms(request, runs: int, warmup: int) -> tuple[float, float, object]:
    for _ in range(warmup):
        request()
    timings = []
    response = None
    for _ in range(runs):
        started = time.perf_counter()
        response = request()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, math.ceil(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, response


def naive_geojson(user, phase) -> int:
    """What a plain implementation does: a model instance per parcel, a dict per
    feature, ``json.dumps`` of the whole (the view's own filters and scope)."""
    import json

    from parkbase.land.models import Parcel

    features = [
        {
            "type": "Feature",
            "id": p.pk,
            "geometry": p.geometry,
            "properties": {
                "code": p.code,
                "name": p.name,
                "status": p.status,
                "use": p.current_use or p.planned_use,
                "area": float(p.area),
            },
        }
        for p in Parcel.objects.visible_to(user).filter(phase=phase, geometry__isnull=False)
    ]
    json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    return len(features)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--parcels", type=int, default=50_000)
    parser.add_argument("--only", default="geojson,list")
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args(argv)
    if args.parcels < IN_FIRST_PHASE:
        parser.error(f"--parcels must be at least {IN_FIRST_PHASE}")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    import django

    django.setup()
    from parkbase.core.scoping import bypass_from_now_on

    bypass_from_now_on("benchmark: the script works as the system")
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from parkbase.core.models import Park, Phase, User

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    seed(args.parcels, args.reset)
    park = Park.objects.unscoped("benchmark and tool scripts: system work").get(code=PARK_CODE)
    first_phase = Phase.objects.unscoped("benchmark and tool scripts: system work").get(
        park=park, code="L1"
    )
    second_phase = Phase.objects.unscoped("benchmark and tool scripts: system work").get(
        park=park, code="L2"
    )
    client = Client()
    client.force_login(
        User.objects.unscoped("benchmark and tool scripts: system work").get(username=STAFF_USER)
    )

    print(
        f"{connection.vendor} · Python {platform.python_version()} · {args.parcels} parcels · "
        f"median of {args.runs} runs after {args.warmup} warm-up"
    )
    wanted = set(args.only.split(","))
    failed = False
    if "geojson" in wanted:
        url = reverse("land-geojson") + f"?phase={first_phase.pk}"
        med, p95, response = median_ms(lambda: client.get(url), args.runs, args.warmup)
        assert response.status_code == 200, response.status_code
        features = response.content.count(b'"type":"Feature",')
        ok = med < GEOJSON_GOAL_MS
        failed |= not ok
        print(
            f"  GeoJSON, one phase ({features} features, {len(response.content) / 1e6:.1f} MB): "
            f"median {med:.0f} ms, p95 {p95:.0f} ms  goal < {GEOJSON_GOAL_MS:.0f} ms  "
            f"{'ok' if ok else 'MISSED'}"
        )
        user = User.objects.unscoped("benchmark and tool scripts: system work").get(
            username=STAFF_USER
        )
        naive, _p95, count = median_ms(
            lambda: naive_geojson(user, first_phase), max(3, args.runs // 3), 1
        )
        print(
            f"  baseline: model instances + json.dumps ({count} features): median {naive:.0f} ms"
            f" ({naive / med:.1f}x the view)"
        )
    if "list" in wanted:
        cases = [
            ("parcel list, first page, default sort", {}),
            (
                "parcel list, phase + status, sorted by area desc",
                {"phase": second_phase.pk, "status": "in_use", "ordering": "-area"},
            ),
            ("parcel list, idle, sorted by area desc", {"status": "idle", "ordering": "-area"}),
        ]
        for label, params in cases:
            url = reverse("land-parcels")
            med, p95, response = median_ms(
                lambda url=url, params=params: client.get(url, params), args.runs, args.warmup
            )
            assert response.status_code == 200, response.status_code
            ok = med < LIST_GOAL_MS
            failed |= not ok
            print(
                f"  {label}: median {med:.0f} ms, p95 {p95:.0f} ms  goal < {LIST_GOAL_MS:.0f} ms"
                f"  {'ok' if ok else 'MISSED'}"
            )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
