"""Read queries of the land pages (and of the API and the inventory that show the same
figures)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from parkbase.land.choices import UnitStatus

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
