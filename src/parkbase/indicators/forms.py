"""Forms of the indicator pages; they parse input, the services check the rules."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import Form, VersionedModelForm, style_form
from parkbase.indicators.choices import TargetKind
from parkbase.indicators.models import Indicator, ResponsibleUnit
from parkbase.indicators.services import INDICATOR_FIELDS, UNIT_FIELDS
from parkbase.indicators.wording import month_name


class IndicatorForm(VersionedModelForm):
    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("monthly_field", "computation"):
            self.fields[name].required = False
        self.fields["name"].widget.attrs["autofocus"] = True
        style_form(self)

    def service_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in INDICATOR_FIELDS}
        data["order"] = data["order"] or 0
        return data


class UnitForm(VersionedModelForm):
    class Meta:
        model = ResponsibleUnit
        fields = list(UNIT_FIELDS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True
        style_form(self)

    def service_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in UNIT_FIELDS}
        data["order"] = data["order"] or 0
        return data


class TargetForm(Form):
    """A year's target in the indicator's display unit, its split by responsible unit
    and its 12 months (the seasonal profile), one number field each: Tab moves on."""

    kind = forms.ChoiceField(label=_("kind"), choices=TargetKind.choices)
    value = forms.DecimalField(label=_("target"), max_digits=20, decimal_places=4)
    threshold = forms.DecimalField(
        label=_("alert when behind by more than (points)"), min_value=0, initial=5
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, units, initial=None):
        super().__init__(data, initial=initial)
        self.units = list(units)
        for unit in self.units:
            self.fields[f"unit_{unit.pk}"] = forms.DecimalField(
                label=str(unit), required=False, max_digits=20, decimal_places=4
            )
        for month in range(1, 13):
            self.fields[f"month_{month}"] = forms.DecimalField(
                label=month_name(month), required=False, max_digits=20, decimal_places=4
            )
        style_form(self)

    def unit_fields(self):
        return [self[f"unit_{u.pk}"] for u in self.units]

    def month_fields(self):
        return [self[f"month_{m}"] for m in range(1, 13)]

    def split(self, factor: Decimal):
        """(shares, months) in the stored unit; months None when none was filled in."""
        data = self.cleaned_data
        shares = [
            (u, data[f"unit_{u.pk}"] * factor)
            for u in self.units
            if data.get(f"unit_{u.pk}") is not None
        ]
        months = [data.get(f"month_{m}") for m in range(1, 13)]
        if all(m is None for m in months):
            return shares, None
        return shares, [(m or Decimal(0)) * factor for m in months]
