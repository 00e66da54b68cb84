"""The API filters the land lists with the pages' filtersets (units with two more)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import StableOrderingFilter, scoped_choices
from parkbase.enterprises.models import Enterprise
from parkbase.land import filtersets
from parkbase.land.filtersets import (  # noqa: F401
    ApprovalFilterSet,
    BuildingFilterSet,
    ParcelFilterSet,
)


class UnitFilterSet(filtersets.UnitFilterSet):
    """The units page's filters, and the floor and the tenant."""

    floor = django_filters.NumberFilter(label=_("floor"))
    tenant = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Enterprise), label=_("tenant")
    )
    ordering = StableOrderingFilter(
        fields=(("building__code", "building"), "floor", "code", "area", "status", "lease_until")
    )

    class Meta(filtersets.UnitFilterSet.Meta):
        fields = [*filtersets.UnitFilterSet.Meta.fields, "floor", "tenant"]
