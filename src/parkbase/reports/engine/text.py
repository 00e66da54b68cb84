"""What a draft is made of (sections of paragraphs, each paragraph a list of text
pieces, links and figures) and how a sentence is composed from a phrase of the
reader's language (``Words``) and the facts: every number becomes a ``Figure`` that
carries its value, unit and the address of its records."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from parkbase.core.units import MU_M2, WAN
from parkbase.reports import facts as F

LARGE_AREA = Decimal(10_000)  # m²: from here an area is also given in 万平方米


@dataclass(frozen=True)
class Words:
    """The phrases of one language: ``phrases`` by key (each may hold ``{name}``
    places), the units ((one, many) by code), the paragraph ordinals (一是…/First, …),
    the separators and whether a number and its unit take a space."""

    phrases: Mapping[str, str]
    units: Mapping[str, tuple[str, str]]
    ordinals: Sequence[str]
    list_sep: str = "、"  # between names
    clause_sep: str = "，"  # between the clauses of a sentence
    item_sep: str = "；"  # between items that hold punctuation of their own
    stop: str = "。"
    gap: str = ""  # between sentences
    space: str = ""  # between a number and its unit
    group_digits: bool = False

    def __getitem__(self, key: str) -> str:
        return self.phrases[key]

    def unit(self, code: str, value=2) -> str:
        one, many = self.units[code]
        return one if value == 1 else many

    def ordinal(self, index: int) -> str:
        if index < len(self.ordinals):
            return self.ordinals[index]
        return self.phrases["ordinal.more"].format(n=index + 1)

    def date(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        return self.phrases["date"].format(y=day.year, m=day.month, d=day.day)


@dataclass(frozen=True)
class Figure:
    """A number of the draft: its value in the unit shown, that unit, how it reads,
    and the page listing the records it was computed from. ``slot``: which number of
    which phrase it is (``investment.signed.amount``), so that a saved draft finds it
    again when it is drafted anew (with ``url``, the records it counts)."""

    value: Decimal
    unit: str
    text: str
    url: str
    key: str = ""
    slot: str = field(default="", compare=False)


@dataclass(frozen=True)
class Link:
    """A record named in the draft, with its page."""

    text: str
    url: str


Piece = str | Figure | Link


@dataclass
class Paragraph:
    pieces: list[Piece]
    lead: str = ""  # its ordinal (一是 / First,)

    @property
    def text(self) -> str:
        return self.lead + "".join(piece_text(p) for p in self.pieces)

    @property
    def figures(self) -> list[Figure]:
        return [p for p in self.pieces if isinstance(p, Figure)]


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    empty: bool = False  # says only that the records hold nothing for it


@dataclass
class Part:
    heading: str
    sections: list[Section]


@dataclass
class Draft:
    title: str
    park: str
    year: int
    intro: Paragraph
    parts: list[Part]
    empty: bool = False

    @property
    def sections(self) -> list[Section]:
        return [s for part in self.parts for s in part.sections]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [self.intro, *(p for s in self.sections for p in s.paragraphs)]

    @property
    def figures(self) -> list[Figure]:
        return [f for p in self.paragraphs for f in p.figures]

    @property
    def text(self) -> str:
        lines = [self.title, self.intro.text]
        for part in self.parts:
            lines.append(part.heading)
            for section in part.sections:
                lines.append(section.heading)
                lines += [p.text for p in section.paragraphs]
        return "\n".join(lines)


def piece_text(piece: Piece) -> str:
    return piece if isinstance(piece, str) else piece.text


# ------------------------------------------------------------------ numbers


def number(value, places: int, group: bool) -> str:
    """``value`` rounded half up to ``places`` without trailing zeros (65000, 9.03),
    with thousands separators where ``group``."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}" if group else f"{rounded:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _read(measure: F.Measure, w: Words) -> tuple[Decimal, str, int]:
    """The value a measure is shown in, its unit as the reader reads it, and the
    decimal places it is written with."""
    value = Decimal(measure.value)
    if measure.shown:
        return value, measure.shown, 2
    if measure.unit == F.YUAN:
        return value / WAN, w.unit("wan_yuan"), 2
    if measure.unit == F.M2:
        return value / MU_M2, w.unit("mu"), 2
    if measure.unit == F.PERCENT:
        return value, "%", 1
    if measure.unit == F.POINTS:
        return value, w.unit("points", abs(value)), 1
    return value, w.unit(measure.unit, value), 0


