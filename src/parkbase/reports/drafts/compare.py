"""Two versions of a draft side by side, paragraph by paragraph: each row a heading or
a paragraph of either version, as it stands in the newer one, marked as unchanged,
changed (its text with what was cut and what was written in between), added, deleted
or moved. Paragraphs are matched by their id, so a paragraph a person rewrote is shown
as changed and one they moved as moved. Words are compared one by one, and Chinese
text character by character. Plain Python (``difflib``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SAME, CHANGED, ADDED, DELETED, MOVED = "same", "changed", "added", "deleted", "moved"
TOKENS = re.compile(r"[A-Za-z0-9_.,%'-]+|\s+|.", re.S)


@dataclass
class Piece:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class Row:
    key: str
    kind: str  # title, intro, part, section, para
    state: str
    pieces: list[Piece] = field(default_factory=list)
    where: str = ""  # the section heading a paragraph stands under

    @property
    def changed(self) -> bool:
        return self.state != SAME


def words(old: str, new: str) -> list[Piece]:
    """``new`` against ``old``: what stayed, what was cut and what was written."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces


def _items(content: dict) -> list[tuple[str, str, str, str]]:
    """(key, kind, text, where) of every heading and paragraph, in order."""
    items = [("title", "title", content.get("title", ""), "")]
    intro = content.get("intro")
    if intro and intro.get("text"):
        items.append(("p:intro", "intro", intro["text"], ""))
    for n, part in enumerate(content.get("parts", [])):
        items.append((f"part:{n}", "part", part.get("heading", ""), ""))
        for section in part.get("sections", []):
            heading = section.get("heading", "")
            items.append((f"section:{section.get('key')}", "section", heading, ""))
            for p in section.get("paragraphs", []):
                items.append((f"p:{p.get('id')}", "para", p.get("text", ""), heading))
    return items


def compare(older: dict, newer: dict) -> list[Row]:
    """The rows of ``newer`` against ``older``."""
    a, b = _items(older), _items(newer)
    old_by_key = {item[0]: item for item in a}
    new_keys = {item[0] for item in b}
    matcher = SequenceMatcher(None, [i[0] for i in a], [i[0] for i in b], autojunk=False)
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (key, kind, old, _w), (_k, _kind, new, where) in zip(
                a[i1:i2], b[j1:j2], strict=True
            ):
                if old == new:
                    rows.append(Row(key, kind, SAME, [Piece("equal", new)], where))
                else:
                    rows.append(Row(key, kind, CHANGED, words(old, new), where))
            continue
        for key, kind, old, where in a[i1:i2]:
            if key not in new_keys:
                rows.append(Row(key, kind, DELETED, [Piece("delete", old)], where))
        for key, kind, new, where in b[j1:j2]:
            before = old_by_key.get(key)
            if before is None:
                rows.append(Row(key, kind, ADDED, [Piece("insert", new)], where))
            else:
                rows.append(Row(key, kind, MOVED, words(before[2], new), where))
    return rows
