"""JSON from outside — API request bodies, uploaded GeoJSON files, an outline pasted
into a form — read with a limit on how deeply it nests.

Python's parser recurses once per level, so a body nested a thousand deep raises
``RecursionError`` (a 500 where nobody catches it), and anything that walks the parsed
value later may do the same. ``loads`` answers both with ``TooDeep``, a ``ValueError``
like any other unreadable JSON. No record of parkbase nests anywhere near the limit
(a GeoJSON file of multipolygons nests 8 deep). Plain Python: engines use it too."""

from __future__ import annotations

import json

MAX_DEPTH = 64


class TooDeep(ValueError):
    def __init__(self, limit: int):
        super().__init__(f"nested too deeply (more than {limit} levels)")
        self.limit = limit


def loads(text, *, max_depth: int = MAX_DEPTH, **kwargs):
    """``json.loads`` that raises ``TooDeep`` for JSON nested more than ``max_depth``
    levels (objects and arrays), however deep, instead of ``RecursionError``."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        raise TooDeep(max_depth) from None
    check_depth(value, max_depth)
    return value


def check_depth(value, max_depth: int = MAX_DEPTH) -> None:
    """Raise ``TooDeep`` when an already-parsed value nests more than ``max_depth``
    levels; walks without recursing."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            raise TooDeep(max_depth)
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
