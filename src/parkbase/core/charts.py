"""ECharts options built on the server; templates put them in data-option as JSON.

The colours of the evaluation classes live here, once: every chart that shows classes
and the land map's class layer take them from ``class_colours``."""

from __future__ import annotations

import json
from collections.abc import Iterable

# Okabe and Ito's colour-blind safe palette, best class first: bluish green, sky blue,
# orange, vermillion. A scheme's classes named A–D keep these everywhere; classes of
# other names take the colours A–D leave free, in the scheme's order, then the others.
STANDARD_CLASSES = {"A": "#009E73", "B": "#56B4E9", "C": "#E69F00", "D": "#D55E00"}
OTHER_CLASS_COLOURS = ("#CC79A7", "#0072B2", "#F0E442", "#000000")
NO_CLASS_COLOUR = "#D9D9D9"  # not evaluated, not graded

# a radar needs three axes: with fewer it is a line, and bars say the same
RADAR_MIN_INDICATORS = 3


def _dump(option: dict) -> str:
    return json.dumps(option, ensure_ascii=False, default=str)


def class_colours(names: Iterable[str]) -> dict[str, str]:
    """{class: colour} for a scheme's classes (best first)."""
    names = list(dict.fromkeys(names))
    taken = {STANDARD_CLASSES[n] for n in names if n in STANDARD_CLASSES}
    spare = iter(
        [c for c in STANDARD_CLASSES.values() if c not in taken] + list(OTHER_CLASS_COLOURS)
    )
    out = {}
    for name in names:
        out[name] = STANDARD_CLASSES.get(name) or next(spare, NO_CLASS_COLOUR)
    return out


def _unmarked_zero(value):
    """A line's point without its symbol where it is zero or empty: a row of circles
    on the axis says nothing."""
    return value if value else {"value": value, "symbol": "none"}


def _unlabelled_zero(value):
    """A stacked bar's piece without its label where it is zero: the pieces of zero
    height would print their 0s on top of each other."""
    return value if value else {"value": value, "label": {"show": False}}


def _item(value, url: str | None = None, colour: str | None = None):
    """A data item that opens ``url`` when clicked (charts.js) and is drawn in
    ``colour``, or the bare value."""
    if not url and not colour:
        return value
    item = {"value": value}
    if url:
        item["url"] = url
    if colour:
        item["itemStyle"] = {"color": colour}
    return item


def bar(pairs: list[dict], horizontal: bool = False) -> str:
    """One bar per pair (``name``, ``value``; ``url`` where a click on the bar opens
    the records behind it, ``colour`` where the bar has its own)."""
    names = [p["name"] for p in pairs]
    values = [_item(p["value"], p.get("url"), p.get("colour")) for p in pairs]
    category = {"type": "category", "data": names, "axisLabel": {"interval": 0}}
    value = {"type": "value", "minInterval": 1, "axisLabel": {"hideOverlap": True}}
    # room for the value printed beyond the longest bar
    grid = {"left": 8, "right": 40 if horizontal else 16, "top": 24, "bottom": 8}
    return _dump(
        {
            "tooltip": {"trigger": "axis"},
            "grid": {**grid, "containLabel": True},
            "xAxis": value if horizontal else category,
            "yAxis": category if horizontal else value,
            "series": [
                {
                    "type": "bar",
                    "data": values,
                    "label": {"show": True, "position": "right" if horizontal else "top"},
                }
            ],
        }
    )


def class_bar(
    counts: dict[str, int], names: Iterable[str], urls: dict[str, str] | None = None
) -> str:
    """Enterprises by class, best first, each bar in its class's colour. ``names`` are
    the scheme's classes in order; a counted class it does not name comes after.
    ``urls``: where a click on a class's bar leads."""
    names = list(dict.fromkeys(names))
    names += [n for n in counts if n not in names]
    colours = class_colours(names)
    return _dump(
        {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 8, "right": 16, "top": 24, "bottom": 8, "containLabel": True},
            "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0}},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [
                {
                    "type": "bar",
                    "data": [
                        {
                            "value": counts.get(n, 0),
                            "itemStyle": {"color": colours[n]},
                            **({"url": urls[n]} if urls and urls.get(n) else {}),
                        }
                        for n in names
                    ],
                    "label": {"show": True, "position": "top"},
                }
            ],
        }
    )


