"""``{% shown obj "note" %}``: a field of a record as the reading user may see it (the
placeholder where the record is linked to a confidential project the user is outside
of); ``{% shown obj "note" as note %}`` to filter it further."""

from django import template

from parkbase.core import need_to_know

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def shown(context, obj, field):
    if obj is None or obj == "":
        return ""
    return need_to_know.shown(_user(context), obj, field)


@register.simple_tag(takes_context=True)
def secret_label(context, obj):
    """The code name ``obj`` shows the user when it is secret for them, else ""."""
    if obj is None or obj == "":
        return ""
    return need_to_know.label_for(_user(context), obj) or ""
