"""Evaluation pages: runs (with the notice period and publishing), results with their
scorecards and overrides, and schemes edited as their YAML file."""

from __future__ import annotations

import json

import yaml
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core import charts
from parkbase.core.choices import Action
from parkbase.core.edit_views import refusals
from parkbase.core.history import changes_of
from parkbase.core.messages import as_validation_error, render
from parkbase.core.scoping import role_allows
from parkbase.core.views import PostChangesMixin, ScopedListView, ScopedMixin
from parkbase.core.violations import Violation
from parkbase.evaluation import exports, selectors, services
from parkbase.evaluation.filtersets import ResultFilterSet, RunFilterSet, SchemeFilterSet
from parkbase.evaluation.forms import (
    ObjectionAnswerForm,
    ObjectionForm,
    OverrideForm,
    RunCreateForm,
    RunStepForm,
    SchemeForm,
)
from parkbase.evaluation.models import Objection, Result, Run, Scheme
from parkbase.evaluation.scheme import scheme_from_dict, scheme_to_dict
from parkbase.evaluation.tables import ResultTable, RunTable, SchemeTable
from parkbase.evaluation.wording import (
    METHOD_WORDS,
    explained,
    figure_choices,
    figure_label,
    figure_value,
    figures_used,
    named,
    run_warning,
)

# ---------------------------------------------------------------- runs


