"""Read queries of the land pages: the map's parcels, a building's units and space (the
API and the investors' inventory show the same figures)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from parkbase.land.choices import UnitStatus
from parkbase.land.models import Building, Parcel, Unit

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def with_space(queryset):
    """Each building with the area of its units by status (one query, no per-row)."""

    def area(status=None):
        condition = Q(units__status=status) if status else Q()
        return Coalesce(Sum("units__area", filter=condition), ZERO)

    return queryset.annotate(
        units_area=area(),
        occupied_area=area(UnitStatus.OCCUPIED),
        vacant_area=area(UnitStatus.VACANT),
        reserved_area=area(UnitStatus.RESERVED),
        unit_count=Count("units"),
    )


def map_parcels(user, park, data: dict | None):
    """The park's parcels the user sees, with the map's filters (``forms.MapFilterForm``'s
    cleaned data); none when the filter is invalid (``data`` None)."""
    parcels = Parcel.objects.visible_to(user).filter(park=park)
    if data is None:
        return parcels.none()
    if data["phase"] is not None:
        parcels = parcels.filter(phase=data["phase"])
    if data["status"]:
        parcels = parcels.filter(status=data["status"])
    if data["use"]:
        parcels = parcels.filter(
            Q(current_use=data["use"]) | Q(current_use="", planned_use=data["use"])
        )
    if data["low_efficiency"]:
        parcels = parcels.filter(low_efficiency=data["low_efficiency"])
    return parcels


NEIGHBOURS_SHOWN = 200
NEAR_MIN = 0.0005  # degrees (about 50 m): the least room around a tiny parcel


def neighbours(user, parcel: Parcel):
    """The parcels with a geometry near ``parcel`` that the user sees in its park: those
    whose box meets the parcel's own box grown by its size on every side (the context
    the parcel's small map draws faintly). None when the parcel has no geometry."""
    if parcel.min_lon is None:
        return Parcel.objects.visible_to(user).none()
    margin_lon = max(parcel.max_lon - parcel.min_lon, NEAR_MIN)
    margin_lat = max(parcel.max_lat - parcel.min_lat, NEAR_MIN)
    return (
        Parcel.objects.visible_to(user)
        .filter(
            park=parcel.park_id,
            geometry__isnull=False,
            max_lon__gte=parcel.min_lon - margin_lon,
            min_lon__lte=parcel.max_lon + margin_lon,
            max_lat__gte=parcel.min_lat - margin_lat,
            min_lat__lte=parcel.max_lat + margin_lat,
        )
        .exclude(pk=parcel.pk)
        .order_by("code", "pk")
        .only("pk", "code", "geometry")[:NEIGHBOURS_SHOWN]
    )


def map_counts(parcels) -> dict:
    """How many parcels the map's filter selects, and how many of them are drawn."""
    return parcels.aggregate(total=Count("pk"), drawn=Count("pk", filter=Q(geometry__isnull=False)))


def building_space(user, building: Building) -> Building:
    """The building with the area of its units by status (``with_space``)."""
    return with_space(Building.objects.visible_to(user).filter(pk=building.pk)).get()


def building_units(user, building: Building, status: str | None = None):
    """The building's units the user sees, with their tenants: top floor first, as the
    letting control table shows them (lowest first when only those of one ``status``,
    as the investors' sheet lists the vacant ones)."""
    units = Unit.objects.visible_to(user).filter(building=building)
    if status is None:
        return units.select_related("tenant").order_by("-floor", "code", "id")
    return units.filter(status=status).order_by("floor", "code", "id")
