"""What land adds to the search page (``core.contributions``, provided in
``LandConfig.ready``): the parcels a text finds by code or name."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parkbase.core.contributions import SEARCH_ROWS
from parkbase.core.filtersets import text_search
from parkbase.core.need_to_know import shown
from parkbase.core.scoping import role_sees_model
from parkbase.land.models import Parcel


def search_group(user, text: str) -> dict | None:
    """The parcels whose code or name holds ``text`` (a name need-to-know hides from
    the user matches only as the user is shown it)."""
    if not text or not role_sees_model(user, Parcel):
        return None
    found = text_search(Parcel.objects.visible_to(user), text, "code", "name")
    rows = found.select_related("phase").order_by("code", "id")[:SEARCH_ROWS]
    return {
        "key": "parcels",
        "label": _("Parcels"),
        "count": found.count(),
        "rows": [
            (
                f"{p.code} {shown(user, p, 'name')}",
                reverse("land-parcel", args=[p.pk]),
                str(p.phase or ""),
            )
            for p in rows
        ],
        "more_url": f"{reverse('land-parcels')}?{urlencode({'q': text})}",
        "order": 30,
    }
