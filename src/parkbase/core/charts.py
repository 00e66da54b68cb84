"""ECharts options built on the server; templates put them in data-option as JSON."""

from __future__ import annotations

import json


def _dump(option: dict) -> str:
    return json.dumps(option, ensure_ascii=False, default=str)


def bar(pairs: list[dict], horizontal: bool = False) -> str:
    names = [p["name"] for p in pairs]
    values = [p["value"] for p in pairs]
    category = {"type": "category", "data": names, "axisLabel": {"interval": 0}}
    value = {"type": "value", "minInterval": 1}
    return _dump(
        {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
            "xAxis": value if horizontal else category,
            "yAxis": category if horizontal else value,
            "series": [{"type": "bar", "data": values, "label": {"show": True}}],
        }
    )


def pie(pairs: list[dict]) -> str:
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


def lines(categories: list, series: dict[str, list], kind: str = "line") -> str:
    return _dump(
        {
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 8, "right": 16, "top": 36, "bottom": 8, "containLabel": True},
            "xAxis": {"type": "category", "data": [str(c) for c in categories]},
            "yAxis": {"type": "value"},
            "series": [{"name": name, "type": kind, "data": data} for name, data in series.items()],
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
                    "data": data,
                    "label": {"show": True},
                }
                for name, data in series.items()
            ],
        }
    )
