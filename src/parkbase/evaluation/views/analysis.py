"""Reading across runs: class migration, consecutive years in the lowest class, what
the class policies cost each enterprise, and what-if schemes that save nothing."""

from __future__ import annotations

import copy
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _t
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import refusals
from parkbase.core.exports import xlsx_response
from parkbase.core.scoping import role_allows
from parkbase.core.views import PostChangesMixin, ScopedMixin
from parkbase.evaluation import selectors, services
from parkbase.evaluation.choices import PolicyKind
from parkbase.evaluation.forms import PolicyForm
from parkbase.evaluation.models import ClassPolicy, Run, Scheme
from parkbase.evaluation.views.common import (
    as_int,
    errors_of,
)


def _year(request, model=Run) -> int | None:
    year = as_int(request.GET.get("year"))
    if year:
        return year
    return selectors.published_years(request.user).first()


class AnalysisView(ScopedMixin, TemplateView):
    """Class migration from last year and the enterprises longest in the lowest class."""

    model = Run
    template_name = "evaluation/analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, _year(self.request)
        migration = selectors.class_migration(user, year) if year else None
        context.update(
            year=year,
            years=selectors.published_years(user).distinct(),
            migration=migration,
            matrix=[(c, migration.row(c)) for c in migration.classes] if migration else [],
            class_names=[c for c in migration.classes if c != selectors.NO_CLASS]
            if migration
            else [],
            streaks=selectors.lowest_class_streaks(user, year) if year else [],
        )
        return context


class PolicyView(PostChangesMixin, ScopedMixin, TemplateView):
    """The class-policy table of a year (editable by staff) and its money effect on
    each enterprise, exportable."""

    model = ClassPolicy
    template_name = "evaluation/policies.html"

    def get(self, request, *args, **kwargs):
        year = _year(request)
        if request.GET.get("export") == "xlsx":
            return self.export(year)
        return super().get(request, *args, **kwargs)

    def export(self, year):
        headers = [
            _t("credit code"),
            _t("enterprise"),
            _t("class"),
            _t("consecutive years"),
            _t("electricity (kWh)"),
            _t("surcharge (yuan per kWh)"),
            _t("surcharge (yuan)"),
            _t("land area (m²)"),
            _t("land-use tax (yuan per m²)"),
            _t("land-use tax (yuan)"),
            _t("quotas"),
        ]
        rows = (
            [
                e.result.enterprise.uscc,
                e.result.enterprise.name,
                e.result.klass or "-",
                e.years_in_class,
                e.electricity_kwh,
                e.surcharge_rate,
                e.surcharge,
                e.land_area,
                e.land_tax_rate,
                e.land_tax,
                "；".join(e.quotas),
            ]
            for e in (selectors.policy_effects(self.request.user, year) if year else [])
        )
        sheet = f"{_t('Class policies')} {year or ''}".strip()
        return xlsx_response(f"class-policies-{year or ''}".rstrip("-"), headers, rows, sheet=sheet)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, _year(self.request)
        effects = selectors.policy_effects(user, year) if year else []
        context.update(
            year=year,
            policies=ClassPolicy.objects.visible_to(user).filter(year=year),
            kinds=PolicyKind.choices,
            effects=effects,
            class_names=selectors.year_class_names(user, year),
            total=sum((e.total for e in effects), Decimal(0)),
            can_change=role_allows(user, Action.CHANGE, ClassPolicy),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = PolicyForm(request.POST)
        year, delete = form.integer("year"), form.integer("delete")
        with refusals(request):
            if delete:
                policy = self.get_scoped_object(delete, Action.DELETE)
                services.policy_delete(policy=policy, user=request.user)
            else:
                services.policy_save(park=request.user.park, user=request.user, **form.line())
        return redirect(f"{request.path}?year={year}")


def _what_if_definition(definition: dict, params) -> dict:
    """The run's scheme with the weights (``w|group|indicator``) and class cut-offs
    (``c|class``) of the form."""
    changed = copy.deepcopy(definition)
    for group in changed.get("groups", []):
        for indicator in group.get("indicators", []):
            key = f"w|{group['code']}|{indicator['code']}"
            if params.get(key, "") != "":
                indicator["weight"] = _float(params[key])
    for cut in changed.get("classes", []):
        key = f"c|{cut['name']}"
        if params.get(key, "") != "":
            cut["upto"] = _float(params[key]) / 100
    return changed


def _float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return text  # the scheme check names it


class WhatIfView(ScopedMixin, TemplateView):
    """Change weights or cut-offs of a run's scheme and see which enterprises would
    change class. Nothing is saved."""

    model = Run
    shows = (Scheme,)  # the simulator edits the run's scheme: for those who see schemes
    template_name = "evaluation/what_if.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.get_scoped_object(pk)
        params = self.request.GET
        definition = _what_if_definition(run.scheme_definition, params)
        changes, errors = None, []
        if any(k.startswith(("w|", "c|")) for k in params):
            try:
                scheme = services.scheme_check(definition)
                # classes are ranks inside the whole park: compute for all, show what
                # the reader may see
                changes = selectors.visible_changes(
                    self.request.user, services.what_if(run=run, scheme=scheme)
                )
            except ValidationError as exc:
                errors = errors_of(exc)
        context.update(
            run=run,
            class_names=selectors.class_names(run),
            definition=definition,
            changes=changes,
            errors=errors,
            query=params.urlencode(),
        )
        return context
