"""Forms of the indicator pages; they parse input, the services check the rules."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import Form, VersionedModelForm, style_form
from parkbase.core.models import User
from parkbase.core.tables import person_name
from parkbase.evaluation.models import Decision
from parkbase.indicators.choices import TargetKind
from parkbase.indicators.models import (
    INDICATOR_ROLES,
    Indicator,
    KeyTask,
    ResponsibleUnit,
)
from parkbase.indicators.services import INDICATOR_FIELDS, TASK_FIELDS, TASK_LINKS, UNIT_FIELDS
from parkbase.indicators.wording import month_name
from parkbase.land.models import Parcel
from parkbase.projects.models import Project


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


class LabelledChoices(forms.ModelMultipleChoiceField):
    """A choice of records labelled by ``label`` (a confidential project by the name
    its reader may see)."""

    def __init__(self, queryset, label_of, **kwargs):
        self.label_of = label_of
        super().__init__(queryset, required=False, **kwargs)

    def label_from_instance(self, obj):
        return self.label_of(obj)


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


MILESTONE_HELP = _(
    "One a line: what | due date | date done, e.g. 完成土地报批 | 2020-06-30 | 2020-06-20 "
    "(the dates may be left out)."
)


def milestones_text(steps) -> str:
    return "\n".join(
        " | ".join(str(step.get(k) or "") for k in ("what", "due", "done")).rstrip(" |")
        for step in steps or []
    )


def parse_milestones(text: str) -> list[dict]:
    """The milestones typed one a line; a date that cannot be read is refused naming
    its line."""
    steps, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")] + ["", ""]
        step = {"what": parts[0], "due": None, "done": None}
        for key, label in (("due", _("due date")), ("done", _("date done"))):
            value = parts[1] if key == "due" else parts[2]
            if not value:
                continue
            try:
                step[key] = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                errors.append(
                    ValidationError(
                        _(
                            "Line %(line)s: %(field)s “%(value)s” is not a date (write it as "
                            "2020-06-30)."
                        ),
                        code="invalid_date",
                        params={"line": number, "field": label, "value": value},
                    )
                )
        steps.append(step)
    if errors:
        raise ValidationError(errors)
    return steps


class KeyTaskForm(VersionedModelForm):
    """A key task with its milestones (one a line) and what it moves, each choice
    from what the user sees of the park."""

    milestones_text = forms.CharField(
        label=_("milestones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MILESTONE_HELP,
    )

    class Meta:
        model = KeyTask
        fields = [f for f in TASK_FIELDS if f != "milestones"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "done_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, user=None, park=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PersonField(
            queryset=User.objects.visible_to(user)
            .filter(park=park, is_active=True, role__in=INDICATOR_ROLES)
            .order_by("username"),
            required=False,
            label=KeyTask._meta.get_field("owner").verbose_name,
        )
        self.fields["unit"].queryset = ResponsibleUnit.objects.visible_to(user).filter(park=park)
        links = {
            "projects": (
                Project.objects.visible_to(user).filter(park=park).order_by("-id"),
                lambda p: p.shown_name,
            ),
            "parcels": (
                Parcel.objects.visible_to(user).filter(park=park).order_by("code"),
                lambda p: f"{p.code} {p.name}".strip(),
            ),
            "decisions": (
                Decision.objects.visible_to(user)
                .filter(enterprise__park=park)
                .select_related("enterprise"),
                str,
            ),
            "indicators": (
                Indicator.objects.visible_to(user).filter(park=park, active=True),
                lambda i: i.name_in_language(),
            ),
        }
        for name, (queryset, label_of) in links.items():
            self.fields[name] = LabelledChoices(
                queryset,
                label_of,
                label=KeyTask._meta.get_field(name).verbose_name,
                widget=forms.SelectMultiple(attrs={"size": 5}),
            )
            if self.instance.pk:
                self.fields[name].initial = list(
                    getattr(self.instance, name).values_list("pk", flat=True)
                )
        if self.instance.pk:
            self.fields["milestones_text"].initial = milestones_text(self.instance.milestones)
        self.fields["title"].widget.attrs["autofocus"] = True
        style_form(self)

    def clean_milestones_text(self):
        return parse_milestones(self.cleaned_data.get("milestones_text"))

    def service_data(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in TASK_FIELDS if k != "milestones"}
        data["milestones"] = self.cleaned_data.get("milestones_text") or []
        data |= {k: list(self.cleaned_data.get(k) or []) for k in TASK_LINKS}
        return data


class ManualValueForm(Form):
    """A value by hand: the year to date at a month end (in the indicator's display
    unit), with its source."""

    year = forms.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    period_end = forms.TypedChoiceField(
        label=_("up to month"),
        coerce=int,
        choices=[(m, month_name(m)) for m in range(1, 13)],
    )
    value = forms.DecimalField(label=_("value, year to date"), max_digits=20, decimal_places=4)
    source = forms.CharField(label=_("source"), required=False, max_length=200)
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
