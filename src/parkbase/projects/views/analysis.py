"""The read-only analysis pages of the investment pipeline: the funnel with the money
summary, lost projects (with XLSX), the key-projects board, the blockers board (with
XLSX) and the working lists (my next steps, overdue next steps, stalled projects, new
leads' response deadlines). Leaders, staff and administrators only: every other role
gets 403 (``ProjectScopedMixin``). The reads are in ``projects.selectors``."""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts, clock
from parkbase.core.exports import xlsx_response
from parkbase.core.need_to_know import shown
from parkbase.core.pagination import DeferredJoinPaginator
from parkbase.core.units import WAN
from parkbase.core.views import ScopedListView
from parkbase.projects import selectors
from parkbase.projects.choices import (
    LossReason,
    PlaceLevel,
)
from parkbase.projects.filtersets import BlockerBoardFilterSet
from parkbase.projects.forms import FunnelFilterForm, LostFilterForm
from parkbase.projects.importers.parts import BLOCKERS
from parkbase.projects.models import Blocker, Loss, Project
from parkbase.projects.tables import BlockerTable, blocker_days_open, blocker_overdue
from parkbase.projects.views.common import ProjectScopedMixin, current_park, parks_to_choose

LOSS_PAGE = 50


def _wan(value) -> float:
    """yuan → 万元 for a chart (two places)."""
    return float(round(Decimal(value or 0) / WAN, 2))


class AnalysisMixin(ProjectScopedMixin):
    """The park the page reads (the user's own; an administrator's choice) and what
    every analysis page puts in its context."""

    model = Project

    @cached_property
    def park(self):
        return current_park(self.request)

    @cached_property
    def park_query(self) -> str:
        """``park=<id>`` for users of no park (administrators), carried by every link."""
        return "" if self.request.user.park_id else urlencode({"park": self.park.pk})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            park=self.park,
            parks=parks_to_choose(self.request),
            park_query=self.park_query,
            today=clock.today(),
        )
        return context


# --- funnel -------------------------------------------------------------------------


