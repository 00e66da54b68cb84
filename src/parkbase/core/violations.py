"""Rule violations as plain data: engines return them, the web, API and CLI render them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Violation:
    field: str
    code: str
    params: dict = field(default_factory=dict)
