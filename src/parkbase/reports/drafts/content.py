"""What a version of a saved draft holds, as plain JSON: its title, its opening
paragraph and its parts of sections of paragraphs. A paragraph is its text (without
its ordinal: 一是, 二是… follow the order the paragraphs stand in) and its marks: the
figures it carries (each with the place of the phrase it was drafted in, ``slot``, the
records it counts, ``url``, its value and how it read, ``text``) and the records it
names (``links``), each at the offset where it stands in the text (``start``; None once
a person rewrote it). A redraft finds a figure again by its slot and records
(``identity``); the pages show the marks as links again (``to_draft``).

    {"title": "…", "intro": {paragraph},
     "parts": [{"heading": "…", "sections": [
         {"key": "investment", "heading": "…", "numbered": true,
          "paragraphs": [{"id": "investment-1", "text": "…",
                          "figures": [{"slot": "investment.signed.count", "url": "…",
                                       "unit": "个项目", "key": "projects",
                                       "value": "3", "text": "3个项目", "start": 12}],
                          "links": [{"url": "…", "text": "…", "start": 30}]}]}]}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode, urlsplit

from parkbase.reports.engine.text import (
    Draft,
    Figure,
    Link,
    Paragraph,
    Part,
    Piece,
    Section,
    Words,
    piece_text,
)

INTRO = "intro"


def strip_park(url: str) -> str:
    """A figure's address without the park it was opened for (``?park=``: the same
    records whoever reads them), its query in a fixed order."""
    parts = urlsplit(url or "")
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k != "park")
    return parts.path + (f"?{urlencode(query)}" if query else "")


def identity(mark: dict) -> str:
    """What finds a figure again in a new draft: the place it was drafted in and the
    records it counts."""
    return f"{mark.get('slot', '')}|{strip_park(mark.get('url', ''))}"


# ------------------------------------------------------------------ from the engine


def paragraph_of(p: Paragraph, pid: str) -> dict:
    """A drafted paragraph as JSON (its ordinal left out: the page numbers it)."""
    text: list[str] = []
    figures, links, at = [], [], 0
    for piece in p.pieces:
        shown = piece_text(piece)
        if isinstance(piece, Figure):
            figures.append(
                {
                    "slot": piece.slot,
                    "url": piece.url,
                    "unit": piece.unit,
                    "key": piece.key,
                    "value": str(piece.value),
                    "text": shown,
                    "start": at,
                }
            )
        elif isinstance(piece, Link):
            links.append({"url": piece.url, "text": shown, "start": at})
        text.append(shown)
        at += len(shown)
    return {"id": pid, "text": "".join(text), "figures": figures, "links": links}


def content_of(draft: Draft) -> dict:
    """The engine's draft as the first version of a saved draft."""
    parts = []
    for part in draft.parts:
        sections = []
        for section in part.sections:
            paragraphs = [
                paragraph_of(p, f"{section.key}-{n}") for n, p in enumerate(section.paragraphs, 1)
            ]
            numbered = any(p.lead for p in section.paragraphs)
            sections.append(
                {
                    "key": section.key,
                    "heading": section.heading,
                    "numbered": numbered,
                    "paragraphs": paragraphs,
                }
            )
        parts.append({"heading": part.heading, "sections": sections})
    return {"title": draft.title, "intro": paragraph_of(draft.intro, INTRO), "parts": parts}


# ------------------------------------------------------------------ reading the content


def sections(content: dict) -> Iterator[dict]:
    for part in content.get("parts", []):
        yield from part.get("sections", [])


def paragraphs(content: dict) -> Iterator[tuple[dict | None, dict]]:
    """Every paragraph with its section (None for the opening paragraph)."""
    intro = content.get("intro")
    if intro:
        yield None, intro
    for section in sections(content):
        for p in section.get("paragraphs", []):
            yield section, p


def placed(p: dict) -> list[tuple[int, dict, bool]]:
    """The marks of a paragraph that stand where they say, in order, none overlapping
    another: (start, mark, is a figure)."""
    text = p.get("text", "")
    marks = [(m, True) for m in p.get("figures", [])] + [(m, False) for m in p.get("links", [])]
    found = []
    for mark, is_figure in marks:
        start = mark.get("start")
        shown = mark.get("text", "")
        if isinstance(start, int) and shown and text[start : start + len(shown)] == shown:
            found.append((start, mark, is_figure))
    found.sort(key=lambda item: (item[0], not item[2]))
    kept, end = [], 0
    for start, mark, is_figure in found:
        if start >= end:
            kept.append((start, mark, is_figure))
            end = start + len(mark["text"])
    return kept


def _value(mark: dict) -> Decimal:
    try:
        return Decimal(mark.get("value", "0"))
    except (InvalidOperation, TypeError):
        return Decimal(0)


def pieces_of(p: dict) -> list[Piece]:
    """A paragraph's text cut at its marks: figures and links where they stand."""
    text = p.get("text", "")
    pieces: list[Piece] = []
    at = 0
    for start, mark, is_figure in placed(p):
        if start > at:
            pieces.append(text[at:start])
        if is_figure:
            pieces.append(
                Figure(
                    _value(mark),
                    mark.get("unit", ""),
                    mark["text"],
                    mark.get("url", ""),
                    mark.get("key", ""),
                    mark.get("slot", ""),
                )
            )
        else:
            pieces.append(Link(mark["text"], mark.get("url", "")))
        at = start + len(mark["text"])
    if at < len(text):
        pieces.append(text[at:])
    return pieces


def to_draft(content: dict, w: Words, *, park: str, year: int) -> Draft:
    """A saved version as the engine's ``Draft``, so the page, Markdown and Word render
    it as they render a fresh one: each numbered section's paragraphs led by 一是,
    二是… in the order they stand."""
    parts = []
    for part in content.get("parts", []):
        made = []
        for section in part.get("sections", []):
            paragraphs = [
                Paragraph(pieces_of(p), w.ordinal(n) if section.get("numbered") else "")
                for n, p in enumerate(section.get("paragraphs", []))
            ]
            made.append(Section(section.get("key", ""), section.get("heading", ""), paragraphs))
        parts.append(Part(part.get("heading", ""), made))
    intro = content.get("intro") or {"text": ""}
    return Draft(
        title=content.get("title", ""),
        park=park,
        year=year,
        intro=Paragraph(pieces_of(intro)),
        parts=parts,
    )


def texts(content: dict) -> Iterator[str]:
    """Every text of a version (title, headings, paragraphs)."""
    yield content.get("title", "")
    for part in content.get("parts", []):
        yield part.get("heading", "")
        for section in part.get("sections", []):
            yield section.get("heading", "")
    for _section, p in paragraphs(content):
        yield p.get("text", "")
