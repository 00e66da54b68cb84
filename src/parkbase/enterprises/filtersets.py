import django_filters
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    date_range,
    phase_and_department,
    text_search,
)
from parkbase.enterprises.choices import (
    RegistrationType,
    ReturnBasis,
    ReturnSource,
    Source,
    Status,
)
from parkbase.enterprises.models import Enterprise, EnterpriseYear, MonthlyFigure, MonthlyReturn
from parkbase.enterprises.selectors import industry_sections, section_divisions


class EnterpriseFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or credit code"))
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("status"), distinct=False
    )
    phase, department = phase_and_department()
    registration_type = django_filters.MultipleChoiceFilter(
        choices=RegistrationType.choices, label=_("registration type"), distinct=False
    )
    industry = django_filters.CharFilter(
        method="industry_prefix", label=_("industry code (prefix)")
    )
    section = django_filters.ChoiceFilter(
        choices=industry_sections, method="industry_section", label=_("industry section")
    )
    is_above_size = StrictBooleanFilter(label=_("above designated size"))
    is_high_tech = StrictBooleanFilter(label=_("high-tech enterprise"))
    is_specialized = StrictBooleanFilter(label=_("specialised and innovative (专精特新)"))
    is_listed = StrictBooleanFilter(label=_("listed company"))
    founded_from, founded_to = date_range("founded_on", _("founded from"), _("founded to"))
    ordering = StableOrderingFilter(
        fields=(
            "name",
            "uscc",
            "status",
            ("phase__order", "phase"),
            ("department__code", "department"),
            "industry_code",
            "founded_on",
            "registered_capital",
            "updated_at",
        )
    )

    class Meta:
        model = Enterprise
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "name", code_prefix="uscc")

    def industry_prefix(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(industry_code__startswith=value) if value else queryset

    def industry_section(self, queryset, name, value: str):
        divisions = section_divisions(value)
        return queryset.alias(division=Substr("industry_code", 1, 2)).filter(division__in=divisions)


class EnterpriseYearFilterSet(FilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("enterprise"))
    uscc = django_filters.CharFilter(field_name="enterprise__uscc", label=_("credit code"))
    year = django_filters.NumberFilter(label=_("year"))
    year_from = django_filters.NumberFilter(
        field_name="year", lookup_expr="gte", label=_("from year")
    )
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label=_("to year"))
    phase, department = phase_and_department("enterprise__")
    source = django_filters.MultipleChoiceFilter(
        choices=Source.choices, label=_("source"), distinct=False
    )
    ordering = StableOrderingFilter(
        fields=(
            "year",
            ("enterprise__name", "enterprise"),
            "gross_output",
            "value_added",
            "tax_total",
            "land_area",
        )
    )

    class Meta:
        model = EnterpriseYear
        fields = []


class MonthlyReturnFilterSet(FilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("enterprise"))
    q = django_filters.CharFilter(method="search", label=_("Name or credit code"))
    year = django_filters.NumberFilter(label=_("year"))
    month = django_filters.NumberFilter(field_name="period_end", label=_("month"))
    source = django_filters.MultipleChoiceFilter(
        choices=ReturnSource.choices, label=_("source of the return"), distinct=False
    )
    basis = django_filters.ChoiceFilter(
        choices=ReturnBasis.choices, label=_("basis of the figures")
    )
    phase, department = phase_and_department("enterprise__")
    ordering = StableOrderingFilter(
        fields=(
            "year",
            "period_end",
            ("enterprise__name", "enterprise"),
            "source",
            "gross_output",
            "revenue",
            "filed_at",
        )
    )

    class Meta:
        model = MonthlyReturn
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "enterprise__name", code_prefix="enterprise__uscc")


class MonthlyFigureFilterSet(FilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("enterprise"))
    year = django_filters.NumberFilter(label=_("year"))
    month = django_filters.NumberFilter(field_name="period_end", label=_("month"))
    flagged = StrictBooleanFilter(label=_("flagged"))
    phase, department = phase_and_department("enterprise__")
    ordering = StableOrderingFilter(
        fields=("year", "period_end", ("enterprise__name", "enterprise"), "gross_output")
    )

    class Meta:
        model = MonthlyFigure
        fields = []
