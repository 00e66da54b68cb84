"""Charts drawn on the server for the documents (the monthly bulletin, the annual
summary's Word file): PNG images made with matplotlib's Agg renderer, with no browser,
no display and no network.

Chinese is drawn in a CJK font of the system where there is one (Debian's
fonts-noto-cjk: Noto Sans CJK SC; else Source Han Sans, WenQuanYi…, found through
matplotlib's font list), otherwise in the subset of Noto Sans CJK SC shipped with
parkbase (``fonts/``, SIL Open Font License, every character of GB 2312; made by
tools/subset_cjk_font.py). A character the chosen font lacks is drawn as 〓 (the
typesetter's mark for a missing character), never as an empty box.

matplotlib keeps its font cache in ``MPLCONFIGDIR``; unless set, that is
``<data dir>/matplotlib``. Each chart is a function of plain numbers and texts (the
caller's language already applied) that returns the PNG's bytes."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
# the system's CJK fonts, the best first (a simplified-Chinese face before the others)
FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK JP",
    "Noto Serif CJK SC",
    "Droid Sans Fallback",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
)
PROBE = "经济运行简报亿元万元同比增长"  # what a font must draw to count as CJK
MISSING = "〓"
DPI = 200
# Okabe and Ito's colour-blind safe palette (as core.charts): this year, last year,
# a rise, a fall; grey for a partial figure's edge and the guides
BLUE, SKY, GREEN, VERMILLION, GREY = "#0072B2", "#9ECAE1", "#009E73", "#D55E00", "#666666"
MM = 1 / 25.4  # inches in a millimetre


def _configure() -> None:
    """matplotlib's cache under the data directory (unless MPLCONFIGDIR says where),
    the Agg renderer, nothing interactive."""
    if "MPLCONFIGDIR" not in os.environ:
        try:
            from django.conf import settings

            folder = Path(settings.DATA_DIR) / "matplotlib"
            folder.mkdir(parents=True, exist_ok=True)
            os.environ["MPLCONFIGDIR"] = str(folder)
        except Exception:  # noqa: BLE001 (no settings: matplotlib's own default)
            pass
    import matplotlib

    matplotlib.use("Agg", force=True)


@dataclass(frozen=True)
class ChartFont:
    """The font the charts are drawn in: its file, its face in a collection (.ttc),
    its name, whether it is parkbase's own, and the characters it holds."""

    path: Path
    index: int
    name: str
    shipped: bool
    chars: frozenset[int]

    def properties(self, size: float = 8.0):
        from matplotlib.font_manager import FontProperties

        if self.shipped or not self.name:
            return FontProperties(fname=str(self.path), size=size)
        return FontProperties(family=self.name, size=size)

    def has(self, text: str) -> bool:
        return all(ord(c) in self.chars or c.isspace() for c in text)

    def drawable(self, text: str) -> str:
        """``text`` with each character the font lacks as 〓."""
        mark = MISSING if ord(MISSING) in self.chars else "?"
        return "".join(c if c.isspace() or ord(c) in self.chars else mark for c in text)


def _charmap(path: Path, index: int = 0) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path), face_index=index)
    except TypeError:  # an older matplotlib: the first face only
        font = FT2Font(str(path))
    return frozenset(font.get_charmap())


def chart_font(system: Iterable | None = None) -> ChartFont:
    """The CJK font of the system (``system``: matplotlib's font entries, by default
    every font it found) that draws Chinese, the best of FAMILIES first; else the
    font shipped with parkbase."""
    if system is None:
        return _default_font()
    return _pick(list(system))


@cache
def _default_font() -> ChartFont:
    _configure()
    from matplotlib import font_manager

    return _pick(font_manager.fontManager.ttflist)


