"""A parcel's status as a badge in the colour the land map gives it (``STATUS_COLOURS``),
its label in the reader's language."""

from __future__ import annotations

from django.utils.safestring import SafeString

from parkbase.core.badges import badge
from parkbase.land.choices import STATUS_COLOURS


def status_badge(parcel, testid: str = "parcel-status", css: str = "") -> SafeString:
    colour = STATUS_COLOURS[parcel.status]
    return badge(parcel.get_status_display(), colour, testid=testid, css=css)
