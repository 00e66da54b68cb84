"""The forms of what hangs off a project: activities, blockers, funding, investors
and a project's investors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core import clock
from parkbase.core.forms import (
    Form,
    PersonChoiceField,
    ServiceModelForm,
    VersionedModelForm,
    style_form,
)
from parkbase.core.need_to_know import lock_form, shown
from parkbase.core.units import WAN
from parkbase.land.models import Approval
from parkbase.projects.choices import InvestorRole
from parkbase.projects.forms.fields import DATE, ScaledDecimalField, project_people
from parkbase.projects.models import Activity, Blocker, Funding, Investor, Project


class ActivityForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = [
            "kind",
            "occurred_on",
            "summary",
            "participants",
            "next_step",
            "due_on",
            "done_on",
            "owner",
        ]
        widgets = {
            "occurred_on": DATE,
            "due_on": DATE,
            "done_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PersonChoiceField(
            queryset=project_people(user, project.park_id),
            required=False,
            label=_("next step owner"),
            help_text=_("Whoever records a next step owns it unless another is chosen."),
        )
        for name in ("occurred_on", "summary", "kind"):
            self.fields[name].required = False
        self.fields["kind"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            lock_form(self, user, self.instance)  # need-to-know: an outsider's form
        else:
            self.initial["occurred_on"] = self.initial.get("occurred_on") or clock.today()
        style_form(self)

    def service_data(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}


class BlockerForm(VersionedModelForm):
    reason = forms.CharField(label=_("reason for the change"), required=False)

    class Meta:
        model = Blocker
        fields = [
            "category",
            "description",
            "authority",
            "raised_on",
            "deadline",
            "escalation",
            "status",
            "owner",
            "approval",
            "resolution",
            "resolved_on",
        ]
        widgets = {
            "raised_on": DATE,
            "deadline": DATE,
            "resolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PersonChoiceField(
            queryset=project_people(user, project.park_id), required=False, label=_("owner")
        )
        self.fields["approval"].queryset = Approval.objects.visible_to(user).filter(
            park_id=project.park_id
        )
        # the approvals come marked by visible_to: a secret one shows its code name
        self.fields["approval"].label_from_instance = lambda a: shown(None, a, "name")
        for name in ("category", "description", "authority", "raised_on", "escalation"):
            self.fields[name].required = False
        self.fields["status"].required = False
        self.fields["category"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            lock_form(self, user, self.instance)  # need-to-know: an outsider's form
        else:
            self.initial["raised_on"] = self.initial.get("raised_on") or clock.today()
            self.fields.pop("reason")
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}
        if data.get("escalation") in (None, ""):
            data.pop("escalation", None)
        else:
            data["escalation"] = int(data["escalation"])
        if not data.get("status"):
            data.pop("status", None)
        if data.get("raised_on") is None:
            data.pop("raised_on", None)
        return data


class FundingForm(ServiceModelForm):
    amount = ScaledDecimalField(factor=WAN, label=_("amount (10k yuan)"))
    confirm_over_contract = forms.BooleanField(
        label=_("Confirm: the money in place is above the contracted amount"), required=False
    )

    class Meta:
        model = Funding
        fields = [
            "kind",
            "amount",
            "dated_on",
            "source",
            "investor",
            "source_name",
            "event",
            "note",
        ]
        widgets = {"dated_on": DATE}

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Investor.objects.visible_to(user).filter(
            park=project.park_id
        )
        for name in ("kind", "source", "dated_on"):
            self.fields[name].required = False
        self.initial["dated_on"] = self.initial.get("dated_on") or clock.today()
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}
        data["confirm_over_contract"] = self.cleaned_data.get("confirm_over_contract", False)
        for name in ("source_name", "event", "note"):
            data[name] = data.get(name) or ""
        return data


class InvestorForm(VersionedModelForm):
    class Meta:
        model = Investor
        fields = ["name", "kind", "origin", "region", "uscc", "contact", "phone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "kind", "origin"):
            self.fields[name].required = False
        self.fields["name"].widget.attrs["autofocus"] = True
        style_form(self)

    def service_data(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}


class ProjectInvestorForm(Form):
    investor = forms.ModelChoiceField(queryset=Investor.objects.none(), label=_("investor"))
    role = forms.ChoiceField(label=_("role"), choices=InvestorRole.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Investor.objects.visible_to(user).filter(
            park=project.park_id
        )
        style_form(self)