def _pick(entries: list) -> ChartFont:
    ranked = sorted(
        (e for e in entries if e.name in FAMILIES),
        key=lambda e: (
            FAMILIES.index(e.name),
            abs(e.weight - 400) if isinstance(e.weight, int) else 0,
        ),
    )
    for entry in ranked:
        index = getattr(entry, "index", 0) or 0
        try:
            chars = _charmap(Path(entry.fname), index)
        except (OSError, RuntimeError, ValueError):
            continue
        if all(ord(c) in chars for c in PROBE):
            return ChartFont(Path(entry.fname), index, entry.name, False, chars)
    return ChartFont(SHIPPED, 0, "", True, _shipped_chars())


@cache
def _shipped_chars() -> frozenset[int]:
    return _charmap(SHIPPED)


# ------------------------------------------------------------------ drawing


def _figure(width_mm: float, height_mm: float):
    _configure()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _ems(text: str) -> float:
    """How wide a text is in ems: a CJK character one, anything else about half."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.55 for c in text)


def _margins(figure, *, left: float, bottom: float, top: float = 0.3, right: float = 0.08):
    """The plot's margins in inches (room for the labels beside it), set once: no
    layout engine measures the texts again (three charts of a bulletin in a fraction of
    the time)."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(
        left=min(left / width, 0.6),
        right=1 - right / width,
        bottom=bottom / height,
        top=1 - top / height,
    )


def _png(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def _style(axes, font: ChartFont, size: float) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=size, length=2, pad=2)
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontproperties(font.properties(size))


def _title(axes, font: ChartFont, title: str, size: float) -> None:
    """The chart's title at the figure's top left (a long one is not cut by the axes)."""
    axes.figure.suptitle(
        font.drawable(title), x=0.01, ha="left", fontproperties=font.properties(size + 1)
    )


def _number(value: float) -> str:
    text = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def month_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    *,
    partial: int | None = None,
    note: str = "",
    size_mm: tuple[float, float] = (160, 52),
    font: ChartFont | None = None,
) -> bytes:
    """Grouped bars, one group per month (``labels``), one bar per series (this year
    first, then last year); ``partial``: the index of a month whose figure is partial
    (hatched, with ``note`` under the chart)."""
    font = font or chart_font()
    figure = _figure(*size_mm)
    axes = figure.add_subplot()
    n = len(series)
    width = 0.8 / max(n, 1)
    colours = (BLUE, SKY, GREY)
    for i, (name, values) in enumerate(series):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
        heights = [0 if v is None else v for v in values]
        bars = axes.bar(xs, heights, width, color=colours[i % 3], label=font.drawable(name))
        if i == 0 and partial is not None and partial < len(bars):
            bars[partial].set_hatch("////")
            bars[partial].set_edgecolor("white")
    axes.set_xticks(range(len(labels)), [font.drawable(t) for t in labels])
    # the legend above the plot, at its right: clear of the bars
    axes.legend(
        prop=font.properties(7),
        frameon=False,
        ncols=n,
        loc="lower right",
        bbox_to_anchor=(1, 1),
        borderaxespad=0.2,
    )
    axes.margins(y=0.08)
    _style(axes, font, 7)
    _title(axes, font, title, 8)
    longest = max((_ems(_number(v)) for _n, vs in series for v in vs if v is not None), default=2)
    _margins(figure, left=(longest + 1.2) * 7 / 72, bottom=0.22 + (0.14 if note else 0))
    if note:
        figure.text(0.01, 0.02, font.drawable(note), fontproperties=font.properties(6.5), ha="left")
    return _png(figure)


