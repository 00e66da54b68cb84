"""Filter pieces shared by every app's filtersets (pages and API use the same ones)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.utils import get_model_field

from parkbase.core.choices import Role
from parkbase.core.forms import CleanTextMixin
from parkbase.core.models import Department, Park, Phase, User
from parkbase.core.need_to_know import search_q

TRUE_WORDS = {"true", "1", "yes", "y", "on", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "off", "否"}
EMPTY_WORDS = {"", "unknown", "none", "null"}
ANY = _("any")  # the empty choice of a filter


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
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def date_range(field: str, from_label, to_label):
    """The pair of filters on a date from and to (both days included), as
    ``x_from, x_to = date_range("x_on", _("x from"), _("x to"))``."""
    return tuple(
        django_filters.DateFilter(
            field_name=field, lookup_expr=lookup, label=label, widget=DATE_INPUT
        )
        for lookup, label in (("gte", from_label), ("lte", to_label))
    )


def records_filter(model, label, field_name: str | None = None):
    """A filter on one or more records of ``model`` (a phase, a department), offering
    those the user may see; ``field_name`` when it is not the filter's own name."""
    return django_filters.ModelMultipleChoiceFilter(
        field_name=field_name, queryset=scoped_choices(model), label=label, distinct=False
    )


def phase_and_department(through: str = "", department_label=None):
    """The phase and department filters of a list of enterprises, or of rows that reach
    them ``through`` a relation (``"enterprise__"``), as
    ``phase, department = phase_and_department(...)``."""
    return (
        records_filter(Phase, _("phase"), f"{through}phase"),
        records_filter(
            Department, department_label or _("supervising department"), f"{through}department"
        ),
    )


class StrictBooleanSelect(forms.NullBooleanSelect):
    """Passes the raw value on, so the field can refuse junk instead of ignoring it.
    Its empty choice means "any" (a filter not applied), not "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", ANY), ("true", _("Yes")), ("false", _("No"))]

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
    when many share a sort value (a founding date, a status). ``fields`` names what a
    list sorts by: a field sorted under its own name, or a pair (the field, the name
    the query uses)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("ordering"))
        kwargs.setdefault("help_text", ORDERING_HELP)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if not value:
            return qs
        ordering = list(qs.query.order_by)
        if ordering and not any(o.lstrip("-") in ("id", "pk") for o in ordering):
            qs = qs.order_by(*ordering, "-id" if ordering[-1].startswith("-") else "id")
        return qs


# The largest whole number SQLite and PostgreSQL compare with a column (a signed 64-bit
# integer): a larger one fails in the database driver instead of matching nothing.
DB_INT_MAX = 2**63 - 1


@dataclass(frozen=True)
class NumberRule:
    """The whole numbers a numeric filter accepts, and the words for any other."""

    low: int
    high: int
    message: str

    def check(self, label, raw) -> None:
        """Refuse ``raw`` when it is a number (the field itself refuses anything else)
        that is not a whole number in range."""
        if raw is None or isinstance(raw, models.Model):
            return
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            return
        if not number.is_finite():
            return
        if number != number.to_integral_value() or not self.low <= number <= self.high:
            raise ValidationError(
                self.message,
                code="out_of_range",
                params={"field": label, "value": raw, "min": self.low, "max": self.high},
            )


ID_RULE = NumberRule(
    1, DB_INT_MAX, _("%(field)s “%(value)s” is not an id: ids are whole numbers from 1 to %(max)s.")
)
YEAR_RULE = NumberRule(
    dt.MINYEAR, dt.MAXYEAR, _("%(field)s “%(value)s” is not a year from %(min)s to %(max)s.")
)
WHOLE_RULE = NumberRule(
    -DB_INT_MAX - 1,
    DB_INT_MAX,
    _("%(field)s “%(value)s” is not a whole number from %(min)s to %(max)s."),
)
WHOLE_NUMBER_FIELDS = (models.IntegerField, models.AutoField)
YEAR_LOOKUPS = {"year", "iso_year"}


def number_rule(filter_, model) -> NumberRule | None:
    """The rule for a filter's values: ids for choices of records and for numbers
    matched against a key, years for a date's year, whole numbers for an integer
    column; None for anything else (text, decimals, fixed choices)."""
    if isinstance(
        filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
    ):
        return None if filter_.extra.get("to_field_name") else ID_RULE
    if not isinstance(filter_, django_filters.NumberFilter):
        return None
    if filter_.lookup_expr in YEAR_LOOKUPS:
        return YEAR_RULE
    field = get_model_field(model, filter_.field_name) if model is not None else None
    if field is None:
        return None
    if (field.is_relation or field.primary_key) and filter_.lookup_expr == "exact":
        return ID_RULE
    if isinstance(field, WHOLE_NUMBER_FIELDS) or field.is_relation:
        return WHOLE_RULE
    return None


class NumberRuleField:
    """Mixed into a numeric filter's form field: a value outside the filter's rule is
    refused with the filter's name before the field looks it up or queries with it."""

    def __init__(self, *args, number_rule: NumberRule, **kwargs):
        self.number_rule = number_rule
        super().__init__(*args, **kwargs)

    def clean(self, value):
        for item in value if isinstance(value, list | tuple) else [value]:
            self.number_rule.check(self.label, item)
        return super().clean(value)


