"""Report pages: the years a park's annual summary and plan can be drafted for, the
year's draft (every figure a link to the records it was computed from) with its Word
download, and the records behind a figure that no other list shows as counted.

The committee's pages: administrators, leaders and staff of the park (leaders read;
a draft writes nothing). A role that sees no project, parcel or indicator finds
nothing here (404); everything is read as the signed-in user, so a confidential
project shows its code name to anyone outside it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import translation
from django.views.generic import TemplateView, View

from parkbase.core.views import ScopedMixin, current_park, parks_to_choose
from parkbase.indicators.models import Indicator
from parkbase.land.models import Parcel
from parkbase.projects.models import Project
from parkbase.reports import render, selectors
from parkbase.reports.annual_charts import annual_images
from parkbase.reports.selectors.bulletin import month_list
from parkbase.reports.word import docx_bytes
from parkbase.reports.wording import label, words

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportMixin(ScopedMixin):
    """What a draft reads: projects, land and indicators (a role that sees none of
    them has no draft to read)."""

    model = Project
    shows = (Parcel, Indicator)

    def park(self):
        return current_park(self.request)

    def year(self) -> int:
        year = self.kwargs["year"]
        if not selectors.valid_year(year):
            raise Http404
        return year

    def park_query(self, park) -> str:
        return "" if self.request.user.park_id else f"?park={park.pk}"


class ReportListView(ReportMixin, TemplateView):
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = self.park()
        context.update(
            park=park,
            parks=parks_to_choose(self.request),
            years=selectors.years(park, self.request.user),
            park_query=self.park_query(park),
            bulletin_months=month_list(park, self.request.user),
        )
        return context


class AnnualView(ReportMixin, TemplateView):
    template_name = "reports/annual.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park, year = self.park(), self.year()
        draft = selectors.annual_draft(park, year, self.request.user)
        years = selectors.years(park, self.request.user)
        context.update(
            park=park,
            year=year,
            # the years the index lists: no way on to a year without records
            year_before=year - 1 if year - 1 in years else None,
            year_after=year + 1 if year + 1 in years else None,
            draft=render.page(draft),
            empty=draft.empty,
            figures=len(draft.figures),
            parks=parks_to_choose(self.request),
            park_query=self.park_query(park),
        )
        return context


class AnnualDocxView(ReportMixin, View):
    """The draft as a Word document laid out as an official document."""

    def get(self, request, *args, **kwargs):
        park, year = self.park(), self.year()
        draft = selectors.annual_draft(park, year, request.user)
        charts = annual_images(park, year, request.user)
        response = HttpResponse(docx_bytes(draft, charts), content_type=DOCX)
        language = (translation.get_language() or "zh").split("-")[0]
        name = f"annual-{park.code}-{year}-{language}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class FigureView(ReportMixin, TemplateView):
    """The records behind one figure of the year's draft, each linking to its page."""

    template_name = "reports/figure.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park, year = self.park(), self.year()
        of = (self.request.GET.get("of") or "").strip()
        found = selectors.figure_records(
            self.kwargs["key"], park, year, self.request.user, of, words()
        )
        if found is None:
            raise Http404
        context.update(
            park=park,
            year=year,
            records=found,
            rows=list(zip(found.rows, found.values or [""] * len(found.rows), strict=True)),
            total=render.figure_text(found.total),
            park_query=self.park_query(park),
            title=found.title,
            hint=label("Records behind this figure"),
        )
        return context
