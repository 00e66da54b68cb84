"""Pages of saved drafts: save the year's draft for editing, the park's saved drafts,
a draft (its latest version or any other) with its Word and Markdown files, its edit
form (sections and paragraphs to rewrite, move, add and delete), its versions and the
comparison of two, and the redraft from the records.

The committee's pages, as the report pages: staff and administrators edit, leaders
read (403 on the edit pages), the other roles find nothing (404). Every draft is read
through ``ReportDraft.objects.visible_to``: a draft for insiders only is not found by
anyone outside its confidential projects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from django.views.generic import TemplateView, View

from parkbase.core.choices import Action
from parkbase.core.scoping import role_allows
from parkbase.core.tables import person_name
from parkbase.core.views import ScopedMixin, as_int, current_park
from parkbase.indicators.models import Indicator
from parkbase.land.models import Parcel
from parkbase.projects.models import Project
from parkbase.reports import render
from parkbase.reports.drafts import rows as R
from parkbase.reports.drafts import selectors, services
from parkbase.reports.drafts.choices import Audience
from parkbase.reports.drafts.compare import compare
from parkbase.reports.drafts.content import paragraphs, to_draft
from parkbase.reports.drafts.paste import Tidied
from parkbase.reports.models import ReportDraft
from parkbase.reports.views import DOCX
from parkbase.reports.word import docx_bytes
from parkbase.reports.wording import words


def tidied_message(tidied: Tidied) -> str:
    """What cleaning did to pasted text, in words ("" when nothing)."""
    parts = []
    if tidied.removed:
        parts.append(
            pgettext("report draft", "%(count)s invisible or control characters removed")
            % {"count": tidied.removed}
        )
    if tidied.spaces:
        parts.append(
            pgettext("report draft", "%(count)s non-breaking spaces or tabs made ordinary spaces")
            % {"count": tidied.spaces}
        )
    if not parts:
        return ""
    return pgettext(
        "report draft", "The text pasted was tidied: %(what)s. Nothing else was changed."
    ) % {"what": pgettext("report draft", "; ").join(parts)}


def newer_message(refused: services.NewerVersion, started: int | None) -> str:
    newer = refused.newer
    if newer is None:
        return pgettext("report draft", "This draft was saved by someone else meanwhile.")
    return pgettext(
        "report draft",
        "%(who)s saved version %(number)s of this draft at %(when)s, after version "
        "%(started)s that you started from, so your text was not saved. It is kept below, "
        "with what differs between their version and yours. Save again to keep yours as "
        "version %(next)s, after theirs.",
    ) % {
        "who": person_name(newer.author) or pgettext("report draft", "someone"),
        "number": newer.number,
        "when": timezone.localtime(newer.saved_at).strftime("%Y-%m-%d %H:%M"),
        "started": started if started is not None else "—",
        "next": newer.number + 1,
    }


class DraftMixin(ScopedMixin):
    """What a saved draft reads: the records of projects, land and indicators (as the
    report pages)."""

    model = ReportDraft
    shows = (Project, Parcel, Indicator)

    def draft(self) -> ReportDraft:
        return self.get_scoped_object(self.kwargs["pk"], self.required_action())

    def version(self, draft, number=None):
        number = draft.version if number is None else number
        version = services.version_of(draft, number)
        if version is None:
            raise Http404
        return version

    def shown(self, draft, version):
        """The version as the engine's draft, in the draft's language."""
        with translation.override(draft.language):
            return to_draft(version.content, words(), park=draft.park.name, year=draft.year)

    def draft_context(self, draft, version=None) -> dict:
        return {
            "report_draft": draft,
            "secrets": selectors.secrets(self.request.user, draft),
            "can_edit": self.opens_for_edit(),
            "shown_version": version,
        }

    def opens_for_edit(self) -> bool:
        return role_allows(self.request.user, Action.CHANGE, ReportDraft)


class DraftCreateView(DraftMixin, View):
    """POST: the year's draft saved for editing (version 1); on to its edit form."""

    action = Action.ADD
    http_method_names = ["post"]

    def post(self, request, year: int):
        park = current_park(request)
        audience = request.POST.get("audience", Audience.OUTSIDERS)
        if audience not in Audience.values:
            audience = Audience.OUTSIDERS
        try:
            draft = services.draft_create(
                park=park, year=year, user=request.user, audience=audience
            )
        except ValidationError as refused:
            for message in refused.messages:
                messages.error(request, message)
            return redirect(reverse("reports"))
        messages.success(
            request, pgettext("report draft", "Saved as a draft for editing: version 1.")
        )
        return redirect("report-draft-edit", pk=draft.pk)


class DraftListView(DraftMixin, TemplateView):
    template_name = "reports/drafts/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = current_park(self.request)
        year = as_int(self.request.GET.get("year"))
        rows = selectors.with_latest(
            self.request.user, selectors.drafts(self.request.user, park, year)
        )
        context.update(park=park, year=year, rows=rows)
        return context


class DraftView(DraftMixin, TemplateView):
    """A version of the draft (the latest without ``number``), every figure a link to
    its records."""

    template_name = "reports/drafts/draft.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft()
        version = self.version(draft, self.kwargs.get("number"))
        context.update(self.draft_context(draft, version))
        context.update(
            draft=render.page(self.shown(draft, version)), latest=version.number == draft.version
        )
        return context


