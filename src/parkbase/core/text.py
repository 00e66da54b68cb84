"""Text typed, pasted or read from a file, cleaned of the characters nobody means to
store: control characters (ESC, BEL and the rest of C0 and C1), zero-width characters
(U+200B–U+200F, U+2060–U+2064, the byte-order mark U+FEFF) and the bidirectional
embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C) that make
a name read differently from what it holds. Text pasted from Word or read from a file
that starts with a byte-order mark therefore saves, without them.

Line breaks and tabs stay in multi-line text; Word's manual line break (U+000B), form
feeds, NEL and the Unicode line and paragraph separators become ordinary line breaks
there. In single-line text (names, codes) every tab and line break becomes a space.

Plain Python: the import engine uses it too. The forms (``core.forms``) and the API
serializers (``core.api.serializers``) call it for every text field they read."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

_C0 = set(range(0x00, 0x20)) - {0x09, 0x0A, 0x0D, 0x0B, 0x0C}
_C1 = set(range(0x7F, 0xA0)) - {0x85}
_INVISIBLE = (
    {0x061C, 0xFEFF}
    | set(range(0x200B, 0x2010))  # zero-width space, joiners, LRM, RLM
    | set(range(0x202A, 0x202F))  # bidi embeddings and overrides
    | set(range(0x2060, 0x2065))  # word joiner, invisible operators
    | set(range(0x2066, 0x2070))  # bidi isolates, deprecated format characters
)
_LINE_BREAKS = {0x0B, 0x0C, 0x85, 0x2028, 0x2029}

# str.translate tables: characters removed (None), other line breaks made "\n"
REMOVED = dict.fromkeys(_C0 | _C1 | _INVISIBLE)
MULTI_LINE = REMOVED | dict.fromkeys(_LINE_BREAKS, "\n")
SINGLE_LINE = REMOVED | dict.fromkeys(_LINE_BREAKS | {0x09, 0x0A, 0x0D}, " ")


def clean_text(value: str, multiline: bool = False) -> str:
    """``value`` without control, zero-width and direction characters; in single-line
    text, tabs and line breaks become spaces (a Windows line break one space)."""
    if value.isprintable():  # false for every character this removes or changes
        return value
    if multiline:
        return value.translate(MULTI_LINE)
    return value.replace("\r\n", "\n").translate(SINGLE_LINE)


# A cell or a header read from a spreadsheet, on one line: full-width digits, signs and
# spaces folded to ASCII, the characters above dropped, runs of white space one space.
FULLWIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９．，－＋％"}
FULLWIDTH[ord("　")] = ord(" ")
FULLWIDTH[0x2212] = ord("-")  # minus sign
# control, zero-width and direction characters go (the zero-width space and the
# byte-order mark among them), other line breaks become "\n": the rule above
FULLWIDTH.update(MULTI_LINE)
_WHITESPACE = re.compile(r"\s+")


def normalise_text(value) -> str:
    if value is None:
        return ""
    text = value if value.__class__ is str else str(value)
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()
    return _WHITESPACE.sub(" ", text.translate(FULLWIDTH)).strip()


def normalise_texts(texts: Iterable[str]) -> Iterator[str]:
    """``normalise_text`` of each string, mapped at C speed: the general branch of
    ``normalise_text``, which gives what its shortcut gives for plain ASCII."""
    translated = map(str.translate, texts, itertools.repeat(FULLWIDTH))
    return map(str.strip, map(_WHITESPACE.sub, itertools.repeat(" "), translated))
