"""Filters of the survey lists; the pages and the API use the same ones."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core import clock
from parkbase.core.filtersets import (
    DATE_INPUT,
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    date_range,
    phase_and_department,
    records_filter,
    scoped_choices,
    text_search,
)
from parkbase.core.models import Department
from parkbase.surveys.choices import (
    AssignmentStatus,
    CampaignStatus,
    ConcernCategory,
    ConcernStatus,
)
from parkbase.surveys.models import Assignment, Campaign, Concern, Team
from parkbase.surveys.selectors import overdue_q


class CampaignFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))
    year = django_filters.NumberFilter(label=_("survey year"))
    status = django_filters.MultipleChoiceFilter(choices=CampaignStatus.choices, label=_("status"))
    ordering = StableOrderingFilter(fields=("name", "year", "status", "started_on"))

    class Meta:
        model = Campaign
        fields = []


class AssignmentFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Enterprise name or credit code"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Campaign), label=_("campaign")
    )
    team = records_filter(Team, _("team"))
    phase, department = phase_and_department("enterprise__")
    status = django_filters.MultipleChoiceFilter(
        choices=AssignmentStatus.choices, label=_("status")
    )
    flagged = StrictBooleanFilter(
        method="with_flags", label=pgettext_lazy("survey form", "form has flags")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("enterprise__name", "enterprise"),
            ("team_id", "team"),
            "status",
            "visited_on",
            ("enterprise__phase__order", "phase"),
            ("enterprise__department__code", "department"),
            "updated_at",
        )
    )

    class Meta:
        model = Assignment
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", code_prefix="enterprise__uscc")

    def with_flags(self, queryset, name, value):
        if value is None:
            return queryset
        has = Q(response__isnull=False) & ~Q(response__flags=[])
        return queryset.filter(has) if value else queryset.exclude(has)


class ConcernFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Enterprise or description"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("enterprise"))
    campaign = django_filters.ModelChoiceFilter(
        field_name="assignment__campaign", queryset=scoped_choices(Campaign), label=_("campaign")
    )
    category = django_filters.MultipleChoiceFilter(
        choices=ConcernCategory.choices, label=_("category")
    )
    status = django_filters.MultipleChoiceFilter(choices=ConcernStatus.choices, label=_("status"))
    department = records_filter(Department, _("responsible department"))
    overdue = StrictBooleanFilter(method="by_overdue", label=_("overdue"))
    raised_from, raised_to = date_range("raised_on", _("raised from"), _("raised to"))
    due_to = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("due by"), widget=DATE_INPUT
    )
    ordering = StableOrderingFilter(
        fields=(
            "raised_on",
            "due_on",
            ("enterprise__name", "enterprise"),
            "category",
            ("department__code", "department"),
            "status",
        )
    )

    class Meta:
        model = Concern
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", "description")

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = overdue_q(clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)
