"""The park's pipeline: its stages in order with their gates, and its rules (what
makes a project landed, how fast leads are handled, when a project is stalled)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import refusals
from parkbase.core.views import PostChangesMixin
from parkbase.projects import selectors, services
from parkbase.projects.forms import PipelineForm, StageForm
from parkbase.projects.models import Pipeline, Project, Stage
from parkbase.projects.views.common import (
    ProjectScopedMixin,
    as_int,
    current_park,
    may,
    parks_to_choose,
)


def _label(name: str) -> str:
    try:
        return str(Project._meta.get_field(name).verbose_name)
    except Exception:
        return name


class PipelineView(PostChangesMixin, ProjectScopedMixin, TemplateView):
    model = Pipeline
    template_name = "projects/pipeline.html"

    def _park(self):
        return current_park(self.request, self.request.POST.get("park"))

    def _stages(self, park):
        stages = selectors.pipeline_stages(self.request.user, park)
        for stage in stages:
            stage.gate_labels = [_label(n) for n in stage.required_fields]
        return stages

    def _stage(self, park, pk):
        stage = Stage.objects.visible_to(self.request.user).filter(park=park, pk=pk).first()
        if stage is None:
            raise Http404
        return stage

    def _render(self, park, stage_form=None, rules_form=None, editing=None, status=200):
        user = self.request.user
        services.pipeline_ensure(park)
        pipeline = Pipeline.objects.visible_to(user).filter(park=park).first()
        if pipeline is None:
            raise Http404
        if editing is None and self.request.method == "GET":
            wanted = as_int(self.request.GET.get("edit"))
            editing = self._stage(park, wanted) if wanted else None
        if stage_form is None:
            initial = {}
            if editing is not None:
                initial = {
                    "code": editing.code,
                    "name": editing.name,
                    "name_en": editing.name_en,
                    "order": editing.order,
                    "required_fields": editing.required_fields,
                }
            stage_form = StageForm(initial=initial)
        context = self.get_context_data(
            park=park,
            parks=parks_to_choose(self.request),
            pipeline=pipeline,
            stages=self._stages(park),
            stage_form=stage_form,
            editing=editing,
            rules_form=rules_form or PipelineForm(instance=pipeline),
            landed_labels=[_label(n) for n in pipeline.landed_rule],
            can_change=may(user, Action.CHANGE, Pipeline),
        )
        return self.render_to_response(context, status=status)

    def get(self, request):
        return self._render(self._park())

    def _back(self, park):
        url = reverse("projects-pipeline")
        return redirect(url if self.request.user.park_id else f"{url}?park={park.pk}")

    def post(self, request):
        park = self._park()
        action = request.POST.get("action")
        if action == "delete_stage":
            stage = self._stage(park, as_int(request.POST.get("stage")))
            with refusals(request):
                services.stage_delete(stage=stage, user=request.user)
                messages.success(request, _("Stage deleted."))
            return self._back(park)
        if action == "rules":
            pipeline = Pipeline.objects.visible_to(request.user, Action.CHANGE).filter(park=park)
            pipeline = pipeline.first()
            if pipeline is None:
                raise Http404
            form = PipelineForm(request.POST, instance=pipeline)
            if form.is_valid():
                with refusals(form=form) as outcome:
                    services.pipeline_update(
                        pipeline=pipeline,
                        expected_version=form.cleaned_data["version"],
                        user=request.user,
                        **form.service_data(),
                    )
                if not outcome.refused:
                    messages.success(request, _("Pipeline rules saved."))
                    return self._back(park)
            return self._render(park, rules_form=form, status=400)
        # add or change a stage
        pk = as_int(request.POST.get("stage"))
        stage = self._stage(park, pk) if pk else None
        form = StageForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            with refusals(form=form) as outcome:
                services.stage_save(park=park, user=request.user, stage=stage, **data)
            if not outcome.refused:
                messages.success(request, _("Stage saved."))
                return self._back(park)
        return self._render(park, stage_form=form, editing=stage, status=400)
