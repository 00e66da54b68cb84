"""The monthly bulletin as the page shows it (paragraphs and table cells as HTML, the
records they name as links, the charts as PNG images inline), as Markdown (tables as
pipe tables; the charts left out, their figures are in the tables and the text) and
as a standalone HTML file."""

from __future__ import annotations

import base64
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from parkbase.reports.engine.bulletin import Bulletin, Table, cell_text
from parkbase.reports.engine.text import Link, Paragraph
from parkbase.reports.render import paragraph_html

CSS = Path(__file__).resolve().parent / "static" / "reports" / "bulletin.css"


def _cell_html(cell, base: str) -> SafeString:
    if isinstance(cell, Link):
        return format_html('<a href="{}{}">{}</a>', base, cell.url, cell.text)
    return escape(cell)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def page(b: Bulletin, images: dict[str, bytes], base: str = "") -> dict:
    """The bulletin as the templates read it."""
    blocks = []
    for block in b.blocks:
        items = []
        for item in block.items:
            if isinstance(item, Paragraph):
                items.append({"kind": "paragraph", "html": paragraph_html(item, base)})
            elif isinstance(item, Table):
                items.append(
                    {
                        "kind": "table",
                        "key": item.key,
                        "header": item.header,
                        "numeric_from": item.numeric_from,
                        "rows": [
                            {
                                "behind": item.behind[i] if i < len(item.behind) else False,
                                "cells": [
                                    {"html": _cell_html(c, base), "numeric": j >= item.numeric_from}
                                    for j, c in enumerate(row)
                                ],
                            }
                            for i, row in enumerate(item.rows)
                        ],
                        "note": item.note,
                    }
                )
            else:
                items.append(
                    {
                        "kind": "charts",
                        "charts": [
                            {"key": c.key, "title": c.title, "src": data_uri(images[c.key])}
                            for c in item
                            if c.key in images
                        ],
                    }
                )
        blocks.append({"key": block.key, "heading": block.heading, "items": items})
    return {
        "title": b.title,
        "issue": b.issue,
        "issuer": b.issuer,
        "dated": b.dated,
        "period": b.period,
        "notice": paragraph_html(b.notice, base) if b.notice else "",
        "state": b.state,
        "blocks": blocks,
    }


def _md_escape(text: str) -> str:
    return text.replace("|", r"\|").replace("[", r"\[").replace("]", r"\]")


def _md_paragraph(p: Paragraph, base: str) -> str:
    out = []
    for piece in p.pieces:
        if isinstance(piece, Link):
            out.append(f"[{_md_escape(piece.text)}]({base}{piece.url})")
        elif isinstance(piece, str):
            out.append(_md_escape(piece))
        else:
            out.append(piece.text)
    return p.lead + "".join(out)


def _md_table(t: Table) -> list[str]:
    lines = ["| " + " | ".join(_md_escape(h) for h in t.header) + " |"]
    lines.append(
        "| "
        + " | ".join("---:" if i >= t.numeric_from else "---" for i in range(len(t.header)))
        + " |"
    )
    for row in t.rows:
        lines.append("| " + " | ".join(_md_escape(cell_text(c)) for c in row) + " |")
    if t.note:
        lines += ["", _md_escape(t.note)]
    return lines


def markdown(b: Bulletin, base: str = "") -> str:
    lines = [f"# {b.title}", "", f"{b.issue} · {b.issuer} · {b.dated}", ""]
    if b.notice:
        lines += [f"> {_md_paragraph(b.notice, base)}", ""]
    for block in b.blocks:
        lines += [f"## {block.heading}", ""]
        for item in block.items:
            if isinstance(item, Paragraph):
                lines += [_md_paragraph(item, base), ""]
            elif isinstance(item, Table):
                lines += [*_md_table(item), ""]
    return "\n".join(lines)


def standalone_html(b: Bulletin, images: dict[str, bytes], language: str, base: str = "") -> str:
    """The bulletin as one HTML file (charts inside it), names linking to the site."""
    return render_to_string(
        "reports/bulletin_standalone.html",
        {
            "bulletin": page(b, images, base),
            "language": language,
            "css": CSS.read_text(encoding="utf-8"),
        },
    )
