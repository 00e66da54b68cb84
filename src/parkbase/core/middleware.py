"""Request-wide machinery: every request runs with scoping strict."""

from __future__ import annotations

from parkbase.core.scoping import strict


class ScopeMiddleware:
    """Whatever context the server was started in (a command line that bypasses scope
    for its own work, a worker forked from it), a request never inherits a bypass:
    each query it makes is scoped to its user or names its own bypass."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with strict():
            return self.get_response(request)
