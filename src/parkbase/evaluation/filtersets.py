"""Filters of the evaluation lists; the pages and the API use the same ones."""

import django_filters
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    phase_and_department,
    records_filter,
    scoped_choices,
    text_search,
)
from parkbase.core.models import Phase
from parkbase.evaluation.choices import (
    ComplianceKind,
    DecisionKind,
    DecisionStatus,
    ObjectionStatus,
    RunStatus,
)
from parkbase.evaluation.models import (
    ComplianceRecord,
    Decision,
    Objection,
    Result,
    Run,
    Scheme,
)
from parkbase.evaluation.wording import named


class SchemeFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("name"))
    year = django_filters.NumberFilter(label=_("year"))
    ordering = StableOrderingFilter(fields=("name", "year", "updated_at"))

    class Meta:
        model = Scheme
        fields = ["q", "year"]


class RunFilterSet(FilterSet):
    year = django_filters.NumberFilter(label=_("year"))
    status = django_filters.MultipleChoiceFilter(
        choices=RunStatus.choices, label=_("status"), distinct=False
    )
    ordering = StableOrderingFilter(fields=("year", "computed_at", "status"))

    class Meta:
        model = Run
        fields = ["year", "status"]


def peer_groups(user) -> list[tuple[str, str]]:
    """(code, name in the page's language) of the peer groups of the runs ``user`` sees,
    the newest run's name where a code recurs: the filter offers names, not codes."""
    groups: dict[str, str] = {}
    definitions = (
        Run.objects.visible_to(user)
        .order_by("-year", "-pk")
        .values_list("scheme_definition", flat=True)
    )
    for definition in definitions:
        for group in (definition or {}).get("groups", []):
            if group.get("code") and group["code"] not in groups:
                groups[group["code"]] = named(group)
    return list(groups.items())


class ResultFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name or credit code"))
    run = django_filters.ModelChoiceFilter(queryset=scoped_choices(Run), label=_("run"))
    klass = django_filters.CharFilter(label=_("class"), method="by_class")
    group = django_filters.ChoiceFilter(label=_("peer group"), choices=[])
    phase, department = phase_and_department("enterprise__", _("department"))
    industry = django_filters.CharFilter(
        field_name="enterprise__industry_code", lookup_expr="startswith", label=_("industry code")
    )
    overridden = StrictBooleanFilter(method="by_override", label=_("class overridden"))
    ordering = StableOrderingFilter(
        fields=("rank", "total", ("klass", "class"), "group", ("enterprise__name", "name"))
    )

    class Meta:
        model = Result
        fields = ["q", "run", "klass", "group", "phase", "department", "industry"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        groups = self.filters["group"]
        groups.extra["choices"] = peer_groups(user) if user is not None else []
        groups.__dict__.pop("_field", None)  # a field built before (a schema) had none

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", code_prefix="enterprise__uscc")

    def by_class(self, queryset, name, value):
        """A class name, or ``-`` for the ungraded and not evaluated."""
        return queryset.filter(klass="" if value == "-" else value)

    def by_override(self, queryset, name, value):
        overridden = queryset.exclude(override_reason="")
        return overridden if value else queryset.filter(override_reason="")


class ObjectionFilterSet(FilterSet):
    run = django_filters.ModelChoiceFilter(queryset=scoped_choices(Run), label=_("run"))
    status = django_filters.MultipleChoiceFilter(
        choices=ObjectionStatus.choices, label=_("status"), distinct=False
    )

    class Meta:
        model = Objection
        fields = ["run", "status"]


class DecisionFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name or credit code"))
    kind = django_filters.MultipleChoiceFilter(
        choices=DecisionKind.choices, label=_("decision"), distinct=False
    )
    status = django_filters.MultipleChoiceFilter(
        choices=DecisionStatus.choices, label=_("status"), distinct=False
    )
    phase = records_filter(Phase, _("phase"), "enterprise__phase")
    ordering = StableOrderingFilter(
        fields=("decided_on", "due_on", "status", ("enterprise__name", "name"))
    )

    class Meta:
        model = Decision
        fields = ["q", "kind", "status", "phase"]

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", code_prefix="enterprise__uscc")


class ComplianceFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name or credit code"))
    year = django_filters.NumberFilter(label=_("year"))
    kind = django_filters.MultipleChoiceFilter(
        choices=ComplianceKind.choices, label=_("kind"), distinct=False
    )
    ordering = StableOrderingFilter(fields=("year", "kind", ("enterprise__name", "name")))

    class Meta:
        model = ComplianceRecord
        fields = ["q", "year", "kind"]

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", code_prefix="enterprise__uscc")
