from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parkbase.core.services import INDUSTRY_TABLE
from parkbase.imports.reader import UnreadableFile
from parkbase.imports.reference import industry_codes_load


class Command(BaseCommand):
    help = (
        "Load GB/T 4754-2017 industry codes. Without FILE, the shipped sections and "
        "divisions; with FILE, a spreadsheet of the official table (columns 代码, 类别名称)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("file", nargs="?")

    def handle(self, *args, action, file, **options):
        try:
            result = industry_codes_load(Path(file) if file else INDUSTRY_TABLE)
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"industry codes: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
