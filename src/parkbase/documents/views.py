"""The library's pages: the list (filters, export), the upload (several files, a
folder), a document's page (its metadata, links, versions, related documents and, for
its insiders, who opened a confidential project's document), its paged preview, the
page images, the download of the original, and the forms that change it. Every
document comes from ``visible_to``: out of scope is 404, everywhere."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from parkbase.core.choices import Action
from parkbase.core.edit_views import ServiceDeleteView, ServiceFormView, refusals
from parkbase.core.forms import style_form
from parkbase.core.history import changes_of
from parkbase.core.views import (
    ScopedListView,
    ScopedMixin,
    as_int,
    current_park,
    may,
)
from parkbase.documents import preview, selectors, services
from parkbase.documents.choices import EXTENSIONS, MEDIA_TYPES, AccessAction, Preview
from parkbase.documents.filtersets import DocumentFilterSet
from parkbase.documents.forms import DocumentForm, LinkForm, UploadForm, VersionForm
from parkbase.documents.messages import NOTES, worded
from parkbase.documents.models import Document, DocumentLink
from parkbase.documents.tables import DocumentTable


class DocumentMixin(ScopedMixin):
    model = Document

    def document(self, pk, action=Action.VIEW) -> Document:
        document = self.get_scoped_object(pk, action)
        services.text_jobs_expire(self.scoped().filter(pk=pk))
        if document.busy:
            document.refresh_from_db()
        return document


class DocumentListView(ScopedListView):
    model = Document
    filterset_class = DocumentFilterSet
    table_class = DocumentTable
    select_related = ("category__parent",)
    template_name = "documents/document_list.html"
    export_name = "documents"
    title = gettext_lazy("Documents")

    def scoped(self, action=None):
        return super().scoped(action).filter(current=True)


class DocumentDetailView(DocumentMixin, TemplateView):
    template_name = "documents/document_detail.html"

    def get_context_data(self, pk, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        document = self.document(pk)
        tab = self.request.GET.get("tab")
        tab = tab if tab in ("overview", "history") else "overview"
        can_change = may(user, Action.CHANGE, Document)
        logged = services.logs_access(document)
        context.update(
            document=document,
            tab=tab,
            note=worded(NOTES, document.text_note, document.text_params)
            if document.text_note
            else "",
            links=selectors.links_of(user, document),
            versions=selectors.versions_of(user, document),
            related=selectors.related_to(user, document),
            logged=logged,
            accesses=selectors.accesses_of(user, document) if logged else [],
            can_change=can_change,
            can_delete=may(user, Action.DELETE, Document),
            link_form=style_form(LinkForm()) if can_change else None,
            version_form=VersionForm(initial={"version": document.version}) if can_change else None,
        )
        if tab == "history":
            context["changes"] = changes_of(Document.history.filter(id=document.pk), Document)
        return context


def upload_message(request, outcome) -> None:
    """What one file of an upload came to, as the page's message."""
    document, created = outcome.document, outcome.created
    url = reverse("document", args=[document.pk])
    if created:
        messages.success(
            request,
            format_html('{} <a href="{}">{}</a>', _("Kept:"), url, document.title),
        )
    else:
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("This file is in the library already:"),
                url,
                document.title,
            ),
        )


class DocumentUploadView(DocumentMixin, TemplateView):
    action = Action.ADD
    template_name = "documents/document_upload.html"

    def get_context_data(self, **kwargs):
        from django.conf import settings

        return super().get_context_data(max_mb=settings.PARKBASE_DOCUMENT_MAX_MB, **kwargs)

    def get(self, request, *args, **kwargs):
        form = UploadForm(user=request.user, initial={"link": request.GET.get("link", "")})
        return self.render_to_response(self.get_context_data(form=form, **self._target(form)))

    def _target(self, form) -> dict:
        text = form["link"].value() or ""
        park = current_park(self.request)
        target = selectors.target_named(self.request.user, park, text) if text else None
        return {"target": target, "target_text": text if target else ""}

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES, user=request.user)
        park = current_park(request)
        target_context = self._target(form)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, **target_context), status=400
            )
        target = target_context["target"]
        done = []
        for upload in form.cleaned_data["files"]:
            with refusals(request) as outcome:
                done.append(
                    services.document_upload(
                        user=request.user,
                        park=park,
                        upload=upload,
                        category=form.cleaned_data["category"],
                        year=form.cleaned_data["year"],
                        links=[target] if target is not None else [],
                    )
                )
            if outcome.refused:
                continue
            upload_message(request, done[-1])
        if len(done) == 1 and target is None:
            return redirect("document", pk=done[-1].document.pk)
        if target is not None and done:
            kind = target_context["target_text"].split(":")[0]
            return redirect(
                reverse(selectors.TARGET_URLS[kind], args=[target.pk]) + "?tab=documents"
            )
        if not done:
            return self.render_to_response(
                self.get_context_data(form=UploadForm(user=request.user), **target_context),
                status=400,
            )
        return redirect("documents")


class DocumentEditView(DocumentMixin, ServiceFormView):
    form_class = DocumentForm
    update_service = staticmethod(services.document_update)
    service_arg = "document"
    template_name = "documents/document_form.html"

    def success_url(self, saved) -> str:
        return reverse("document", args=[saved.pk])