@functools.cache
def _ruled(field_class):
    return type(f"Ruled{field_class.__name__}", (NumberRuleField, field_class), {})


class FilterSet(django_filters.FilterSet):
    """The base of every filterset of parkbase, for pages and API alike.

    A numeric filter (a choice of records by id, a number matched against a column)
    refuses a number the database cannot compare or a date cannot hold — an id of
    2⁶³ or more, year 0 — with an error naming the filter (a 400 from the API, an
    error next to the filter on a list page), instead of failing in the database. The
    rule of each filter follows from what it filters (see ``number_rule``), so a new
    filter gets it without saying so. Text typed into a filter (a search) is cleaned
    like any form's (``core.forms.CleanTextMixin``)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        model = self.queryset.model
        for filter_ in self.filters.values():
            rule = number_rule(filter_, model)
            if rule is None:
                continue
            filter_.__dict__.pop("_field", None)  # built before (e.g. for the schema)
            filter_.field_class = _ruled(filter_.field_class)
            filter_.extra["number_rule"] = rule

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (CleanTextMixin, form_class), {})


# ---------------------------------------------------------------- administration pages


def _managed_parks(request):
    from parkbase.core.selectors import managed_parks

    return managed_parks(request.user) if request is not None else Park.objects.none()


def _managed(model):
    def queryset(request):
        from parkbase.core.selectors import managed

        return managed(model, request.user) if request is not None else model.objects.none()

    return queryset


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("user name, name or e-mail"))
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("role"))
    park = django_filters.ModelChoiceFilter(queryset=_managed_parks, label=_("park"))
    department = django_filters.ModelChoiceFilter(
        queryset=_managed(Department), label=_("department")
    )
    is_active = StrictBooleanFilter(label=_("active"))
    ordering = StableOrderingFilter(
        fields=(
            ("username", "username"),
            ("first_name", "name"),
            ("role", "role"),
            ("park__code", "park"),
            ("last_login", "last_login"),
        )
    )

    class Meta:
        model = User
        fields = ["q", "role", "park", "department", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )


class ParkRecordFilterSet(FilterSet):
    """Phases and departments: their code or name, their park."""

    q = django_filters.CharFilter(method="search", label=_("code or name"))
    park = django_filters.ModelChoiceFilter(queryset=_managed_parks, label=_("park"))
    ordering = StableOrderingFilter(fields=(("code", "code"), ("name", "name")))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class PhaseFilterSet(ParkRecordFilterSet):
    ordering = StableOrderingFilter(fields=(("order", "order"), ("code", "code"), ("name", "name")))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(name_en__icontains=value)
        )

    class Meta:
        model = Phase
        fields = ["q", "park"]


class DepartmentFilterSet(ParkRecordFilterSet):
    class Meta:
        model = Department
        fields = ["q", "park"]
