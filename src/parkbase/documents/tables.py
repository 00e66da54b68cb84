"""The document list's table (its XLSX export has the same columns)."""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core.tables import NAME, Col, Table, date_text, time_text


def _category(document) -> str:
    return document.category.label if document.category_id else ""


class DocumentTable(Table):
    columns = (
        Col(_("title"), lambda d: d.title, order="title", link=True, css=NAME),
        Col(_("document number"), lambda d: d.number, order="number"),
        Col(_("category"), _category),
        Col(_("year"), lambda d: d.year or "", order="year", css="text-nowrap"),
        Col(_("date"), lambda d: date_text(d.issued_on), order="issued_on", css="text-nowrap"),
        Col(_("file type"), lambda d: d.get_kind_display(), css="text-nowrap"),
        Col(
            _("size"),
            lambda d: d.size,
            order="size",
            css="text-end text-nowrap",
            html=lambda d: filesizeformat(d.size),
        ),
        Col(_("text"), lambda d: d.get_text_status_display(), css="text-nowrap"),
        Col(
            _("uploaded"),
            lambda d: time_text(d.uploaded_at),
            order="uploaded_at",
            css="text-nowrap",
        ),
    )

    @staticmethod
    def url(row) -> str:
        return reverse("document", args=[row.pk])
