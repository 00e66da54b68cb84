"""Indicator pages: the progress table (filters, XLSX), the library, one indicator's
page (trend, projection, contributors), its target form with the split by unit and
month, and the responsible units.

Park-level data: administrators, leaders and staff of the park; leaders read.
Everyone else finds nothing here (404)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts
from parkbase.core.choices import Action
from parkbase.core.clock import today
from parkbase.core.edit_views import ServiceFormView, refusals
from parkbase.core.exports import xlsx_response
from parkbase.core.history import changes_of
from parkbase.core.views import (
    PostChangesMixin,
    ScopedListView,
    ScopedMixin,
    as_int,
    current_park,
    may,
    object_or_404,
)
from parkbase.evaluation.models import Decision
from parkbase.indicators import report, selectors, services
from parkbase.indicators.choices import TargetKind, ValueSource
from parkbase.indicators.filtersets import KeyTaskFilterSet
from parkbase.indicators.forms import (
    IndicatorForm,
    KeyTaskForm,
    ManualValueForm,
    TargetForm,
    UnitForm,
)
from parkbase.indicators.models import (
    Indicator,
    KeyTask,
    ManualValue,
    ResponsibleUnit,
    Target,
)
from parkbase.indicators.tables import KeyTaskTable, task_late
from parkbase.indicators.wording import (
    display_unit_label,
    filed_text,
    filing_period,
    month_name,
    partial_note,
    period_label,
    plain,
)
from parkbase.land.models import Parcel
from parkbase.projects.models import Project


class IndicatorMixin(ScopedMixin):
    model = Indicator
    indicators_tab = "progress"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators_tab"] = self.indicators_tab
        return context

    def year_month(self, park) -> tuple[int, int]:
        """The period asked for; by default the latest month with the park's monthly
        returns (of the year asked for, else of this year or the years before), not
        after the as-of date."""
        user = self.request.user
        year = as_int(self.request.GET.get("year"))
        month = as_int(self.request.GET.get("month"))
        month = month if month and 1 <= month <= 12 else None
        if year and 1990 <= year <= 2100:
            return year, month or selectors.default_month(park, year, user)
        if month:
            return today().year, month
        return selectors.data_period(park, user)


class ProgressView(IndicatorMixin, TemplateView):
    template_name = "indicators/progress.html"

    def get(self, request, *args, **kwargs):
        park = current_park(request)
        year, month = self.year_month(park)
        self.rows = selectors.progress_table(park, year, month, request.user)
        if request.GET.get("export") == "xlsx":
            rows = [report.cells(r) for r in self.rows]
            name = f"indicators-{year}-{month:02d}"
            return xlsx_response(name, report.headers(), rows, sheet=gettext("Progress"))
        self.park, self.year, self.month = park, year, month
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = today().year
        context.update(
            park=self.park,
            year=self.year,
            month=self.month,
            period=period_label(self.year, self.month),
            years=list(range(now, now - 6, -1)),
            months=[(m, month_name(m)) for m in range(1, 13)],
            rows=[(r, report.cells(r, with_filed=False)) for r in self.rows],
            headers=report.headers(with_filed=False),
            alerts=sum(1 for r in self.rows if r.alert),
        )
        filing = next((r.filing for r in self.rows if r.filing is not None), None)
        if filing is not None:
            context.update(
                filing=filing,
                filing_period=filing_period(filing),
                filed=filed_text(filing),
                partial_note=partial_note(filing),
            )
        return context


class LibraryView(IndicatorMixin, TemplateView):
    template_name = "indicators/library.html"
    indicators_tab = "library"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = current_park(self.request)
        context.update(
            indicators=selectors.indicators_of(park, self.request.user, active_only=False),
            can_add=may(self.request.user, Action.ADD, Indicator),
        )
        return context


class IndicatorEditView(IndicatorMixin, ServiceFormView):
    template_name = "indicators/indicator_form.html"
    indicators_tab = "library"
    form_class = IndicatorForm
    create_service = staticmethod(services.indicator_create)
    update_service = staticmethod(services.indicator_update)
    service_arg = "indicator"

    def create_args(self) -> dict:
        return {"park": current_park(self.request)}

    def form_kwargs(self, obj) -> dict:
        return {"instance": obj or Indicator(), "user": self.request.user}

    def form_context(self, form, obj) -> dict:
        return {"indicator": obj}

    def success_url(self, saved) -> str:
        return reverse("indicator", args=[saved.pk])


class IndicatorDetailView(IndicatorMixin, TemplateView):
    template_name = "indicators/indicator_detail.html"
    indicators_tab = "library"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        indicator = object_or_404(self.request, Indicator, pk)
        year, month = self.year_month(indicator.park)
        detail = selectors.indicator_detail(indicator, year, month, user)
        row = detail.row
        labels = [str(month_name(m)) for m in range(1, 13)]

        def shown(series):
            return [float(row.shown(series[m])) if m in series else None for m in range(1, 13)]

        trend = charts.lines(
            labels,
            {
                gettext("{year}, year to date").format(year=year): shown(detail.this_year),
                gettext("{year}, year to date").format(year=year - 1): shown(detail.last_year),
            },
        )
        context.update(
            indicator=indicator,
            year=year,
            month=month,
            period=period_label(year, month),
            row=row,
            cells=dict(zip(report.headers(), report.cells(row), strict=True)),
            detail=detail,
            trend_option=trend,
            unit_label=display_unit_label(indicator.display_unit),
            decliners=[(c, plain(row.shown(c.change))) for c in detail.decliners],
            risers=[(c, plain(row.shown(c.change))) for c in detail.risers],
            can_change=may(user, Action.CHANGE, Indicator),
            partial_note=partial_note(row.filing),
            target=row.target,
            shares=[(s.unit, plain(row.shown(s.value))) for s in row.target.shares.all()]
            if row.target
            else [],
        )
        return context


class TargetEditView(IndicatorMixin, TemplateView):
    """The year's target of an indicator with its split by responsible unit and by
    month; a new target's months default to the past years' shape."""

    template_name = "indicators/target_form.html"
    indicators_tab = "library"
    action = Action.CHANGE  # the form is for those who set targets; leaders read them

    def setup_target(self, pk, year):
        self.indicator = object_or_404(self.request, Indicator, pk)
        self.year = year
        self.target = (
            Target.objects.visible_to(self.request.user)
            .filter(indicator=self.indicator, year=year)
            .first()
        )
        self.units = selectors.units_of(self.indicator.park, self.request.user).filter(active=True)
        self.factor = services.factor(self.indicator)

    def initial(self) -> dict:
        f = self.factor
        if self.target is None:
            return {"kind": TargetKind.LEVEL, "threshold": 5}
        data = {
            "kind": self.target.kind,
            "value": self.target.value / f
            if self.target.kind == TargetKind.LEVEL
            else self.target.value,
            "threshold": self.target.threshold,
            "note": self.target.note,
            "version": self.target.version,
        }
        for share in self.target.shares.all():
            data[f"unit_{share.unit_id}"] = share.value / f
        for month in self.target.months.all():
            data[f"month_{month.month}"] = month.value / f
        return data

    def render_form(self, form, status=200):
        context = self.get_context_data(form=form)
        context.update(
            indicator=self.indicator,
            year=self.year,
            target=self.target,
            unit_label=display_unit_label(self.indicator.display_unit),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, pk, year, **kwargs):
        self.setup_target(pk, year)
        initial = self.initial()
        if self.target is None and request.GET.get("value"):
            value = Decimal(as_int(request.GET["value"]) or 0)
            past = selectors.past_years_series(self.indicator, year, request.user)
            months = services.default_months(self.indicator, value * self.factor, past)
            initial |= {"value": value} | {
                f"month_{m}": v / self.factor for m, v in enumerate(months, start=1)
            }
        return self.render_form(TargetForm(units=self.units, initial=initial))

    def post(self, request, pk, year, **kwargs):
        self.setup_target(pk, year)
        form = TargetForm(request.POST, units=self.units)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        level = data["kind"] == TargetKind.LEVEL
        shares, months = form.split(self.factor if level else Decimal(1))
        if level and months is None and self.target is None:
            past = selectors.past_years_series(self.indicator, year, request.user)
            months = services.default_months(self.indicator, data["value"] * self.factor, past)
        with refusals(form=form) as outcome:
            services.target_save(
                indicator=self.indicator,
                year=year,
                kind=data["kind"],
                value=data["value"] * self.factor if level else data["value"],
                threshold=data["threshold"],
                note=data["note"],
                shares=shares,
                months=months,
                expected_version=data.get("version"),
                user=request.user,
            )
        if outcome.refused:
            return self.render_form(form, status=400)
        messages.success(request, gettext("Saved."))
        return redirect(f"{reverse('indicator', args=[self.indicator.pk])}?year={year}")


class UnitListView(IndicatorMixin, TemplateView):
    model = ResponsibleUnit
    template_name = "indicators/unit_list.html"
    indicators_tab = "units"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = current_park(self.request)
        context.update(
            units=selectors.units_of(park, self.request.user),
            can_add=may(self.request.user, Action.ADD, ResponsibleUnit),
        )
        return context


class UnitEditView(IndicatorMixin, ServiceFormView):
    model = ResponsibleUnit
    template_name = "indicators/unit_form.html"
    indicators_tab = "units"
    form_class = UnitForm
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    delete_service = staticmethod(services.unit_delete)
    service_arg = "unit"

    def create_args(self) -> dict:
        return {"park": current_park(self.request)}

    def form_kwargs(self, obj) -> dict:
        return {"instance": obj or ResponsibleUnit(), "user": self.request.user}

    def delete(self, obj):
        self.delete_service(unit=obj, expected_version=obj.version, user=self.request.user)

    def form_context(self, form, obj) -> dict:
        return {"unit": obj}

    def success_url(self, saved) -> str:
        return reverse("indicator-units")

    def deleted_url(self, obj) -> str:
        return reverse("indicator-units")


# ------------------------------------------------------------------------ key tasks


class KeyTaskListView(ScopedListView):
    """The key tasks of the work plans: filter by year, status, unit and late; sort;
    export to XLSX with the same filter. Late tasks carry a badge."""

    model = KeyTask
    filterset_class = KeyTaskFilterSet
    table_class = KeyTaskTable
    select_related = ("unit", "owner")
    template_name = "indicators/key_task_list.html"
    export_name = "key-tasks"
    title = _("Key tasks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["indicators_tab"] = "tasks"
        return context


class KeyTaskDetailView(IndicatorMixin, TemplateView):
    model = KeyTask
    template_name = "indicators/key_task_detail.html"
    indicators_tab = "tasks"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        task = object_or_404(self.request, KeyTask, pk, Action.VIEW, "unit", "owner")
        late_steps = set(selectors.late_milestones(task))
        context.update(
            task=task,
            late=task_late(task),
            milestones=[(step, i in late_steps) for i, step in enumerate(task.milestones or [])],
            projects=Project.objects.visible_to(user).filter(key_tasks=task).order_by("id"),
            parcels=Parcel.objects.visible_to(user).filter(key_tasks=task).order_by("code"),
            decisions=Decision.objects.visible_to(user)
            .filter(key_tasks=task)
            .select_related("enterprise"),
            indicators=Indicator.objects.visible_to(user).filter(key_tasks=task),
            can_change=may(user, Action.CHANGE, KeyTask),
            changes=changes_of(KeyTask.history.filter(id=task.pk), KeyTask),
        )
        return context


class KeyTaskEditView(IndicatorMixin, ServiceFormView):
    model = KeyTask
    template_name = "indicators/key_task_form.html"
    indicators_tab = "tasks"
    form_class = KeyTaskForm
    create_service = staticmethod(services.key_task_create)
    update_service = staticmethod(services.key_task_update)
    delete_service = staticmethod(services.key_task_delete)
    service_arg = "task"

    def park(self):
        return current_park(self.request)

    def create_args(self) -> dict:
        return {"park": self.park()}

    def form_kwargs(self, obj) -> dict:
        instance = obj or KeyTask(year=today().year, park=self.park())
        return {"instance": instance, "user": self.request.user, "park": instance.park}

    def delete(self, obj):
        self.delete_service(task=obj, expected_version=obj.version, user=self.request.user)

    def form_context(self, form, obj) -> dict:
        return {"task": obj}

    def success_url(self, saved) -> str:
        return reverse("key-task", args=[saved.pk])

    def deleted_url(self, obj) -> str:
        return reverse("key-tasks")


# ------------------------------------------------------------- values entered by hand


class ManualValuesView(PostChangesMixin, IndicatorMixin, TemplateView):
    """An indicator's values entered by hand, year by year, with their history; staff
    enter a new one or correct one (the same year and month again)."""

    model = ManualValue
    template_name = "indicators/manual_values.html"
    indicators_tab = "library"

    def setup_indicator(self, pk):
        self.indicator = object_or_404(self.request, Indicator, pk)
        self.factor = Decimal(1) if self.indicator.is_rate else services.factor(self.indicator)

    def render_page(self, form, status=200):
        user = self.request.user
        indicator = self.indicator
        values = ManualValue.objects.visible_to(user).filter(indicator=indicator)
        rows = [
            (v, plain(v.value / self.factor, 4)) for v in values.order_by("-year", "-period_end")
        ]
        context = self.get_context_data(
            indicator=indicator,
            form=form,
            rows=rows,
            unit_label=display_unit_label(indicator.display_unit),
            by_hand=indicator.source == ValueSource.MANUAL,
            can_change=may(user, Action.CHANGE, ManualValue),
            changes=changes_of(
                ManualValue.history.filter(indicator_id=indicator.pk),
                ManualValue,
                label=lambda r: f"{r.year}-{r.period_end:02d}",
            ),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, pk, **kwargs):
        self.setup_indicator(pk)
        initial = {"year": today().year, "period_end": selectors.latest_month(today().year)}
        for name in ("year", "period_end"):
            if as_int(request.GET.get(name)):
                initial[name] = as_int(request.GET[name])
        return self.render_page(ManualValueForm(initial=initial))

    def post(self, request, pk, **kwargs):
        self.setup_indicator(pk)
        form = ManualValueForm(request.POST)
        if not form.is_valid():
            return self.render_page(form, status=400)
        data = form.cleaned_data
        with refusals(form=form) as outcome:
            services.manual_value_save(
                indicator=self.indicator,
                year=data["year"],
                period_end=data["period_end"],
                value=data["value"] * self.factor,
                source=data["source"],
                note=data["note"],
                user=request.user,
            )
        if outcome.refused:
            return self.render_page(form, status=400)
        messages.success(request, gettext("Saved."))
        return redirect(reverse("indicator-values", args=[self.indicator.pk]))
