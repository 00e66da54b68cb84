"""The annual draft as a page shows it (each paragraph as HTML, every figure a link to
its records), as Markdown (figures as links) and as a standalone HTML file."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from parkbase.reports.engine import Draft, Figure, Link, Paragraph
from parkbase.reports.engine.text import figure
from parkbase.reports.wording import label, words


def paragraph_html(p: Paragraph, base: str = "") -> SafeString:
    """A paragraph with its figures and the records it names as links."""
    hint = label("Records behind this figure")
    parts = [escape(p.lead)]
    for piece in p.pieces:
        if isinstance(piece, Figure):
            parts.append(
                format_html(
                    '<a class="report-figure" href="{}{}" title="{}" data-figure="{}">{}</a>',
                    base,
                    piece.url,
                    hint,
                    piece.key,
                    piece.text,
                )
            )
        elif isinstance(piece, Link):
            parts.append(
                format_html(
                    '<a class="report-record" href="{}{}">{}</a>', base, piece.url, piece.text
                )
            )
        else:
            parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped above)


def page(draft: Draft, base: str = "") -> dict:
    """The draft as the templates read it: parts, sections and paragraphs as HTML."""
    return {
        "title": draft.title,
        "intro": paragraph_html(draft.intro, base),
        "parts": [
            {
                "heading": part.heading,
                "sections": [
                    {
                        "key": s.key,
                        "heading": s.heading,
                        "empty": s.empty,
                        "paragraphs": [paragraph_html(p, base) for p in s.paragraphs],
                    }
                    for s in part.sections
                ],
            }
            for part in draft.parts
        ],
    }


def _markdown(p: Paragraph, base: str) -> str:
    out = [p.lead]
    for piece in p.pieces:
        if isinstance(piece, Figure):
            out.append(f"[{piece.text}]({base}{piece.url})")
        elif isinstance(piece, Link):
            out.append(piece.text)
        else:
            out.append(piece.replace("[", r"\[").replace("]", r"\]"))
    return "".join(out)


def markdown(draft: Draft, base: str = "") -> str:
    """The draft in Markdown: headings by level, every figure a link to its records."""
    lines = [f"# {draft.title}", "", _markdown(draft.intro, base), ""]
    for part in draft.parts:
        lines += [f"## {part.heading}", ""]
        for section in part.sections:
            lines += [f"### {section.heading}", ""]
            for p in section.paragraphs:
                lines += [_markdown(p, base), ""]
    return "\n".join(lines)


def standalone_html(draft: Draft, language: str, base: str = "") -> str:
    """The draft as one HTML file (no site around it), figures linking to the site."""
    return render_to_string(
        "reports/standalone.html", {"draft": page(draft, base), "language": language}
    )


def figure_text(measure) -> str:
    """A measure as the draft writes it ("" for none)."""
    return "" if measure is None else figure(measure, words()).text
