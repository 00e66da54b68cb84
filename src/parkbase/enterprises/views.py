from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts
from parkbase.core.choices import Action
from parkbase.core.history import changes_of
from parkbase.core.locking import StaleEdit
from parkbase.core.messages import TEMPLATES
from parkbase.core.scoping import role_allows
from parkbase.core.units import MU_M2, WAN, strip_unit, unit_label
from parkbase.core.views import ScopedListView, ScopedMixin
from parkbase.enterprises import exports, selectors, services
from parkbase.enterprises.filtersets import EnterpriseFilterSet, EnterpriseYearFilterSet
from parkbase.enterprises.forms import FIGURE_COLUMNS, EnterpriseForm, EnterpriseYearForm
from parkbase.enterprises.models import Enterprise, EnterpriseYear
from parkbase.enterprises.tables import EnterpriseTable, EnterpriseYearTable


class DashboardView(ScopedMixin, TemplateView):
    template_name = "enterprises/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.dashboard_summary(self.request.user)
        series = summary["series"]
        context.update(
            summary=summary,
            series_option=charts.lines(
                series["years"],
                {
                    str(_("gross output")): series["output"],
                    str(_("value added")): series["value_added"],
                    str(_("taxes")): series["tax"],
                },
                kind="bar",
            ),
            status_option=charts.pie(summary["by_status"]),
            phase_option=charts.bar(summary["by_phase"]),
            department_option=charts.bar(summary["by_department"], horizontal=True),
            industry_option=charts.bar(summary["by_section"], horizontal=True),
        )
        return context


class EnterpriseListView(ScopedListView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    select_related = ("phase", "department")
    template_name = "enterprises/enterprise_list.html"
    export_name = "enterprises"
    title = _("Enterprises")

    def export(self, queryset):
        return exports.enterprise_rows(queryset)


class EnterpriseYearListView(ScopedListView):
    model = EnterpriseYear
    filterset_class = EnterpriseYearFilterSet
    table_class = EnterpriseYearTable
    select_related = ("enterprise",)
    template_name = "enterprises/year_list.html"
    export_name = "enterprise-years"
    title = _("Yearly data")

    def export(self, queryset):
        return exports.year_rows(queryset)


class EnterpriseDetailView(ScopedMixin, TemplateView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"
    tabs = ("overview", "years", "history")

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise = self.get_scoped_object(pk)
        tab = self.request.GET.get("tab", "overview")
        tab = tab if tab in self.tabs else "overview"
        years = list(
            EnterpriseYear.objects.visible_to(self.request.user)
            .filter(enterprise=enterprise)
            .order_by("year")
        )
        context.update(
            enterprise=enterprise,
            tab=tab,
            years=years,
            figure_rows=_figure_rows(years),
            chart_option=_enterprise_chart(years),
            industry_name=selectors.industry_name(enterprise.industry_code),
            can_change=role_allows(self.request.user, Action.CHANGE)
            and self.scoped(Action.CHANGE).filter(pk=pk).exists(),
        )
        if tab == "history":
            context["changes"] = changes_of(
                Enterprise.history.filter(id=enterprise.pk), Enterprise
            ) + changes_of(
                EnterpriseYear.history.filter(enterprise_id=enterprise.pk),
                EnterpriseYear,
                label=lambda r: str(r.year),
            )
            context["changes"].sort(key=lambda c: c.when, reverse=True)
        return context


def _enterprise_chart(years) -> str:
    series = selectors.enterprise_series(years)
    return charts.lines(
        series["years"],
        {
            str(_("gross output")): series["output"],
            str(_("revenue")): series["revenue"],
            str(_("value added")): series["value_added"],
            str(_("taxes")): series["tax"],
        },
    )


def _figure_rows(years):
    rows = []
    for column in FIGURE_COLUMNS:
        field = EnterpriseYear._meta.get_field(column.field)
        label = strip_unit(field.verbose_name)
        values = [getattr(y, column.field) for y in years]
        if column.unit_kind == "money":
            shown = [None if v is None else f"{v / WAN:,.2f}" for v in values]
        else:
            shown = [
                None if v is None else f"{v:,}" if isinstance(v, int) else f"{v:,.2f}"
                for v in values
            ]
        rows.append({"label": label, "unit": unit_label(column.default_unit), "values": shown})
        if column.field == "land_area":
            rows.append(
                {
                    "label": label,
                    "unit": unit_label("亩"),
                    "values": [None if v is None else f"{v / MU_M2:,.2f}" for v in values],
                }
            )
    return rows


class EnterpriseEditView(ScopedMixin, TemplateView):
    """Create (no pk) or edit an enterprise; a stale edit is refused, never merged."""

    model = Enterprise
    action = Action.CHANGE
    template_name = "enterprises/enterprise_form.html"

    def required_action(self) -> str:
        return Action.CHANGE if "pk" in self.kwargs else Action.ADD

    def instance(self):
        pk = self.kwargs.get("pk")
        return self.get_scoped_object(pk) if pk else Enterprise(park=self.request.user.park)

    def park(self, instance):
        return instance.park if instance.pk else self.request.user.park

    def get(self, request, *args, **kwargs):
        instance = self.instance()
        form = EnterpriseForm(instance=instance, user=request.user, park=self.park(instance))
        return self.render_to_response(self.get_context_data(form=form, instance=instance))

    def post(self, request, *args, **kwargs):
        instance = self.instance()
        park = self.park(instance)
        form = EnterpriseForm(request.POST, instance=instance, user=request.user, park=park)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if instance.pk:
                        saved = services.enterprise_update(
                            user=request.user,
                            enterprise=instance,
                            data=form.service_data(),
                            expected_version=form.cleaned_data["version"],
                        )
                    else:
                        saved = services.enterprise_create(
                            user=request.user,
                            park=park or form.chosen_park(),
                            data=form.service_data(),
                        )
            except StaleEdit:
                form.add_error(None, str(TEMPLATES["stale"]))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("enterprise-detail", pk=saved.pk)
        return self.render_to_response(
            self.get_context_data(form=form, instance=instance), status=400
        )


class EnterpriseYearEditView(ScopedMixin, TemplateView):
    model = Enterprise
    action = Action.CHANGE
    template_name = "enterprises/year_form.html"

    def objects(self):
        enterprise = self.get_scoped_object(self.kwargs["pk"])
        year = self.kwargs.get("year")
        instance = None
        if year is not None:
            instance = (
                EnterpriseYear.objects.visible_to(self.request.user, Action.CHANGE)
                .filter(enterprise=enterprise, year=year)
                .first()
            )
            if instance is None:
                raise Http404
        return enterprise, instance

    def get(self, request, *args, **kwargs):
        enterprise, instance = self.objects()
        form = EnterpriseYearForm(instance=instance)
        return self.render_to_response(
            self.get_context_data(form=form, enterprise=enterprise, instance=instance)
        )

    def post(self, request, *args, **kwargs):
        enterprise, instance = self.objects()
        form = EnterpriseYearForm(request.POST, instance=instance)
        if form.is_valid():
            data = form.service_data()
            if instance is not None:
                data["year"] = instance.year
            try:
                services.year_save(
                    user=request.user,
                    enterprise=enterprise,
                    data=data,
                    instance=instance,
                    expected_version=form.cleaned_data["version"] if instance else None,
                )
            except StaleEdit:
                form.add_error(None, str(TEMPLATES["stale"]))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse("enterprise-detail", args=[enterprise.pk]) + "?tab=years")
        return self.render_to_response(
            self.get_context_data(form=form, enterprise=enterprise, instance=instance), status=400
        )
