"""Forms of the project pages. They only parse what was typed (money in 万元, land in
亩, dates); the rules are the services', which report them per field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parkbase.core.forms import (
    PeopleChoiceField,
    PersonChoiceField,
    ServiceModelForm,
    style_form,
)
from parkbase.core.models import Department, User
from parkbase.core.need_to_know import lock_form, shown
from parkbase.core.units import MU_M2, WAN
from parkbase.enterprises.models import Enterprise
from parkbase.land.models import Approval
from parkbase.projects.choices import (
    InvestorRole,
    LossReason,
    PlaceLevel,
    ProjectStatus,
)
from parkbase.projects.models import (
    MILESTONES,
    PROJECT_ROLES,
    Activity,
    Blocker,
    Funding,
    Investor,
    Pipeline,
    Project,
    Stage,
)
from parkbase.projects.services.pipeline import RULE_FIELDS, date_fields, gateable_fields

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
    (
        _("Investment, land and expected returns"),
        (
            "total_investment",
            "fixed_investment",
            "contracted_amount",
            "land_area",
            "land_mode",
            "promised_investment_per_mu",
            "promised_tax_per_mu",
            "expected_output",
            "expected_tax",
            "expected_jobs",
        ),
    ),
    (_("Milestones"), MILESTONES),
    (_("Issues"), ("issues",)),
)


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


class ProjectForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "name",
            "confidential",
            "code_name",
            "insiders",
            "description",
            "industry_code",
            "key_level",
            "source",
            "referrer",
            "officer",
            "department",
            "enterprise",
            "total_investment",
            "fixed_investment",
            "contracted_amount",
            "land_area",
            "land_mode",
            "promised_investment_per_mu",
            "promised_tax_per_mu",
            "expected_output",
            "expected_tax",
            "expected_jobs",
            *MILESTONES,
            "issues",
        ]

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
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            stages = Stage.objects.visible_to(user).filter(park=park).order_by("order")
            self.fields["stage"] = forms.ModelChoiceField(
                queryset=stages,
                label=_("stage"),
                empty_label=None,
                help_text=_("Where the project stands now; the stage's gate must hold."),
            )
            self.initial["stage"] = self.initial.get("stage") or stages.first()
            self.initial["first_contact_on"] = (
                self.initial.get("first_contact_on") or timezone.localdate()
            )
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


class MoveForm(forms.Form):
    """A move into another stage, with the fields the target stage's gate requires
    (shown with the project's current values, so they can be filled in the same step)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), label=_("move to"))
    on = forms.DateField(label=_("date of the move"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, project: Project, user, target: Stage | None, hidden=(), **kwargs):
        super().__init__(*args, **kwargs)
        stages = Stage.objects.visible_to(user).filter(park=project.park_id).order_by("order")
        self.fields["stage"].queryset = stages.exclude(pk=project.stage_id)
        self.fields["stage"].widget.attrs["autofocus"] = True
        self.initial.setdefault("version", project.version)
        self.initial.setdefault("on", timezone.localdate())
        if target is not None:
            self.initial.setdefault("stage", target.pk)
        self.gate_names = []
        self.hidden_gate_names = []
        for name in target.required_fields if target is not None else ():
            if name in hidden:
                self.hidden_gate_names.append(name)
                continue
            try:
                field = project_formfield(name, user, project.park)
            except Exception:  # a gate naming a field the form cannot show
                continue
            self.fields[name] = field
            self.initial.setdefault(name, getattr(project, name, None))
            self.gate_names.append(name)
        style_form(self)

    def gate_fields(self):
        return [self[n] for n in self.gate_names]

    def gate_values(self) -> dict:
        """Only the gate fields the request carried: a move from the board carries none
        and so keeps the project's data as it is."""
        return {n: self.cleaned_data[n] for n in self.gate_names if n in self.data}


class StatusForm(forms.Form):
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
        self.initial.setdefault("on", timezone.localdate())
        style_form(self)


DESTINATION_ROWS = 4


class LossForm(forms.Form):
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
        self.initial.setdefault("lost_on", timezone.localdate())
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


class ActivityForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            self.fields["version"].initial = self.instance.version
            lock_form(self, user, self.instance)  # need-to-know: an outsider's form
        else:
            self.initial["occurred_on"] = self.initial.get("occurred_on") or timezone.localdate()
        style_form(self)

    def service_data(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}


class BlockerForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
            self.fields["version"].initial = self.instance.version
            lock_form(self, user, self.instance)  # need-to-know: an outsider's form
        else:
            self.initial["raised_on"] = self.initial.get("raised_on") or timezone.localdate()
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
        self.initial["dated_on"] = self.initial.get("dated_on") or timezone.localdate()
        style_form(self)

    def service_data(self) -> dict:
        data = {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}
        data["confirm_over_contract"] = self.cleaned_data.get("confirm_over_contract", False)
        for name in ("source_name", "event", "note"):
            data[name] = data.get(name) or ""
        return data


class InvestorForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Investor
        fields = ["name", "kind", "origin", "region", "uscc", "contact", "phone", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "kind", "origin"):
            self.fields[name].required = False
        self.fields["name"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style_form(self)

    def service_data(self) -> dict:
        return {n: self.cleaned_data[n] for n in self.Meta.fields if n in self.cleaned_data}


class ProjectInvestorForm(forms.Form):
    investor = forms.ModelChoiceField(queryset=Investor.objects.none(), label=_("investor"))
    role = forms.ChoiceField(label=_("role"), choices=InvestorRole.choices)
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def __init__(self, *args, user, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Investor.objects.visible_to(user).filter(
            park=project.park_id
        )
        style_form(self)


def _field_label(name: str) -> str:
    return str(Project._meta.get_field(name).verbose_name)


class StageForm(forms.Form):
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


class PipelineForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
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
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        style_form(self)

    def service_data(self) -> dict:
        data = {"landed_rule": list(self.cleaned_data.get("landed_rule") or [])}
        for name in RULE_FIELDS:
            data[name] = self.cleaned_data.get(name)
        return data
