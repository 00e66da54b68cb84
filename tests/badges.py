"""The badges of a page, read from its HTML: each with its text, its data-testid and
the colours of its inline style."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Badge:
    testid: str
    style: dict[str, str]
    classes: list[str]
    text: str = ""
    depth: int = field(default=0, repr=False)

    @property
    def background(self) -> str:
        return self.style.get("background-color", "").upper()

    @property
    def colour(self) -> str:
        return self.style.get("color", "").upper()


def _style(text: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in text.split(";") if ":" in part)
    return {name.strip().lower(): value.strip() for name, value in pairs}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.badges: list[Badge] = []
        self.open: list[Badge] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for badge in self.open:
            badge.depth += 1
        classes = (attrs.get("class") or "").split()
        if "badge" in classes:
            badge = Badge(attrs.get("data-testid") or "", _style(attrs.get("style") or ""), classes)
            self.badges.append(badge)
            self.open.append(badge)

    def handle_endtag(self, tag):
        for badge in list(self.open):
            if badge.depth == 0:
                self.open.remove(badge)
            else:
                badge.depth -= 1

    def handle_data(self, data):
        for badge in self.open:
            badge.text += data


def badges(html: str, testid: str | None = None) -> list[Badge]:
    """The page's badges (``class="badge …"``), those of ``testid`` only when given."""
    reader = _Reader()
    reader.feed(html)
    found = reader.badges
    return [b for b in found if b.testid == testid] if testid is not None else found
