"""What the project forms share: money typed in 万元 and land in 亩, dates, the
committee people a project may name, and one project field as the forms show it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import PersonChoiceField
from parkbase.core.models import Department, User
from parkbase.core.templatetags.units import mu, wan
from parkbase.core.units import MU_M2, WAN
from parkbase.enterprises.models import Enterprise
from parkbase.projects.models import PROJECT_ROLES, Project

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
CENT = Decimal("0.01")
# money typed and shown in 万元 (stored in yuan); land typed and shown in 亩 (stored in m²)
MONEY_LABELS = {
    "total_investment": _("total investment (10k yuan)"),
    "fixed_investment": _("fixed-asset investment (10k yuan)"),
    "contracted_amount": _("contracted amount (10k yuan)"),
    "promised_investment_per_mu": _("promised investment per mu (10k yuan)"),
    "promised_tax_per_mu": _("promised tax per mu (10k yuan)"),
    "expected_output": _("expected annual output (10k yuan)"),
    "expected_tax": _("expected annual tax (10k yuan)"),
}
AREA_LABELS = {"land_area": _("land needed (mu)")}


class ScaledDecimalField(forms.CharField):
    """A number typed in a display unit (万元, 亩) and cleaned to the canonical one
    (yuan, m²); thousands separators are accepted, text and infinities refused."""

    LIMIT = Decimal(10) ** 14

    def __init__(self, *, factor: Decimal, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.factor = factor
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        text = str(value or "").replace(",", "").replace("，", "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValidationError(
                _("%(value)s is not a number."), code="not_a_number", params={"value": text}
            )
        canonical = number * self.factor
        if abs(canonical) >= self.LIMIT:
            raise ValidationError(
                _("%(value)s is too large."), code="too_large", params={"value": text}
            )
        return canonical.quantize(CENT)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            shown = (Decimal(value) / self.factor).quantize(Decimal("0.000001"))
            return f"{shown.normalize():f}"
        return value


def money_field(name: str) -> ScaledDecimalField:
    return ScaledDecimalField(factor=WAN, label=MONEY_LABELS[name])


def project_people(user, park):
    """Who may be a project's officer, owner or insider: the park's committee people."""
    return (
        User.objects.visible_to(user)
        .filter(park=park, is_active=True, role__in=PROJECT_ROLES)
        .order_by("username")
    )


def project_formfield(name: str, user, park) -> forms.Field:
    """The form field of one project field, as the project form and the move form
    show it (money in 万元, land in 亩, dates as date inputs); never required here."""
    field = _project_formfield(name, user, park)
    field.label = capfirst(field.label)
    return field


def _project_formfield(name: str, user, park) -> forms.Field:
    if name in MONEY_LABELS:
        return money_field(name)
    if name in AREA_LABELS:
        return ScaledDecimalField(factor=MU_M2, label=AREA_LABELS[name])
    model_field = Project._meta.get_field(name)
    if name == "officer":
        return PersonChoiceField(
            queryset=project_people(user, park), required=False, label=model_field.verbose_name
        )
    if name == "department":
        return forms.ModelChoiceField(
            queryset=Department.objects.visible_to(user).filter(park=park),
            required=False,
            label=model_field.verbose_name,
        )
    if name == "enterprise":
        return forms.ModelChoiceField(
            queryset=Enterprise.objects.visible_to(user).filter(park=park).only("id", "name"),
            required=False,
            label=model_field.verbose_name,
        )
    if name.endswith("_on"):
        return forms.DateField(required=False, widget=DATE, label=model_field.verbose_name)
    field = model_field.formfield()
    field.required = False
    if isinstance(field.widget, forms.Textarea):
        field.widget.attrs["rows"] = 3
    return field


def shown_value(project: Project, name: str) -> str:
    """One project field's value as the forms show it: money in 万元, land in 亩 (their
    labels carry the unit), a choice by its label, a date as 2020-12-31."""
    value = getattr(project, name)
    if name in MONEY_LABELS:
        return wan(value)
    if name in AREA_LABELS:
        return mu(value)
    display = getattr(project, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
