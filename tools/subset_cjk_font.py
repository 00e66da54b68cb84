#!/usr/bin/env python3
"""Make the CJK font shipped with parkbase for its charts: a subset of Noto Sans CJK SC
Regular (SIL Open Font License 1.1) holding every character of GB 2312 (the 6,763 hanzi
of both levels, the symbols and punctuation), ASCII, Latin-1 and the punctuation, units
and arrows the charts write. The charts use a CJK font of the system where there is
one (Debian's fonts-noto-cjk) and this one otherwise (``parkbase.reports.charts``).

    python tools/subset_cjk_font.py [--source NotoSansCJK-Regular.ttc] [--check]

Needs fontTools (a development tool, installed with matplotlib; not a dependency of
parkbase's own code). The source is found among the system's fonts unless given: a
collection (.ttc, the face named "Noto Sans CJK SC" is taken) or a single .otf. Writes
``src/parkbase/reports/fonts/NotoSansCJKsc-Regular-subset.otf`` and, beside it, the
licence (``OFL.txt``) with the font's own copyright notice. ``--check`` only reports
whether the shipped file holds every character it should.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "src" / "parkbase" / "reports" / "fonts"
TARGET = FONTS / "NotoSansCJKsc-Regular-subset.otf"
LICENCE = FONTS / "OFL.txt"
FACE = "Noto Sans CJK SC"
SEARCH = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
EXTRA = "—–‐‒―‘’“”…‰′″※℃№←↑→↓√∞≈≠≤≥①②③④⑤⑥⑦⑧⑨⑩▲△▼▽◆◇○●□■★☆〓·×÷±²³µ¼½¾°"


def gb2312() -> set[str]:
    """Every character GB 2312 encodes (rows 1–9 symbols, 16–87 hanzi)."""
    out = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                out.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def wanted() -> set[str]:
    chars = gb2312()
    chars |= {chr(c) for c in range(0x20, 0x7F)}  # ASCII
    chars |= {chr(c) for c in range(0xA0, 0x100)}  # Latin-1
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    chars |= set(EXTRA)
    return chars


def source_font(path: str | None):
    from fontTools.ttLib import TTCollection, TTFont

    candidates = [path] if path else [p for p in SEARCH if Path(p).exists()]
    if not candidates:
        raise SystemExit("no Noto Sans CJK found: give --source (fonts-noto-cjk installs it)")
    chosen = candidates[0]
    if chosen.lower().endswith((".ttc", ".otc")):
        for font in TTCollection(chosen).fonts:
            if font["name"].getDebugName(1) == FACE:
                return chosen, font
        raise SystemExit(f"{chosen}: no face named {FACE!r}")
    return chosen, TTFont(chosen)


def make(path: str | None) -> None:
    from fontTools import subset

    chosen, font = source_font(path)
    options = subset.Options()
    # matplotlib draws each character's own glyph: no OpenType layout, no vertical text
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # the charts are drawn at print resolution
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in sorted(wanted())])
    subsetter.subset(font)
    FONTS.mkdir(parents=True, exist_ok=True)
    font.recalcTimestamp = False  # the same file from the same source, run after run
    font.save(str(TARGET))
    names = font["name"]
    notice = "\n".join(filter(None, (names.getDebugName(i) for i in (0, 7, 13, 14))))
    LICENCE.write_text(licence(notice), encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes from {chosen}")
    check()


def licence(notice: str) -> str:
    text = Path(__file__).with_name("OFL-1.1.txt").read_text(encoding="utf-8")
    head = (
        f"{notice}\n\n"
        "The file NotoSansCJKsc-Regular-subset.otf is a subset of Noto Sans CJK SC Regular\n"
        "(https://github.com/notofonts/noto-cjk), made by tools/subset_cjk_font.py: it keeps\n"
        "the characters of GB 2312, ASCII, Latin-1 and common punctuation. It is licensed,\n"
        "like the original, under the SIL Open Font License, Version 1.1:\n\n"
    )
    return head + text


def check() -> int:
    from fontTools.ttLib import TTFont

    if not TARGET.exists():
        print(f"{TARGET} is missing: run this script")
        return 1
    cmap = TTFont(str(TARGET)).getBestCmap()
    missing = sorted(c for c in wanted() if ord(c) not in cmap and not c.isspace())
    size = TARGET.stat().st_size
    print(f"{len(cmap):,} characters, {size:,} bytes; missing: {''.join(missing) or 'none'}")
    return 1 if missing else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="a Noto Sans CJK .ttc or Noto Sans CJK SC .otf")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    make(args.source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
