"""Forms only parse input; the rules are the services' (and reported per field)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action, Role
from parkbase.core.forms import (
    Form,
    PeopleChoiceField,
    PersonChoiceField,
    VersionedModelForm,
    style_form,
)
from parkbase.core.models import Department, Park, Phase, User
from parkbase.core.scoping import UNDER_PARENT
from parkbase.enterprises.forms import FIGURE_COLUMNS, FIGURE_GROUPS, CanonicalField
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.surveys import engine
from parkbase.surveys.choices import AssignmentStatus, ConcernStatus
from parkbase.surveys.messages import THRESHOLD_LABELS, field_label
from parkbase.surveys.models import Assignment, Campaign, Concern, Team
from parkbase.surveys.services.rules import CONCERN_FIELDS, HANDLER_FIELDS

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# the figures a threshold may watch, in the survey form's order
WATCHABLE = [c.field for c in FIGURE_COLUMNS if c.unit_kind]


THRESHOLD_PREFIX = "threshold_"


def threshold_fields(current: dict) -> dict[str, forms.Field]:
    """One field per flag threshold (``engine.FlagThresholds``), labelled in words: a
    number left empty for the default (shown as the placeholder), or the figures a check
    watches, ticked as they are now. ``current``: the campaign's overrides."""
    defaults = engine.FlagThresholds().as_dict()
    figures = [(name, field_label(name)) for name in WATCHABLE]
    fields = {}
    for name, default in defaults.items():
        label = THRESHOLD_LABELS[name]
        if isinstance(default, list):
            field = forms.MultipleChoiceField(
                label=label, choices=figures, required=False, widget=forms.CheckboxSelectMultiple
            )
            field.initial = current.get(name, default)
        else:
            field = forms.DecimalField(label=label, required=False, min_value=0)
            field.widget.attrs.update(placeholder=default, step="any")
            field.help_text = _("Empty: %(default)s, the default.") % {"default": default}
            field.initial = current.get(name)
        fields[THRESHOLD_PREFIX + name] = field
    return fields


def threshold_overrides(cleaned: dict) -> dict:
    """The thresholds a campaign sets (those differing from the defaults), as stored:
    numbers as JSON numbers, figures as lists of their names."""
    defaults = engine.FlagThresholds().as_dict()
    overrides = {}
    for name, default in defaults.items():
        value = cleaned.get(THRESHOLD_PREFIX + name)
        if isinstance(default, list):
            if value is not None and sorted(value) != sorted(default):
                overrides[name] = [v for v in WATCHABLE if v in value]
        elif value is not None and value != Decimal(default):
            overrides[name] = int(value) if value == value.to_integral() else float(value)
    return overrides


def park_users(park):
    return (
        User.objects.unscoped(UNDER_PARENT).filter(park=park, is_active=True).order_by("username")
    )


class CampaignForm(VersionedModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "year",
            "status",
            "started_on",
            "ended_on",
            "scope_phases",
            "scope_departments",
            "scope_enterprises",
            "notes",
        ]
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "scope_enterprises": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        if park is None:
            self.fields["park"] = forms.ModelChoiceField(
                queryset=Park.objects.visible_to(user, Action.ADD), label=_("park")
            )
            self.order_fields(["park"])
        phases = Phase.objects.visible_to(user)
        departments = Department.objects.visible_to(user)
        enterprises = Enterprise.objects.visible_to(user).only("id", "name")
        if park is not None:
            phases, departments = phases.filter(park=park), departments.filter(park=park)
            enterprises = enterprises.filter(park=park)
        self.fields["scope_phases"].queryset = phases
        self.fields["scope_departments"].queryset = departments
        self.fields["scope_enterprises"].queryset = enterprises
        self.fields["scope_phases"].help_text = _(
            "Phases and departments narrow the park's enterprises; chosen enterprises are "
            "added. Nothing chosen: the whole park."
        )
        self.fields["scope_departments"].help_text = ""
        self.fields["status"].required = False
        self.fields["scope_enterprises"].help_text = ""
        self.fields.update(threshold_fields(self.instance.thresholds or {}))
        style_form(self)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        for name in ("scope_phases", "scope_departments", "scope_enterprises"):
            data[name] = list(data[name])
        data["thresholds"] = threshold_overrides(self.cleaned_data)
        return data

    def threshold_fields(self):
        return [self[name] for name in self.fields if name.startswith(THRESHOLD_PREFIX)]

    def chosen_park(self):
        return self.cleaned_data.get("park")


