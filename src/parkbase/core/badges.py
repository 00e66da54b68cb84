"""Badges in the colour their value has everywhere else: an evaluation class in the
colour of ``charts.class_colours`` (the charts' and the land map's), a status in the
colour its app's map gives it. The text is black or white, whichever stands out more
on the colour: at least the 4.5:1 contrast that WCAG asks of text on every colour of
the palettes (a test checks them all)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString

from parkbase.core.charts import NO_CLASS_COLOUR, class_colours

BLACK = "#000000"
WHITE = "#FFFFFF"
NO_VALUE = "—"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a colour written ``#RRGGBB`` (or ``#RGB``)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def text_colour(background: str) -> str:
    """Black or white: the one of the greater contrast on ``background`` (one of the two
    always reaches 4.5:1)."""
    return BLACK if contrast(background, BLACK) >= contrast(background, WHITE) else WHITE


def badge(label, colour: str, *, testid: str = "", css: str = "", title: str = "") -> SafeString:
    """A Bootstrap badge of ``label`` on ``colour``, its text in ``text_colour``."""
    return format_html(
        '<span class="badge{}" style="background-color: {}; color: {}"{}{}>{}</span>',
        f" {css}" if css else "",
        colour,
        text_colour(colour),
        format_html(' data-testid="{}"', testid) if testid else "",
        format_html(' title="{}"', title) if title else "",
        label,
    )


def class_colour(klass: str, names: Iterable[str] = ()) -> str:
    """The colour of the class ``klass`` among the scheme's classes ``names`` (best
    first), as the charts and the map paint it; grey for no class, and, as on the map,
    for a mark that is none of the scheme's classes ("-": not graded). Without
    ``names``, A–D take their standard colours."""
    names = list(names)
    if not klass or (names and klass not in names):
        return NO_CLASS_COLOUR
    return class_colours([*names, klass])[klass]


def class_badge(klass, names: Iterable[str] = (), *, label=None, **options) -> SafeString:
    """The badge of an evaluation class (``label`` written on it, the class itself
    unless given); "—" in grey for none."""
    shown = label if label is not None else (klass or NO_VALUE)
    return badge(shown, class_colour(klass, names), **options)
