"""The charts of the annual draft's Word document: the main indicators against their
targets (the share of each level target done, with elapsed time as a line), from the
same progress rows the draft's indicator section is written from."""

from __future__ import annotations

from parkbase.reports import charts
from parkbase.reports.selectors import indicators as I
from parkbase.reports.selectors.common import Reading
from parkbase.reports.wording import label

TEXT_WIDTH_MM = 210 - 28 - 26  # the official layout's text block (word.py)


def annual_images(park, year: int, user=None) -> dict[str, bytes]:
    """{section key: PNG} for the year's draft as the reader sees it: the indicators'
    section gets its chart where an indicator has a level target with figures."""
    rows = [row for row in I.progress(Reading(park, year, user)) if row.completion is not None]
    if not rows:
        return {}
    png = charts.completion_bars(
        [row.indicator.name_in_language() for row in rows],
        [float(row.completion * 100) for row in rows],
        float(max(row.elapsed for row in rows) * 100),
        label("Main indicators: share of the year's target done"),
        label("Elapsed time"),
        size_mm=(TEXT_WIDTH_MM, 14 + 8 * len(rows)),
    )
    return {"indicators": png}
