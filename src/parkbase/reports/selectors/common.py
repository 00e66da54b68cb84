"""What the draft's reads share: the reader and the year they read for, the scoped
querysets (need-to-know marked on every row, for a reader or for no one), the
addresses of the records behind a figure, and a figure's measure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from parkbase.core import clock, need_to_know
from parkbase.core.need_to_know import ANNOTATION, label_for
from parkbase.reports import facts as F


@dataclass
class Reading:
    """Who reads, for which park and year. ``user`` None: the command line's outsider,
    run as system work (every row of the park, every confidential record by its code
    name); otherwise every read is scoped to the user. Reads more than one figure
    uses are kept for the reading (``memo``)."""

    park: object
    year: int
    user: object = None
    cache: dict = field(default_factory=dict, repr=False)

    def memo(self, name: str, read):
        if name not in self.cache:
            self.cache[name] = read()
        return self.cache[name]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The year's end: what is open then is the plan's."""
        return dt.date(self.year, 12, 31)

    @property
    def future(self) -> bool:
        """A year that has not begun (after the park's today): the records say nothing
        of how it will end, so nothing is open at its end either."""
        return self.year > clock.today().year

    @property
    def park_query(self) -> dict:
        """``park=<id>`` for a reader of no park (an administrator, the command line),
        so a link opens on the same park."""
        return {} if getattr(self.user, "park_id", None) else {"park": self.park.pk}


def rows(model, reading: Reading):
    """The rows of ``model`` the reader may see, each marked with need-to-know (the code
    name where it is secret for the reader) in the same query. With no reader: every
    row (system work) marked as for someone outside every confidential record."""
    queryset = model.objects.for_actor(reading.user)
    if reading.user is None and ANNOTATION not in queryset.query.annotations:
        queryset = need_to_know.annotate(queryset, None)
    return queryset


def is_secret(reading: Reading, obj) -> bool:
    return label_for(reading.user, obj) is not None


def seen(reading: Reading, obj, field: str) -> str:
    """A revealing field's text, or "" where the record is secret for the reader (the
    draft leaves it out rather than print a placeholder)."""
    if is_secret(reading, obj):
        return ""
    return (getattr(obj, field) or "").strip()


def url(name: str, *args, **query) -> str:
    """A page's address with its filter."""
    address = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{address}?{urlencode(query, doseq=True)}" if query else address


def figure_url(reading: Reading, key: str, of: str = "") -> str:
    """The page listing the records behind the figure ``key`` of the year's draft."""
    return url("report-figure", reading.year, key, of=of, **reading.park_query)


def count(records, address: str, unit: str) -> F.Measure:
    return F.Measure(len(records), address, unit)


def total(records, field: str, address: str, unit: str = F.YUAN) -> F.Measure:
    values = (getattr(r, field) for r in records)
    return F.Measure(sum((Decimal(v) for v in values if v is not None), Decimal(0)), address, unit)


def optional(value, address: str, unit: str = F.YUAN) -> F.Measure | None:
    return None if value is None else F.Measure(Decimal(value), address, unit)
