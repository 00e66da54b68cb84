from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core.tables import Col, Table, time_text
from parkbase.imports import registry


def _kind(job):
    importer = registry.IMPORTERS.get(job.kind)
    return importer.label if importer else job.kind


def _counts(job):
    r = job.report or {}
    if not r:
        return ""
    return _("{created} new · {updated} changed · {unchanged} same · {errors} errors").format(
        created=r.get("created", 0),
        updated=r.get("updated", 0),
        unchanged=r.get("unchanged", 0),
        errors=r.get("error_count", 0),
    )


class ImportJobTable(Table):
    columns = (
        Col(_("file name"), lambda j: j.original_name, link=True, css="text-nowrap"),
        Col(_("kind"), _kind),
        Col(_("status"), lambda j: j.get_status_display(), order="status"),
        Col(_("result"), _counts),
        Col(_("uploaded by"), lambda j: j.created_by.username if j.created_by else ""),
        Col(
            _("uploaded"),
            lambda j: time_text(j.created_at),
            order="created_at",
            css="text-nowrap",
        ),
    )

    @staticmethod
    def url(job):
        return reverse("import-detail", args=[job.pk])
