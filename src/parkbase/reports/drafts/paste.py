"""Text typed or pasted into a draft (from Word, a web page, a chat), made plain
before it is kept, and what was done to it counted so the page can say so.

* line endings: Windows' ``\\r\\n`` and old Macs' ``\\r`` become ``\\n``;
* Unicode NFC: a letter and its combining accent become the one character;
* non-breaking spaces (U+00A0, the narrow U+202F, the figure space U+2007) and tabs
  become ordinary spaces;
* control, zero-width and direction characters go (``core.text.clean_text``, the rule
  every form of parkbase applies; Word's manual line break becomes a line break);
* white space at the ends of the text and of each line goes (a paragraph pasted with
  the two full-width spaces Chinese writers indent with is indented by the layout).

Smart quotes (“ ” ‘ ’), full-width punctuation and the ideographic space inside the
text are the writer's and stay as they are. Plain Python."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from parkbase.core.text import clean_text

SPACES = {0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x09: " "}


@dataclass
class Tidied:
    """What cleaning did to the text of a draft, counted over all its texts."""

    removed: int = 0  # control, zero-width and direction characters
    spaces: int = 0  # non-breaking spaces and tabs made spaces
    line_ends: int = 0  # Windows and old Mac line endings made "\n"

    def __iadd__(self, other: Tidied) -> Tidied:
        self.removed += other.removed
        self.spaces += other.spaces
        self.line_ends += other.line_ends
        return self

    def __bool__(self) -> bool:
        return bool(self.removed or self.spaces)


def tidy(value: str | None, multiline: bool = True) -> tuple[str, Tidied]:
    """``value`` as it is kept, and what was done to it."""
    done = Tidied()
    text = value or ""
    if "\r" in text:
        done.line_ends = text.count("\r\n") + text.replace("\r\n", "").count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    done.spaces = sum(text.count(chr(code)) for code in SPACES)
    text = text.translate(SPACES)
    before = len(text)
    text = clean_text(text, multiline)
    # a line break that stood for a removed character is not counted as removed
    done.removed = before - len(text)
    if multiline:
        text = "\n".join(line.strip() for line in text.split("\n"))
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
    return text.strip(), done
