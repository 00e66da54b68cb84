"""``{% change_by change %}``: who or what made a change of the history, in words: the
user's name, the work that made it (an import, linked for a reader who may open it),
or the note given with it."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from parkbase.core.history import linked_names

register = template.Library()


@register.simple_tag(takes_context=True)
def change_by(context, change):
    request = context.get("request")
    reader = getattr(request, "user", None)
    parts = []
    if change.who:
        parts.append(format_html('<span translate="no">{}</span>', change.who))
    if change.source is not None:
        words, link = change.source_words(), change.source_link(reader)
        parts.append(format_html('<a href="{}">{}</a>', link, words) if link else words)
    elif change.reason:
        parts.append(change.reason)
    if not change.who and change.source is None:
        parts.insert(0, _("system"))
    return format_html_join(" · ", "{}", ((part,) for part in parts))


@register.simple_tag(takes_context=True)
def linked(context, changes):
    """The names of the records the changes link, read once for the whole history."""
    request = context.get("request")
    return linked_names(changes, getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def change_value(context, value, known=None):
    """A value before or after a change, as the reader may read it; "—" for none."""
    if hasattr(value, "text"):
        request = context.get("request")
        text = value.text(getattr(request, "user", None), known)
        if text and value.people:  # names are not translated
            return format_html('<span translate="no">{}</span>', text)
        value = text
    if value is None:
        return "—"
    return render_value_in_context(value, context)  # as {{ value }} reads: dates localised
