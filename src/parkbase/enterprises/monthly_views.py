"""The monthly returns' pages: the enterprise page's 月报 tab, the staff list (filter,
sort, XLSX that re-imports), and the form an enterprise (or staff) files a month with."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from parkbase.core.choices import Action, Role
from parkbase.core.contributions import Tab
from parkbase.core.edit_views import refusals
from parkbase.core.history import changes_of
from parkbase.core.locking import StaleEdit
from parkbase.core.rules import field_label
from parkbase.core.scoping import role_allows
from parkbase.core.units import WAN
from parkbase.core.views import (
    PostChangesMixin,
    ScopedListView,
    ScopedMixin,
    current_park,
    may,
    parks_to_choose,
)
from parkbase.enterprises import monthly_calendar
from parkbase.enterprises import monthly_services as services
from parkbase.enterprises.filtersets import EnterpriseFilterSet, MonthlyReturnFilterSet
from parkbase.enterprises.models import (
    Enterprise,
    MonthlyFigure,
    MonthlyReturn,
    ReportingCalendar,
)
from parkbase.enterprises.monthly import FIGURES, MONEY_FIGURES, month_text
from parkbase.enterprises.monthly_forms import LABELS, MonthlyReturnForm, ReportingCalendarForm
from parkbase.enterprises.monthly_import import MONTHLY_COLUMNS
from parkbase.enterprises.tables import LateReturnTable, MonthlyReturnTable

FLAG_TEXTS = {
    "covers_gap": _("covers the months with no return before it"),
    "ytd_unknown": _("year to date unknown: a month before it has no return"),
    "overlaps": _("reaches back over an earlier return"),
    "ytd_decrease": _("{field}: the year to date fell"),
    "source_difference": _("{field}: the {source} figure differs ({other_value} against {value})"),
    "jump": _("{field}: changed by {percent} % against {against}"),
}
SOURCES = {"portal": _("enterprise's"), "staff": _("staff's"), "statistics": _("statistics")}


def flag_text(flag: dict) -> str:
    params = dict(flag)
    name = params.get("field")
    if name:
        params["field"] = str(LABELS.get(name, name)).split("(")[0].split("（")[0].strip()
    for key in ("value", "other_value"):
        if key in params and name in MONEY_FIGURES:
            params[key] = f"{Decimal(params[key]) / WAN:,.2f}"
    params["source"] = str(SOURCES.get(params.get("source"), params.get("source", "")))
    params["against"] = str(services.AGAINST.get(params.get("against"), ""))
    text = str(FLAG_TEXTS.get(flag["code"], flag["code"])).format_map(params)
    if flag.get("confirmed"):
        text += " · " + str(_("confirmed by the filer"))
    return text


def monthly_tab(enterprise, user) -> Tab | None:
    """The enterprise's returns by month: period value and 累计 of each figure, with
    where they came from and what the checks flagged."""
    figures = MonthlyFigure.objects.visible_to(user).filter(enterprise=enterprise)
    can_file = role_allows(user, Action.ADD, MonthlyReturn)

    def rows():
        found = []
        for f in figures.order_by("-year", "-period_end"):
            f.period_label = monthly_calendar.period_text(f.year, f.period_start, f.period_end)
            f.flag_texts = [flag_text(flag) for flag in f.flags]
            found.append(f)
        return found

    return Tab(
        key="monthly",
        label=_("Monthly returns"),
        count=figures.count(),
        template="enterprises/_monthly_tab.html",
        context={
            "rows": rows,
            "file_url": reverse("monthly-return-file", args=[enterprise.pk]) if can_file else "",
        },
        order=15,
    )


def export_rows(queryset):
    """The list's XLSX in the import's layout: a return's figures in its basis's
    columns (本月 or 累计), in 万元, with its period as the import reads it."""
    columns = [c for c in MONTHLY_COLUMNS]
    headers = [c.template_header for c in columns]

    def rows():
        for r in queryset.select_related("enterprise").order_by(
            "enterprise__name", "year", "period_end"
        ):
            if r.basis == "ytd" and r.period_start == r.period_end:
                period = (
                    f"{r.year}年1-{r.period_end}月累计" if r.period_end > 1 else f"{r.year}年1月"
                )
            else:
                period = f"{r.year}年{month_text(r.period_start, r.period_end).replace('–', '-')}"
            values = {"uscc": r.enterprise.uscc, "name": r.enterprise.name, "period": period}
            for name in FIGURES:
                value = getattr(r, name)
                if value is not None and name in MONEY_FIGURES:
                    value = value / WAN
                values[f"{name}_{r.basis}"] = value
            yield [values.get(c.field) for c in columns]

    return headers, rows()


class MonthlyReturnListView(ScopedListView):
    model = MonthlyReturn
    filterset_class = MonthlyReturnFilterSet
    table_class = MonthlyReturnTable
    select_related = ("enterprise",)
    export_name = "monthly-returns"
    template_name = "enterprises/monthly_list.html"
    title = _("Monthly returns")

    export = staticmethod(export_rows)


class LateReturnListView(ScopedListView):
    """The above-size enterprises that have not filed the month owed, past the
    enterprises' deadline (or, before it, those still to file): staff, leaders and
    departments, each within their scope."""

    model = Enterprise
    filterset_class = EnterpriseFilterSet
    table_class = LateReturnTable
    select_related = ("phase", "department")
    template_name = "enterprises/late_list.html"
    export_name = "late-monthly-returns"
    title = _("Monthly returns not filed")

    def dispatch(self, request, *args, **kwargs):
        if getattr(request.user, "role", None) in (Role.ENTERPRISE, Role.SURVEY):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def scoped(self, action=None):
        self.owed = monthly_calendar.owed(getattr(self.request.user, "park_id", None))
        enterprises = super().scoped(action)
        if self.owed is None:
            return enterprises.none()
        return monthly_calendar.not_filed(enterprises, self.owed)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owed"] = self.owed
        return context


def home_panel(user) -> dict | None:
    """Staff, leaders and departments: how many above-size enterprises have not filed
    the month owed, with the list one click away."""
    if getattr(user, "role", None) not in (Role.STAFF, Role.LEADER, Role.DEPARTMENT):
        return None
    owed = monthly_calendar.owed(user.park_id)
    if owed is None:
        return None
    missing = monthly_calendar.not_filed(Enterprise.objects.visible_to(user), owed).count()
    if not missing:
        return None
    return {"template": "enterprises/_monthly_home.html", "owed": owed, "missing": missing}


class MonthlyReturnFileView(ScopedMixin, FormView):
    """File (or file again) a month's return: an enterprise user for its own
    enterprise, staff for any enterprise of their park."""

    model = MonthlyReturn
    action = Action.ADD
    form_class = MonthlyReturnForm
    template_name = "enterprises/monthly_form.html"

    def dispatch(self, request, *args, pk, **kwargs):
        # a role that may not file is refused (ScopedMixin) before the enterprise is read
        if self.opens_for(request.user):
            found = Enterprise.objects.visible_to(request.user).filter(pk=pk).first()
            if found is None:
                raise Http404
            self.enterprise = found
        return super().dispatch(request, *args, pk=pk, **kwargs)

    def get_initial(self):
        from parkbase.core.clock import today

        day = today()
        year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
        return {"year": year, "month": month, "basis": "ytd"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            enterprise=self.enterprise, figures=FIGURES, jumps=getattr(self, "jumps", [])
        )
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        start = 1 if data.get("combined") else data["month"]
        try:
            filing = services.monthly_return_file(
                user=self.request.user,
                enterprise=self.enterprise,
                year=data["year"],
                period_start=start,
                period_end=data["month"],
                basis=data["basis"],
                values=form.canonical(),
                confirm_jumps=data.get("confirm_jumps", False),
                note=data.get("note", ""),
            )
        except services.JumpsToConfirm as jumped:
            self.jumps = [flag_text(j) for j in jumped.jumps]
            form.add_error(
                "confirm_jumps", _("Confirm the figures that changed a lot to file them.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except (ValidationError, StaleEdit) as refused:
            for message in getattr(refused, "messages", [str(refused)]):
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        changed = [
            f"{monthly_calendar.period_text(data['year'], c['period_end'])} "
            f"{str(LABELS[c['field']]).split('(')[0].split('（')[0]}"
            f"{' ' + str(_('year to date')) if c['kind'] == 'ytd' else ''}: "
            f"{_shown(c['field'], c['before'])} → {_shown(c['field'], c['after'])}"
            for c in filing.changes
        ]
        messages.success(
            self.request,
            _("The return is filed.") if filing.created else _("The return is updated."),
        )
        for line in changed[:20]:
            messages.info(self.request, line)
        return redirect(reverse("enterprise-detail", args=[self.enterprise.pk]) + "?tab=monthly")


def _shown(name, value) -> str:
    if value is None:
        return "—"
    if name in MONEY_FIGURES:
        return f"{Decimal(value) / WAN:,.2f}"
    return f"{value:,}"


class ReportingCalendarView(PostChangesMixin, ScopedMixin, TemplateView):
    """The park's monthly reporting deadlines, a setting of the committee's like the
    projects' pipeline: leaders read them, staff (and administrators) change them
    through the service, with their history. A park that never set them works with
    the defaults (18/20/25), shown as such."""

    model = ReportingCalendar
    template_name = "enterprises/reporting_calendar.html"

    def setup_calendar(self, request):
        self.park = current_park(request, request.POST.get("park"))
        self.calendar = (
            ReportingCalendar.objects.visible_to(request.user).filter(park=self.park).first()
        )

    def render_form(self, form, status=200):
        calendar = self.calendar
        changes = []
        if calendar is not None:
            changes = changes_of(
                ReportingCalendar.history.filter(id=calendar.pk), ReportingCalendar
            )
        context = self.get_context_data(
            form=form,
            park=self.park,
            parks=parks_to_choose(self.request),
            calendar=calendar,
            deadlines=[
                (field_label(ReportingCalendar, name), day)
                for name, day in monthly_calendar.deadlines(self.park.pk).items()
            ],
            changes=changes,
            can_change=may(self.request.user, Action.CHANGE, ReportingCalendar),
            title=_("Monthly reporting calendar"),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        self.setup_calendar(request)
        initial = monthly_calendar.deadlines(self.park.pk)
        if self.calendar is not None:
            initial["version"] = self.calendar.version
        return self.render_form(ReportingCalendarForm(initial=initial))

    def post(self, request, *args, **kwargs):
        self.setup_calendar(request)
        form = ReportingCalendarForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        with refusals(form=form) as outcome:
            services.reporting_calendar_save(
                user=request.user,
                park=self.park,
                expected_version=form.cleaned_data.get("version"),
                **form.days(),
            )
        if outcome.refused:
            return self.render_form(form, status=400)
        messages.success(request, _("Saved."))
        url = reverse("monthly-calendar")
        return redirect(url if request.user.park_id else f"{url}?park={self.park.pk}")
