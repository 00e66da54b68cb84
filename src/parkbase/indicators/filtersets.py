"""Filters of the indicator lists, for pages and API alike."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkbase.core.clock import today
from parkbase.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    scoped_choices,
)
from parkbase.indicators.choices import (
    OPEN_TASK_STATUSES,
    KeyTaskStatus,
    TargetKind,
    ValueSource,
)
from parkbase.indicators.models import Indicator, KeyTask, ResponsibleUnit, Target


class IndicatorFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("code or name"))
    source = django_filters.ChoiceFilter(choices=ValueSource.choices, label=_("values from"))
    active = StrictBooleanFilter(label=_("active"))
    ordering = StableOrderingFilter(fields=(("order", "order"), ("code", "code"), ("name", "name")))

    class Meta:
        model = Indicator
        fields = ["q", "source", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(name_en__icontains=value)
        )


class TargetFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    kind = django_filters.ChoiceFilter(choices=TargetKind.choices, label=_("kind"))
    indicator = django_filters.CharFilter(field_name="indicator__code", label=_("indicator code"))
    ordering = StableOrderingFilter(fields=(("year", "year"), ("indicator__order", "indicator")))

    class Meta:
        model = Target
        fields = ["year", "kind", "indicator"]


class KeyTaskFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("title"))
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.ChoiceFilter(choices=KeyTaskStatus.choices, label=_("status"))
    unit = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(ResponsibleUnit), label=_("responsible unit")
    )
    late = StrictBooleanFilter(method="filter_late", label=_("late"))
    ordering = StableOrderingFilter(
        fields=(
            ("deadline", "deadline"),
            ("title", "title"),
            ("status", "status"),
            ("unit__order", "unit"),
            ("year", "year"),
            ("stream", "stream"),
        )
    )

    class Meta:
        model = KeyTask
        fields = ["q", "year", "status", "unit", "late"]

    def filter_late(self, queryset, name, value):
        """Late: still to do, its deadline passed (``clock.today()``)."""
        if value is None:
            return queryset
        late = Q(status__in=OPEN_TASK_STATUSES, deadline__lt=today())
        return queryset.filter(late) if value else queryset.exclude(late)
