"""``{% if user|may_open:"evaluation-schemes" %}``: whether the user's role may open the
pages of a URL name at all, so that a button is shown only to those it leads somewhere
(not to a 404 or a 403)."""

from functools import cache

from django import template

from parkbase.core.lists import url_patterns
from parkbase.core.views import ScopedMixin

register = template.Library()


@cache
def _views() -> dict:
    """URL name → the view class that serves it."""
    found = {}
    for pattern in url_patterns():
        view = getattr(pattern.callback, "view_class", None)
        if pattern.name and view is not None:
            found.setdefault(pattern.name, view)
    return found


@register.filter
def may_open(user, url_name: str) -> bool:
    view = _views().get(url_name)
    if view is None:
        raise template.TemplateSyntaxError(f"may_open: no page is named {url_name!r}")
    if isinstance(view, type) and issubclass(view, ScopedMixin):
        return view.opens_for(user)
    return bool(getattr(user, "is_authenticated", False))