class RunListView(ScopedListView):
    model = Run
    filterset_class = RunFilterSet
    table_class = RunTable
    select_related = ("scheme",)
    template_name = "evaluation/run_list.html"
    export_name = "evaluation-runs"
    title = _("Per-mu evaluation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["schemes"] = Scheme.objects.visible_to(user)
        return context

    def post(self, request, *args, **kwargs):
        if not role_allows(request.user, Action.ADD, Run):
            return self.handle_no_permission()
        form = RunCreateForm(request.POST, user=request.user)
        scheme = form.visible(Scheme, "scheme")
        if scheme is None:
            messages.error(request, render(Violation(str(_("scheme")), "required")))
            return redirect("evaluation-runs")
        run = None
        with refusals(request):
            run = services.run_create(scheme=scheme, year=form.year_value(), user=request.user)
        if run is None:
            return redirect("evaluation-runs")
        return redirect("evaluation-run", pk=run.pk)


# the steps of a run the page's buttons take
RUN_STEPS = {
    "notice": services.run_start_notice,
    "publish": services.run_publish,
    "recompute": services.run_recompute,
}


def _group_rows(run: Run, counts: dict) -> list[tuple[str, str, int]]:
    """The run's peer groups as (code, name, enterprises), in the scheme's words."""
    try:
        names = {g.code: named(g) for g in services.scheme_check(run.scheme_definition).groups}
    except ValidationError:  # a definition this code no longer reads: its codes, then
        names = {}
    return [(code, names.get(code) or code, count) for code, count in counts.items()]


def _labelled(objections) -> list[Objection]:
    """Objections with ``field_label``, the figure they dispute by its label, and
    ``proposed``, the value proposed in the unit the figure is shown and typed in."""
    out = list(objections)
    for objection in out:
        objection.field_label = figure_label(objection.field)
        objection.proposed = figure_value(objection.field, objection.proposed_value)
    return out


class RunDetailView(PostChangesMixin, ScopedMixin, TemplateView):
    model = Run
    template_name = "evaluation/run_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.get_scoped_object(pk)
        user = self.request.user
        summary = selectors.run_summary(user, run)
        committee = selectors.sees_whole_park(user)
        context.update(
            run=run,
            summary=summary,
            can_change=self.scoped(Action.CHANGE).filter(pk=pk).exists(),
            class_chart=charts.class_bar(summary.get("classes", {}), selectors.class_names(run)),
            groups=_group_rows(run, summary.get("groups", {})),
            warnings=[run_warning(w, run.scheme_definition) for w in run.warnings]
            if committee
            else [],
            objections=_labelled(
                Objection.objects.visible_to(user).filter(run=run).select_related("enterprise")
            ),
            # how a draft was worked on stays inside the committee
            changes=changes_of(Run.history.filter(id=run.pk), Run) if committee else [],
        )
        return context

    def post(self, request, pk):
        run = self.get_scoped_object(pk, Action.CHANGE)
        form = RunStepForm(request.POST)
        service = RUN_STEPS.get(form.text("step"))
        if service is not None:
            form.act(request, service, run=run)
        return redirect("evaluation-run", pk=pk)


# ---------------------------------------------------------------- results


class ResultListView(ScopedListView):
    model = Result
    filterset_class = ResultFilterSet
    table_class = ResultTable
    select_related = ("enterprise", "run")
    export_name = "evaluation-results"
    title = _("Evaluation results")

    export = staticmethod(exports.result_rows)


def _radar(result: Result, scheme) -> str:
    """The result's score per indicator against the group median's, each as a share of
    the indicator's weight (a radar; bars below three indicators)."""
    group = next((g for g in scheme.groups if g.code == result.group), None)
    if group is None:
        return ""
    medians = result.run.summary.get("median_scores", {})
    names = [named(ind) for ind in group.indicators]

    def share(score, ind):
        return round(100 * (score or 0) / ind.weight, 1) if ind.weight else 0

    return charts.radar(
        names,
        {
            str(_("this enterprise")): [
                share(result.scores.get(ind.code), ind) for ind in group.indicators
            ],
            str(_("group median")): [
                share(medians.get(f"{group.code}|{ind.code}"), ind) for ind in group.indicators
            ],
        },
    )


class ResultDetailView(PostChangesMixin, ScopedMixin, TemplateView):
    """The scorecard: indicators against benchmarks, the radar against the group
    median, the explanation, the class over the years, and the override."""

    model = Result
    template_name = "evaluation/result_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.get_scoped_object(pk)
        scheme = services.scheme_check(result.run.scheme_definition)
        group = next((g for g in scheme.groups if g.code == result.group), None)
        benchmarks = result.run.summary.get("benchmarks", {})
        rows = [
            {
                "indicator": ind,
                "value": result.indicator_values.get(ind.code),
                "benchmark": benchmarks.get(f"{group.code}|{ind.code}"),
                "score": result.scores.get(ind.code),
            }
            for ind in (group.indicators if group else ())
        ]
        history = selectors.with_class_names(selectors.class_history(self.request.user, result))
        context.update(
            result=result,
            group=group,
            rows=rows,
            explanation=explained(services.explanation(result, scheme)),
            figures=figures_used(result.figures),
            radar=_radar(result, scheme),
            class_history=history,
            class_names=scheme.class_names(),
            can_change=self.scoped(Action.CHANGE).filter(pk=pk).exists()
            and result.run.status != "published",
            can_object=result.run.status == "notice"
            and role_allows(self.request.user, Action.ADD, Objection),
            objections=_labelled(
                Objection.objects.visible_to(self.request.user).filter(
                    run=result.run_id, enterprise=result.enterprise_id
                )
            ),
            figure_names=figure_choices(),
            changes=changes_of(Result.history.filter(id=result.pk), Result)
            if selectors.sees_whole_park(self.request.user)
            else [],
        )
        return context

    def post(self, request, pk):
        result = self.get_scoped_object(pk, Action.CHANGE)
        OverrideForm(request.POST).act(request, services.result_override, result=result)
        return redirect("evaluation-result", pk=pk)


# ---------------------------------------------------------------- schemes


class SchemeListView(ScopedListView):
    model = Scheme
    filterset_class = SchemeFilterSet
    table_class = SchemeTable
    template_name = "evaluation/scheme_list.html"
    export_name = "evaluation-schemes"
    title = _("Evaluation schemes")


def scheme_yaml(definition: dict) -> str:
    return yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=100)


def _scheme_groups(scheme: Scheme | None) -> list:
    """The scheme's peer groups, each with its indicators and their scoring methods in
    words."""
    if scheme is None:
        return []
    return [
        (g, [(i, METHOD_WORDS.get(i.method, i.method)) for i in g.indicators])
        for g in scheme_from_dict(scheme.definition).groups
    ]


