"""The lists that export: every ``ScopedListView`` the site serves, by its export name
(``enterprises``, ``parcels``, ``concerns``…), found in the URL configuration, so the
command line exports exactly what the page exports, with the page's filters."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from parkbase.core.views import ScopedListView


def url_patterns(patterns=None):
    """Every URL pattern the site serves (of ``patterns``, by default the site's)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def exporting_lists() -> dict[str, type[ScopedListView]]:
    """Export name → the list view, for every list page that exports."""
    found: dict[str, type[ScopedListView]] = {}
    for pattern in url_patterns():
        view = getattr(pattern.callback, "view_class", None)
        if view is None or not issubclass(view, ScopedListView):
            continue
        name = view.export_name
        if name and name != ScopedListView.export_name:
            found.setdefault(name, view)
    return dict(sorted(found.items()))
