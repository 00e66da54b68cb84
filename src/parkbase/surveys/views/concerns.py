"""Concern pages: list, detail, edit, and the summary by category and department."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts
from parkbase.core.choices import Action
from parkbase.core.history import changes_of
from parkbase.core.locking import StaleEdit
from parkbase.core.views import ScopedListView, ScopedMixin
from parkbase.enterprises.models import Enterprise
from parkbase.surveys import exports, selectors, services
from parkbase.surveys.filtersets import ConcernFilterSet
from parkbase.surveys.forms import ConcernForm
from parkbase.surveys.models import Assignment, Concern
from parkbase.surveys.tables import ConcernTable
from parkbase.surveys.views.common import STALE, _int, _may, add_errors

# ---------------------------------------------------------------- concerns


class ConcernListView(ScopedListView):
    model = Concern
    filterset_class = ConcernFilterSet
    table_class = ConcernTable
    select_related = ("enterprise", "department")
    template_name = "surveys/concern_list.html"
    export_name = "concerns"
    title = _("Concerns")

    def export(self, queryset):
        return exports.concern_rows(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = _may(self.request.user, Action.ADD, Concern)
        return context


class ConcernDetailView(ScopedMixin, TemplateView):
    model = Concern
    template_name = "surveys/concern_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        concern = self.get_scoped_object(pk)
        context.update(
            concern=concern,
            can_change=self.scoped(Action.CHANGE).filter(pk=pk).exists(),
            enterprise_visible=Enterprise.objects.visible_to(self.request.user)
            .filter(pk=concern.enterprise_id)
            .exists(),
            assignment_visible=concern.assignment_id is not None
            and Assignment.objects.visible_to(self.request.user)
            .filter(pk=concern.assignment_id)
            .exists(),
            changes=changes_of(Concern.history.filter(id=concern.pk), Concern),
        )
        return context


class ConcernEditView(ScopedMixin, TemplateView):
    model = Concern
    template_name = "surveys/concern_form.html"

    def required_action(self) -> str:
        return Action.CHANGE if "pk" in self.kwargs else Action.ADD

    def instance(self):
        pk = self.kwargs.get("pk")
        if pk:
            return self.get_scoped_object(pk, Action.CHANGE)
        return Concern()

    def initial(self):
        """``?assignment=`` (raised in a visit) or ``?enterprise=`` pre-fill a new one."""
        user, query = self.request.user, self.request.GET
        initial = {}
        assignment = (
            Assignment.objects.visible_to(user).filter(pk=_int(query.get("assignment"))).first()
        )
        if assignment is not None:
            initial.update(assignment=assignment.pk, enterprise=assignment.enterprise_id)
        elif _int(query.get("enterprise")):
            initial["enterprise"] = _int(query.get("enterprise"))
        return initial

    def get(self, request, *args, **kwargs):
        instance = self.instance()
        form = ConcernForm(
            instance=instance, user=request.user, initial=None if instance.pk else self.initial()
        )
        return self.render_to_response(self.get_context_data(form=form, instance=instance))

    def post(self, request, *args, **kwargs):
        instance = self.instance()
        form = ConcernForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            try:
                if instance.pk:
                    saved = services.concern_update(
                        user=request.user,
                        concern=instance,
                        data=form.service_data(),
                        expected_version=form.cleaned_data["version"],
                        reason=form.cleaned_data.get("reason") or "",
                    )
                else:
                    saved = services.concern_create(user=request.user, data=form.service_data())
            except StaleEdit:
                form.add_error(None, str(STALE))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("concern-detail", pk=saved.pk)
        return self.render_to_response(
            self.get_context_data(form=form, instance=instance), status=400
        )


class ConcernSummaryView(ScopedMixin, TemplateView):
    """Concerns by category and by responsible department (what the annual report
    cites), and the overdue ones."""

    model = Concern
    template_name = "surveys/concern_summary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = _int(self.request.GET.get("year"))
        by_category = selectors.concern_counts_by_category(user, year=year)
        by_department = selectors.concern_counts_by_department(user, year=year)
        years = sorted(
            {d.year for d in Concern.objects.visible_to(user).dates("raised_on", "year")},
            reverse=True,
        )

        def stacked(rows):
            return charts.stacked_bar(
                [r["label"] for r in rows],
                {
                    str(_("open")): [r["open"] for r in rows],
                    str(_("resolved")): [r["resolved"] for r in rows],
                    str(_("closed")): [r["closed"] for r in rows],
                },
                horizontal=True,
            )

        context.update(
            year=year,
            years=years,
            by_category=by_category,
            by_department=by_department,
            category_option=stacked(by_category),
            department_option=stacked(by_department),
            overdue=list(selectors.concerns_overdue(user)[:50]),
            overdue_count=selectors.concerns_overdue(user).count(),
            total=sum(r["total"] for r in by_category),
        )
        return context
