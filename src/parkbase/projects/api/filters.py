"""Filters of the investment-project API. The project and investor lists filter with
the pages' filtersets (``projects.filtersets``; the projects' with API-only filters on
top); the records of a project and the stages, which have no list page, get theirs here.

Every filter that could tell something about a confidential project's hidden data (its
real name, investors or registered enterprise) matches only the rows whose project the
caller is an insider of (the ``insider`` mark that ``visible_to`` puts on every row);
name searches go through ``queryset.search`` and never through the real name."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkbase.core import clock
from parkbase.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    date_range,
    scoped_choices,
)
from parkbase.core.models import User
from parkbase.core.scoping import SUBQUERY
from parkbase.enterprises.models import Enterprise
from parkbase.projects import filtersets
from parkbase.projects.choices import (
    ActivityKind,
    BlockerCategory,
    BlockerStatus,
    Escalation,
    FundKind,
    FundSource,
    ProjectStatus,
)
from parkbase.projects.filtersets import SEARCH_HELP, ProjectFilterSet
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Investor,
    Project,
    Stage,
)


def _search(queryset, name, value):
    return queryset.search(value)


class ProjectApiFilterSet(ProjectFilterSet):
    """The project list page's filters (``projects.filtersets.ProjectFilterSet``), and
    what only the API offers: the stage by code, open or closed, confidential, the
    registered enterprise and an investor (insiders only), and date ranges."""

    stage_code = django_filters.CharFilter(field_name="stage__code", label=_("stage code"))
    open = StrictBooleanFilter(method="open_only", label=_("active or paused"))
    industry_code = django_filters.CharFilter(
        field_name="industry_code", lookup_expr="startswith", label=_("industry code")
    )
    confidential = StrictBooleanFilter(label=_("confidential"))
    enterprise = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Enterprise),
        method="insiders_only",
        label=_("registered enterprise"),
    )
    investor = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Investor),
        field_name="investor_links__investor",
        method="insiders_only",
        label=_("investor"),
    )
    first_contact_from, first_contact_to = date_range(
        "first_contact_on", _("first contact from"), _("first contact to")
    )
    landed_from, landed_to = date_range("landed_on", _("landed from"), _("landed to"))

    class Meta(ProjectFilterSet.Meta):
        pass

    def open_only(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(status__in=(ProjectStatus.ACTIVE, ProjectStatus.PAUSED))
        return queryset.filter(condition if value else ~condition)

    def insiders_only(self, queryset, name, value):
        """Who invests in a confidential project and which enterprise it became are
        its insiders' to know: the filter never matches a project the caller only
        knows by its code name."""
        if not value:
            return queryset
        matching = Project.objects.unscoped(SUBQUERY).filter(**{name: value}).values("pk")
        return queryset.filter(pk__in=matching, insider=True)


class ProjectPartFilterSet(FilterSet):
    """What every list of project records filters on: the project (by id, or by name as
    the caller may see it)."""

    q = django_filters.CharFilter(method=_search, label=_("project name"), help_text=SEARCH_HELP)
    project = django_filters.ModelChoiceFilter(queryset=scoped_choices(Project), label=_("project"))


class ActivityFilterSet(filtersets.ActivityFilterSet, ProjectPartFilterSet):
    """The activities page's filters, and the API's own."""

    kind = django_filters.MultipleChoiceFilter(
        choices=ActivityKind.choices, label=_("kind"), distinct=False
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(User), label=_("next step owner")
    )
    open_task = StrictBooleanFilter(method="open_tasks", label=_("next step still open"))
    overdue = StrictBooleanFilter(method="overdue_tasks", label=_("next step overdue"))
    occurred_from, occurred_to = date_range("occurred_on", _("from"), _("to"))
    ordering = StableOrderingFilter(fields=("occurred_on", "due_on", "kind"))

    class Meta:
        model = Activity
        fields = []

    OPEN = Q(done_on__isnull=True) & ~Q(next_step="")

    def open_tasks(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(self.OPEN) if value else queryset.exclude(self.OPEN)

    def overdue_tasks(self, queryset, name, value):
        if value is None:
            return queryset
        late = self.OPEN & Q(due_on__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)


class BlockerFilterSet(ProjectPartFilterSet):
    category = django_filters.MultipleChoiceFilter(
        choices=BlockerCategory.choices, label=_("category"), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=BlockerStatus.choices, label=_("status"), distinct=False
    )
    escalation = django_filters.TypedMultipleChoiceFilter(
        choices=Escalation.choices, coerce=int, label=_("escalation"), distinct=False
    )
    overdue = StrictBooleanFilter(method="overdue_blockers", label=_("open past its deadline"))
    ordering = StableOrderingFilter(fields=("raised_on", "deadline", "escalation", "status"))

    class Meta:
        model = Blocker
        fields = []

    def overdue_blockers(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status=BlockerStatus.OPEN, deadline__lt=clock.today())
        return queryset.filter(late) if value else queryset.exclude(late)


class FundingFilterSet(filtersets.FundingFilterSet, ProjectPartFilterSet):
    """The funding page's filters, and the API's own."""

    kind = django_filters.MultipleChoiceFilter(
        choices=FundKind.choices, label=_("kind"), distinct=False
    )
    source = django_filters.MultipleChoiceFilter(
        choices=FundSource.choices, label=_("source"), distinct=False
    )
    investor = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Investor), method="insiders_only", label=_("investor")
    )
    year = django_filters.NumberFilter(field_name="dated_on", lookup_expr="year", label=_("year"))
    dated_from, dated_to = date_range("dated_on", _("from"), _("to"))
    ordering = StableOrderingFilter(fields=("dated_on", "amount", "kind"))

    class Meta:
        model = Funding
        fields = []

    def insiders_only(self, queryset, name, value):
        """Money from an investor into a confidential project names its investor: only
        its insiders find it by the investor."""
        if not value:
            return queryset
        return queryset.filter(investor=value, insider=True)


class StageFilterSet(FilterSet):
    code = django_filters.CharFilter(label=_("code"))

    class Meta:
        model = Stage
        fields = []
