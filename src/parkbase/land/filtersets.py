"""Filters of the land lists; the pages and the API use the same ones."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from parkbase.core import contributions
from parkbase.core.filtersets import (
    ORDERING_HELP,
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    scoped_choices,
    text_search,
)
from parkbase.core.models import Phase
from parkbase.core.need_to_know import shown_name_expression
from parkbase.core.scoping import SUBQUERY
from parkbase.land.choices import (
    ApprovalKind,
    ApprovalStatus,
    BuildingKind,
    CertificateStatus,
    LandUse,
    LowEfficiency,
    Ownership,
    ParcelStatus,
    UnitStatus,
)
from parkbase.land.models import Approval, Building, Constraint, Parcel, Unit
from parkbase.land.selectors import with_space


def _multi(choices, label):
    return django_filters.MultipleChoiceFilter(choices=choices, label=label, distinct=False)


class ParcelFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("code, name or owner"))
    phase = django_filters.ModelMultipleChoiceFilter(
        queryset=scoped_choices(Phase), label=_("phase"), distinct=False
    )
    status = _multi(ParcelStatus.choices, _("status"))
    planned_use = _multi(LandUse.choices, _("planned use"))
    current_use = _multi(LandUse.choices, _("current use"))
    ownership = _multi(Ownership.choices, _("ownership"))
    certificate_status = _multi(CertificateStatus.choices, _("certificate"))
    low_efficiency = _multi([c for c in LowEfficiency.choices if c[0]], _("low-efficiency type"))
    has_constraints = StrictBooleanFilter(
        method="with_constraints", label=_("has unresolved constraints")
    )
    area_mismatch = StrictBooleanFilter(label=_("area differs from geometry"))
    has_geometry = StrictBooleanFilter(method="with_geometry", label=_("has a geometry"))
    ordering = StableOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("phase__order", "phase"),
            ("area", "area"),
            ("geometry_area", "geometry_area"),
            ("status", "status"),
            ("owner_name", "owner"),
            ("idle_since", "idle_since"),
        ),
        label=_("ordering"),
        help_text=ORDERING_HELP,
    )

    class Meta:
        model = Parcel
        fields = []

    def search(self, queryset, name, value):
        return text_search(queryset, value, "name", "owner_name", code_prefix="code")

    def with_constraints(self, queryset, name, value):
        if value is None:
            return queryset
        open_ones = Constraint.objects.unscoped(SUBQUERY).filter(
            parcel=OuterRef("pk"), resolved_on__isnull=True
        )
        return queryset.filter(Exists(open_ones) if value else ~Exists(open_ones))

    def with_geometry(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(min_lon__isnull=not value)


@extend_schema_field(OpenApiTypes.INT)
class ServedFilter(django_filters.ModelChoiceFilter):
    """By the key of the record an approval serves (a project)."""


def _served_choices(request):
    """What the approvals may be filtered by: the records they serve (the projects, whose
    app owns the link) that the user may see."""
    link = contributions.APPROVAL_SERVES()
    if link is None or request is None:
        return Approval.objects.none()
    return link.choices(request.user)


def _served_by(queryset, name, value):
    link = contributions.APPROVAL_SERVES()
    return queryset if link is None or value is None else link.filter(queryset, value)


class ApprovalFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("name, document number or authority"))
    kind = _multi(ApprovalKind.choices, _("kind"))
    status = _multi(ApprovalStatus.choices, _("status"))
    project = ServedFilter(queryset=_served_choices, method=_served_by, label=_("project"))
    parcel = django_filters.CharFilter(
        field_name="parcels__code", label=_("parcel code"), distinct=False
    )
    ordering = StableOrderingFilter(
        fields=(
            ("shown_name", "name"),
            ("kind", "kind"),
            ("status", "status"),
            ("submitted_on", "submitted_on"),
            ("decided_on", "decided_on"),
            ("requested_area", "requested_area"),
            ("approved_area", "approved_area"),
        ),
        label=_("ordering"),
        help_text=ORDERING_HELP,
    )

    class Meta:
        model = Approval
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is not None:
            # sorted by the name each reader sees: a confidential project's approval by
            # its code name for outsiders, so the order tells nothing of the real name
            queryset = queryset.annotate(shown_name=shown_name_expression(queryset))
            link = contributions.APPROVAL_SERVES()
            if link is not None:  # the project each approval serves, for lists and exports
                queryset = link.annotate(queryset)
        super().__init__(data, queryset, request=request, prefix=prefix)

    def search(self, queryset, name, value):
        return text_search(queryset, value, "name", "reference", "authority")


class BuildingFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("code or name"))
    kind = django_filters.MultipleChoiceFilter(
        choices=BuildingKind.choices, label=_("kind"), distinct=False
    )
    parcel = django_filters.ModelChoiceFilter(queryset=scoped_choices(Parcel), label=_("parcel"))
    has_vacant = StrictBooleanFilter(method="vacant", label=_("has vacant space"))
    ordering = StableOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("kind", "kind"),
            ("floor_area", "floor_area"),
            ("vacant_area", "vacant_area"),
            ("completed_year", "completed_year"),
        ),
        help_text=ORDERING_HELP,
    )

    class Meta:
        model = Building
        fields = ["q", "kind", "parcel", "has_vacant"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is not None:
            # aggregates drop the model's default ordering: state it again
            queryset = with_space(queryset).order_by("code", "id")
        super().__init__(data, queryset, request=request, prefix=prefix)

    def search(self, queryset, name, value):
        return text_search(queryset, value, "code", "name")

    def vacant(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(vacant_area__gt=0) if value else queryset.filter(vacant_area=0)


class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("unit, building, tenant or reserved for")
    )
    building = django_filters.ModelChoiceFilter(
        queryset=scoped_choices(Building), label=_("building")
    )
    status = _multi(UnitStatus.choices, _("status"))
    ordering = StableOrderingFilter(
        fields=(
            ("building__code", "building"),
            ("floor", "floor"),
            ("code", "code"),
            ("area", "area"),
            ("status", "status"),
        ),
        help_text=ORDERING_HELP,
    )

    class Meta:
        model = Unit
        fields = ["q", "building", "status"]

    def search(self, queryset, name, value):
        return text_search(
            queryset,
            value,
            "code",
            "building__code",
            "building__name",
            "tenant__name",
            "reserved_for",
        )
