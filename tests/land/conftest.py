"""Fixtures of the land tests, for every land test module.

* ``square(col, row)``: a GeoJSON Polygon, a square of 0.001° (about 83 m × 111 m,
  ~9,300 m²) in Shenyang, the ``col``-th east and ``row``-th north of the origin;
  neighbouring squares touch, they do not overlap.
* ``make_parcel(**fields)``: records a parcel in park A through the service (staff
  user, today ``DAY``); code, name, area (the square's own) have defaults.
* ``land_world``: ``world`` plus three parcels through the services —
  ``a1`` (A-01, phase 1, idle: not started a year after the agreed start, with a
  no-certificate constraint), ``a2`` (A-02, in use, its neighbour, enterprise 0 a
  tenant of 3,000 m²) in park A, and ``b1`` (B-01) in park B; and one approval
  (``approval``, a land-use quota for A-01, submitted).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parkbase.core.choices import Role
from parkbase.land import engine, services
from parkbase.land.choices import ApprovalKind, ApprovalStatus, ConstraintKind

DAY = dt.date(2019, 6, 1)
ORIGIN = (123.45, 41.80)
SIDE = 0.001


def square(col: int = 0, row: int = 0, side: float = SIDE) -> dict:
    x, y = ORIGIN[0] + col * SIDE, ORIGIN[1] + row * SIDE
    ring = [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]
    return {"type": "Polygon", "coordinates": [[[round(a, 7) for a in p] for p in ring]]}


def area_of(geometry: dict) -> Decimal:
    shape, errors = engine.read_geometry(geometry)
    assert not errors
    return Decimal(str(round(shape.area, 2)))


@pytest.fixture
def make_parcel(world):
    staff = world.users[Role.STAFF]
    serial = iter(range(100, 1000))

    def make(park=None, user=staff, **fields):
        number = next(serial)
        fields.setdefault("code", f"T-{number}")
        fields.setdefault("name", f"测试地块{number}")
        if "area" not in fields:
            geometry = fields.get("geometry")
            fields["area"] = area_of(geometry) if geometry else Decimal("10000")
        return services.parcel_create(park=park or world.parks[0], user=user, today=DAY, **fields)

    return make


@pytest.fixture
def land_world(world, make_parcel):
    staff = world.users[Role.STAFF]
    a1 = make_parcel(
        code="A-01",
        name="东基集团闲置地",
        owner_name="东基集团",
        phase=world.phases[0],
        geometry=square(0, 0),
        agreed_start_on=dt.date(2017, 3, 1),
    )
    services.constraint_add(
        parcel=a1,
        kind=ConstraintKind.NO_CERTIFICATE,
        description="无土地使用证",
        authority="市自然资源局",
        user=staff,
    )
    a2 = make_parcel(
        code="A-02",
        name="机械厂用地",
        phase=world.phases[1],
        geometry=square(1, 0),
        owner_enterprise=world.enterprises[1],
        started_on=dt.date(2015, 5, 1),
    )
    services.tenancy_add(
        parcel=a2, enterprise=world.enterprises[0], area=Decimal("3000"), user=staff
    )
    b1 = make_parcel(
        park=world.parks[1], code="B-01", name="外园地块", geometry=square(0, 0), user=None
    )
    approval = services.approval_create(
        park=world.parks[0],
        user=staff,
        parcels=[a1],
        kind=ApprovalKind.QUOTA,
        name="2019年度用地指标",
        requested_area=Decimal("9000"),
        submitted_on=dt.date(2019, 4, 1),
        status=ApprovalStatus.SUBMITTED,
    )

    class Land:
        pass

    land = Land()
    land.world = world
    land.a1, land.a2, land.b1, land.approval = a1, a2, b1, approval
    land.staff = staff
    return land
