"""The cards of the committee's dashboard (``contributions.DASHBOARD_CARDS``): each app
above the registry describes its card with ``card()`` and one template draws them all,
its figures and chart elements linking to the records behind them."""

from __future__ import annotations

from dataclasses import dataclass

from parkbase.core.choices import COMMITTEE_ROLES

CARD_TEMPLATE = "core/_dashboard_card.html"
CHART_HEIGHT = 220  # px: six cards and the park's charts fit two A4 pages, the cards one


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # as shown, with its unit
    url: str = ""


def sees_dashboard(user) -> bool:
    """The committee's dashboard cards are park-wide figures: only its roles see them."""
    return bool(user.is_superuser or getattr(user, "role", None) in COMMITTEE_ROLES)


def card(
    title,
    *,
    url: str,
    figures: list[Figure],
    option: str | None = None,
    order: int = 50,
    empty=None,
    width: str = "",
) -> dict:
    """A card: its ``title`` linking to the page it summarises (``url``), its
    ``figures`` (each linking to its records), a chart (``option`` from core.charts,
    its elements carrying their own links) and the text shown when there is nothing
    to count (``empty``). ``width`` "full": a block of the page's full width, placed
    above the totals and the other cards (the indicators' own template is one)."""
    return {
        "template": CARD_TEMPLATE,
        "title": title,
        "url": url,
        "figures": figures,
        "option": option,
        "height": CHART_HEIGHT,
        "order": order,
        "empty": empty,
        "width": width,
    }
