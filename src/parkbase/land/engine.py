"""The land rules, as plain functions over plain values (no Django).

* **Idle land** (闲置土地, the national rule of 2012, 《闲置土地处置办法》): land is idle
  when construction has not started more than one year after the agreed start date, or
  when it started but less than one third of the area is developed or less than 25 % of
  the investment made, and it has been halted for a year. A halt without those shares
  known is not counted: the rule needs them.
* **Geometry**: a GeoJSON Polygon or MultiPolygon in longitude/latitude (WGS84 /
  CGCS2000, which differ by centimetres). Rings must be closed, have at least four
  positions, stay in range and not cross themselves; rings the wrong way round are
  turned (RFC 7946: exteriors counter-clockwise, holes clockwise) with a warning.
* **Area** from geometry: each ring projected onto a plane tangent at the geometry's
  centre (the ellipsoid's radii of curvature there), then the shoelace formula. For a
  park's parcels (a few km across) that is within 0.01 % of the geodesic area; far
  below the 5 % that makes a recorded area suspicious.
* **Letting table** (租控表): units by floor, top floor first, with the area occupied,
  vacant and reserved.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.validation import explain_validity

from parkbase.core import jsondepth
from parkbase.core.violations import Violation

AREA_TOLERANCE = 0.05
MAX_AREA = 1e10  # m²: 10,000 km², beyond any park; also what the area columns can hold
DEVELOPED_MINIMUM = Decimal("100") / 3  # percent of the area
INVESTED_MINIMUM = Decimal("25")  # percent of the total investment
PRECISION = 7  # decimal places of a degree: ~1 cm

# WGS84
_A = 6378137.0
_F = 1 / 298.257223563
_E2 = _F * (2 - _F)


# --------------------------------------------------------------------------- idle land


@dataclass(frozen=True)
class IdleFinding:
    idle: bool
    reason: str = ""  # "not_started" or "halted"
    since: dt.date | None = None


NOT_IDLE = IdleFinding(False)


def one_year_after(day: dt.date) -> dt.date:
    """The same day a year later (29 February → 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 3, 1)


def _share_below(share, minimum: Decimal) -> bool:
    return share is not None and Decimal(str(share)) < minimum


def idle_finding(
    *,
    today: dt.date,
    agreed_start_on: dt.date | None,
    started_on: dt.date | None,
    halted_since: dt.date | None,
    invested_share=None,
    developed_share=None,
) -> IdleFinding:
    """Whether the land is idle today by the national rule, why and since when: "more
    than one year" is from the day after the anniversary on."""
    day = dt.timedelta(days=1)
    if started_on is None or started_on > today:
        if agreed_start_on is not None and today > one_year_after(agreed_start_on):
            return IdleFinding(True, "not_started", one_year_after(agreed_start_on) + day)
        return NOT_IDLE
    if halted_since is None or today <= one_year_after(halted_since):
        return NOT_IDLE
    if _share_below(developed_share, DEVELOPED_MINIMUM) or _share_below(
        invested_share, INVESTED_MINIMUM
    ):
        return IdleFinding(True, "halted", one_year_after(halted_since) + day)
    return NOT_IDLE


def parcel_status(use_status: str, finding: IdleFinding) -> str:
    """The status shown: idle when the rule says so, unless the land has been
    transferred away (then it is someone else's to report)."""
    if finding.idle and use_status != "transferred":
        return "idle"
    return use_status


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Shape:
    geometry: dict
    area: float  # m²
    bbox: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    warnings: tuple[Violation, ...] = ()


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _load(value, name: str) -> tuple[dict | None, list[Violation]]:
    if isinstance(value, str | bytes):
        try:
            value = jsondepth.loads(value)
        except ValueError as exc:
            detail = str(exc)
            return None, [Violation(name, "geometry_not_geojson", {"detail": detail})]
    if not isinstance(value, dict):
        return None, [Violation(name, "geometry_not_geojson", {"detail": type(value).__name__})]
    if value.get("type") == "Feature":
        value = value.get("geometry")
        if not isinstance(value, dict):
            return None, [Violation(name, "geometry_empty")]
    return value, []


