from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts, contributions
from parkbase.core.choices import Action, Role
from parkbase.core.edit_views import ServiceFormView
from parkbase.core.history import changes_of
from parkbase.core.scoping import role_allows
from parkbase.core.units import MU_M2, WAN, strip_unit, unit_label
from parkbase.core.views import ScopedListView, ScopedMixin, object_or_404
from parkbase.enterprises import exports, monthly_calendar, selectors, services
from parkbase.enterprises.filtersets import EnterpriseFilterSet, EnterpriseYearFilterSet
from parkbase.enterprises.forms import FIGURE_COLUMNS, EnterpriseForm, EnterpriseYearForm
from parkbase.enterprises.models import Enterprise, EnterpriseYear, MonthlyReturn
from parkbase.enterprises.monthly_views import monthly_tab
from parkbase.enterprises.tables import EnterpriseTable, EnterpriseYearTable


class DashboardView(ScopedMixin, TemplateView):
    """Each role's home: an enterprise user's is its own file; a department's is its
    enterprises' overview with what the apps above route to it (``HOME_PANELS``);
    the committee's, the park's overview."""

    template_name = "enterprises/dashboard.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        if getattr(user, "role", None) == Role.ENTERPRISE and user.enterprise_id:
            return redirect("enterprise-detail", pk=user.enterprise_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["panels"] = contributions.HOME_PANELS(user)
        if getattr(user, "role", None) == Role.DEPARTMENT and user.department_id:
            context["heading"] = _("%(department)s: the enterprises it supervises") % {
                "department": user.department.name
            }
        summary = selectors.dashboard_summary(self.request.user)
        series = summary["series"]
        cards = sorted(contributions.DASHBOARD_CARDS(user), key=lambda c: c.get("order", 50))
        context.update(
            summary=summary,
            # a card of the full width (the indicators') comes first, above the totals
            wide_cards=[c for c in cards if c.get("width") == "full"],
            cards=[c for c in cards if c.get("width") != "full"],
            links=_figure_links(summary["latest_year"]),
            series_option=charts.lines(
                series["years"],
                {
                    str(_("gross output")): series["output"],
                    str(_("value added")): series["value_added"],
                    str(_("taxes")): series["tax"],
                },
                kind="bar",
            ),
            status_option=charts.pie(_drill(summary["by_status"], "status")),
            phase_option=charts.bar(_drill(summary["by_phase"], "phase")),
            department_option=charts.bar(
                _drill(summary["by_department"], "department"), horizontal=True
            ),
            industry_option=charts.bar(_drill(summary["by_section"], "section"), horizontal=True),
        )
        return context


def _drill(pairs: list[dict], parameter: str) -> list[dict]:
    """Each pair with the enterprise list filtered to it as its ``url``: a click on its
    bar or slice opens the enterprises it counts."""
    base = reverse("enterprise-list")
    return [
        {**pair, "url": f"{base}?{urlencode({parameter: pair['key']})}"}
        if pair.get("key") is not None
        else pair
        for pair in pairs
    ]


def _figure_links(year) -> dict:
    """Where each of the home page's figures leads: the records it sums."""
    enterprises = reverse("enterprise-list")
    years = reverse("enterprise-year-list")

    def by(field):
        return f"{years}?{urlencode({'year': year or '', 'ordering': '-' + field})}"

    return {
        "enterprises": enterprises,
        "above_size": f"{enterprises}?is_above_size=true",
        "land": by("land_area"),
        "staff": f"{years}?{urlencode({'year': year or ''})}",
        "output": by("gross_output"),
        "tax": by("tax_total"),
        "revenue": f"{years}?{urlencode({'year': year or ''})}",
    }


class EnterpriseListView(ScopedListView):
    model = Enterprise
    filterset_class = EnterpriseFilterSet
    table_class = EnterpriseTable
    select_related = ("phase", "department")
    template_name = "enterprises/enterprise_list.html"
    export_name = "enterprises"
    title = _("Enterprises")

    export = staticmethod(exports.enterprise_rows)


class EnterpriseYearListView(ScopedListView):
    model = EnterpriseYear
    filterset_class = EnterpriseYearFilterSet
    table_class = EnterpriseYearTable
    select_related = ("enterprise",)
    template_name = "enterprises/year_list.html"
    export_name = "enterprise-years"
    title = _("Yearly data")

    export = staticmethod(exports.year_rows)


class EnterpriseDetailView(ScopedMixin, TemplateView):
    model = Enterprise
    template_name = "enterprises/enterprise_detail.html"
    tabs = ("overview", "years", "history")

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        enterprise = self.get_scoped_object(pk)
        # its monthly returns (this app's), then the rest of the enterprise's file from
        # the apps that keep it, each tab counted for the reader
        # (core.contributions.ENTERPRISE_TABS)
        extra_tabs = sorted(
            [
                monthly_tab(enterprise, self.request.user),
                *contributions.ENTERPRISE_TABS(enterprise, self.request.user),
            ],
            key=lambda t: t.order,
        )
        tab = self.request.GET.get("tab", "overview")
        if tab not in self.tabs and tab not in {t.key for t in extra_tabs}:
            tab = "overview"
        years = list(
            EnterpriseYear.objects.visible_to(self.request.user)
            .filter(enterprise=enterprise)
            .order_by("year")
        )
        context.update(
            enterprise=enterprise,
            tab=tab,
            extra_tabs=extra_tabs,
            active_tab=next((t for t in extra_tabs if t.key == tab), None),
            years=years,
            figure_rows=_figure_rows(years),
            chart_option=_enterprise_chart(years),
            industry_name=selectors.industry_name(enterprise.industry_code),
            monthly_reminder=monthly_calendar.enterprise_state(enterprise),
            # an enterprise user's own file is its home: what the apps show it there
            home_panels=contributions.HOME_PANELS(self.request.user)
            if _is_home(self.request.user, enterprise)
            else [],
            monthly_file_url=reverse("monthly-return-file", args=[enterprise.pk])
            if role_allows(self.request.user, Action.ADD, MonthlyReturn)
            else "",
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


def _is_home(user, enterprise) -> bool:
    """Whether the page is the reader's home: an enterprise user's own enterprise."""
    return getattr(user, "role", None) == Role.ENTERPRISE and user.enterprise_id == enterprise.pk


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


class EnterpriseEditView(ServiceFormView):
    """Create (no pk) or edit an enterprise; a stale edit is refused, never merged."""

    model = Enterprise
    template_name = "enterprises/enterprise_form.html"
    form_class = EnterpriseForm

    def park(self, enterprise):
        return enterprise.park if enterprise is not None else self.request.user.park

    def form_kwargs(self, enterprise) -> dict:
        return {
            "instance": enterprise or Enterprise(park=self.request.user.park),
            "user": self.request.user,
            "park": self.park(enterprise),
        }

    def create(self, form):
        return services.enterprise_create(
            user=self.request.user,
            park=self.park(None) or form.chosen_park(),
            data=form.service_data(),
        )

    def update(self, form, enterprise):
        return services.enterprise_update(
            user=self.request.user,
            enterprise=enterprise,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
        )

    def form_context(self, form, enterprise) -> dict:
        return {"instance": form.instance}

    def success_url(self, saved) -> str:
        return reverse("enterprise-detail", args=[saved.pk])


class EnterpriseYearEditView(ServiceFormView):
    """Add a year of an enterprise's figures (``<pk>/years/new``) or change one."""

    model = Enterprise
    template_name = "enterprises/year_form.html"
    form_class = EnterpriseYearForm

    def is_creating(self) -> bool:
        return self.kwargs.get("year") is None

    def required_action(self) -> str:
        return Action.CHANGE  # a year's figures are part of changing the enterprise

    def get_object(self):
        self.enterprise = object_or_404(self.request, Enterprise, self.kwargs["pk"], Action.CHANGE)
        if self.is_creating():
            return None
        year = (
            EnterpriseYear.objects.visible_to(self.request.user, Action.CHANGE)
            .filter(enterprise=self.enterprise, year=self.kwargs["year"])
            .first()
        )
        if year is None:
            raise Http404
        return year

    def form_kwargs(self, year) -> dict:
        return {"instance": year}

    def create(self, form):
        return services.year_save(
            user=self.request.user, enterprise=self.enterprise, data=form.service_data()
        )

    def update(self, form, year):
        return services.year_save(
            user=self.request.user,
            enterprise=self.enterprise,
            data=form.service_data() | {"year": year.year},
            instance=year,
            expected_version=form.cleaned_data["version"],
        )

    def form_context(self, form, year) -> dict:
        return {"enterprise": self.enterprise, "instance": year}

    def success_url(self, saved) -> str:
        return reverse("enterprise-detail", args=[self.enterprise.pk]) + "?tab=years"