def figure(measure: F.Measure, w: Words, *, absolute: bool = False) -> Figure:
    """A measure as the draft shows it (in 万元, 亩, %, or a count with its noun);
    ``absolute``: without its sign, where the words say which way it goes."""
    value, unit, places = _read(measure, w)
    shown = abs(value) if absolute else value
    digits = number(shown, places, w.group_digits)
    space = "" if unit == "%" else w.space
    return Figure(value, unit, f"{digits}{space}{unit}", measure.url, measure.unit)


def area(measure: F.Measure, w: Words) -> list[Piece]:
    """An area in 亩, and in 万平方米 beside it where it is large."""
    mu = figure(measure, w)
    if Decimal(measure.value) < LARGE_AREA:
        return [mu]
    value = Decimal(measure.value) / WAN
    unit = w.unit("wan_m2")
    text = f"{number(value, 2, w.group_digits)}{w.space}{unit}"
    return compose(w["area.both"], w, mu=mu, m2=Figure(value, unit, text, measure.url, F.M2))


# ------------------------------------------------------------------ composing

PLACE = re.compile(r"\{(\w+)\}")


def _merge(pieces: Iterable[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += piece
                continue
        out.append(piece)
    return out


def _slotted(pieces: list[Piece], slot: str) -> list[Piece]:
    """The figures among ``pieces`` named ``slot`` (before the name they had)."""
    return [
        replace(p, slot=f"{slot}.{p.slot}" if p.slot else slot) if isinstance(p, Figure) else p
        for p in pieces
    ]


def compose(template: str, w: Words, *, origin: str = "", **values) -> list[Piece]:
    """The phrase ``template`` with each ``{name}`` replaced by its value: a measure
    becomes a figure (an area with both units), a named record a link, a list of
    pieces goes in as it is, anything else as text. A figure made here is named by its
    place (``origin.name``, ``origin`` the phrase's key)."""
    pieces: list[Piece] = []
    at = 0
    for match in PLACE.finditer(template):
        pieces.append(template[at : match.start()])
        name = match.group(1)
        value = values[name]
        slot = f"{origin}.{name}" if origin else name
        if isinstance(value, F.Measure):
            made = area(value, w) if value.unit == F.M2 else [figure(value, w)]
            pieces += _slotted(made, slot)
        elif isinstance(value, F.Named):
            pieces.append(Link(value.name, value.url) if value.url else value.name)
        elif isinstance(value, list):
            pieces += value
        elif isinstance(value, Figure):
            pieces += _slotted([value], slot) if not value.slot else [value]
        elif isinstance(value, Link):
            pieces.append(value)
        else:
            pieces.append("" if value is None else str(value))
        at = match.end()
    pieces.append(template[at:])
    return _merge(pieces)


def phrase(key: str, w: Words, **values) -> list[Piece]:
    """The phrase ``key`` composed; where its ``count`` is one and the language words it
    apart (``key.one``: "1 project was"), that one."""
    counted = values.get("count")
    origin = key
    if isinstance(counted, F.Measure) and counted.value == 1 and f"{key}.one" in w.phrases:
        key = f"{key}.one"
    return compose(w[key], w, origin=origin, **values)


def join(items: Sequence[list[Piece]], separator: str) -> list[Piece]:
    out: list[Piece] = []
    for index, item in enumerate(items):
        if index:
            out.append(separator)
        out += item
    return _merge(out)


def names(values: Iterable[str], w: Words) -> str:
    return w.list_sep.join(v for v in values if v)


def sentence(clauses: Sequence[list[Piece]], w: Words, *, items: bool = False) -> list[Piece]:
    """Clauses joined as one sentence, ended with a full stop; ``items``: parts that
    hold punctuation of their own (separated by ；)."""
    kept = [c for c in clauses if c]
    if not kept:
        return []
    return _merge([*join(kept, w.item_sep if items else w.clause_sep), w.stop])


def sentences(items: Sequence[list[Piece]], w: Words) -> list[Piece]:
    """Sentences one after the other (with a space between them where the language
    puts one)."""
    return join([i for i in items if i], w.gap)


def paragraph(*parts: list[Piece]) -> Paragraph:
    return Paragraph(_merge(piece for part in parts for piece in part))


def numbered(paragraphs: Sequence[Paragraph], w: Words) -> list[Paragraph]:
    """The paragraphs of a section, each led by its ordinal (一是, 二是…)."""
    for index, p in enumerate(paragraphs):
        p.lead = w.ordinal(index)
    return list(paragraphs)
