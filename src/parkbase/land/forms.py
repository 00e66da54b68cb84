"""Forms of the land pages. They only parse what was typed; the rules are the
services' (``land.services``), which report them per field. A confirmation box (overlap, tenants above the
parcel's area) is shown only once the service has asked for it."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core import contributions
from parkbase.core.forms import Form, ServiceModelForm, VersionedModelForm, style_form
from parkbase.core.models import Phase
from parkbase.core.need_to_know import lock_form
from parkbase.enterprises.models import Enterprise
from parkbase.land.choices import LandUse, LowEfficiency, ParcelStatus
from parkbase.land.models import Approval, Building, Constraint, Parcel, Tenancy, Unit
from parkbase.land.services import APPROVAL_FIELDS, CONSTRAINT_FIELDS, PARCEL_FIELDS
from parkbase.land.services.buildings import UNIT_FIELDS

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
GEOMETRY_HELP = _(
    "GeoJSON Polygon or MultiPolygon (or a Feature holding one) in longitude/latitude "
    "(WGS84/CGCS2000), e.g. exported from QGIS. Leave empty if not surveyed."
)
PARCEL_SECTIONS = (
    (
        _("The parcel"),
        ("code", "name", "location", "phase", "area", "ownership", "owner_name")
        + ("owner_enterprise", "planned_use", "current_use", "certificate_status")
        + ("certificate_no", "use_status", "low_efficiency"),
    ),
    (
        _("Construction (the idle-land rule reads these)"),
        ("contract_signed_on", "agreed_start_on", "started_on", "halted_since")
        + ("invested_share", "developed_share"),
    ),
    (_("For investors"), ("price_guidance", "contact", "note")),
    (_("Geometry"), ("geometry", "confirm_overlap")),
)


def _cleaned(form, names) -> dict:
    return {n: form.cleaned_data[n] for n in names if n in form.cleaned_data}


class ConfirmMixin:
    """The confirmation box is left out until ``ask()`` is called (the service refused
    for want of it); a posted confirmation keeps it in."""

    confirm_name = ""

    def setup_confirm(self):
        self.confirm_field = self.fields.pop(self.confirm_name)
        self.asking = bool(self.is_bound and self.data.get(self.confirm_name))
        if self.asking:
            self.fields[self.confirm_name] = self.confirm_field

    def ask(self):
        self.asking = True
        self.fields[self.confirm_name] = self.confirm_field
        self.confirm_field.widget.attrs["class"] = "form-check-input"


class ParcelForm(ConfirmMixin, VersionedModelForm):
    geometry = forms.CharField(
        label=_("geometry"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace", "spellcheck": "false"}),
        help_text=GEOMETRY_HELP,
    )
    confirm_overlap = forms.BooleanField(
        label=_("Confirm what the message above names (an overlap, or tenants above the area)"),
        required=False,
    )
    confirm_name = "confirm_overlap"

    class Meta:
        model = Parcel
        fields = [n for n in PARCEL_FIELDS if n != "geometry"]
        widgets = {
            name: DATE
            for name in ("contract_signed_on", "agreed_start_on", "started_on", "halted_since")
        } | {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.visible_to(user).filter(park=park)
        self.fields["owner_enterprise"].queryset = (
            Enterprise.objects.visible_to(user).filter(park=park).only("id", "name")
        )
        for field in self.fields.values():
            field.required = False
        self.fields["code"].required = self.fields["name"].required = True
        self.fields["area"].required = True
        self.fields["code"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            if self.instance.geometry:
                self.initial["geometry"] = json.dumps(self.instance.geometry, ensure_ascii=False)
            lock_form(self, user, self.instance)  # need-to-know: an outsider's form
        self.setup_confirm()
        style_form(self)

    def sections(self):
        return [
            (title, [self[n] for n in names if n in self.fields])
            for title, names in PARCEL_SECTIONS
        ]

    def service_data(self) -> dict:
        data = _cleaned(self, PARCEL_FIELDS)
        for name in ("ownership", "planned_use", "certificate_status", "use_status"):
            if not data.get(name):
                data.pop(name, None)  # the service's default, or the record's own
        return data


class PartVersionMixin:
    """The version the user started from, posted back so that a concurrent change is
    refused, not overwritten."""

    def setup_version(self):
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ConstraintForm(PartVersionMixin, ServiceModelForm):
    class Meta:
        model = Constraint
        fields = list(CONSTRAINT_FIELDS)
        widgets = {
            "since": DATE,
            "resolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False
        self.fields["kind"].widget.attrs["autofocus"] = True
        self.setup_version()
        style_form(self)

    def service_data(self) -> dict:
        return _cleaned(self, CONSTRAINT_FIELDS)


class TenancyForm(PartVersionMixin, ConfirmMixin, ServiceModelForm):
    confirm_excess = forms.BooleanField(
        label=_("Confirm: the tenants occupy more than the parcel's area"), required=False
    )
    confirm_name = "confirm_excess"

    class Meta:
        model = Tenancy
        fields = ["enterprise", "area", "since", "until", "note"]
        widgets = {"since": DATE, "until": DATE}

    def __init__(self, *args, user, parcel: Parcel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = (
            Enterprise.objects.visible_to(user).filter(park=parcel.park_id).only("id", "name")
        )
        self.fields["enterprise"].required = False
        self.fields["area"].required = False
        self.setup_confirm()
        self.setup_version()
        style_form(self)

    def service_data(self) -> dict:
        data = _cleaned(self, ("enterprise", "area", "since", "until", "note"))
        data["confirm_excess"] = self.cleaned_data.get("confirm_excess", False)
        return data


class ServedChoiceField(forms.ModelChoiceField):
    """The record an approval serves (a project), labelled as its app shows it."""

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.link.choice_label(obj)


class ParcelChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ApprovalForm(VersionedModelForm):
    class Meta:
        model = Approval
        fields = [*APPROVAL_FIELDS, "parcels"]
        widgets = {
            "submitted_on": DATE,
            "decided_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        link = contributions.APPROVAL_SERVES()
        if link is not None:
            self.fields[link.name] = ServedChoiceField(
                queryset=link.choices(user, park),
                link=link,
                required=False,
                label=link.label,
                help_text=link.help_text,
                initial=link.served_id(self.instance),
            )
            before_note = [n for n in APPROVAL_FIELDS if n != "note"]
            self.order_fields([*before_note, link.name, "note", "parcels"])
        self.fields["parcels"] = ParcelChoices(
            queryset=Parcel.objects.visible_to(user).filter(park=park).only("id", "code", "name"),
            required=False,
            label=_("parcels"),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
        for name in ("kind", "name", "status"):
            self.fields[name].required = False
        self.fields["name"].required = True
        self.fields["kind"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            # need-to-know: an outsider's form, the served record kept as it is too
            links = ("parcels", link.name) if link is not None else None
            lock_form(self, user, self.instance, links)
        style_form(self)

    def service_data(self) -> dict:
        data = _cleaned(self, APPROVAL_FIELDS)
        if not data.get("status"):
            data.pop("status", None)
        link = contributions.APPROVAL_SERVES()
        if link is not None and link.name in self.fields and not self.fields[link.name].disabled:
            data["serves"] = self.cleaned_data.get(link.name)
        return data


class BuildingForm(VersionedModelForm):
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
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data.get(n) for n in self.Meta.fields}
        for name in ("kind",):
            if not data[name]:
                data.pop(name)
        return data


class UnitForm(VersionedModelForm):
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
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data.get(n) for n in self.Meta.fields}
        if not data["status"]:
            data.pop("status")
        return data


class InventoryFilterForm(Form):
    min_area = forms.DecimalField(label=_("area at least (m²)"), required=False, min_value=0)
    max_area = forms.DecimalField(label=_("area at most (m²)"), required=False, min_value=0)
    use = forms.ChoiceField(
        label=_("land use"), required=False, choices=[("", _("any")), *LandUse.choices]
    )
    phase = forms.ModelChoiceField(
        label=_("phase"), required=False, queryset=Phase.objects.none(), empty_label=_("any")
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


class MapFilterForm(Form):
    phase = forms.ModelChoiceField(
        label=_("phase"), queryset=Phase.objects.none(), required=False, empty_label=_("all")
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("all")), *ParcelStatus.choices], required=False
    )
    use = forms.ChoiceField(
        label=_("use"), choices=[("", _("all")), *LandUse.choices], required=False
    )
    low_efficiency = forms.ChoiceField(
        label=_("low-efficiency type"),
        choices=[("", _("all")), *[c for c in LowEfficiency.choices if c[0]]],
        required=False,
    )

    def __init__(self, data, *, user, park):
        super().__init__(data)
        self.fields["phase"].queryset = (
            Phase.objects.visible_to(user).filter(park=park).order_by("order", "code")
        )
        style_form(self)


class ImportForm(Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_(
            "A FeatureCollection in longitude/latitude (WGS84 or CGCS2000); each feature "
            "with the parcel code in properties.code."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".geojson,.json,application/geo+json"
        style_form(self)