class FunnelView(AnalysisMixin, TemplateView):
    """Projects that reached each stage, the conversion from the stage before, the
    median days of a stay per stage. The money summary under it comes from
    ``MoneyView`` once the page has loaded, with the same filters."""

    template_name = "projects/analysis_funnel.html"

    def filter_form(self):
        user, park = self.request.user, self.park
        return FunnelFilterForm(
            self.request.GET or None,
            years=selectors.contact_years(user, park),
            officers=selectors.officers(user, park),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        rows = selectors.funnel(self.request.user, self.park, form.filters())
        context.update(
            form=form,
            rows=rows,
            funnel_option=charts.funnel([{"name": r.label, "value": r.reached} for r in rows]),
            funnel_height=charts.funnel_height(len(rows)),
            days_option=charts.bar(
                [{"name": r.label, "value": round(r.median_days or 0, 1)} for r in rows if r.stays]
            ),
        )
        return context


class MoneyView(FunnelView):
    """Planned, contracted and in-place money by year and by source, never counting a
    project twice: a page of its own, and the funnel page's lower half (htmx)."""

    template_name = "projects/analysis_money.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and not self.request.htmx.boosted:
            return ["projects/_money.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = AnalysisMixin.get_context_data(self, **kwargs)
        form = self.filter_form()
        money = selectors.money_summary(self.request.user, self.park, form.filters())
        context.update(
            form=form,
            money=money,
            money_option=charts.lines(
                [r.label for r in money.by_year],
                {
                    str(_("planned")): [_wan(r.planned) for r in money.by_year],
                    str(_("contracted")): [_wan(r.contracted) for r in money.by_year],
                    str(_("in place")): [_wan(r.in_place) for r in money.by_year],
                },
                kind="bar",
            ),
        )
        return context


# --- lost projects ------------------------------------------------------------------


def _destinations(loss) -> list[dict]:
    levels = dict(PlaceLevel.choices)
    return [
        {"place": d.place, "level": str(levels.get(d.level, d.level)), "winner": d.winner}
        for d in loss.destination_rows
    ]


def _decorate_losses(losses):
    for loss in losses:
        loss.investor_names = selectors.investors_shown(loss.project, loss.insider)
        loss.places = _destinations(loss)
    return losses


class LostView(AnalysisMixin, TemplateView):
    """Lost projects by reason, destination (place and level) and year, and the list of
    them with where they went, who won them and what would have kept them; XLSX."""

    model = Loss
    template_name = "projects/analysis_lost.html"

    @cached_property
    def form(self):
        years = selectors.loss_years(self.request.user, self.park)
        return LostFilterForm(self.request.GET or None, years=years)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        headers = [
            _t("project"),
            _t("lost on"),
            _t("reason"),
            _t("what happened"),
            _t("destinations"),
            _t("competitor or winner"),
            _t("what would have kept it"),
            _t("investors"),
            _t("stage reached"),
            _t("total investment (yuan)"),
        ]
        reasons = dict(LossReason.choices)
        queryset = selectors.lost_projects(self.request.user, self.park, **self.form.values())

        def rows():
            for loss in _decorate_losses(queryset.select_related("project__stage")):
                yield [
                    loss.project_name,
                    loss.lost_on,
                    str(reasons.get(loss.reason, loss.reason)),
                    shown(None, loss, "detail"),  # rows come marked by visible_to
                    "；".join(f"{d['place']}（{d['level']}）" for d in loss.places),
                    "；".join(d["winner"] for d in loss.places if d["winner"]),
                    shown(None, loss, "would_have_kept"),
                    "；".join(loss.investor_names),
                    selectors.stage_label(loss.project.stage),
                    loss.project.total_investment,
                ]

        return xlsx_response("lost-projects", headers, rows(), sheet=_t("Lost projects"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, park = self.request.user, self.park
        values = self.form.values()
        analysis = selectors.loss_analysis(user, park, **values)
        queryset = selectors.lost_projects(user, park, **values).select_related("project__stage")
        page = DeferredJoinPaginator(queryset, LOSS_PAGE).get_page(self.request.GET.get("page"))
        _decorate_losses(page.object_list)
        reasons = dict(LossReason.choices)
        query = self.request.GET.copy()
        query.pop("page", None)
        export = query.copy()
        export["export"] = "xlsx"
        context.update(
            form=self.form,
            analysis=analysis,
            page=page,
            query=query.urlencode(),
            export_query=export.urlencode(),
            reason_option=charts.bar(
                [{"name": r["label"], "value": r["count"]} for r in analysis.by_reason],
                horizontal=True,
            ),
            destination_option=charts.bar(
                [{"name": d["place"], "value": d["count"]} for d in analysis.by_destination[:15]],
                horizontal=True,
            ),
            year_option=charts.stacked_bar(
                [row["year"] for row in analysis.by_year],
                {
                    str(reasons[code]): [row["reasons"].get(code, 0) for row in analysis.by_year]
                    for code in LossReason.values
                    if any(code in row["reasons"] for row in analysis.by_year)
                },
            ),
        )
        return context


# --- key projects -------------------------------------------------------------------


class KeyProjectsView(AnalysisMixin, TemplateView):
    """The key projects by level for the park's leaders: stage, days in it, open
    blockers, last activity and money in place."""

    template_name = "projects/analysis_key.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = selectors.key_projects(
            self.request.user, self.park, context["today"], limit=selectors.LIST_LIMIT
        )
        for group in groups:
            for project in group.projects:
                project.stage.label = selectors.stage_label(project.stage)
        context.update(groups=groups, total=sum(len(g.projects) for g in groups))
        return context


# --- blockers board -----------------------------------------------------------------


class BlockerBoardView(AnalysisMixin, ScopedListView):
    """The open blockers across the park's projects, oldest first: who must act, by
    when, how far escalated; filters, pages and XLSX with the same filter."""

    model = Blocker
    filterset_class = BlockerBoardFilterSet
    table_class = BlockerTable
    template_name = "projects/analysis_blockers.html"
    partial_template_name = "projects/analysis_blockers_results.html"
    export_name = "blockers"
    title = _("Blockers board")

    def scoped(self, action=None):
        return selectors.open_blockers(self.request.user, self.park)

    export = staticmethod(BLOCKERS.export_rows)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for blocker in context["page"].object_list:
            blocker.days_open = blocker_days_open(blocker)
            blocker.overdue = blocker_overdue(blocker)
        if not (getattr(self.request, "htmx", False) and not self.request.htmx.boosted):
            context["summary"] = selectors.blocker_summary(
                self.request.user, self.park, context["today"]
            )
        return context


# --- my tasks, overdue, stalled, new leads ------------------------------------------


class TasksView(AnalysisMixin, TemplateView):
    """My next steps, everyone's overdue next steps, stalled projects (talk / drop) and
    new leads whose response deadlines are open or were missed."""

    template_name = "projects/analysis_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, park, today = self.request.user, self.park, context["today"]
        rules = selectors.pipeline_rules(user, park)
        limit = selectors.LIST_LIMIT
        mine, mine_count = selectors.first_rows(selectors.my_tasks(user, park), limit)
        overdue, overdue_count = selectors.first_rows(
            selectors.overdue_steps(user, park, today), limit
        )
        stalled, stall_counts = selectors.stalled_page(user, park, today, rules, limit)
        leads = selectors.lead_deadlines(user, park, today, rules)
        context.update(
            rules=rules,
            limit=limit,
            mine=mine,
            mine_count=mine_count,
            overdue=overdue,
            overdue_count=overdue_count,
            stalled=stalled,
            stall_counts=stall_counts,
            leads=leads[:limit],
            leads_count=len(leads),
            leads_late=sum(1 for row in leads if row.late),
        )
        for activity in context["mine"] + context["overdue"]:
            activity.overdue = activity.due_on is not None and activity.due_on < today
            activity.days_overdue = (today - activity.due_on).days if activity.overdue else 0
        for row in context["stalled"]:
            row.stage.label = selectors.stage_label(row.stage)
        return context