def _rings_of(geometry: dict, name: str) -> tuple[list[list[list]], list[Violation]]:
    """The polygons' rings as lists of [lon, lat], checked one position at a time."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        return [], [Violation(name, "geometry_type", {"value": kind or ""})]
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons or not all(polygons):
        return [], [Violation(name, "geometry_empty")]
    found: list[Violation] = []
    checked = []
    for p, polygon in enumerate(polygons, 1):
        if not isinstance(polygon, list):
            return [], [Violation(name, "geometry_not_geojson", {"detail": f"polygon {p}"})]
        rings = []
        for r, ring in enumerate(polygon, 1):
            where = {"polygon": p, "ring": r}
            if not isinstance(ring, list) or not all(
                isinstance(pos, list | tuple)
                and len(pos) >= 2
                and _number(pos[0])
                and _number(pos[1])
                for pos in ring
            ):
                found.append(Violation(name, "geometry_not_geojson", {"detail": f"ring {p}.{r}"}))
                continue
            for i, (lon, lat, *_rest) in enumerate(ring, 1):
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    projected = abs(lon) > 1000 or abs(lat) > 1000
                    found.append(
                        Violation(
                            name,
                            "coordinates_projected" if projected else "coordinates_out_of_range",
                            {**where, "position": i, "value": f"{lon}, {lat}"},
                        )
                    )
                    break
            else:
                if len(ring) < 4:
                    found.append(Violation(name, "ring_too_short", {**where, "count": len(ring)}))
                elif list(ring[0][:2]) != list(ring[-1][:2]):
                    found.append(Violation(name, "ring_not_closed", where))
                else:
                    rings.append([[float(pos[0]), float(pos[1])] for pos in ring])
        checked.append(rings)
    return checked, found


def _signed_area(ring: list[list[float]]) -> float:
    """Twice the signed planar area (positive when counter-clockwise)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        total += x1 * y2 - x2 * y1
    return total


def _oriented(polygons: list[list[list]], name: str):
    warnings = []
    for p, rings in enumerate(polygons, 1):
        for r, ring in enumerate(rings, 1):
            counter_clockwise = _signed_area(ring) > 0
            wanted = r == 1  # the exterior counter-clockwise, holes clockwise
            if counter_clockwise != wanted:
                ring.reverse()
                warnings.append(Violation(name, "ring_reversed", {"polygon": p, "ring": r}))
    return warnings


def _rounded(polygons):
    return [
        [[[round(lon, PRECISION), round(lat, PRECISION)] for lon, lat in ring] for ring in rings]
        for rings in polygons
    ]


def read_geometry(value, field: str = "geometry") -> tuple[Shape | None, list[Violation]]:
    """The normalised geometry with its area and bounding box, or None and what is
    wrong with it."""
    geometry, errors = _load(value, field)
    if geometry is None:
        return None, errors
    polygons, errors = _rings_of(geometry, field)
    if errors:
        return None, errors
    polygons = _rounded(polygons)
    warnings = _oriented(polygons, field)
    solid = MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons])
    if not solid.is_valid:
        reason = explain_validity(solid)
        return None, [Violation(field, "self_intersection", {"detail": reason})]
    if len(polygons) == 1:
        normalised = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        normalised = {"type": "MultiPolygon", "coordinates": polygons}
    area = geodesic_area(normalised)
    if area <= 0:
        return None, [Violation(field, "geometry_empty")]
    if area >= MAX_AREA:
        return None, [Violation(field, "geometry_too_large", {"value": round(area / 1e6)})]
    min_lon, min_lat, max_lon, max_lat = solid.bounds
    return Shape(normalised, area, (min_lon, min_lat, max_lon, max_lat), tuple(warnings)), []


def _metres_per_degree(lat: float) -> tuple[float, float]:
    """(east, north) metres per degree at a latitude on the WGS84 ellipsoid."""
    phi = math.radians(lat)
    w = math.sqrt(1 - _E2 * math.sin(phi) ** 2)
    prime_vertical = _A / w  # N
    meridional = _A * (1 - _E2) / w**3  # M
    return math.radians(1) * prime_vertical * math.cos(phi), math.radians(1) * meridional


