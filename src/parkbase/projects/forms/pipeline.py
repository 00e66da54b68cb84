"""The forms of the park's pipeline: a stage and its gate, and the pipeline's
rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.forms import Form, VersionedModelForm, style_form
from parkbase.projects.models import Pipeline, Project
from parkbase.projects.services.pipeline import RULE_FIELDS, date_fields, gateable_fields


def _field_label(name: str) -> str:
    return str(Project._meta.get_field(name).verbose_name)


class StageForm(Form):
    code = forms.SlugField(label=_("code"), max_length=30, required=False)
    name = forms.CharField(label=_("name"), max_length=60, required=False)
    name_en = forms.CharField(label=_("English name"), max_length=60, required=False)
    order = forms.IntegerField(label=_("order"), min_value=1, max_value=999, required=False)
    required_fields = forms.MultipleChoiceField(
        label=_("required fields (the stage's gate)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_fields"].choices = [(n, _field_label(n)) for n in gateable_fields()]
        style_form(self)


class PipelineForm(VersionedModelForm):
    landed_rule = forms.MultipleChoiceField(
        label=_("landed when these milestones are dated"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Pipeline
        fields = ["landed_rule", *RULE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landed_rule"].choices = [(n, _field_label(n)) for n in date_fields()]
        for name in RULE_FIELDS:
            self.fields[name].required = False
            self.fields[name].min_value = None
            self.fields[name].validators = []
        style_form(self)

    def service_data(self) -> dict:
        data = {"landed_rule": list(self.cleaned_data.get("landed_rule") or [])}
        for name in RULE_FIELDS:
            data[name] = self.cleaned_data.get(name)
        return data