class DraftFileView(DraftMixin, View):
    """A version of the draft as a Word document or in Markdown (``kind``)."""

    kind = "docx"

    def get(self, request, pk: int, number: int):
        draft = self.draft()
        version = self.version(draft, number)
        shown = self.shown(draft, version)
        name = f"{draft.kind}-{draft.park.code}-{draft.year}-v{version.number}"
        if self.kind == "docx":
            response = HttpResponse(docx_bytes(shown), content_type=DOCX)
            name += ".docx"
        else:
            base = f"{request.scheme}://{request.get_host()}"
            response = HttpResponse(
                render.markdown(shown, base), content_type="text/markdown; charset=utf-8"
            )
            name += ".md"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class DraftVersionsView(DraftMixin, TemplateView):
    template_name = "reports/drafts/versions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft()
        versions = list(selectors.versions(self.request.user, draft))
        context.update(self.draft_context(draft), versions=versions)
        return context


class DraftCompareView(DraftMixin, TemplateView):
    """Two versions paragraph by paragraph (``?a=`` the older, ``?b=`` the newer; by
    default the latest against the one before)."""

    template_name = "reports/drafts/compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft()
        b = as_int(self.request.GET.get("b")) or draft.version
        a = as_int(self.request.GET.get("a")) or max(b - 1, 1)
        older, newer = self.version(draft, a), self.version(draft, b)
        rows = compare(older.content, newer.content)
        whole = self.request.GET.get("show") == "all"
        context.update(
            self.draft_context(draft),
            older=older,
            newer=newer,
            rows=rows if whole else [r for r in rows if r.changed],
            whole=whole,
            changes=sum(r.changed for r in rows),
            numbers=range(draft.version, 0, -1),
        )
        return context


class DraftEditView(DraftMixin, TemplateView):
    """The latest version as rows to edit. POST with ``op`` ("up:3") moves, adds or
    deletes a row and shows the form again (nothing saved); POST with ``save`` saves
    the rows as the next version."""

    template_name = "reports/drafts/edit.html"
    action = Action.CHANGE

    def render_rows(self, draft, rows, *, base: int, focus=None, status=200, **extra):
        context = self.get_context_data(**extra)
        context.update(
            self.draft_context(draft),
            rows=list(enumerate(rows)),
            base=base,
            focus=focus,
            note=self.request.POST.get("note", ""),
            lang="en" if draft.language == "en" else "zh-CN",
            editing=True,
            blank=R.Row(R.PARA),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, pk: int):
        draft = self.draft()
        version = self.version(draft)
        return self.render_rows(draft, R.rows_of(version.content), base=version.number)

    def post(self, request, pk: int):
        draft = self.draft()
        post = request.POST
        rows = R.posted(post.getlist("row"), post.getlist("text"))
        base = as_int(post.get("version"))
        if "op" in post:  # a move: shown again, nothing saved
            move, _sep, index = post["op"].partition(":")
            focus = None
            if move in R.MOVES and as_int(index) is not None:
                rows, focus = R.operate(rows, move, as_int(index))
            return self.render_rows(draft, rows, base=base, focus=focus, moved=True)
        try:
            saved = services.version_save(
                draft=draft,
                expected_version=base,
                user=request.user,
                rows=rows,
                note=post.get("note", ""),
            )
        except services.NewerVersion as refused:
            newer = refused.newer
            mine = R.content_from(rows, newer.content if newer else {}).content
            return self.render_rows(
                draft,
                rows,
                base=newer.number if newer else refused.current_version,
                status=409,
                refused=newer_message(refused, base),
                theirs=newer,
                differences=[r for r in compare(newer.content, mine) if r.changed] if newer else [],
            )
        except ValidationError as refused:
            return self.render_rows(draft, rows, base=base, status=400, errors=refused.messages)
        messages.success(
            request,
            pgettext("report draft", "Saved as version %(number)s.")
            % {"number": saved.version.number},
        )
        tidied = tidied_message(saved.tidied)
        if tidied:
            messages.info(request, tidied)
        return redirect("report-draft", pk=draft.pk)


class DraftRedraftView(DraftMixin, TemplateView):
    """What redrafting the latest version from the records changes (GET), saved as the
    next version with the person's decisions (POST)."""

    template_name = "reports/drafts/redraft.html"
    action = Action.CHANGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.draft()
        version = kwargs.get("version") or self.version(draft)
        proposal = services.redraft_proposal(draft, version)
        by_id = {p["id"]: p for _s, p in paragraphs(proposal.content)}
        texts = kwargs.get("texts") or {}
        decisions = [
            (by_id[pid], changes, texts.get(pid, by_id[pid]["text"]))
            for pid, changes in proposal.decisions.items()
            if pid in by_id
        ]
        context.update(
            self.draft_context(draft),
            base=version.number,
            proposal=proposal,
            decisions=decisions,
            note=self.request.POST.get("note", ""),
        )
        return context

    def post(self, request, pk: int):
        draft = self.draft()
        post = request.POST
        base = as_int(post.get("version"))
        texts = {key[5:]: value for key, value in post.items() if key.startswith("text-")}
        added = {n for n in map(as_int, post.getlist("add")) if n is not None}
        try:
            saved = services.redraft_save(
                draft=draft,
                expected_version=base,
                user=request.user,
                texts=texts,
                added=added,
                note=post.get("note", ""),
            )
        except services.NewerVersion as refused:
            messages.error(request, newer_message(refused, base))
            context = self.get_context_data(texts=texts)
            return self.render_to_response(context, status=409)
        except ValidationError as refused:
            context = self.get_context_data(texts=texts, errors=refused.messages)
            return self.render_to_response(context, status=400)
        messages.success(
            request,
            pgettext("report draft", "Redrafted from the records: version %(number)s.")
            % {"number": saved.version.number},
        )
        tidied = tidied_message(saved.tidied)
        if tidied:
            messages.info(request, tidied)
        return redirect("report-draft", pk=draft.pk)
