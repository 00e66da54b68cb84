"""Concern pages: list, detail, edit, and the summary by category and department."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts
from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceFormView
from parkbase.core.history import changes_of
from parkbase.core.views import ScopedListView, ScopedMixin
from parkbase.enterprises.models import Enterprise
from parkbase.surveys import selectors, services
from parkbase.surveys.filtersets import ConcernFilterSet
from parkbase.surveys.forms import ConcernForm
from parkbase.surveys.importers import CONCERNS
from parkbase.surveys.models import Assignment, Concern
from parkbase.surveys.tables import ConcernTable
from parkbase.surveys.views.common import _int

# ---------------------------------------------------------------- concerns


class ConcernListView(ScopedListView):
    model = Concern
    filterset_class = ConcernFilterSet
    table_class = ConcernTable
    select_related = ("enterprise", "department")
    template_name = "surveys/concern_list.html"
    export_name = "concerns"
    title = _("Concerns")

    export = staticmethod(CONCERNS.export_rows)


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


class ConcernEditView(ServiceFormView):
    model = Concern
    template_name = "surveys/concern_form.html"
    form_class = ConcernForm

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

    def form_kwargs(self, concern) -> dict:
        kwargs = {"instance": concern or Concern(), "user": self.request.user}
        if concern is None and self.request.method == "GET":
            kwargs["initial"] = self.initial()
        return kwargs

    def create(self, form):
        return services.concern_create(user=self.request.user, data=form.service_data())

    def update(self, form, concern):
        return services.concern_update(
            user=self.request.user,
            concern=concern,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data.get("reason") or "",
        )

    def form_context(self, form, concern) -> dict:
        return {"instance": form.instance}

    def success_url(self, saved) -> str:
        return reverse("concern-detail", args=[saved.pk])


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
