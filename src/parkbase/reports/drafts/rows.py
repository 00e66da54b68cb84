"""The edit form of a saved draft: the version as rows in the order they stand (the
title, the opening paragraph, each part's heading, each section's heading and its
paragraphs), each row a kind, an id and a text. The form posts the rows back in their
order, so the order of the rows is the structure: a paragraph belongs to the section
heading above it. Moving, adding and deleting rows (``operate``) is done on that list,
by the page's script in the browser or, without it, by the server; saving reads the
rows back into a version (``content_from``), the figures of each paragraph carried
through the person's edit (``marks.carry``) and its text cleaned (``paste.tidy``).
Plain Python."""

from __future__ import annotations

from dataclasses import dataclass

from parkbase.reports.drafts.content import INTRO, paragraphs
from parkbase.reports.drafts.marks import carry
from parkbase.reports.drafts.paste import Tidied, tidy

TITLE, INTRO_ROW, PART, SECTION, PARA = "title", "intro", "part", "section", "para"
KINDS = (TITLE, INTRO_ROW, PART, SECTION, PARA)
HEADINGS = (PART, SECTION)
MOVES = ("up", "down", "delete", "add", "add-section", "delete-section")

MAX_PARAGRAPH = 20_000  # characters of one paragraph
MAX_TEXT = 200_000  # characters of a whole version (a request holds 2.5 MB)
MAX_ROWS = 400


@dataclass
class Row:
    kind: str
    rid: str = ""
    text: str = ""


def rows_of(content: dict) -> list[Row]:
    rows = [Row(TITLE, "", content.get("title", ""))]
    intro = content.get("intro")
    if intro is not None:
        rows.append(Row(INTRO_ROW, INTRO, intro.get("text", "")))
    for n, part in enumerate(content.get("parts", [])):
        rows.append(Row(PART, str(n), part.get("heading", "")))
        for section in part.get("sections", []):
            rows.append(Row(SECTION, section.get("key", ""), section.get("heading", "")))
            rows += [Row(PARA, p.get("id", ""), p.get("text", "")) for p in section["paragraphs"]]
    return rows


def posted(rows: list[str], texts: list[str]) -> list[Row]:
    """The rows a form posted: each ``kind:id`` with its text, in order (one field for
    both, so that a long draft stays within the fields a request may send); rows of an
    unknown kind are left out."""
    found = []
    for row, text in zip(rows, texts, strict=False):
        kind, _sep, rid = (row or "").partition(":")
        if kind in KINDS:
            found.append(Row(kind, rid, text or ""))
    return found[:MAX_ROWS]


# ------------------------------------------------------------------ moves


def _section_rows(rows: list[Row], index: int) -> tuple[int, int]:
    """The rows of the section ``index`` stands in (its heading and paragraphs)."""
    start = index
    while start > 0 and rows[start].kind != SECTION:
        start -= 1
    end = start + 1
    while end < len(rows) and rows[end].kind == PARA:
        end += 1
    return start, end


def _up(rows: list[Row], i: int) -> int:
    above = rows[i - 1]
    if above.kind == PARA:
        rows[i - 1], rows[i] = rows[i], above
        return i - 1
    # over its section's heading (and a part's) to the end of the section before
    target = i - 2
    while target >= 0 and rows[target].kind == PART:
        target -= 1
    if target < 0 or rows[target].kind not in (PARA, SECTION):
        return i
    row = rows.pop(i)
    rows.insert(target + 1, row)
    return target + 1


def _down(rows: list[Row], i: int) -> int:
    if i + 1 >= len(rows):
        return i
    below = rows[i + 1]
    if below.kind == PARA:
        rows[i + 1], rows[i] = rows[i], below
        return i + 1
    # over the next section's heading (and a part's): its first paragraph
    target = i + 1
    while target < len(rows) and rows[target].kind == PART:
        target += 1
    if target >= len(rows) or rows[target].kind != SECTION:
        return i
    row = rows.pop(i)
    rows.insert(target, row)  # the heading moved up by one: just under it
    return target


