import django_filters
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import FilterSet, StableOrderingFilter
from parkbase.imports import registry
from parkbase.imports.choices import JobStatus
from parkbase.imports.models import ImportJob


class ImportJobFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=registry.choices, label=_("kind"))
    status = django_filters.MultipleChoiceFilter(
        choices=JobStatus.choices, label=_("status"), distinct=False
    )
    ordering = StableOrderingFilter(fields=("created_at", "status"))

    class Meta:
        model = ImportJob
        fields = []