class TeamForm(VersionedModelForm):
    class Meta:
        model = Team
        fields = ["name", "leader", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        people = park_users(campaign.park)
        self.fields["leader"] = PersonChoiceField(
            queryset=people, required=False, label=_("leader")
        )
        self.fields["members"] = PeopleChoiceField(
            queryset=people,
            required=False,
            label=_("members"),
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["members"].help_text = _("The leader is always a member.")
        style_form(self)

    def service_data(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "leader": self.cleaned_data["leader"],
            "members": list(self.cleaned_data["members"]),
        }


class VisitForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    visited_on = forms.DateField(label=_("visit date"), widget=DATE, required=False)
    visitors = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("visitors"),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("visit notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visitors"].queryset = assignment.team.members.all().order_by("username")
        self.fields["version"].initial = assignment.version
        if not self.is_bound:
            self.initial.update(
                visited_on=assignment.visited_on,
                visitors=list(assignment.visitors.all()),
                notes=assignment.notes,
            )
        style_form(self)


class TransitionForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("new status"), choices=AssignmentStatus.choices)
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        help_text=_("Required when moving back."),
        widget=forms.TextInput,
    )

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = assignment.version
        self.fields["to"].choices = [
            c for c in AssignmentStatus.choices if c[0] != assignment.status
        ]
        style_form(self)


class ReassignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("team"))

    def __init__(self, *args, assignment: Assignment, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.visible_to(user).filter(
            campaign_id=assignment.campaign_id
        )
        self.fields["version"].initial = assignment.version
        self.initial.setdefault("team", assignment.team_id)
        style_form(self)


class AssignmentAddForm(Form):
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.none(), label=_("enterprise"))
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("team"))

    def __init__(self, *args, campaign: Campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.visible_to(user).filter(
            park_id=campaign.park_id
        )
        self.fields["team"].queryset = Team.objects.visible_to(user).filter(campaign=campaign)
        style_form(self)


GROUPS = FIGURE_GROUPS


class SurveyForm(Form):
    """The yearly figures, typed in the units of their labels (万元, m², …), pre-filled
    from the stored form or else from last year."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assignment: Assignment, initial_figures: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for column in FIGURE_COLUMNS:
            model_field = EnterpriseYear._meta.get_field(column.field)
            self.fields[column.field] = CanonicalField(column, model_field)
            self.fields[column.field].widget.attrs["inputmode"] = "decimal"
        self.fields["version"].initial = assignment.version
        if not self.is_bound:
            self.initial.update(initial_figures)
        style_form(self)
        for column in FIGURE_COLUMNS:
            widget = self.fields[column.field].widget
            widget.attrs["class"] += " form-control-sm text-end"

    def figures(self) -> dict:
        return {c.field: self.cleaned_data.get(c.field) for c in FIGURE_COLUMNS}


class ConcernForm(VersionedModelForm):
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        help_text=_("Required when reopening a resolved or closed concern."),
    )

    class Meta:
        model = Concern
        fields = list(CONCERN_FIELDS)
        widgets = {
            "raised_on": DATE,
            "due_on": DATE,
            "resolved_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        enterprises = Enterprise.objects.visible_to(user).only("id", "name")
        self.fields["enterprise"].queryset = enterprises
        self.fields["assignment"].queryset = Assignment.objects.visible_to(user).select_related(
            "campaign", "enterprise"
        )
        self.fields["assignment"].required = False
        self.fields["department"].queryset = Department.objects.visible_to(user)
        self.fields["raised_on"].required = False
        self.fields["raised_on"].help_text = _("Today, if left empty.")
        if not self.instance.pk:
            for name in HANDLER_FIELDS:
                del self.fields[name]
            self.fields.pop("reason")
        if self.handler_only():
            for name in list(self.fields):
                if name not in (*HANDLER_FIELDS, "version", "reason"):
                    del self.fields[name]
        if user.role == Role.ENTERPRISE and not user.is_superuser and not self.instance.pk:
            self.initial["enterprise"] = user.enterprise_id  # its own, fixed
            self.fields["enterprise"].disabled = True
        if "status" in self.fields:
            self.fields["status"].choices = ConcernStatus.choices
        style_form(self)

    def handler_only(self) -> bool:
        """A department user changes a concern routed to it: status and resolution."""
        return (
            bool(self.instance.pk)
            and self.user.role == Role.DEPARTMENT
            and not self.user.is_superuser
        )

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.fields and name in self.cleaned_data
        }
