"""A list that has a page and an API endpoint filters with one filterset: the API's is
the page's, or derives from it and only adds filters, so a filter of the page means
the same through the API."""

from django.urls import URLPattern, URLResolver, get_resolver

from parkbase.core.views import ScopedListView

# lists of the same model that are not the same list (they get their own filterset)
DIFFERENT_LISTS = {
    # the board shows the open blockers of one park; the API lists every blocker
    ("projects", "blocker"),
}


def _views(patterns=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def _filtersets():
    """(model label -> page filtersets) and (model label -> API filtersets) of the lists."""
    pages, api = {}, {}
    for callback in _views():
        view_class = getattr(callback, "view_class", None)
        if (
            view_class is not None
            and issubclass(view_class, ScopedListView)
            and view_class.filterset_class is not None
        ):
            key = view_class.model._meta.app_label, view_class.model._meta.model_name
            pages.setdefault(key, set()).add(view_class.filterset_class)
        viewset = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if viewset is not None and actions.get("get") == "list":
            filterset = getattr(viewset, "filterset_class", None)
            if filterset is not None:
                key = tuple(filterset._meta.model._meta.label_lower.split("."))
                api.setdefault(key, set()).add(filterset)
    return pages, api


def test_the_api_filters_a_list_with_the_pages_filterset():
    pages, api = _filtersets()
    shared = [key for key in pages if key in api and key not in DIFFERENT_LISTS]
    assert ("projects", "project") in shared and ("projects", "investor") in shared
    assert ("land", "building") in shared
    for key in shared:
        (page,) = pages[key]
        for filterset in api[key]:
            assert issubclass(filterset, page), f"{key}: {filterset} does not derive from {page}"
            for name, filter_ in page.base_filters.items():
                derived = filterset.base_filters[name]
                assert type(derived) is type(filter_), f"{key}: {name} means something else"
                assert derived.field_name == filter_.field_name, (key, name)
                assert derived.lookup_expr == filter_.lookup_expr, (key, name)


def test_the_project_api_offers_the_page_filters_and_its_own():
    from parkbase.projects.api.filters import ProjectApiFilterSet
    from parkbase.projects.filtersets import ProjectFilterSet

    page, api = set(ProjectFilterSet.base_filters), set(ProjectApiFilterSet.base_filters)
    assert page < api
    assert {"industry", "year", "officer", "department", "stage_code", "landed_from"} <= api
    # one ordering, with the same names on the page and in the API
    assert ProjectApiFilterSet.base_filters["ordering"] is ProjectFilterSet.base_filters["ordering"]
