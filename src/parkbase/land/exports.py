"""XLSX exports of the land lists (the same filter as the page)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from parkbase.core.need_to_know import shown
from parkbase.core.scoping import UNDER_PARENT
from parkbase.land.models import Approval, Parcel
from parkbase.land.tables import served_name

CHUNK = 2000


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


APPROVAL_COLUMNS = (
    "name",
    "kind",
    "reference",
    "authority",
    "status",
    "requested_area",
    "approved_area",
    "submitted_on",
    "decided_on",
    "project",
    "parcels",
    "note",
)


def approval_rows(queryset):
    # the project it serves is the projects' link, not a field of the approval
    headers = [_("project") if n == "project" else _label(Approval, n) for n in APPROVAL_COLUMNS]

    def rows():
        approvals = queryset.prefetch_related(
            Prefetch("parcels", queryset=Parcel.objects.unscoped(UNDER_PARENT).only("id", "code"))
        )
        for a in approvals.iterator(chunk_size=CHUNK):
            yield [
                shown(None, a, "name"),  # the rows come marked by visible_to
                a.get_kind_display(),
                a.reference,
                a.authority,
                a.get_status_display(),
                a.requested_area,
                a.approved_area,
                a.submitted_on,
                a.decided_on,
                served_name(a),
                "、".join(p.code for p in a.parcels.all()),
                shown(None, a, "note"),
            ]

    return headers, rows()
