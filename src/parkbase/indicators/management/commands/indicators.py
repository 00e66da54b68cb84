"""`parkbase indicators status --year Y [--month M] [--json]`: the park's progress
table at a month end, as a text table in the chosen language or as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from parkbase.core.services import resolve_park
from parkbase.indicators import selectors
from parkbase.indicators.report import progress_json, progress_text


class Command(BaseCommand):
    help = (
        "Economic indicators. status --year Y [--month M]: every indicator's year-to-date "
        "value against its target and elapsed time (序时进度), year-on-year growth, the "
        "projection and alerts; --json for machines."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="the progress table at a month end")
        status.add_argument("--year", type=int, required=True)
        status.add_argument(
            "--month",
            type=int,
            help="1–12 (default: the latest month of the year with monthly returns, not "
            "after the as-of date; else the last month over)",
        )
        status.add_argument("--park", help="park code (needed when several parks exist)")
        status.add_argument("--json", action="store_true", dest="as_json")
        status.add_argument(
            "--language", default="zh-hans", choices=["zh-hans", "en"], help="of the text table"
        )

    def handle(self, *args, action, **options):
        month = options.get("month")
        if month is not None and not 1 <= month <= 12:
            raise CommandError(f"月份须在 1–12 之间 / --month must be 1–12, not {month}")
        park = resolve_park(options.get("park"))
        with translation.override(options["language"]):
            rows = selectors.progress_table(park, options["year"], month)
            if options["as_json"]:
                self.stdout.write(json.dumps(progress_json(rows), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(progress_text(park, options["year"], rows))
