"""The API filters the land lists with the pages' filtersets; units, which have no list
page of their own, get theirs here."""

import django_filters
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    scoped_choices,
    text_search,
)
from parkbase.enterprises.models import Enterprise
from parkbase.land.choices import UnitStatus
from parkbase.land.filtersets import (  # noqa: F401
    ApprovalFilterSet,
    BuildingFilterSet,
    ParcelFilterSet,
)
from parkbase.land.models import Building, Unit


class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("unit or reserved for"))
    building = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Building), label=_("building")
    )
    status = django_filters.MultipleChoiceFilter(
        choices=UnitStatus.choices, label=_("status"), distinct=False
    )
    floor = django_filters.NumberFilter(label=_("floor"))
    tenant = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Enterprise), label=_("tenant")
    )
    ordering = StableOrderingFilter(
        fields=(("building__code", "building"), "floor", "code", "area", "status", "lease_until")
    )

    class Meta:
        model = Unit
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "code", "reserved_for")
