"""Extension points: where a lower app's page shows a higher app's data, the higher
app contributes it here and the lower app asks for it, importing nothing above it
(apps depend in one direction: docs/architecture.md).

Each point is declared once, below, with the arguments it is called with and what it
answers. A higher app contributes a function in its ``AppConfig.ready()``::

    from parkbase.core import contributions
    contributions.ENTERPRISE_CLASSES.provide(selectors.map_classes)

and the lower app calls the point like a function::

    classes = contributions.ENTERPRISE_CLASSES(enterprise_ids, park, user)

A ``Value`` point has at most one contributor; with none it answers its empty value.
A ``Panels`` point has any number (one panel each, e.g. a section of a record's page)
and answers their panels in the order the apps are installed, leaving out ``None``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


class Value:
    """One value a higher app gives a lower app's page; ``empty()`` when none does."""

    def __init__(self, name: str, empty: Callable[[], object]):
        self.name = name
        self._empty = empty
        self._function: Callable | None = None

    def provide(self, function: Callable) -> Callable:
        if self._function is not None and self._function is not function:
            raise ImproperlyConfigured(f"{self.name} is provided already by {self._function!r}")
        self._function = function
        return function

    @property
    def provided(self) -> bool:
        return self._function is not None

    def __call__(self, *args, **kwargs):
        if self._function is None:
            return self._empty()
        return self._function(*args, **kwargs)


class Panels:
    """Panels higher apps add to a lower app's page: each function returns one panel
    (or ``None``: nothing for this record or reader)."""

    def __init__(self, name: str):
        self.name = name
        self._functions: list[Callable] = []

    def provide(self, function: Callable) -> Callable:
        if function not in self._functions:
            self._functions.append(function)
        return function

    @property
    def provided(self) -> bool:
        return bool(self._functions)

    def __call__(self, *args, **kwargs) -> list:
        panels = (function(*args, **kwargs) for function in self._functions)
        return [panel for panel in panels if panel is not None]


# ------------------------------------------------------------------ the land map and inventory

#: (enterprise ids: a values() query of ids, park, user or None for the system)
#: -> {enterprise id: class} of the park's latest published evaluation run: the map's
#: colour by class and the GeoJSON's ``class``. Evaluation provides it.
ENTERPRISE_CLASSES = Value("enterprise classes", dict)

#: (park, user) -> the class names the map's legend lists, best first. Evaluation
#: provides it.
CLASS_NAMES = Value("class names", list)

#: (user, parcel=None) -> the done decisions that freed land (``land_freed`` in m²,
#: ``parcel_id``, ``enterprise`` with its ``phase``, ``completed_on``), newest first, as
#: the user may see them; on ``parcel`` only, when given. Evaluation provides it.
LAND_FREED = Value("land freed by decisions", list)


# ------------------------------------------------------------------ the enterprise's file


@dataclass
class Tab:
    """A tab a higher app adds to a lower app's record page (the enterprise's file):
    ``key`` names it in the page's address (``?tab=key``), ``count`` is how many of
    its records the reader may see (the badge beside ``label``), and ``template`` is
    rendered with ``context`` as ``panel`` when the tab is open. What ``context``
    holds is read only then (querysets, or functions of no argument, which the
    template calls); ``order`` places the tab among the others."""

    key: str
    label: str
    count: int
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


#: (enterprise, user) -> a ``Tab`` of the enterprise's page, computed for the reader
#: through the scoped querysets (its count too), or None where the reader's role sees
#: none of it: survey visits and concerns (surveys), evaluation results, compliance
#: records and redevelopment decisions (evaluation), projects (projects), parcels,
#: tenancies and rented units (land).
ENTERPRISE_TABS = Panels("tabs of an enterprise's page")

#: (project, user) -> a ``Tab`` of an investment project's page, counted and listed for
#: the reader, or None where the reader's role sees none of it: its documents
#: (documents).
PROJECT_TABS = Panels("tabs of a project's page")

#: (parcel, user) -> a ``Tab`` of a parcel's page, as ``PROJECT_TABS``: its documents
#: (documents).
PARCEL_TABS = Panels("tabs of a parcel's page")


