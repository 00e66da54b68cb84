"""Redevelopment (腾笼换鸟): the candidates, and decisions with milestones."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import clock
from parkbase.core.choices import Action
from parkbase.core.edit_views import refusals
from parkbase.core.history import changes_of
from parkbase.core.models import Department, User
from parkbase.core.scoping import role_allows, role_sees_model
from parkbase.core.views import PostChangesMixin, ScopedListView, ScopedMixin
from parkbase.enterprises.models import Enterprise
from parkbase.evaluation import selectors, services
from parkbase.evaluation.choices import DecisionKind, DecisionStatus
from parkbase.evaluation.filtersets import DecisionFilterSet
from parkbase.evaluation.forms import DecisionForm, MilestoneForm
from parkbase.evaluation.importers import DECISIONS
from parkbase.evaluation.models import Decision, Milestone
from parkbase.evaluation.tables import DecisionTable
from parkbase.evaluation.views.analysis import _year
from parkbase.evaluation.views.common import STALE, as_int
from parkbase.land.models import Parcel


class CandidateListView(ScopedMixin, TemplateView):
    model = Decision
    template_name = "evaluation/candidates.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, _year(self.request) or clock.today().year - 1
        try:
            ratio = Decimal(self.request.GET.get("ratio") or selectors.LOW_FLOOR_AREA_RATIO)
        except InvalidOperation:
            ratio = selectors.LOW_FLOOR_AREA_RATIO
        reason = self.request.GET.get("reason", "")
        candidates = selectors.redevelopment_candidates(user, year, ratio)
        if reason:
            candidates = [c for c in candidates if reason in c.reasons]
        context.update(
            year=year,
            ratio=ratio,
            reason=reason,
            candidates=candidates,
            class_names=selectors.year_class_names(user, year),
            can_add=role_allows(user, Action.ADD, Decision),
        )
        return context


class DecisionListView(ScopedListView):
    model = Decision
    filterset_class = DecisionFilterSet
    table_class = DecisionTable
    select_related = ("enterprise", "owner", "department")
    template_name = "evaluation/decision_list.html"
    export_name = "redevelopment-decisions"
    title = _("Redevelopment decisions")

    def export(self, queryset):
        return DECISIONS.export_rows(queryset, reader=self.request.user)


class DecisionDetailView(PostChangesMixin, ScopedMixin, TemplateView):
    """A decision with its milestones (added and ticked off here) and its history."""

    model = Decision
    template_name = "evaluation/decision_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.get_scoped_object(pk)
        context.update(
            decision=decision,
            milestones=decision.milestones.all(),
            can_change=self.scoped(Action.CHANGE).filter(pk=pk).exists(),
            changes=changes_of(Decision.history.filter(id=decision.pk), Decision),
            today=clock.today(),
            parcel=selectors.visible_parcel(self.request.user, decision.parcel_id),
        )
        return context

    def post(self, request, pk):
        decision = self.get_scoped_object(pk, Action.CHANGE)
        form = MilestoneForm(request.POST)
        with refusals(request):
            done = form.integer("milestone_done")
            if done:
                milestone = (
                    Milestone.objects.visible_to(request.user, Action.CHANGE)
                    .filter(pk=done, decision=decision)
                    .first()
                )
                if milestone is None:
                    messages.error(request, _("No such milestone."))
                    return redirect("evaluation-decision", pk=pk)
                services.milestone_done(
                    milestone=milestone,
                    done_on=form.date("done_on") or clock.today(),
                    expected_version=form.integer("version"),
                    user=request.user,
                )
            else:
                services.milestone_add(
                    decision=decision,
                    title=form.text("title"),
                    due_on=form.date("due_on"),
                    user=request.user,
                )
        return redirect("evaluation-decision", pk=pk)


class DecisionEditView(ScopedMixin, TemplateView):
    model = Decision
    template_name = "evaluation/decision_form.html"

    def required_action(self) -> str:
        return Action.CHANGE if "pk" in self.kwargs else Action.ADD

    def _choices(self):
        user = self.request.user
        return {
            "enterprises": Enterprise.objects.visible_to(user).order_by("name"),
            "owners": User.objects.visible_to(user).filter(is_active=True).order_by("username"),
            "departments": Department.objects.visible_to(user).order_by("code"),
            "kinds": DecisionKind.choices,
            "statuses": DecisionStatus.choices,
            "sees_land": role_sees_model(user, Parcel),
            "parcels": Parcel.objects.visible_to(user)
            .only("id", "code", "name", "park__code")  # not the outlines
            .select_related("park")
            .order_by("park__code", "code"),
        }

    def get(self, request, pk=None):
        decision = self.get_scoped_object(pk, Action.CHANGE) if pk else None
        values = {}
        if decision is None:
            values = {
                "enterprise": as_int(request.GET.get("enterprise")),
                "basis": request.GET.get("basis", ""),
                "decided_on": clock.today().isoformat(),
            }
        return self.render_to_response(
            self.get_context_data(decision=decision, values=values, **self._choices())
        )

    def post(self, request, pk=None):
        decision = self.get_scoped_object(pk, Action.CHANGE) if pk else None
        form = DecisionForm(request.POST, user=request.user)
        with refusals() as outcome:
            values = form.values()
            if decision:
                decision = services.decision_update(
                    decision=decision,
                    expected_version=form.integer("version"),
                    user=request.user,
                    **values,
                )
            else:
                decision = services.decision_create(
                    enterprise=form.enterprise_value(), user=request.user, **values
                )
        if outcome.stale:
            messages.error(request, STALE)
            return redirect("evaluation-decision-edit", pk=pk)
        if outcome.refused:
            context = self.get_context_data(
                decision=decision,
                values=dict(form.data.items()),
                errors=outcome.messages,
                **self._choices(),
            )
            return self.render_to_response(context, status=400)
        return redirect("evaluation-decision", pk=decision.pk)
