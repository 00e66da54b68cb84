"""The header variants of every import, kept in one table (``data/header_variants.toml``,
its format described at its top). The code names each column by its template header;
``with_variants(kind, columns)`` gives the columns with the table's variants added."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

VARIANTS_FILE = Path(__file__).resolve().parent / "data" / "header_variants.toml"


@cache
def variants_table() -> dict[str, dict[str, tuple[str, ...]]]:
    """kind → field → the headers accepted besides the template's."""
    data = tomllib.loads(VARIANTS_FILE.read_text(encoding="utf-8"))
    return {
        kind: {name: tuple(headers) for name, headers in fields.items()}
        for kind, fields in data.items()
    }


def with_variants(kind: str, columns: Sequence) -> tuple:
    """``columns`` with the variants of ``kind`` added to their headers. A field of
    the table that no column has is a mistake in the table: it raises."""
    variants = variants_table().get(kind, {})
    unknown = set(variants) - {c.field for c in columns}
    if unknown:
        raise ValueError(
            f"{VARIANTS_FILE.name} [{kind}]: no column for {', '.join(sorted(unknown))}"
        )
    return tuple(
        replace(c, headers=tuple(dict.fromkeys((*c.headers, *variants.get(c.field, ())))))
        for c in columns
    )
