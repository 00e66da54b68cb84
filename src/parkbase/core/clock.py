"""The park's today. A real park runs on today; the demo park runs as of its story's
end, so that its overdue lists, ages and countdowns read as they did then. The date
is fixed by ``PARKBASE_AS_OF`` or by the data directory's ``as_of`` file, which
``parkbase demo`` writes (settings read both, ``AS_OF``); every rule, page and list
that counts from today asks here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

AS_OF_FILE = "as_of"


def read_as_of(data_dir: Path, configured: str = "") -> dt.date | None:
    """The fixed date of a data directory: ``configured`` (the environment's), else its
    ``as_of`` file, else none. A date that cannot be read is refused by name."""
    text = configured.strip()
    source = "PARKBASE_AS_OF"
    if not text:
        path = Path(data_dir) / AS_OF_FILE
        if not path.exists():
            return None
        text, source = path.read_text(encoding="utf-8").strip(), str(path)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{source}: {text!r} is not a date (write it as 2020-12-31)") from None


def as_of() -> dt.date | None:
    """The date the park runs as of, or None when it runs on today."""
    return getattr(settings, "AS_OF", None)


def today() -> dt.date:
    """Today in the park's time zone, or the date it runs as of."""
    return as_of() or timezone.localdate()


def fix_as_of(day: dt.date | None) -> None:
    """Run the data directory as of ``day`` (None: on today again), from now on and in
    every process started later."""
    path = Path(settings.DATA_DIR) / AS_OF_FILE
    if day is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(day.isoformat() + "\n", encoding="utf-8")
    settings.AS_OF = day


def clock(request) -> dict:
    """Template context: ``as_of``, shown in a banner on every page."""
    return {"as_of": as_of()}
