from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.exports import XLSX_TYPE
from parkbase.core.scoping import role_sees_model
from parkbase.core.tables import time_text
from parkbase.core.views import ScopedListView, ScopedMixin
from parkbase.imports import registry, services
from parkbase.imports.filtersets import ImportJobFilterSet
from parkbase.imports.forms import ImportUploadForm
from parkbase.imports.models import ImportJob
from parkbase.imports.tables import ImportJobTable
from parkbase.imports.workbooks import errors_workbook, template_workbook

ROW_ACTIONS = {
    "created": _("new"),
    "updated": _("changed"),
    "unchanged": _("unchanged"),
    "rejected": _("rejected"),
}


def import_page(number: str) -> str:
    """The page of import ``number`` (a change's history names the import that made it)."""
    return reverse("import-detail", args=[int(number)]) if number.isdigit() else ""


def import_page_seen(user) -> bool:
    """Whether ``user`` may open import pages (the park's own staff)."""
    return user is not None and role_sees_model(user, ImportJob)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


class ImportListView(ScopedListView):
    model = ImportJob
    filterset_class = ImportJobFilterSet
    table_class = ImportJobTable
    select_related = ("created_by",)
    template_name = "imports/import_list.html"
    export_name = "imports"
    title = _("Imports")

    def get(self, request, *args, **kwargs):
        services.import_jobs_expire(self.scoped())  # jobs whose worker died end here
        return super().get(request, *args, **kwargs)

    def export(self, queryset):
        headers = [
            "文件 File",
            "类型 Kind",
            "状态 Status",
            "新增 Created",
            "修改 Updated",
            "不变 Unchanged",
            "错误 Errors",
            "上传人 By",
            "上传时间 Uploaded",
        ]
        rows = (
            [
                j.original_name,
                j.kind,
                j.get_status_display(),
                j.report.get("created"),
                j.report.get("updated"),
                j.report.get("unchanged"),
                j.report.get("error_count"),
                j.created_by.username if j.created_by else "",
                time_text(j.created_at),
            ]
            for j in queryset.select_related("created_by").iterator()
        )
        return headers, rows


class ImportCreateView(ScopedMixin, TemplateView):
    model = ImportJob
    action = Action.ADD
    template_name = "imports/import_form.html"

    def get(self, request, *args, **kwargs):
        form = ImportUploadForm(initial={"kind": request.GET.get("kind")})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = services.import_job_upload(user=request.user, values=form.cleaned_data)
            except services.DatabaseBusy as exc:  # nothing was kept: send it again
                form.add_error(None, str(exc))
                response = self.render_to_response(self.get_context_data(form=form), status=503)
                response["Retry-After"] = "5"
                return response
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("import-detail", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ImportDetailView(ScopedMixin, TemplateView):
    model = ImportJob
    template_name = "imports/import_detail.html"

    def get_template_names(self):
        if getattr(self.request, "htmx", False) and self.request.GET.get("part") == "status":
            return ["imports/_import_status.html"]
        return [self.template_name]

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        services.import_jobs_expire(self.scoped().filter(pk=pk))
        job = self.get_scoped_object(pk)
        importer = registry.IMPORTERS.get(job.kind)
        fields = [(c.field, c.template_header) for c in importer.columns] if importer else []
        headers = dict(fields)
        context.update(
            job=job,
            importer=importer,
            fields=fields,
            report=job.report or {},
            rows=[
                (
                    r,
                    ROW_ACTIONS.get(r["action"], r["action"]),
                    # each change under its column's header, as the sheet names it
                    [
                        (headers.get(name, name), *change)
                        for name, change in (r.get("changes") or {}).items()
                    ],
                )
                for r in (job.report or {}).get("rows", [])
            ],
            can_change=self.scoped(Action.CHANGE).filter(pk=job.pk).exists(),
        )
        return context


class ImportJobActionView(ScopedMixin, View):
    """A change to a job at rest. A job being checked or written answers 409 and a
    database too busy to take the change 503, each on the job's page with its message
    (a second worker is never started)."""

    model = ImportJob
    action = Action.CHANGE

    def post(self, request, pk):
        job = self.get_scoped_object(pk, Action.CHANGE)
        try:
            self.act(job)
        except services.JobBusy as exc:
            return self.refused(request, pk, str(exc), 409)
        except services.DatabaseBusy as exc:
            return self.refused(request, pk, str(exc), 503)
        except ValueError as exc:
            messages.error(request, str(exc))
        return redirect("import-detail", pk=job.pk)

    def refused(self, request, pk, message: str, status: int):
        messages.warning(request, message)
        page = ImportDetailView()
        page.setup(request, pk=pk)
        response = page.get(request, pk=pk)
        response.status_code = status
        if status == 503:
            response["Retry-After"] = "5"
        return response


class ImportMappingView(ImportJobActionView):
    def act(self, job):
        headers = (job.report or {}).get("headers", [])
        overrides = {}
        for h in headers:
            chosen = self.request.POST.get(f"map-{h['index']}")
            if chosen is not None and chosen != h["field"]:
                overrides[h["header"]] = chosen
        services.import_job_set_mapping(user=self.request.user, job=job, overrides=overrides)
        messages.success(self.request, _("Mapping saved; the file was checked again."))


class ImportConfirmView(ImportJobActionView):
    def act(self, job):
        importer = registry.IMPORTERS.get(job.kind)
        names = importer.options if importer else ()
        options = {
            name: self.request.POST.get(name) for name in names if self.request.POST.get(name)
        }
        if "overwrite_ranked" in options:
            options["overwrite_ranked"] = True
        services.import_job_confirm(user=self.request.user, job=job, options=options)


class ImportErrorsView(ScopedMixin, View):
    model = ImportJob

    def get(self, request, pk):
        job = self.get_scoped_object(pk)
        report = job.report or {}
        content = errors_workbook(
            job.file.path,
            report.get("sheet") or job.sheet or None,
            report.get("errors", []),
            report.get("header_row") or 1,
        )
        return _xlsx(content, f"errors-{job.original_name.rsplit('.', 1)[0]}.xlsx")


class ImportTemplateView(ScopedMixin, View):
    """A kind's template, for those who may import."""

    model = ImportJob
    action = Action.ADD

    def get(self, request, kind):
        importer = registry.IMPORTERS.get(kind)
        if importer is None:
            raise Http404
        return _xlsx(template_workbook(importer), f"template-{kind}.xlsx")
