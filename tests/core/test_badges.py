"""Badges in their value's colour: the text colour chosen for every colour of the
class and status palettes reads at WCAG's 4.5:1 at least, and a badge carries its
colours inline and its label escaped."""

from __future__ import annotations

import pytest

from parkbase.core import badges, charts
from parkbase.land.choices import STATUS_COLOURS

PALETTES = [
    *charts.STANDARD_CLASSES.values(),
    *charts.OTHER_CLASS_COLOURS,
    charts.NO_CLASS_COLOUR,
    *STATUS_COLOURS.values(),
]


@pytest.mark.parametrize("colour", PALETTES)
def test_the_text_colour_reads_on_every_colour_of_both_palettes(colour):
    text = badges.text_colour(colour)
    assert text in (badges.BLACK, badges.WHITE)
    assert badges.contrast(colour, text) >= 4.5


def test_the_contrast_follows_wcag():
    assert badges.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert badges.contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert badges.contrast("#777777", "#777777") == pytest.approx(1)
    # WCAG's own example values: mid grey on white falls just short of 4.5:1
    assert badges.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert badges.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert badges.relative_luminance("#fff") == pytest.approx(1)


def test_dark_colours_take_white_text_and_light_ones_black():
    assert badges.text_colour("#332288") == badges.WHITE  # indigo: in use
    assert badges.text_colour("#777777") == badges.BLACK  # grey: white would miss 4.5
    assert badges.text_colour("#DDCC77") == badges.BLACK  # sand: reserve


def test_a_badge_carries_its_colours_and_escapes_its_label():
    html = badges.badge("<b>甲</b>", "#332288", testid="x", css="ms-2")
    assert html == (
        '<span class="badge ms-2" style="background-color: #332288; color: #FFFFFF"'
        ' data-testid="x">&lt;b&gt;甲&lt;/b&gt;</span>'
    )


def test_a_class_badge_takes_the_colour_of_its_place_among_the_schemes_classes():
    assert badges.class_colour("C", ["A", "B", "C", "D"]) == charts.STANDARD_CLASSES["C"]
    assert badges.class_colour("良", ["优", "良"]) == charts.class_colours(["优", "良"])["良"]
    assert badges.class_colour("", ["A"]) == charts.NO_CLASS_COLOUR
    # "-" (not graded) is none of the scheme's classes: grey, as the map paints it
    assert badges.class_colour("-", ["A", "B"]) == charts.NO_CLASS_COLOUR
    assert badges.class_colour("D", []) == charts.STANDARD_CLASSES["D"]
    assert "—" in badges.class_badge("", ["A"])
