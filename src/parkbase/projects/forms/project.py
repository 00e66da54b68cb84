"""The forms of a project: the project itself (by sections, hiding from an outsider
what is confidential), a move to another stage, a change of status and its loss."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core import clock
from parkbase.core.forms import (
    Form,
    PeopleChoiceField,
    VersionedModelForm,
    style_form,
)
from parkbase.projects import engine
from parkbase.projects.choices import LossReason, PlaceLevel, ProjectStatus
from parkbase.projects.forms.fields import (
    AREA_LABELS,
    DATE,
    MONEY_LABELS,
    project_formfield,
    project_people,
    shown_value,
)
from parkbase.projects.models import MILESTONES, Project, Stage
from parkbase.projects.services.projects import PROJECT_FIELDS, PROJECT_FIGURES

# what a non-insider never sees of a confidential project
SECRET_FIELDS = ("name", "description", "referrer", "insiders")
# the sections of the project form
PROJECT_SECTIONS = (
    (
        _("The project"),
        (
            "name",
            "confidential",
            "code_name",
            "insiders",
            "description",
            "stage",
            "industry_code",
            "key_level",
            "source",
            "referrer",
            "officer",
            "department",
            "enterprise",
        ),
    ),
    (_("Investment, land and expected returns"), PROJECT_FIGURES),
    (_("Milestones"), MILESTONES),
    (_("Issues"), ("issues",)),
)


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = ["insiders", *PROJECT_FIELDS]  # shown by PROJECT_SECTIONS

    def __init__(self, *args, user, park, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            if name == "insiders":
                continue
            label = self.fields[name].label
            field = project_formfield(name, user, park)
            if name not in MONEY_LABELS and name not in AREA_LABELS:
                field.label = label
            field.help_text = self.fields[name].help_text
            self.fields[name] = field
        self.fields["name"].required = True
        self.fields["first_contact_on"].required = True
        self.fields["name"].widget.attrs["autofocus"] = True
        self.fields["insiders"] = PeopleChoiceField(
            queryset=project_people(user, park),
            required=False,
            label=_("insiders"),
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Besides the officer and whoever recorded the project, the people who see "
                "a confidential project's real name, description and investors."
            ),
        )
        self.fields["industry_code"].help_text = _("GB/T 4754-2017, e.g. 27 or 2720.")
        if not self.instance.pk:
            stages = Stage.objects.visible_to(user).filter(park=park).order_by("order")
            self.fields["stage"] = forms.ModelChoiceField(
                queryset=stages,
                label=_("stage"),
                empty_label=None,
                help_text=_("Where the project stands now; the stage's gate must hold."),
            )
            self.initial["stage"] = self.initial.get("stage") or stages.first()
            self.initial["first_contact_on"] = self.initial.get("first_contact_on") or clock.today()
            self.order_fields([n for section in PROJECT_SECTIONS for n in section[1]])
        style_form(self)

    def sections(self):
        """The bound fields grouped for the page."""
        out = []
        for title, names in PROJECT_SECTIONS:
            out.append((title, [self[n] for n in names if n in self.fields]))
        return out

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "insiders" and name in self.cleaned_data
        }


class MoveForm(Form):
    """A move into another stage, asking for what the target stage's gate requires and
    the project does not hold yet, so it can be filled in the same step: its dates
    start as the park's today. What the project already holds is not asked again; the
    form lists it (``held``)."""

    # labels capitalised as Django gives a model field's (its verbose name, capfirst)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), label=capfirst(_("move to")))
    on = forms.DateField(label=capfirst(_("date of the move")), widget=DATE, required=False)
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, project: Project, user, target: Stage | None, hidden=(), **kwargs):
        super().__init__(*args, **kwargs)
        stages = Stage.objects.visible_to(user).filter(park=project.park_id).order_by("order")
        self.fields["stage"].queryset = stages.exclude(pk=project.stage_id)
        self.fields["stage"].widget.attrs["autofocus"] = True
        self.initial.setdefault("version", project.version)
        self.initial.setdefault("on", clock.today())
        if target is not None:
            self.initial.setdefault("stage", target.pk)
        self.gate_names = []
        self.hidden_gate_names = []
        self.held = []  # (label, value as shown) of the gate's fields the project holds
        required = list(target.required_fields) if target is not None else []
        holds = {name: getattr(project, name, None) for name in required}
        missing = set(engine.missing_for_gate(holds, required))
        for name in required:
            if name in hidden:
                self.hidden_gate_names.append(name)
                continue
            try:
                field = project_formfield(name, user, project.park)
            except Exception:  # a gate naming a field the form cannot show
                continue
            if name not in missing:
                self.held.append((field.label, shown_value(project, name)))
                continue
            self.fields[name] = field
            if name.endswith("_on"):
                self.initial.setdefault(name, clock.today())
            self.gate_names.append(name)
        style_form(self)

    def gate_fields(self):
        return [self[n] for n in self.gate_names]

    def gate_values(self) -> dict:
        """Only the gate fields the request carried: a move from the board carries none
        and so keeps the project's data as it is."""
        return {n: self.cleaned_data[n] for n in self.gate_names if n in self.data}


class StatusForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label=_("new status"))
    on = forms.DateField(label=_("date"), widget=DATE, required=False)
    note = forms.CharField(
        label=pgettext_lazy("project status", "why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required: say why the project is paused, terminated or reopened."),
    )

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ProjectStatus.choices)
        choices = []
        if project.status in (ProjectStatus.ACTIVE, ProjectStatus.LANDED):
            choices.append((ProjectStatus.PAUSED, _("Pause")))
        if project.status != ProjectStatus.TERMINATED:
            choices.append((ProjectStatus.TERMINATED, _("Terminate")))
        if project.status in (ProjectStatus.PAUSED, ProjectStatus.TERMINATED, ProjectStatus.LOST):
            choices.append((ProjectStatus.ACTIVE, _("Reopen (active)")))
        self.fields["status"].choices = choices or [(project.status, labels[project.status])]
        self.fields["status"].widget.attrs["autofocus"] = True
        self.initial.setdefault("version", project.version)
        self.initial.setdefault("on", clock.today())
        style_form(self)


DESTINATION_ROWS = 4


class LossForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.ChoiceField(
        label=_("reason"),
        required=False,
        choices=[("", "---------"), *LossReason.choices],
    )
    lost_on = forms.DateField(label=_("lost on"), widget=DATE, required=False)
    detail = forms.CharField(
        label=_("what happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    would_have_kept = forms.CharField(
        label=_("what would have kept it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # errors of the destination rows are shown here
    destinations = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["autofocus"] = True
        self.initial.setdefault("version", project.version)
        self.initial.setdefault("lost_on", clock.today())
        style_form(self)

    def destination_rows(self) -> list[dict]:
        """The rows typed (place, level, winner), and empty ones up to the form's size."""
        rows = []
        if self.is_bound:
            places = self.data.getlist("place")
            levels = self.data.getlist("level")
            winners = self.data.getlist("winner")
            for i, place in enumerate(places):
                rows.append(
                    {
                        "place": place,
                        "level": levels[i] if i < len(levels) else "",
                        "winner": winners[i] if i < len(winners) else "",
                    }
                )
        rows = [r for r in rows if any((v or "").strip() for v in r.values())]
        while len(rows) < DESTINATION_ROWS:
            rows.append({"place": "", "level": "", "winner": ""})
        return rows

    def service_destinations(self) -> list[dict]:
        return [r for r in self.destination_rows() if (r["place"] or "").strip()]

    @staticmethod
    def levels():
        return PlaceLevel.choices
