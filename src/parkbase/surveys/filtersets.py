"""Filters of the survey lists; the pages and the API use the same ones."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core.filtersets import (
    ORDERING_HELP,
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    scoped_choices,
    text_search,
)
from parkbase.core.models import Department, Phase
from parkbase.surveys.choices import (
    AssignmentStatus,
    CampaignStatus,
    ConcernCategory,
    ConcernStatus,
)
from parkbase.surveys.models import Assignment, Campaign, Concern, Team
from parkbase.surveys.selectors import overdue_q

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CampaignFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))
    year = django_filters.NumberFilter(label=_("survey year"))
    status = django_filters.MultipleChoiceFilter(choices=CampaignStatus.choices, label=_("status"))
    ordering = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("year", "year"),
            ("status", "status"),
            ("started_on", "started_on"),
        ),
        label=_("ordering"),
        help_text=ORDERING_HELP,
    )

    class Meta:
        model = Campaign
        fields = []


class AssignmentFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Enterprise name or credit code"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Campaign), label=_("campaign")
    )
    team = django_filters.ModelMultipleChoiceFilter(queryset=scoped_choices(Team), label=_("team"))
    phase = django_filters.ModelMultipleChoiceFilter(
        field_name="enterprise__phase", queryset=scoped_choices(Phase), label=_("phase")
    )
    department = django_filters.ModelMultipleChoiceFilter(
        field_name="enterprise__department",
        queryset=scoped_choices(Department),
        label=_("supervising department"),
    )
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
            ("status", "status"),
            ("visited_on", "visited_on"),
            ("enterprise__phase__order", "phase"),
            ("enterprise__department__code", "department"),
            ("updated_at", "updated_at"),
        ),
        label=_("ordering"),
        help_text=ORDERING_HELP,
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
    department = django_filters.ModelMultipleChoiceFilter(
        queryset=scoped_choices(Department), label=_("responsible department")
    )
    overdue = StrictBooleanFilter(method="by_overdue", label=_("overdue"))
    raised_from = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="gte", label=_("raised from"), widget=DATE
    )
    raised_to = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="lte", label=_("raised to"), widget=DATE
    )
    due_to = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label=_("due by"), widget=DATE
    )
    ordering = StableOrderingFilter(
        fields=(
            ("raised_on", "raised_on"),
            ("due_on", "due_on"),
            ("enterprise__name", "enterprise"),
            ("category", "category"),
            ("department__code", "department"),
            ("status", "status"),
        ),
        label=_("ordering"),
        help_text=ORDERING_HELP,
    )

    class Meta:
        model = Concern
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", "description")

    def by_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
