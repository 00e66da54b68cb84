"""The document list's filters; the page and the API use the same ones. Searching the
text of documents comes later: the box finds titles and document numbers."""

import django_filters
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import FilterSet, StableOrderingFilter, scoped_choices, text_search
from parkbase.documents.choices import Kind, TextStatus
from parkbase.documents.models import Category, Document


class DocumentFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("title or document number"))
    category = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Category), method="in_category", label=_("category")
    )
    year = django_filters.NumberFilter(label=_("year"))
    kind = django_filters.MultipleChoiceFilter(
        choices=Kind.choices, label=_("file type"), distinct=False
    )
    text_status = django_filters.MultipleChoiceFilter(
        choices=TextStatus.choices, label=_("text"), distinct=False
    )
    ordering = StableOrderingFilter(
        fields=(
            ("title", "title"),
            ("number", "number"),
            ("issued_on", "issued_on"),
            ("year", "year"),
            ("uploaded_at", "uploaded_at"),
            ("size", "size"),
        )
    )

    class Meta:
        model = Document
        fields = ["q", "category", "year", "kind", "text_status"]

    def search(self, queryset, name, value):
        return text_search(queryset, value, "title", "number")

    def in_category(self, queryset, name, value):
        """The category and the categories under it."""
        if value is None:
            return queryset
        return queryset.filter(
            category__in=[value.pk, *value.children.values_list("pk", flat=True)]
        )
