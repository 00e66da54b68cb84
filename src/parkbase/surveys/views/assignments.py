"""Assignment pages: the list, one assignment (visit, status, team, verification)
and the survey form with its changes and flags."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import refusals
from parkbase.core.history import changes_of
from parkbase.core.views import PostChangesMixin, ScopedListView, ScopedMixin
from parkbase.surveys import engine, exports, services
from parkbase.surveys.choices import AssignmentStatus, CampaignStatus
from parkbase.surveys.filtersets import AssignmentFilterSet
from parkbase.surveys.forms import GROUPS, ReassignForm, SurveyForm, TransitionForm, VisitForm
from parkbase.surveys.messages import field_label, plain, render_flag, unit_of
from parkbase.surveys.models import Assignment, Concern, SurveyResponse
from parkbase.surveys.tables import AssignmentTable
from parkbase.surveys.views.common import _int, _may

# ---------------------------------------------------------------- assignments

ASSIGNMENT_RELATED = (
    "campaign",
    "team",
    "enterprise",
    "enterprise__phase",
    "enterprise__department",
    "response",
)


class AssignmentListView(ScopedListView):
    model = Assignment
    filterset_class = AssignmentFilterSet
    table_class = AssignmentTable
    select_related = ASSIGNMENT_RELATED
    template_name = "surveys/assignment_list.html"
    export_name = "survey-assignments"
    title = _("Survey assignments")

    export = staticmethod(exports.assignment_rows)


def comparison_rows(baseline: dict, figures: dict, flags: list[dict]):
    """(group title, rows) with, per figure: label, unit, last year, this year, the
    change (absolute and %), and the flags on it."""
    flagged: dict[str, list[str]] = {}
    for flag in flags or ():
        flagged.setdefault(flag.get("field"), []).append(render_flag(flag))
    groups = []
    for title, names in GROUPS.items():
        rows = []
        for change in engine.changes(baseline, figures, names):
            rows.append(
                {
                    "field": change.field,
                    "label": field_label(change.field),
                    "unit": unit_of(change.field),
                    "old": plain(change.field, change.old),
                    "new": plain(change.field, change.new),
                    "delta": plain(change.field, change.delta) if change.delta is not None else "",
                    "up": change.delta is not None and change.delta > 0,
                    "percent": change.percent,
                    "changed": change.changed,
                    "flags": flagged.get(change.field, []),
                }
            )
        groups.append((title, rows))
    return groups


class AssignmentDetailView(PostChangesMixin, ScopedMixin, TemplateView):
    """One enterprise's assignment: visit, form with its changes and flags, concerns,
    history. Team members and staff record the visit, move the status, verify."""

    model = Assignment
    template_name = "surveys/assignment_detail.html"
    tabs = ("overview", "history")

    def assignment(self, pk, action=Action.VIEW):
        obj = (
            self.scoped(action)
            .select_related(
                "campaign", "team", "enterprise", "enterprise__phase", "filled_by", "verified_by"
            )
            .filter(pk=pk)
            .first()
        )
        if obj is None:
            raise Http404
        return obj

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        assignment = kwargs.get("assignment") or self.assignment(pk)
        tab = self.request.GET.get("tab", "overview")
        tab = tab if tab in self.tabs else "overview"
        response = SurveyResponse.objects.visible_to(user).filter(assignment=assignment).first()
        baseline_year, baseline = services.baseline_values(user, assignment)
        figures = services.response_figures(response) if response else {}
        editable = self.scoped(Action.CHANGE).filter(pk=pk).exists()
        works = editable and services.may_work_on(user, assignment)
        is_open = assignment.campaign.status == CampaignStatus.OPEN
        context.update(
            assignment=assignment,
            tab=tab,
            response=response,
            baseline_year=baseline_year,
            groups=comparison_rows(baseline, figures, response.flags) if response else [],
            flags=[render_flag(f) for f in response.flags] if response else [],
            concerns=list(
                Concern.objects.visible_to(user)
                .filter(assignment=assignment)
                .select_related("department")
            ),
            can_work=works and is_open,
            can_fill=editable
            and is_open
            and services.may_fill(user, assignment)
            and assignment.status != AssignmentStatus.VERIFIED,
            can_verify=works and is_open and assignment.status == AssignmentStatus.FILLED,
            can_reassign=editable and services.is_writer(user),
            can_raise=_may(user, Action.ADD, Concern),
            visit_form=kwargs.get("visit_form")
            or (VisitForm(assignment=assignment) if works else None),
            transition_form=kwargs.get("transition_form")
            or (TransitionForm(assignment=assignment) if works else None),
            reassign_form=kwargs.get("reassign_form")
            or (ReassignForm(assignment=assignment, user=user) if editable else None),
            visitors=list(assignment.visitors.all()),
        )
        if tab == "history":
            changes = changes_of(
                Assignment.history.filter(id=assignment.pk), Assignment
            ) + changes_of(
                SurveyResponse.history.filter(assignment_id=assignment.pk),
                SurveyResponse,
                label=lambda r: str(_("survey form")),
            )
            context["changes"] = sorted(changes, key=lambda c: c.when, reverse=True)
        return context

    def post(self, request, pk, *args, **kwargs):
        assignment = self.assignment(pk, Action.CHANGE)
        do = request.POST.get("do")
        forms_by_action = {
            "visit": ("visit_form", VisitForm),
            "transition": ("transition_form", TransitionForm),
            "reassign": ("reassign_form", ReassignForm),
            "verify": (None, None),
        }
        if do not in forms_by_action:
            raise Http404
        name, form_class = forms_by_action[do]
        form = None
        if form_class is not None:
            extra = {"user": request.user} if form_class is ReassignForm else {}
            form = form_class(request.POST, assignment=assignment, **extra)
        if form is not None and not form.is_valid():
            context = self.get_context_data(pk=pk, assignment=assignment, **{name: form})
            return self.render_to_response(context, status=400)
        with refusals(request, form) as outcome:
            if do == "visit":
                services.assignment_visit(
                    user=request.user,
                    assignment=assignment,
                    expected_version=form.cleaned_data["version"],
                    visited_on=form.cleaned_data["visited_on"],
                    visitors=list(form.cleaned_data["visitors"]),
                    notes=form.cleaned_data["notes"],
                )
            elif do == "transition":
                services.assignment_transition(
                    user=request.user,
                    assignment=assignment,
                    to=form.cleaned_data["to"],
                    expected_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                )
            elif do == "reassign":
                services.assignment_reassign(
                    user=request.user,
                    assignment=assignment,
                    team=form.cleaned_data["team"],
                    expected_version=form.cleaned_data["version"],
                )
            else:
                services.survey_verify(
                    user=request.user,
                    assignment=assignment,
                    expected_version=_int(request.POST.get("version")),
                )
        if not outcome.refused:
            messages.success(request, _("Saved."))
            return redirect("assignment-detail", pk=pk)
        context = self.get_context_data(
            pk=pk, assignment=assignment, **({name: form} if name else {})
        )
        return self.render_to_response(context, status=400)


class SurveyFormView(ScopedMixin, TemplateView):
    """The yearly form of one assignment, pre-filled (the stored form, else last
    year's figures), with per field the change against last year and its flags.
    htmx posts ``preview`` on every change and gets the changes back, unsaved."""

    model = Assignment
    action = Action.CHANGE
    template_name = "surveys/survey_form.html"
    partial_template_name = "surveys/_survey_changes.html"

    def objects(self):
        user = self.request.user
        assignment = (
            self.scoped(Action.CHANGE)
            .select_related("campaign", "team", "enterprise")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if assignment is None:
            raise Http404
        if not services.may_fill(user, assignment):
            raise PermissionDenied
        response = SurveyResponse.objects.visible_to(user).filter(assignment=assignment).first()
        return assignment, response

    def context(self, form, assignment, response, figures):
        user = self.request.user
        baseline_year, baseline = services.baseline_values(user, assignment)
        thresholds = services.thresholds_of(assignment.campaign)
        flags = services.form_flags(baseline, figures, thresholds)
        groups = comparison_rows(baseline, figures, flags)
        is_open = assignment.campaign.status == CampaignStatus.OPEN
        verified = assignment.status == AssignmentStatus.VERIFIED
        if verified or not is_open:  # read as it stands: nothing here can be saved
            for field in form.fields.values():
                field.disabled = True
        fields = {name: form[name] for name in form.fields if name != "version"}
        for _title, rows in groups:
            for row in rows:
                row["input"] = fields[row["field"]]
        return self.get_context_data(
            form=form,
            assignment=assignment,
            response=response,
            baseline_year=baseline_year,
            groups=groups,
            flags=[render_flag(f) for f in flags],
            is_open=is_open,
            verified=verified,
            editable=is_open and not verified,
        )

    def get(self, request, *args, **kwargs):
        assignment, response = self.objects()
        user = request.user
        if response is not None:
            figures = services.response_figures(response)
        else:
            figures = services.baseline_values(user, assignment)[1]
        form = SurveyForm(assignment=assignment, initial_figures=figures)
        return self.render_to_response(self.context(form, assignment, response, figures))

    def post(self, request, *args, **kwargs):
        assignment, response = self.objects()
        form = SurveyForm(request.POST, assignment=assignment, initial_figures={})
        valid = form.is_valid()
        figures = form.figures() if valid else {}
        if request.POST.get("preview"):
            context = self.context(form, assignment, response, figures)
            return self.response_class(
                request=request,
                template=[self.partial_template_name],
                context=context,
                using=self.template_engine,
            )
        if valid:
            with refusals(form=form) as outcome:
                services.survey_fill(
                    user=request.user,
                    assignment=assignment,
                    figures=figures,
                    expected_version=form.cleaned_data["version"],
                )
            if not outcome.refused:
                messages.success(request, _("Saved."))
                return redirect("assignment-detail", pk=assignment.pk)
        return self.render_to_response(
            self.context(form, assignment, response, figures), status=400
        )