def pie(pairs: list[dict]) -> str:
    """A ring of the pairs (``name``, ``value``, ``url`` to open on a click)."""
    return _dump(
        {
            "tooltip": {"trigger": "item"},
            "legend": {"bottom": 0},
            "series": [
                {
                    "type": "pie",
                    "radius": ["40%", "70%"],
                    "data": pairs,
                    "label": {"formatter": "{b}: {c}"},
                }
            ],
        }
    )


def lines(
    categories: list,
    series: dict[str, list],
    kind: str = "line",
    urls: dict[str, list] | None = None,
) -> str:
    """One line (or bar) per series over the categories; ``urls``: for a series, where
    a click on each of its points opens the records behind it (None: nowhere)."""

    def points(name, data):
        data = [_unmarked_zero(v) for v in data] if kind == "line" else data
        links = (urls or {}).get(name)
        if not links:
            return data
        return [
            _item(v, url) if url and v is not None and not isinstance(v, dict) else v
            for v, url in zip(data, links, strict=True)
        ]

    return _dump(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
            "xAxis": {"type": "category", "data": [str(c) for c in categories]},
            "yAxis": {"type": "value"},
            "series": [
                {"name": name, "type": kind, "data": points(name, data)}
                for name, data in series.items()
            ],
        }
    )


def stacked_bar(categories: list, series: dict[str, list], horizontal: bool = False) -> str:
    """One bar per category, stacked by series (e.g. teams × assignment status)."""
    category = {"type": "category", "data": [str(c) for c in categories]}
    value = {"type": "value", "minInterval": 1}
    return _dump(
        {
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "legend": {"top": 0},
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
            "xAxis": value if horizontal else category,
            "yAxis": category if horizontal else value,
            "series": [
                {
                    "name": name,
                    "type": "bar",
                    "stack": "total",
                    "data": [_unlabelled_zero(v) for v in data],
                    "label": {"show": True},
                }
                for name, data in series.items()
            ],
        }
    )


RADAR_NAME_PX = 120  # an indicator's name on a line of the radar


def radar(indicators: list[str], series: dict[str, list], maximum: float = 100) -> str:
    """Each series' value per indicator (0 to ``maximum``), as a radar from three
    indicators on; with fewer, as bars side by side (a radar of two axes is a line).
    The radar's corners carry no symbols: zeros would pile up in its centre."""
    names = list(series)
    if len(indicators) < RADAR_MIN_INDICATORS:
        return _dump(
            {
                "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
                "legend": {"bottom": 0, "data": names},
                "grid": {"left": 8, "right": 16, "top": 16, "bottom": 32, "containLabel": True},
                "xAxis": {
                    "type": "category",
                    "data": list(indicators),
                    "axisLabel": {"interval": 0},
                },
                "yAxis": {"type": "value", "min": 0, "max": maximum},
                "series": [
                    {
                        "name": name,
                        "type": "bar",
                        "data": values,
                        "label": {"show": True, "position": "top"},
                    }
                    for name, values in series.items()
                ],
            }
        )
    return _dump(
        {
            "tooltip": {},
            "legend": {"bottom": 0, "data": names},
            "radar": {
                "indicator": [{"name": n, "max": maximum} for n in indicators],
                # long names (in English) break into lines rather than leave the chart
                "axisName": {"width": RADAR_NAME_PX, "overflow": "break"},
            },
            "series": [
                {
                    "type": "radar",
                    "symbol": "none",
                    "areaStyle": {"opacity": 0.12},
                    "data": [{"name": name, "value": values} for name, values in series.items()],
                }
            ],
        }
    )


FUNNEL_ROW = 30  # px a funnel's stage takes, its label beside it
FUNNEL_MIN_HEIGHT = 320


def funnel_height(stages: int) -> int:
    """The funnel chart's height in px: room for every stage's label."""
    return max(FUNNEL_MIN_HEIGHT, FUNNEL_ROW * stages + 24)


def funnel(pairs: list[dict]) -> str:
    """A funnel in the order given, its labels to the right of their stage with a
    guide line, so the narrow stages' labels do not sit on each other."""
    return _dump(
        {
            "tooltip": {"trigger": "item", "formatter": "{b}: {c}"},
            "series": [
                {
                    "type": "funnel",
                    "sort": "none",
                    "left": 8,
                    "top": 12,
                    "bottom": 12,
                    "width": "50%",
                    "min": 0,
                    "minSize": "6%",
                    "gap": 2,
                    "label": {"show": True, "position": "right", "formatter": "{b} {c}"},
                    "labelLine": {"show": True, "length": 12},
                    "data": pairs,
                }
            ],
        }
    )