def geodesic_area(geometry: dict) -> float:
    """Area in m² of a (valid, closed) Polygon or MultiPolygon in lon/lat."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    lons = [lon for rings in polygons for lon, _lat in rings[0]]
    lats = [lat for rings in polygons for _lon, lat in rings[0]]
    lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    east, north = _metres_per_degree(lat0)
    total = 0.0
    for rings in polygons:
        for r, ring in enumerate(rings):
            plane = [((lon - lon0) * east, (lat - lat0) * north) for lon, lat in ring]
            area = abs(_signed_area(plane)) / 2
            total += area if r == 0 else -area
    return total


def area_check(recorded, computed, field: str = "area") -> Violation | None:
    """A recorded area more than 5 % away from the geometry's."""
    if recorded is None or computed is None or not computed > 0:
        return None
    recorded, computed = float(recorded), float(computed)
    difference = (recorded - computed) / computed
    if abs(difference) <= AREA_TOLERANCE:
        return None
    return Violation(
        field,
        "area_mismatch",
        {
            "value": round(recorded, 2),
            "other_value": round(computed, 2),
            "percent": round(difference * 100, 1),
        },
    )


def _solid(geometry: dict):
    return shape(geometry)


def overlaps(
    geometry: dict, others: Iterable[tuple[object, dict]], min_area: float = 1.0
) -> list[tuple[object, float]]:
    """(key, m²) of each of ``others`` that this geometry overlaps by ``min_area`` m² or
    more (touching edges are not overlaps)."""
    mine = _solid(geometry)
    keys, solids = [], []
    for key, other in others:
        if other:
            keys.append(key)
            solids.append(_solid(other))
    if not solids:
        return []
    tree = shapely.STRtree(solids)
    found = []
    for i in sorted(tree.query(mine, predicate="intersects").tolist()):
        common = mine.intersection(solids[i])
        if common.is_empty or common.area == 0:
            continue
        area = geodesic_area(shapely.geometry.mapping(_polygonal(common)))
        if area >= min_area:
            found.append((keys[i], area))
    return found


def _polygonal(solid):
    """The polygon part of an intersection (it may also hold lines and points)."""
    if isinstance(solid, Polygon | MultiPolygon):
        return solid
    parts = [g for g in getattr(solid, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    polygons = [p for g in parts for p in (g.geoms if isinstance(g, MultiPolygon) else [g])]
    return MultiPolygon(polygons)


def tenants_over(area, tenant_areas: Iterable) -> Violation | None:
    """Tenants occupying more than the parcel holds."""
    total = sum((Decimal(str(a)) for a in tenant_areas if a is not None), Decimal(0))
    if area is None or total <= Decimal(str(area)):
        return None
    return Violation(
        "area", "tenants_exceed_parcel", {"value": total, "other_value": Decimal(str(area))}
    )


# --------------------------------------------------------------------------- letting table

LETTING_STATUSES = ("occupied", "vacant", "reserved")


@dataclass
class LettingTable:
    floors: list[tuple[int, list[tuple[str, Decimal, str]]]] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    rates: dict[str, float] = field(default_factory=dict)
    total_area: Decimal = Decimal(0)


def letting_table(units: Iterable[tuple[int, str, Decimal, str]]) -> LettingTable:
    """Units as (floor, code, area, status) → the table, top floor first, units in code
    order, with the area and share of each status."""
    by_floor: dict[int, list[tuple[str, Decimal, str]]] = {}
    totals = dict.fromkeys(LETTING_STATUSES, Decimal(0))
    for floor, code, area, status in units:
        area = Decimal(str(area))
        by_floor.setdefault(floor, []).append((code, area, status))
        totals[status] = totals.get(status, Decimal(0)) + area
    total = sum(totals.values(), Decimal(0))
    rates = {s: float(a / total) if total else 0.0 for s, a in totals.items()}
    floors = [
        (f, sorted(by_floor[f], key=lambda u: _natural(u[0])))
        for f in sorted(by_floor, reverse=True)
    ]
    return LettingTable(floors, totals, rates, total)


def _natural(code: str) -> tuple:
    """'2' before '10': unit codes sort as people read them."""
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else math.inf, code)
