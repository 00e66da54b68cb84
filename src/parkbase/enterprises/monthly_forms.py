"""The portal form of a monthly return: the month, the basis, the figures in 万元; and
the form of a park's monthly reporting calendar."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import Form, style_form
from parkbase.core.rules import field_label
from parkbase.core.units import WAN
from parkbase.enterprises.choices import ReturnBasis
from parkbase.enterprises.models import ReportingCalendar
from parkbase.enterprises.monthly import FIGURES, MONEY_FIGURES
from parkbase.enterprises.monthly_calendar import DEADLINES, LAST_DAY

LABELS = {
    "gross_output": _("gross industrial output (10k yuan)"),
    "sales_output": _("sales output (10k yuan)"),
    "value_added": _("industrial value added (10k yuan)"),
    "revenue": _("revenue (10k yuan)"),
    "profit": _("total profit (10k yuan)"),
    "tax_total": _("taxes paid, all (10k yuan)"),
    "tax_local": _("taxes paid, local share (10k yuan)"),
    "exports": _("exports (10k yuan)"),
    "energy_tce": _("total energy use (tce)"),
    "electricity_kwh": _("electricity (kWh)"),
}


class MonthlyReturnForm(Form):
    year = forms.IntegerField(label=_("year"), min_value=1949, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("month"), coerce=int, choices=[(m, f"{m}") for m in range(1, 13)]
    )
    combined = forms.BooleanField(
        label=_("January and February together (1–2月)"),
        required=False,
        help_text=_("For the month 2 only: one return for both months."),
    )
    basis = forms.ChoiceField(label=_("basis of the figures"), choices=ReturnBasis.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=500)
    confirm_jumps = forms.BooleanField(
        label=_("I checked the figures that changed a lot and confirm them"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FIGURES:
            places = 0 if name == "electricity_kwh" else (4 if name in MONEY_FIGURES else 3)
            self.fields[name] = forms.DecimalField(
                label=LABELS[name],
                required=False,
                decimal_places=places,
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )
        self.order_fields(["year", "month", "combined", "basis", *FIGURES, "note"])
        style_form(self)

    def clean(self):
        data = super().clean()
        if data.get("combined") and data.get("month") != 2:
            self.add_error("combined", _("Only the return for February covers 1–2月."))
        return data

    def canonical(self) -> dict:
        """The figures in yuan, tce and kWh."""
        data = self.cleaned_data
        values = {}
        for name in FIGURES:
            value = data.get(name)
            if value is not None and name in MONEY_FIGURES:
                value = (value * WAN).quantize(Decimal("0.01"))
            elif value is not None and name == "electricity_kwh":
                value = int(value)
            values[name] = value
        return values


class ReportingCalendarForm(Form):
    """The park's three deadlines, days of the month after the one reported. The form
    only reads whole numbers; the service judges them (1–28, in order) and names the
    field it refuses."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DEADLINES:
            self.fields[name] = forms.IntegerField(
                label=field_label(ReportingCalendar, name),
                required=False,
                widget=forms.NumberInput(attrs={"min": 1, "max": LAST_DAY, "inputmode": "numeric"}),
            )
        style_form(self)

    def days(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in DEADLINES}
