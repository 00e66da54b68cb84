"""Forms, the list filter and the list table of buildings and their units, and the
investors' inventory filter. Forms only parse what was typed; the rules are the
services' (``land.services.buildings``), which report them per field."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core.filtersets import (
    ORDERING_HELP,
    FilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    scoped_choices,
    text_search,
)
from parkbase.core.forms import Form, ServiceModelForm, style_form
from parkbase.core.models import Phase
from parkbase.core.tables import Col, Table
from parkbase.core.templatetags.units import num
from parkbase.enterprises.models import Enterprise
from parkbase.land.choices import BuildingKind, LandUse, UnitStatus
from parkbase.land.models import Building, Parcel, Unit
from parkbase.land.services.buildings import UNIT_FIELDS

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def percent(share) -> str:
    return f"{share * 100:.1f}%"


# ---------------------------------------------------------------- forms


class BuildingForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Building
        fields = [
            "code",
            "name",
            "kind",
            "parcel",
            "floors",
            "floor_area",
            "completed_year",
            "rent_guidance",
            "contact",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parcel"].queryset = (
            Parcel.objects.visible_to(user)
            .filter(park=park)
            .only("id", "code", "name")  # not the outlines
            .order_by("code")
        )
        for name in ("code", "name", "kind", "floors", "floor_area"):
            self.fields[name].required = False
        self.fields["code"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data.get(n) for n in self.Meta.fields}
        for name in ("kind",):
            if not data[name]:
                data.pop(name)
        return data


class UnitForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Unit
        fields = list(UNIT_FIELDS)
        widgets = {"lease_from": DATE, "lease_until": DATE}

    def __init__(self, *args, user, building: Building, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant"].queryset = (
            Enterprise.objects.visible_to(user).filter(park=building.park_id).order_by("name")
        )
        for name in ("code", "floor", "area", "status"):
            self.fields[name].required = False
        self.fields["floor"].widget.attrs.update(min=1, max=building.floors)
        self.fields["code"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data.get(n) for n in self.Meta.fields}
        if not data["status"]:
            data.pop("status")
        return data


# ---------------------------------------------------------------- buildings list


def with_space(queryset):
    """Each building with the area of its units by status (one query, no per-row)."""

    def area(status=None):
        condition = Q(units__status=status) if status else Q()
        return Coalesce(Sum("units__area", filter=condition), ZERO)

    return queryset.annotate(
        units_area=area(),
        occupied_area=area(UnitStatus.OCCUPIED),
        vacant_area=area(UnitStatus.VACANT),
        reserved_area=area(UnitStatus.RESERVED),
        unit_count=Count("units"),
    )


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


def occupancy(building) -> str:
    total = building.units_area
    return percent(building.occupied_area / total) if total else ""


class BuildingTable(Table):
    columns = (
        Col(_("building code"), lambda b: b.code, order="code", link=True),
        Col(_("name"), lambda b: b.name, order="name", link=True),
        Col(_("kind"), lambda b: b.get_kind_display(), order="kind"),
        Col(_("parcel"), lambda b: b.parcel.code if b.parcel else ""),
        Col(_("floors"), lambda b: b.floors, css="text-end"),
        Col(
            _("floor area (m²)"),
            lambda b: num(b.floor_area, 2),
            order="floor_area",
            css="text-end text-nowrap",
        ),
        Col(_("units"), lambda b: b.unit_count, css="text-end"),
        Col(_("occupied (m²)"), lambda b: num(b.occupied_area, 2), css="text-end text-nowrap"),
        Col(
            _("vacant (m²)"),
            lambda b: num(b.vacant_area, 2),
            order="vacant_area",
            css="text-end text-nowrap",
        ),
        Col(_("reserved (m²)"), lambda b: num(b.reserved_area, 2), css="text-end text-nowrap"),
        Col(_("occupancy rate"), occupancy, css="text-end"),
        Col(_("rent guidance"), lambda b: b.rent_guidance),
        Col(_("contact"), lambda b: b.contact),
    )

    @staticmethod
    def url(building):
        return reverse("land-building", args=[building.pk])


# ---------------------------------------------------------------- inventory filter


class InventoryFilterForm(Form):
    min_area = forms.DecimalField(label=_("area at least (m²)"), required=False, min_value=0)
    max_area = forms.DecimalField(label=_("area at most (m²)"), required=False, min_value=0)
    use = forms.ChoiceField(
        label=_("land use"), required=False, choices=[("", "—"), *LandUse.choices]
    )
    phase = forms.ModelChoiceField(
        label=_("phase"), required=False, queryset=Phase.objects.none(), empty_label="—"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.visible_to(user).order_by("order", "code")
        style_form(self)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_area"), data.get("max_area")
        if low is not None and high is not None and high < low:
            self.add_error(
                "max_area",
                _("The largest area (%(high)s m²) is below the smallest (%(low)s m²).")
                % {"high": high, "low": low},
            )
        return data
