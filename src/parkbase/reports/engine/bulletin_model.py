"""What a monthly bulletin is made of: blocks of paragraphs, tables and rows of charts
(a chart described by its kind, title, labels and values; ``reports.charts`` draws it),
and how its numbers are written."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from parkbase.reports import bulletin_facts as B
from parkbase.reports.engine.text import Paragraph, Piece, Words, number


@dataclass
class Table:
    key: str
    header: list[str]
    rows: list[list[Piece]]
    widths: list[int]  # relative widths of the columns
    numeric_from: int  # the columns from this one hold numbers (aligned right)
    note: str = ""
    behind: list[bool] = field(default_factory=list)  # rows to mark (behind their pace)


@dataclass
class Chart:
    key: str
    kind: str  # "months" (grouped bars) or "changes" (bars either way)
    title: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    partial: int | None = None
    note: str = ""


Item = Paragraph | Table | list  # a list: charts side by side


@dataclass
class Block:
    key: str
    heading: str
    items: list[Item]


@dataclass
class Bulletin:
    title: str
    issue: str
    issuer: str
    dated: str
    period: str
    notice: Paragraph | None
    blocks: list[Block]
    state: str

    @property
    def partial(self) -> bool:
        return self.state != B.COMPLETE

    @property
    def charts(self) -> list[Chart]:
        out = []
        for block in self.blocks:
            for item in block.items:
                if isinstance(item, list):
                    out += item
        return out

    @property
    def tables(self) -> list[Table]:
        return [i for b in self.blocks for i in b.items if isinstance(i, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        found = [i for b in self.blocks for i in b.items if isinstance(i, Paragraph)]
        return ([self.notice] if self.notice else []) + found

    @property
    def text(self) -> str:
        lines = [self.title, self.issue, self.issuer, self.dated]
        if self.notice:
            lines.append(self.notice.text)
        for block in self.blocks:
            lines.append(block.heading)
            for item in block.items:
                if isinstance(item, Paragraph):
                    lines.append(item.text)
                elif isinstance(item, Table):
                    lines.append(" | ".join(item.header))
                    lines += [" | ".join(cell_text(c) for c in row) for row in item.rows]
                    if item.note:
                        lines.append(item.note)
                else:
                    lines += [chart.title for chart in item]
        return "\n".join(lines)


def cell_text(cell: Piece) -> str:
    return cell if isinstance(cell, str) else cell.text


# ------------------------------------------------------------------ numbers


def fixed(value, places: int, group: bool) -> str:
    """``value`` rounded half up to exactly ``places`` decimals (a table's column lines
    up), with thousands separators where ``group``."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}" if group else f"{rounded:.{places}f}"
    return text[1:] if text.startswith("-") and not rounded else text


def amount(value, w: Words, places: int = 2, *, whole: bool = False) -> str:
    """An amount to two decimals (a count whole); "—" for none."""
    if value is None:
        return "—"
    return fixed(value, 0 if whole else places, w.group_digits)


def brief(value, w: Words, places: int = 2) -> str:
    """An amount in running text: without trailing zeros (21.07, 24)."""
    return "—" if value is None else number(value, places, w.group_digits)


def percent(value, w: Words) -> str:
    return "—" if value is None else f"{fixed(value, 1, w.group_digits)}%"


def signed(value) -> str:
    """Points ahead (+) or behind (−), to one decimal."""
    if value is None:
        return "—"
    text = fixed(value, 1, False)
    return text if text.startswith("-") or not Decimal(text) else f"+{text}"


def with_unit(value: str, unit: str, w: Words) -> str:
    if unit == "%":
        return value
    return f"{value}{w.space}{unit}"
