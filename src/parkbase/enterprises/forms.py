from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.forms import VersionedModelForm, style_form
from parkbase.core.messages import render
from parkbase.core.models import Department, Park, Phase
from parkbase.core.units import strip_unit, unit_label
from parkbase.core.violations import Violation
from parkbase.enterprises import engine
from parkbase.enterprises.importers import ENTERPRISE_COLUMNS, YEAR_COLUMNS
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.imports.engine import convert
from parkbase.imports.values import UNIT_FACTORS, ValueProblem


class EnterpriseForm(VersionedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name",
            "uscc",
            "registration_type",
            "industry_code",
            "status",
            "phase",
            "department",
            "is_above_size",
            "is_high_tech",
            "is_specialized",
            "is_listed",
            "address",
            "legal_representative",
            "contact_person",
            "contact_phone",
            "founded_on",
            "moved_in_on",
            "registered_capital",
        ]
        widgets = {
            "founded_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "moved_in_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        if park is None:
            # users of no park (administrators) choose the park of a new enterprise
            self.fields["park"] = forms.ModelChoiceField(
                queryset=Park.objects.visible_to(user, Action.ADD), label=_("park")
            )
            self.order_fields(["park"])
        capital = next(c for c in ENTERPRISE_COLUMNS if c.field == "registered_capital")
        self.fields["registered_capital"] = CanonicalField(
            capital, Enterprise._meta.get_field("registered_capital"), model=Enterprise
        )
        phases, departments = Phase.objects.visible_to(user), Department.objects.visible_to(user)
        if park is not None:
            phases, departments = phases.filter(park=park), departments.filter(park=park)
        self.fields["phase"].queryset = phases.select_related("park")
        self.fields["department"].queryset = departments.select_related("park")
        style_form(self)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def chosen_park(self):
        return self.cleaned_data.get("park")


class CanonicalField(forms.CharField):
    """A figure typed in the unit shown in its label (e.g. 万元, as offices do) and
    cleaned to the canonical unit with the import engine's parser: full-width digits
    and thousands separators are accepted here too."""

    def __init__(self, column, model_field, model=EnterpriseYear, **kwargs):
        self.column = column
        self.model = model
        unit = column.default_unit
        label = model_field.verbose_name
        if unit:
            label = f"{strip_unit(label)} ({unit_label(unit)})"
        super().__init__(label=label, required=False, **kwargs)

    def to_python(self, value):
        try:
            return convert(value, self.column, "")
        except ValueProblem as exc:
            raise ValidationError(
                render(Violation(self.column.field, exc.code, {"value": value}), self.model),
                code=exc.code,
            ) from exc

    def prepare_value(self, value):
        if value is None or isinstance(value, str) or not self.column.unit_kind:
            return value
        factor = UNIT_FACTORS[self.column.unit_kind][self.column.default_unit]
        shown = value / factor
        return f"{shown.normalize():f}" if hasattr(shown, "normalize") else shown


FIGURE_COLUMNS = [c for c in YEAR_COLUMNS if c.field not in ("uscc", "name", "year", "source")]


# The yearly figures in the order and groups of the survey form (the engine's groups).
GROUP_TITLES = {
    "land": _("Land and buildings"),
    "staff": _("Staff"),
    "output": _("Output and finance"),
    "energy": _("Energy and environment"),
    "innovation": _("Innovation"),
}
FIGURE_GROUPS = {GROUP_TITLES[key]: names for key, names in engine.FIGURE_GROUPS}


class EnterpriseYearForm(VersionedModelForm):
    class Meta:
        model = EnterpriseYear
        fields = ["year", "source", *[c.field for c in FIGURE_COLUMNS]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for column in FIGURE_COLUMNS:
            model_field = EnterpriseYear._meta.get_field(column.field)
            self.fields[column.field] = CanonicalField(column, model_field)
        style_form(self)
        if self.instance.pk:
            self.fields["year"].disabled = True
        self.fields["year"].help_text = _("One row per enterprise and year.")

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def groups(self):
        return [(title, [self[n] for n in fields]) for title, fields in FIGURE_GROUPS.items()]
