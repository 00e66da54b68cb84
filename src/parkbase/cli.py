"""The `parkbase` console script: Django's management commands under one name."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "demo": "prepare the demo park in the data directory and serve it (--no-serve to only prepare)",
    "serve": "serve an existing data directory (--host, --port, --workers)",
    "import": "import a spreadsheet of any list: import KIND FILE (--year, --dry-run, --skip-invalid, --json)",
    "export": "export a list to XLSX as its page does: export KIND (--filter name=value, --out FILE, --user NAME)",
    "evaluate": "per-mu evaluation of a year (--year Y, --scheme NAME | --scheme-file FILE, --dry-run, --json)",
    "land": "parcels as GeoJSON: land import-geojson FILE (--dry-run, --confirm-overlap, --json), land export-geojson (--out FILE)",
    "indicators": "economic indicators: indicators status --year Y (--month M, --json): the progress table",
    "report": "reports drafted from the records: report annual --year Y, report monthly --month YYYY-MM (--out FILE.docx|.md|.html, --lang zh|en, --park CODE, --user NAME)",
    "documents": "the document library: documents add FILE... (--category, --year, --link enterprise:USCC|project:ID|parcel:CODE, --json)",
    "init": "create your own park, its phases and departments and its first administrator (--from park.toml, --example, --no-input)",
    "users": "users: users list (--json), users add USERNAME --role ROLE (--park, --department, --enterprise, --team, --name), users set-password USERNAME",
    "token": "create an API token for a user (token create USERNAME)",
    "industry": "load the GB/T 4754-2017 table from the official spreadsheet (industry load FILE)",
    "migrate": "create or upgrade the database (before init)",
    "check": "check the installation",
    "createsuperuser": "create an administrator",
}


def _help() -> str:
    width = max(len(c) for c in COMMANDS)
    lines = ["usage: parkbase COMMAND [options]", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    lines += [
        "",
        "Every Django management command also works (parkbase help --all lists them).",
        "Settings: PARKBASE_DATA_DIR (default ./var), DATABASE_URL, PARKBASE_REDIS_URL.",
        "`parkbase COMMAND --help` describes one command.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parkbase.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help") or argv[1:] == ["help"]:
        print(_help())
        return
    if argv[1:] == ["help", "--all"]:
        argv = [argv[0], "help"]
    from django.core.management import execute_from_command_line

    from parkbase.core.scoping import bypass

    # the command line is the system at work, not a user; requests the server it
    # starts answers run strict again (ScopeMiddleware)
    with bypass(f"command line: parkbase {argv[1]}"):
        execute_from_command_line(["parkbase", *argv[1:]])


if __name__ == "__main__":
    main()
