"""A Word file as web pages for the preview: mammoth's HTML, kept to a short list of
tags with no attributes but a picture's own embedded data (no scripts, no styles, no
links anywhere, no picture fetched from outside), cut into pages of about
``PAGE_CHARS`` characters of text at the top-level blocks. Plain Python: no Django."""

from __future__ import annotations

import html
from html.parser import HTMLParser

PAGE_CHARS = 2500
ALLOWED = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sup",
    "sub", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "br", "img",
    "blockquote", "pre", "code", "span",
}  # fmt: skip
VOID = {"br", "img"}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template"}
IMAGE_PREFIXES = ("data:image/png;", "data:image/jpeg;", "data:image/gif;")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre"}


class _Cleaner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, int]] = []  # (html, characters of text)
        self.out: list[str] = []
        self.chars = 0
        self.depth = 0  # open allowed tags
        self.dropping = 0  # inside a dropped element

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED:
            return
        if tag == "img":
            src = dict(attrs).get("src") or ""
            if src.startswith(IMAGE_PREFIXES):
                self.out.append(f'<img src="{html.escape(src, quote=True)}" alt="">')
            return
        if tag == "br":
            self.out.append("<br>")
            return
        self.out.append(f"<{tag}>")
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in ALLOWED or tag in VOID:
            return
        self.out.append(f"</{tag}>")
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and tag in BLOCKS:
            self._close_block()

    def handle_data(self, data):
        if self.dropping:
            return
        self.out.append(html.escape(data, quote=False))
        self.chars += len(data)
        if self.depth == 0:
            self._close_block()

    def _close_block(self):
        if self.out:
            self.blocks.append(("".join(self.out), self.chars))
        self.out, self.chars = [], 0


def clean_blocks(markup: str) -> list[tuple[str, int]]:
    """The HTML's top-level blocks, cleaned: (html, characters of text)."""
    cleaner = _Cleaner()
    cleaner.feed(markup)
    cleaner.close()
    cleaner._close_block()
    return [b for b in cleaner.blocks if b[0].strip()]


def paged(markup: str, size: int = PAGE_CHARS) -> list[str]:
    """Cleaned HTML in pages of about ``size`` characters of text."""
    pages, current, chars = [], [], 0
    for block, length in clean_blocks(markup):
        if current and chars + length > size:
            pages.append("".join(current))
            current, chars = [], 0
        current.append(block)
        chars += length
    if current:
        pages.append("".join(current))
    return pages or [""]


def docx_pages(path) -> list[str]:
    """A Word file's pages of cleaned HTML (mammoth)."""
    import mammoth

    with open(path, "rb") as f:
        return paged(mammoth.convert_to_html(f).value)