class DocumentDeleteView(DocumentMixin, ServiceDeleteView):
    delete_service = staticmethod(services.document_delete)
    service_arg = "document"

    def success_url(self, document) -> str:
        return reverse("documents")

    def refused_url(self, document) -> str:
        return reverse("document", args=[document.pk])


class DocumentVersionView(DocumentMixin, TemplateView):
    """POST: a new version of the document (the file); the versions before are kept."""

    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        document = self.document(pk, Action.CHANGE)
        form = VersionForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the file of the new version."))
            return redirect("document", pk=pk)
        document.version = as_int(form.cleaned_data.get("version")) or document.version
        with refusals(request) as outcome:
            uploaded = services.document_upload(
                user=request.user,
                park=document.park,
                upload=form.cleaned_data["file"],
                replaces=document,
            )
        if outcome.refused:
            return redirect("document", pk=pk)
        messages.success(request, _("The new version is kept; the versions before it are too."))
        return redirect("document", pk=uploaded.document.pk)


class DocumentLinkView(DocumentMixin, TemplateView):
    """POST: link the document to a record (its kind and code or number), or remove one
    of its links (``unlink``: the link's number)."""

    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        document = self.document(pk, Action.CHANGE)
        unlink = as_int(request.POST.get("unlink"))
        if unlink is not None:
            link = (
                DocumentLink.objects.visible_to(request.user)
                .filter(pk=unlink, document=document)
                .first()
            )
            if link is None:
                raise Http404
            services.document_unlink(link=link, user=request.user)
            messages.success(request, _("The link is removed."))
            return redirect("document", pk=pk)
        form = LinkForm(request.POST)
        target = None
        if form.is_valid():
            target = selectors.target_named(request.user, document.park, form.target_text)
        if target is None:
            messages.error(request, _("No record of yours is named so."))
            return redirect("document", pk=pk)
        with refusals(request) as outcome:
            services.document_link(document=document, target=target, user=request.user)
        if not outcome.refused:
            messages.success(request, _("The document is linked."))
        return redirect("document", pk=pk)


class DocumentRereadView(DocumentMixin, TemplateView):
    """POST: read the document's text again (after a converter was installed)."""

    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        document = self.document(pk, Action.CHANGE)
        services.text_start(document)
        messages.success(request, _("The text is being read again."))
        return redirect("document", pk=pk)


def _log(request, document, action) -> None:
    if services.logs_access(document):
        services.access_log(document=document, user=request.user, action=action)


class DocumentPreviewView(DocumentMixin, TemplateView):
    """Page N of M (``?page=N``): the page's image, HTML, table or text. While the text
    is being read, the page asks again every two seconds (htmx) until it is."""

    template_name = "documents/document_preview.html"

    def get(self, request, pk):
        document = self.document(pk)
        shown = preview.mode(document)
        waiting = document.busy and shown != Preview.PAGES
        total = 1 if waiting else preview.page_total(document)
        number = min(max(as_int(request.GET.get("page")) or 1, 1), max(total, 1))
        context = {"document": document, "mode": shown, "waiting": waiting, "number": number}
        context["total"] = total
        if not waiting:
            if shown == Preview.HTML:
                context["html"] = preview.html_pages(document)[number - 1]
            elif shown == Preview.TABLE:
                context["table"] = preview.table_page(document, number)
            elif shown == Preview.TEXT:
                context["text"] = preview.text_page(document, number)
        if not getattr(request, "htmx", False):
            _log(request, document, AccessAction.PREVIEW)
        context["note"] = (
            worded(NOTES, document.text_note, document.text_params) if document.text_note else ""
        )
        pages = {"previous": number - 1, "next": number + 1 if number < total else 0}
        context["links"] = {k: f"?{urlencode({'page': v})}" for k, v in pages.items() if v}
        template = (
            "documents/_preview_page.html"
            if getattr(request, "htmx", False)
            else self.template_name
        )
        return render(request, template, context)


class DocumentPageImageView(DocumentMixin, TemplateView):
    """Page N as an image: a PDF's page (or a page of the PDF LibreOffice made) as a
    PNG, or an image document itself (page 1), re-encoded at a bounded size."""

    def get(self, request, pk, number):
        document = self.document(pk)
        shown = preview.mode(document)
        if shown == Preview.IMAGE and number == 1:
            data, media = preview.image_bytes(document)
        elif shown == Preview.PAGES:
            data, media = preview.page_png(document, number), "image/png"
        else:
            data = None
        if data is None:
            raise Http404
        response = HttpResponse(data, content_type=media)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class DocumentDownloadView(DocumentMixin, TemplateView):
    """The original file, named after the document's title (RFC 5987 for Chinese)."""

    def get(self, request, pk):
        document = self.document(pk)
        _log(request, document, AccessAction.DOWNLOAD)
        name = download_name(document)
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=name,
            content_type=MEDIA_TYPES[document.kind],
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


def download_name(document) -> str:
    """The title as a file name: no folder separators or characters file systems
    refuse, the ending of the file's real kind."""
    from parkbase.documents.engine.detect import safe_name

    title = "".join("_" if c in '<>:"/\\|?*' else c for c in document.title).strip() or "document"
    return safe_name(title[:150] + EXTENSIONS[document.kind])
