"""Which imports exist. Each app registers its importers in its AppConfig.ready(), so
the upload pages, the API, the templates and the CLI serve every kind the same way."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parkbase.imports.engine import Column


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str  # lazy translatable
    columns: Sequence[Column]
    run: Callable  # (path, *, park, user, sheet, dry_run, skip_invalid, overrides, progress, **options)
    model: type  # for field labels in messages
    options: tuple[str, ...] = ()  # extra options the importer takes, e.g. ("year",)
    notes: str = ""  # documentation shown on the template's notes sheet
    # ``run`` takes ``job``, the import's number, to name it in the changes it writes
    takes_job: bool = False


IMPORTERS: dict[str, Importer] = {}

# the reason the changes an import writes give in the history (``core.history``), with
# the import's number when it ran as an import job: ``import:42``
CHANGE_SOURCE = "import"


def register(importer: Importer) -> None:
    IMPORTERS[importer.kind] = importer


def get(kind: str) -> Importer:
    return IMPORTERS[kind]


def choices() -> list[tuple[str, str]]:
    return [(kind, importer.label) for kind, importer in IMPORTERS.items()]
