"""``{{ item|named }}``: the name of ``item`` (an object or a mapping with ``name`` and,
maybe, ``name_en``) in the page's language, or the one held."""

from collections.abc import Mapping

from django import template

from parkbase.core.names import in_language

register = template.Library()


@register.filter
def named(item) -> str:
    if item is None or item == "":
        return ""
    if isinstance(item, Mapping):
        return in_language(item.get("name"), item.get("name_en"))
    return in_language(getattr(item, "name", ""), getattr(item, "name_en", ""))
