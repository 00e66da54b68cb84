"""``pip install .`` (the README's demo command) installs what the pages need: every
template, static file (an app's own scripts too), translation and data file of the
package is matched by the package-data patterns of pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "parkbase"
RESOURCE_DIRS = {"templates", "static", "locale", "data", "fonts"}


def test_every_resource_file_is_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["parkbase"]
    packaged = {path for pattern in patterns for path in PACKAGE.glob(pattern) if path.is_file()}
    resources = {
        path
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and RESOURCE_DIRS & set(path.relative_to(PACKAGE).parts[:-1])
        and "__pycache__" not in path.parts
        and path.suffix != ".py"
    }
    missing = sorted(str(p.relative_to(PACKAGE)) for p in resources - packaged)
    assert resources and not missing, missing