def change_bars(
    names: Sequence[str],
    values: Sequence[float],
    title: str,
    *,
    size_mm: tuple[float, float] = (80, 62),
    font: ChartFont | None = None,
    longest: int = 12,
) -> bytes:
    """Horizontal bars of changes, the first name at the top: rises to the right in
    green, falls to the left in vermillion, each with its value; a name longer than
    ``longest`` characters is cut with an ellipsis."""
    font = font or chart_font()
    figure = _figure(*size_mm)
    axes = figure.add_subplot()
    shown = [font.drawable(n if len(n) <= longest else n[: longest - 1] + "…") for n in names]
    ys = list(range(len(values)))[::-1]
    colours = [GREEN if v >= 0 else VERMILLION for v in values]
    axes.barh(ys, values, color=colours, height=0.62)
    axes.set_yticks(ys, shown)
    axes.axvline(0, color=GREY, linewidth=0.6)
    span = max((abs(v) for v in values), default=1) or 1
    for y, v in zip(ys, values, strict=True):
        axes.text(
            v + (span * 0.02 if v >= 0 else -span * 0.02),
            y,
            _number(v),
            va="center",
            ha="left" if v >= 0 else "right",
            fontproperties=font.properties(6.5),
        )
    low, high = min(min(values, default=0), 0), max(max(values, default=0), 0)
    axes.set_xlim(
        low - span * 0.3 if low < 0 else 0, high + span * 0.3 if high > 0 else span * 0.05
    )
    _style(axes, font, 7)
    _bare(axes)
    _title(axes, font, title, 8)
    _margins(figure, left=(max(map(_ems, shown), default=2) + 0.8) * 7 / 72, bottom=0.05)
    return _png(figure)


def _bare(axes) -> None:
    """Bars that carry their values: no value axis, no frame."""
    axes.xaxis.set_visible(False)
    for side in ("bottom", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)


def completion_bars(
    names: Sequence[str],
    completion: Sequence[float],
    elapsed: float,
    title: str,
    elapsed_label: str,
    *,
    size_mm: tuple[float, float] = (150, 60),
    font: ChartFont | None = None,
) -> bytes:
    """Horizontal bars of the share of each target done (percent), the first name at
    the top, with the share of the year gone (序时进度) as a dashed line: a bar short of
    it in vermillion, one that reaches it in blue."""
    font = font or chart_font()
    figure = _figure(*size_mm)
    axes = figure.add_subplot()
    ys = list(range(len(completion)))[::-1]
    colours = [BLUE if c >= elapsed else VERMILLION for c in completion]
    axes.barh(ys, completion, color=colours, height=0.6)
    axes.set_yticks(ys, [font.drawable(n) for n in names])
    axes.axvline(elapsed, color=GREY, linewidth=0.9, linestyle="--")
    top = max([*completion, elapsed, 100])
    right = elapsed > top * 0.6  # the line's label on its left where it is far right
    axes.text(
        elapsed,
        len(completion) - 0.4,
        font.drawable(
            f"{elapsed_label} {elapsed:.1f}% " if right else f" {elapsed_label} {elapsed:.1f}%"
        ),
        ha="right" if right else "left",
        va="bottom",
        fontproperties=font.properties(6.5),
        color=GREY,
    )
    for y, c in zip(ys, completion, strict=True):
        inside = c > top * 0.2  # the value inside a long bar, clear of the dashed line
        axes.text(
            c - top * 0.01 if inside else c + top * 0.01,
            y,
            f"{c:.1f}%",
            va="center",
            ha="right" if inside else "left",
            color="white" if inside else "black",
            fontproperties=font.properties(6.5),
        )
    axes.set_xlim(0, top * 1.08)
    axes.set_ylim(-0.6, len(completion) + 0.2)
    _style(axes, font, 7)
    _bare(axes)
    _title(axes, font, title, 8)
    names = [font.drawable(n) for n in names]
    _margins(figure, left=(max(map(_ems, names), default=2) + 0.8) * 7 / 72, bottom=0.05)
    return _png(figure)


def draw(chart, size_mm: tuple[float, float], font: ChartFont | None = None) -> bytes:
    """A chart described by the bulletin's engine (``engine.bulletin.Chart``) drawn at
    ``size_mm``."""
    if chart.kind == "months":
        return month_bars(
            chart.labels,
            chart.series,
            chart.title,
            partial=chart.partial,
            note=chart.note,
            size_mm=size_mm,
            font=font,
        )
    return change_bars(chart.labels, chart.values, chart.title, size_mm=size_mm, font=font)
