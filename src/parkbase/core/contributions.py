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

from django.core.exceptions import ImproperlyConfigured


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