def operate(rows: list[Row], move: str, index: int) -> tuple[list[Row], int]:
    """The rows after ``move`` ("up", "down", "delete", "add", "add-section",
    "delete-section") of the row ``index``, and the row to focus then. A move that
    does not apply leaves the rows as they are."""
    rows = list(rows)
    if not 0 <= index < len(rows):
        return rows, 0
    kind = rows[index].kind
    if kind == PARA and move == "up":
        return rows, _up(rows, index)
    if kind == PARA and move == "down":
        return rows, _down(rows, index)
    if kind == PARA and move == "delete":
        del rows[index]
        return rows, max(index - 1, 0)
    if kind in (PARA, SECTION) and move == "add":
        rows.insert(index + 1, Row(PARA))
        return rows, index + 1
    if kind in (PARA, SECTION) and move == "add-section":
        _start, end = _section_rows(rows, index)
        rows[end:end] = [Row(SECTION), Row(PARA)]
        return rows, end
    if kind == SECTION and move == "delete-section":
        start, end = _section_rows(rows, index)
        del rows[start:end]
        return rows, max(start - 1, 0)
    return rows, index


# ------------------------------------------------------------------ back to a version


@dataclass
class Read:
    """A version read back from the rows: its content, what cleaning did, and what
    keeps it from being saved (rule codes with their details)."""

    content: dict
    tidied: Tidied
    problems: list[tuple[str, dict]]


def _new_id(prefix: str, used: set[str]) -> str:
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    used.add(f"{prefix}{n}")
    return f"{prefix}{n}"


def content_from(rows: list[Row], base: dict) -> Read:
    """The version the rows make, from the version ``base`` they were edited from:
    each paragraph it knows keeps its figures and links where the text still holds
    them; a new paragraph or section gets a new id; an empty paragraph is left out."""
    base_paragraphs = {p["id"]: p for _s, p in paragraphs(base)}
    base_sections = {s["key"]: s for part in base.get("parts", []) for s in part["sections"]}
    used = set(base_paragraphs) | set(base_sections) | {INTRO}
    seen: set[str] = set()
    tidied, problems = Tidied(), []
    content: dict = {"title": "", "intro": None, "parts": []}
    section = None
    size = 0
    for row in rows:
        text, done = tidy(row.text, multiline=row.kind in (PARA, INTRO_ROW))
        tidied += done
        size += len(text)
        if row.kind == TITLE:
            content["title"] = text
        elif row.kind == PART:
            content["parts"].append({"heading": text, "sections": []})
            section = None
        elif row.kind == SECTION:
            if not content["parts"]:
                content["parts"].append({"heading": "", "sections": []})
            known = base_sections.get(row.rid) if row.rid not in seen else None
            key = row.rid if known else _new_id("s", used)
            seen.add(key)
            numbered = known["numbered"] if known else True
            section = {"key": key, "heading": text, "numbered": numbered, "paragraphs": []}
            content["parts"][-1]["sections"].append(section)
        elif row.kind in (PARA, INTRO_ROW):
            if len(text) > MAX_PARAGRAPH:
                problems.append(("paragraph_too_long", {"count": len(text), "max": MAX_PARAGRAPH}))
            pid = INTRO if row.kind == INTRO_ROW else row.rid
            before = base_paragraphs.get(pid) if pid not in seen else None
            seen.add(pid)
            if before is not None:
                p = carry(before.get("text", ""), text, before)
            else:
                pid = _new_id("n", used)
                p = {"id": pid, "text": text, "figures": [], "links": []}
            if row.kind == INTRO_ROW:
                content["intro"] = {**p, "id": INTRO}
                continue
            if not text:
                continue  # an empty paragraph holds nothing to keep
            if section is None:
                if not content["parts"]:
                    content["parts"].append({"heading": "", "sections": []})
                section = {"key": _new_id("s", used), "heading": "", "numbered": True}
                section["paragraphs"] = []
                content["parts"][-1]["sections"].append(section)
            section["paragraphs"].append(p)
    if not content["title"]:
        problems.append(("title_required", {}))
    if size > MAX_TEXT:
        problems.append(("draft_too_long", {"count": size, "max": MAX_TEXT}))
    if content["intro"] is None:
        content["intro"] = {"id": INTRO, "text": "", "figures": [], "links": []}
    return Read(content, tidied, problems)
