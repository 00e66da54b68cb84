"""The figures and links of a paragraph follow its text through a person's edit.

The old and the new text are compared (``difflib``): a mark that stood in a stretch the
person left as it was moves with that stretch; a mark whose own text the person changed
or cut is looked for in the new text, and kept where it stands exactly once (a sentence
moved); otherwise it is kept without a place (``start`` None): the person rewrote it,
and a redraft asks them about it instead of guessing. Plain Python."""

from __future__ import annotations

from difflib import SequenceMatcher

MARK_KINDS = ("figures", "links")


def find_once(text: str, shown: str, taken: list[tuple[int, int]]) -> int | None:
    """Where ``shown`` stands in ``text`` when it stands there once, not over a mark
    already placed; else None."""
    if not shown or text.count(shown) != 1:
        return None
    start = text.index(shown)
    end = start + len(shown)
    if any(start < b and a < end for a, b in taken):
        return None
    return start


def carry(old: str, new: str, p: dict) -> dict:
    """Paragraph ``p`` (its marks placed in ``old``) with the text ``new`` and its
    marks placed in it as far as they can be."""
    if old == new:
        return {**p, "text": new}
    blocks = [
        (i1, i2, j1)
        for tag, i1, i2, j1, _j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        if tag == "equal"
    ]
    moved: dict[str, list[dict]] = {}
    lost: list[tuple[str, int]] = []
    taken: list[tuple[int, int]] = []
    for kind in MARK_KINDS:
        moved[kind] = []
        for mark in p.get(kind, []):
            start, shown = mark.get("start"), mark.get("text", "")
            at = None
            if isinstance(start, int) and old[start : start + len(shown)] == shown:
                end = start + len(shown)
                at = next(
                    (j1 + start - i1 for i1, i2, j1 in blocks if i1 <= start and end <= i2), None
                )
            if at is None:
                lost.append((kind, len(moved[kind])))
            else:
                taken.append((at, at + len(shown)))
            moved[kind].append({**mark, "start": at})
    for kind, index in lost:
        mark = moved[kind][index]
        at = find_once(new, mark.get("text", ""), taken)
        if at is not None:
            taken.append((at, at + len(mark["text"])))
        mark["start"] = at
    return {**p, "text": new, **moved}


def replace_at(p: dict, index: int, fresh: dict) -> dict:
    """``p`` with its placed figure ``index`` now as ``fresh`` has it (value, text,
    address): the text around it as it was, the marks after it moved on by the
    difference in length."""
    mark = p["figures"][index]
    start, old_text, new_text = mark["start"], mark["text"], fresh["text"]
    text = p["text"]
    shift = len(new_text) - len(old_text)
    out = {**p, "text": text[:start] + new_text + text[start + len(old_text) :]}
    for kind in MARK_KINDS:
        marks = []
        for n, m in enumerate(p.get(kind, [])):
            at = m.get("start")
            if kind == "figures" and n == index:
                m = {**m, **fresh, "start": start}
            elif isinstance(at, int) and at > start:
                m = {**m, "start": at + shift}
            marks.append(m)
        out[kind] = marks
    return out