class SchemeEditView(ScopedMixin, TemplateView):
    """A scheme as its YAML file: shown, downloaded, edited and checked as a whole."""

    model = Scheme
    template_name = "evaluation/scheme_detail.html"

    def required_action(self) -> str:
        if "pk" not in self.kwargs:
            return Action.ADD  # a new scheme, its empty editor too
        return Action.CHANGE if self.request.method == "POST" else Action.VIEW

    def get(self, request, pk=None):
        scheme = self.get_scoped_object(pk) if pk else None
        definition = scheme.definition if scheme else services.default_scheme_definition()
        download = request.GET.get("download")
        if scheme and download in ("yaml", "json"):
            body = (
                scheme_yaml(definition)
                if download == "yaml"
                else json.dumps(definition, ensure_ascii=False, indent=2)
            )
            response = HttpResponse(body, content_type=f"application/{download}; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="scheme-{scheme.pk}-v{scheme.version}.{download}"'
            )
            return response
        return self.render_to_response(
            self.get_context_data(scheme=scheme, text=scheme_yaml(definition))
        )

    def get_context_data(self, scheme=None, text="", errors=(), **kwargs):
        context = super().get_context_data(**kwargs)
        action = Action.CHANGE if scheme else Action.ADD
        can_edit = (
            self.scoped(Action.CHANGE).filter(pk=scheme.pk).exists()
            if scheme
            else role_allows(self.request.user, action, Scheme)
        )
        context.update(
            scheme=scheme,
            text=text,
            errors=errors,
            can_edit=can_edit,
            groups=_scheme_groups(scheme),
            changes=changes_of(Scheme.history.filter(id=scheme.pk), Scheme) if scheme else [],
        )
        return context

    def post(self, request, pk=None):
        scheme = self.get_scoped_object(pk, Action.CHANGE) if pk else None
        form = SchemeForm(request.POST, request.FILES)
        text = form.text("text")
        with refusals() as outcome:
            text = form.scheme_text()
            parsed = services.scheme_parse_text(text)
            definition = scheme_to_dict(parsed)
            if scheme:
                scheme = services.scheme_update(
                    scheme=scheme,
                    definition=definition,
                    expected_version=form.integer("version"),
                    user=request.user,
                )
            else:
                if request.user.park is None:
                    raise as_validation_error([Violation("park", "required")])
                scheme = services.scheme_create(
                    park=request.user.park, definition=definition, user=request.user
                )
        if outcome.refused:
            context = self.get_context_data(scheme=scheme, text=text, errors=outcome.messages)
            return self.render_to_response(context, status=409 if outcome.stale else 400)
        messages.success(request, _("Scheme saved."))
        return redirect("evaluation-scheme", pk=scheme.pk)


# ---------------------------------------------------------------- objections


class ObjectionCreateView(ScopedMixin, TemplateView):
    """An objection to a result in the notice period, from the scorecard: the
    enterprise's own users (or staff on its behalf)."""

    model = Objection
    action = Action.ADD
    http_method_names = ["post"]

    def post(self, request, pk):
        result = (
            Result.objects.visible_to(request.user)
            .select_related("run", "enterprise")
            .filter(pk=pk)
        ).first()
        if result is None:
            raise Http404
        form = ObjectionForm(request.POST)
        with refusals(request):
            services.objection_create(
                run=result.run,
                enterprise=result.enterprise,
                claim=form.text("claim"),
                field=form.text("field"),
                proposed_value=form.proposed(),
                user=request.user,
            )
            messages.success(request, _("Your objection was recorded."))
        return redirect("evaluation-result", pk=pk)


class ObjectionAnswerView(ScopedMixin, TemplateView):
    model = Objection
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        objection = self.get_scoped_object(pk, Action.CHANGE)
        ObjectionAnswerForm(request.POST).act(
            request, services.objection_answer, objection=objection
        )
        return redirect("evaluation-run", pk=objection.run_id)
