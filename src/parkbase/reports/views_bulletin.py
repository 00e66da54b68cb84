"""The monthly economic bulletin's pages: the bulletin of a month (its text, tables and
charts as the signed-in user may see the records) with its Word download. The
committee's pages, as the annual drafts: administrators, leaders and staff (leaders
read); a role that sees no project, parcel or indicator finds nothing (404).

A month not over yet has no bulletin: its page says so (and when it will be), its
download is not found. A month over whose returns are not all in is drafted, marked
partial; one without any returns says what is missing."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import translation
from django.views.generic import TemplateView, View

from parkbase.core.views import parks_to_choose
from parkbase.reports.render_bulletin import page
from parkbase.reports.selectors import bulletin as selectors
from parkbase.reports.views import DOCX, ReportMixin
from parkbase.reports.word_bulletin import docx_bytes, images
from parkbase.reports.wording_bulletin import month_text, words


class MonthConverter:
    """``YYYY-MM`` in a path (2020-11), as (year, month)."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> tuple[int, int]:
        found = selectors.parse_month(value)
        if found is None:
            raise ValueError(value)
        return found

    def to_url(self, value) -> str:
        if isinstance(value, str):
            return value
        year, month = value
        return f"{year}-{month:02d}"


class BulletinMixin(ReportMixin):
    def month(self) -> tuple[int, int]:
        return self.kwargs["month"]


class MonthlyView(BulletinMixin, TemplateView):
    template_name = "reports/monthly.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        park = self.park()
        year, month = self.month()
        listed = [(y, m) for y, m, _n in selectors.months(park, self.request.user)]
        context.update(
            park=park,
            year=year,
            month=month,
            key=f"{year}-{month:02d}",
            period=words()["period"].format(year=year, month=month_text(month)),
            parks=parks_to_choose(self.request),
            park_query=self.park_query(park),
            over=selectors.month_over(year, month),
        )
        before = (year, month - 1) if month > 1 else (year - 1, 12)
        after = (year, month + 1) if month < 12 else (year + 1, 1)
        context["before"] = f"{before[0]}-{before[1]:02d}" if before in listed else ""
        context["after"] = f"{after[0]}-{after[1]:02d}" if after in listed else ""
        if context["over"]:
            bulletin, _facts = selectors.monthly_bulletin(park, year, month, self.request.user)
            context["bulletin"] = page(bulletin, images(bulletin))
        return context


class MonthlyDocxView(BulletinMixin, View):
    """The bulletin as a Word document (two A4 pages)."""

    def get(self, request, *args, **kwargs):
        park = self.park()
        year, month = self.month()
        if not selectors.month_over(year, month):
            raise Http404
        bulletin, _facts = selectors.monthly_bulletin(park, year, month, request.user)
        response = HttpResponse(docx_bytes(bulletin, images(bulletin)), content_type=DOCX)
        language = (translation.get_language() or "zh").split("-")[0]
        name = f"bulletin-{park.code}-{year}-{month:02d}-{language}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
