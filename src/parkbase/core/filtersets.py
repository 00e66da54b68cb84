"""Filter pieces shared by every app's filtersets (pages and API use the same ones)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from parkbase.core.need_to_know import search_q

TRUE_WORDS = {"true", "1", "yes", "y", "on", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "off", "否"}
EMPTY_WORDS = {"", "unknown", "none", "null"}


def text_search(queryset, value: str, *contains: str, code_prefix: str | None = None):
    """The list pages' search box: any of the ``contains`` fields holds the text, or
    the credit code at ``code_prefix`` starts with it (codes are upper case)."""
    value = value.strip()
    if not value:
        return queryset
    condition = Q()
    for field in contains:
        condition |= search_q(queryset, field, value)  # never the text need-to-know hides
    if code_prefix:
        condition |= Q(**{f"{code_prefix}__istartswith": value.upper()})
    return queryset.filter(condition)


def scoped_choices(model):
    """A queryset callable: the filter offers only what the requesting user may see."""

    def queryset(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user)

    return queryset


ORDERING_HELP = _("Sort by a field; a leading '-' sorts descending.")


class StrictBooleanSelect(forms.NullBooleanSelect):
    """Passes the raw value on, so the field can refuse junk instead of ignoring it."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictNullBooleanField(forms.NullBooleanField):
    widget = StrictBooleanSelect

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        if word in EMPTY_WORDS:
            return None
        raise ValidationError(
            _("%(value)r is not yes or no (use true or false)."),
            code="invalid",
            params={"value": value},
        )

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter that answers a bad value with an error, never with everything."""

    field_class = StrictNullBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ends every ordering with the primary key, so pages never repeat or skip rows
    when many share a sort value (a founding date, a status)."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if not value:
            return qs
        ordering = list(qs.query.order_by)
        if ordering and not any(o.lstrip("-") in ("id", "pk") for o in ordering):
            qs = qs.order_by(*ordering, "-id" if ordering[-1].startswith("-") else "id")
        return qs
