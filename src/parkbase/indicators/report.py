"""The progress table as rows of text and numbers: for the command line, JSON and the
XLSX export (each the same columns, in the reader's language)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from parkbase.indicators.selectors import ProgressRow
from parkbase.indicators.wording import display_unit_label, percent_text, period_label, plain


def _num(value: Decimal | None, places: int = 4) -> float | None:
    return None if value is None else float(round(Decimal(value), places))


def progress_json(rows: list[ProgressRow]) -> list[dict]:
    """One object per indicator: values in the stored unit (yuan, count, percent). For
    the monthly returns, ``filed`` of ``expected`` enterprises filed for the data month,
    and ``last_ytd`` is last year's figure of the same enterprises (those not filed yet
    left out: like with like; ``last_ytd_all`` is every enterprise's)."""
    out = []
    for r in rows:
        target = r.target
        out.append(
            {
                "code": r.indicator.code,
                "name": r.indicator.name,
                "name_en": r.indicator.name_en,
                "unit": r.indicator.unit,
                "display_unit": r.indicator.display_unit,
                "month": r.month,
                "data_month": r.data_month,
                "ytd": _num(r.ytd, 2),
                "last_ytd": _num(r.last_ytd, 2),
                "last_ytd_all": _num(r.last_ytd_all, 2),
                "growth_percent": _num(r.growth, 2),
                "filed": r.filing.filed if r.filing else None,
                "expected": r.filing.expected if r.filing else None,
                "target_kind": target.kind if target else None,
                "target": _num(target.value, 2) if target else None,
                "implied_growth_percent": _num(r.implied_growth, 2),
                "elapsed_percent": _num(r.elapsed * 100, 2),
                "completion_percent": _num(r.completion * 100, 2)
                if r.completion is not None
                else None,
                "lead_points": _num(r.lead, 2),
                "behind": r.behind,
                "alert": r.alert,
                "projection": None
                if r.projection is None
                else {
                    "central": _num(r.projection.central, 2),
                    "low": _num(r.projection.low, 2),
                    "high": _num(r.projection.high, 2),
                    "basis": r.projection.basis,
                    "meets": r.projection.meets,
                },
            }
        )
    return out


def headers(with_filed: bool = True) -> list[str]:
    """The columns; ``with_filed``: how many enterprises filed (the progress page says it
    once above its table instead)."""
    columns = [
        _("Indicator"),
        _("Unit"),
        _("Up to month"),
        _("Year to date"),
        _("Target"),
        _("Completion"),
        _("Elapsed time"),
        _("Ahead (+) / behind (−), points"),
        _("Same period last year"),
        _("Year on year"),
        _("Projected year end"),
        pgettext("progress table column", "Filed"),
        _("Alert"),
    ]
    return columns if with_filed else columns[:-2] + columns[-1:]


def cells(r: ProgressRow, with_filed: bool = True) -> list:
    """A row as the table shows it, values in the indicator's display unit."""
    target = r.target
    if target is None:
        target_text = "—"
    elif target.kind == "growth" or r.indicator.is_rate:
        target_text = percent_text(target.value)
    else:
        target_text = plain(r.shown(target.value))
    ytd = percent_text(r.ytd) if r.indicator.is_rate else plain(r.shown(r.ytd))
    last = percent_text(r.last_ytd) if r.indicator.is_rate else plain(r.shown(r.last_ytd))
    projection = "—"
    if r.projection is not None:
        p = r.projection
        projection = plain(r.shown(p.central))
        if p.low != p.high:
            projection += f" ({plain(r.shown(p.low))}–{plain(r.shown(p.high))})"
    row = [
        r.indicator.name_in_language(),
        display_unit_label(r.indicator.display_unit),
        r.data_month or "—",
        ytd,
        target_text,
        percent_text(r.completion * 100 if r.completion is not None else None),
        percent_text(r.elapsed * 100),
        "—" if r.lead is None else f"{r.lead:+.1f}",
        last,
        percent_text(r.growth),
        projection,
        f"{r.filing.filed}/{r.filing.expected}" if r.filing else "—",
        _("behind") if r.alert else "",
    ]
    return row if with_filed else row[:-2] + row[-1:]


def progress_text(park, year: int, rows: list[ProgressRow]) -> str:
    month = rows[0].month if rows else 12
    title = f"{park.name} · {period_label(year, month)}"
    table = [headers()] + [[str(c) for c in cells(r)] for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [title, ""]
    for row in table:
        lines.append("  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
