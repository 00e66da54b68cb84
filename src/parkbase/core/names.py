"""Names held in Chinese and, where someone wrote one, in English (a park, an evaluation
scheme, its peer groups, indicators and rules): shown in the page's language, or in the
one language held."""

from __future__ import annotations

from django.utils import translation


def english() -> bool:
    """Whether the page is in English (else Chinese, the primary language)."""
    return (translation.get_language() or "").startswith("en")


def in_language(name, name_en="") -> str:
    """``name`` (the Chinese name) or ``name_en`` in the page's language; when only one
    is held, that one."""
    name, name_en = str(name or ""), str(name_en or "")
    if english():
        return name_en or name
    return name or name_en
