"""Filters of the project lists; the pages and the API use the same ones (the API's
project filterset, ``api.filters``, derives from the page's and adds filters on top).
The search box goes through ``ProjectQuerySet.search`` so it never matches a
confidential project's real name for an outsider, and sorting by name sorts by the
shown name."""

import django_filters
from django.db.models import Case, F, When
from django.utils.translation import gettext_lazy as _

from parkbase.core import clock
from parkbase.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    records_filter,
    text_search,
)
from parkbase.core.forms import PersonChoiceField
from parkbase.core.models import Department, User
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    Escalation,
    FundKind,
    FundSource,
    InvestorKind,
    InvestorOrigin,
    KeyLevel,
    LandMode,
    ProjectSource,
    ProjectStatus,
)
from parkbase.projects.models import (
    PROJECT_ROLES,
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    Stage,
)


def _officers(request):
    if request is None:
        return User.objects.none()
    return (
        User.objects.visible_to(request.user)
        .filter(role__in=PROJECT_ROLES, is_active=True)
        .order_by("username")
    )


SEARCH_HELP = _(
    "Project name: the real name where you are an insider of the project, the code name "
    "of every confidential project."
)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


class ProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("name or code name"), help_text=SEARCH_HELP
    )
    stage = records_filter(Stage, _("stage"))
    status = django_filters.MultipleChoiceFilter(
        choices=ProjectStatus.choices, label=_("status"), distinct=False
    )
    key_level = django_filters.MultipleChoiceFilter(
        choices=[c for c in KeyLevel.choices if c[0]], label=_("key-project level"), distinct=False
    )
    officer = PersonFilter(queryset=_officers, label=_("responsible officer"))
    department = records_filter(Department, _("responsible department"))
    industry = django_filters.CharFilter(
        field_name="industry_code", lookup_expr="startswith", label=_("industry code")
    )
    land_mode = django_filters.MultipleChoiceFilter(
        choices=LandMode.choices, label=_("land mode"), distinct=False
    )
    source = django_filters.MultipleChoiceFilter(
        choices=ProjectSource.choices, label=_("source"), distinct=False
    )
    year = django_filters.NumberFilter(
        field_name="first_contact_on", lookup_expr="year", label=_("first contact (year)")
    )
    ordering = StableOrderingFilter(
        fields=(
            ("shown_sort", "name"),
            "first_contact_on",
            ("stage__order", "stage"),
            "stage_since",
            "status",
            "key_level",
            "total_investment",
            "contracted_amount",
            "landed_on",
            "updated_at",
        )
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "stage",
            "status",
            "key_level",
            "officer",
            "department",
            "industry",
            "land_mode",
            "source",
            "year",
        ]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is not None:
            queryset = queryset.annotate(shown_sort=shown_sort(queryset))
        super().__init__(data, queryset, request=request, prefix=prefix)

    def search(self, queryset, name, value):
        return queryset.search(value)


def shown_sort(queryset):
    """The name a row is sorted by: its real name where the user is an insider, its
    code name elsewhere (so sorting reveals nothing either)."""
    if "insider" not in queryset.query.annotations:
        return F("code_name")
    return Case(
        When(confidential=False, then=F("name")),
        When(insider=True, then=F("name")),
        default=F("code_name"),
        output_field=Project._meta.get_field("name"),
    )


class InvestorFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name, credit code or contact"))
    kind = django_filters.MultipleChoiceFilter(
        choices=InvestorKind.choices, label=_("kind"), distinct=False
    )
    origin = django_filters.MultipleChoiceFilter(
        choices=InvestorOrigin.choices, label=_("origin"), distinct=False
    )
    region = django_filters.CharFilter(lookup_expr="icontains", label=_("region"))
    ordering = StableOrderingFilter(fields=("name", "origin", "kind", "region"))

    class Meta:
        model = Investor
        fields = ["q", "kind", "origin", "region"]

    def search(self, queryset, name, value):
        return text_search(queryset, value, "name", "contact", code_prefix="uscc")


class BlockerBoardFilterSet(FilterSet):
    category = django_filters.ChoiceFilter(choices=BlockerCategory.choices, label=_("category"))
    escalation = django_filters.ChoiceFilter(choices=Escalation.choices, label=_("escalation"))
    authority = django_filters.CharFilter(
        field_name="authority", lookup_expr="icontains", label=_("authority that must act")
    )
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("overdue"))
    ordering = StableOrderingFilter(fields=("raised_on", "deadline", "escalation"))

    class Meta:
        model = Blocker
        fields = []

    def filter_overdue(self, queryset, name, value):
        today = clock.today()
        if value is True:
            return queryset.filter(deadline__lt=today)
        if value is False:
            return queryset.exclude(deadline__lt=today)
        return queryset


class ActivityFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("project name or code name"), help_text=SEARCH_HELP
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=ActivityKind.choices, label=_("kind"), distinct=False
    )
    year = django_filters.NumberFilter(
        field_name="occurred_on", lookup_expr="year", label=_("year")
    )
    open_steps = StrictBooleanFilter(method="filter_open", label=_("next step not done"))
    ordering = StableOrderingFilter(fields=("occurred_on", "kind", "due_on"))

    class Meta:
        model = Activity
        fields = ["q", "kind", "year", "open_steps"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_open(self, queryset, name, value):
        steps = queryset.exclude(next_step="")
        if value is True:
            return steps.filter(done_on__isnull=True)
        if value is False:
            return queryset.exclude(pk__in=steps.filter(done_on__isnull=True).values("pk"))
        return queryset


class FundingFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("project name or code name"), help_text=SEARCH_HELP
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=FundKind.choices, label=_("kind"), distinct=False
    )
    source = django_filters.MultipleChoiceFilter(
        choices=FundSource.choices, label=_("source"), distinct=False
    )
    year = django_filters.NumberFilter(field_name="dated_on", lookup_expr="year", label=_("year"))
    ordering = StableOrderingFilter(fields=("dated_on", "kind", "amount"))

    class Meta:
        model = Funding
        fields = ["q", "kind", "source", "year"]

    def search(self, queryset, name, value):
        return queryset.search(value)