def tabs(point: Panels, record, user, own: tuple[str, ...], wanted: str | None):
    """The tabs the apps above add to ``record``'s page (``point``), in their order,
    and the tab the page opens: ``wanted`` when it is one of the page's ``own`` or of
    those added, else the first of ``own``. Returns (tabs, open tab key, open Tab or
    None)."""
    added = sorted(point(record, user), key=lambda t: t.order)
    keys = {*own, *(t.key for t in added)}
    key = wanted if wanted in keys else own[0]
    return added, key, next((t for t in added if t.key == key), None)


# ------------------------------------------------------------------ the home page

#: (user) -> a panel of the user's home page, ``{"template": name, ...}``, or None
#: when the app has nothing waiting for this user: what the user's role works on
#: (a department: the concerns routed to it). Surveys provides one.
HOME_PANELS = Panels("panels of a user's home page")

#: (user) -> a card of the committee's dashboard, ``{"template": name, "order": n,
#: ...}``, or None when the user's role may not see it: the work of the apps above
#: (survey progress, classes, the project funnel, idle land, indicators), each figure
#: and chart element linking to the records behind it.
DASHBOARD_CARDS = Panels("cards of the committee's dashboard")


# ------------------------------------------------------------------ land approvals

#: () -> what a land approval serves, or None: the link belongs to the app of the
#: records approvals serve (projects: a project owns the approvals it needs), and it
#: gives land's approval form, filter, list, export and API one field, named
#: ``name`` there, through an object with the interface of ``ApprovalServes``.
#: Projects provides it.
APPROVAL_SERVES = Value("what a land approval serves", lambda: None)

#: (approval, user) -> a panel of the approval's page: ``{"template": name, ...}``
#: rendered with the panel as ``panel`` (the project it serves, the blockers waiting
#: for it). Projects provides one.
APPROVAL_PANELS = Panels("panels of a land approval's page")


class ApprovalServes(Protocol):
    """What land asks of the link between an approval and the record it serves."""

    name: str  # the field's name in forms, filters, exports and the API ("project")
    label: str  # lazy translatable
    help_text: str
    model: type  # the records served, for the API's choice of keys
    # the attributes of a choice an import matches a name against, the first the one
    # a choice shows (a confidential project's code name to outsiders)
    import_keys: tuple[str, ...]

    def choices(self, user, park=None) -> QuerySet:
        """The records ``user`` may link an approval of ``park`` to (no user: system
        work, every record of the park)."""

    def choice_label(self, record) -> str:
        """A record as a choice shows it (a confidential project's code name)."""

    def annotate(self, approvals: QuerySet) -> QuerySet:
        """``approvals`` with ``served_id`` and ``served_name`` in the same query."""

    def filter(self, approvals: QuerySet, record) -> QuerySet:
        """The approvals that serve ``record``."""

    def served_id(self, approval) -> int | None: ...

    def shown_name(self, user, approval) -> str:
        """The served record's name as ``user`` may see it ('' when none): the code
        name where the approval is secret for them (rows of a list come marked, so a
        list may pass no user)."""

    def prefetch(self, approvals: QuerySet) -> QuerySet:
        """``approvals`` with what ``waiting`` reads, for a list."""

    def waiting(self, approval) -> list[int]:
        """The keys of the records waiting for the approval (a project's blockers)."""

    def write(self, approval, record, user) -> None:
        """Link ``approval`` to ``record`` (None: to nothing), inside the approval's
        own write: the same park, and need-to-know (an outsider may not re-link)."""


# ------------------------------------------------------------------ search and to-do


#: (user, text) -> a group of the search page, or None where the user's role sees no
#: row of the app's records (or the text is empty): ``{"key", "label", "count",
#: "rows": [(name, url, detail)], "more_url", "order"}``, through the user's scoped
#: querysets, at most ``SEARCH_ROWS`` rows; a confidential project's real name is never
#: matched nor shown to an outsider. Projects and land provide one each.
SEARCH_RESULTS = Panels("groups of the search page")

#: (user) -> a panel of the user's to-do page, or None when the user's role has none of
#: that work: ``{"key", "label", "count", "rows": [{"name", "url", "detail", "due_on",
#: "late"}], "more_url", "order", "dated"}``, at most ``TODO_ROWS`` rows; ``late``: past
#: its due date (``clock.today()``); ``dated``: the panel shows a column of due dates.
#: Surveys, evaluation and projects provide them.
TODO_PANELS = Panels("panels of a user's to-do page")

SEARCH_ROWS = 10
TODO_ROWS = 10
