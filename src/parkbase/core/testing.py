"""The permission matrix test base (in the manner of NetBox's view and API test cases).

A test module declares, for every page route and every API route, what each user gets
for each action that applies; this module finds the routes (so a route without its row
fails), fills their arguments, makes the requests and names every difference.

* An answer is one of ``ALLOWED`` ("+": the role may, the request got past every
  permission check), ``REFUSED`` ("x": 403, the object is in the user's scope but the
  action is not the role's) or ``HIDDEN`` ("-": 404, out of scope, or a module the
  role sees no row of). Anything else (a 500, a 405) is reported as its status code.
* Each request runs inside a transaction rolled back at once, so a create, an edit or a
  delete that is allowed leaves the data as it was for the next check.

It imports no app: the tables and the objects they are filled with live with the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ALLOWED, REFUSED, HIDDEN = "+", "x", "-"
MOVED = ">"  # a page that sends this user on to their own (an enterprise's home: its file)

# What each action of a page asks: (method, query or body). A method the route's view
# does not answer is left out (a POST-only delete has no form page).
PAGE_ACTIONS: dict[str, tuple[tuple[str, dict], ...]] = {
    "list": (("get", {}),),
    "detail": (("get", {}),),
    "export": (("get", {"export": "xlsx"}),),
    "history": (("get", {"tab": "history"}),),
    "create": (("get", {}), ("post", {})),  # the form, and an empty submit
    "edit": (("get", {}), ("post", {})),
    "change": (("post", {}),),  # a POST on a page whose GET is its view
    "delete": (("post", {}),),
}
# An API route is asked with each method its view set answers, with an empty body.
# Past every permission check: a page or its form (200), a redirect after a write, the
# service's refusal of an empty body (400), a rule that forbids this object (409).
WRITE_PASSED = {200, 201, 202, 204, 302, 400, 409}


def verdict(method: str, response, data: dict | None = None) -> str:
    status = response.status_code
    workbook = response.get("Content-Type", "").startswith("application/vnd.openxmlformats")
    if status == 200 and (data or {}).get("export") == "xlsx" and not workbook:
        return "not a workbook"
    if status == 403:
        return REFUSED
    if status == 404:
        return HIDDEN
    if (method == "get" and status == 200) or (method != "get" and status in WRITE_PASSED):
        return ALLOWED
    if method == "get" and status == 302 and "/login/" not in response.get("Location", ""):
        return MOVED
    return str(status)


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    view: object  # the view class (pages) or the viewset (API)
    arguments: tuple[str, ...]
    methods: dict[str, str] = field(default_factory=dict)  # API: method -> DRF action

    def answers(self, method: str) -> bool:
        if self.view is None:
            return True
        if method not in getattr(self.view, "http_method_names", [method]):
            return False
        return method in self.methods if self.methods else hasattr(self.view, method)


def _walk(patterns, prefix="", namespace=None) -> Iterator[tuple[str, str, object]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            full = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full)
        elif isinstance(p, URLPattern) and p.name:
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield name, prefix + str(p.pattern), p


def routes() -> tuple[dict[str, Route], dict[str, Route], set[str]]:
    """Every named route: (pages, API routes of the router(s), the admin site's names).
    Format-suffix twins of a route share its name and are not walked twice."""
    pages, api, admin = {}, {}, set()
    for name, pattern, p in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            admin.add(name)
            continue
        callback = p.callback
        arguments = tuple(sorted(set(p.pattern.regex.groupindex) - {"format"}))
        actions = getattr(callback, "actions", None)
        if actions:
            if name not in api:
                allowed = callback.cls.http_method_names
                methods = {m: a for m, a in actions.items() if m in allowed}
                api[name] = Route(name, pattern, callback.cls, arguments, methods)
            continue
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        pages.setdefault(name, Route(name, pattern, view, arguments))
    return pages, api, admin


def url(route: Route, arguments: dict) -> str:
    return reverse(route.name, kwargs={k: arguments[k] for k in route.arguments})


def ask(client, method: str, path: str, data: dict, *, api: bool = False):
    """The response to one request, made inside a transaction rolled back at once."""
    options = {"format": "json"} if api and method != "get" else {}
    with transaction.atomic():
        response = getattr(client, method)(path, data, **options)
        transaction.set_rollback(True)
    return response


@dataclass
class Check:
    """One request of the matrix and what it should answer."""

    route: str
    action: str
    user: str
    method: str
    path: str
    data: dict
    expected: str
    api: bool = False

    def run(self, client) -> str | None:
        response = ask(client, self.method, self.path, self.data, api=self.api)
        got = verdict(self.method, response, self.data)
        if got == self.expected:
            return None
        return (
            f"{self.route} {self.action} as {self.user}: {self.method.upper()} {self.path}"
            f" {self.data or ''} answered {got}, the table says {self.expected}"
        )
