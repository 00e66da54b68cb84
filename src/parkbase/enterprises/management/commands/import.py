import json
import sys

from django.core.management.base import BaseCommand

from parkbase.core.services import resolve_park
from parkbase.imports import registry
from parkbase.imports.reader import UnreadableFile

EXIT_REJECTED, EXIT_UNUSABLE = 1, 2


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (.xlsx/.xls/.ods/.csv) of one of the registered kinds "
        "(enterprises, years, projects …). Exit status: "
        "0 written (or a clean dry run), 1 rows rejected, 2 unusable input."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(registry.IMPORTERS))
        parser.add_argument("file")
        parser.add_argument(
            "--year",
            type=int,
            help="the year of every row (kinds with a year): a sheet without a year column "
            "takes it; a row whose year says otherwise is an error",
        )
        parser.add_argument(
            "--month",
            help="monthly: the month of every row (YYYY-MM), for a sheet without a "
            "月份 or 期别 column; a row whose period says otherwise is an error",
        )
        parser.add_argument(
            "--overwrite-ranked",
            action="store_true",
            help="survey: also overwrite figures recorded from a source ranked above the "
            "survey (statistics, tax, enterprise, staff); they are kept otherwise",
        )
        parser.add_argument("--sheet")
        parser.add_argument("--park", help="park code (needed when several parks exist)")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--skip-invalid", action="store_true")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(
        self,
        *args,
        kind,
        file,
        year,
        sheet,
        park,
        dry_run,
        skip_invalid,
        as_json,
        overwrite_ranked=False,
        month=None,
        **o,
    ):
        target = resolve_park(park)
        kwargs = {"park": target, "sheet": sheet, "dry_run": dry_run, "skip_invalid": skip_invalid}
        importer = registry.get(kind)
        if "year" in importer.options:
            kwargs["year"] = year
        if "month" in importer.options:
            kwargs["month"] = month
        if "overwrite_ranked" in importer.options:
            kwargs["overwrite_ranked"] = overwrite_ranked
        try:
            report = importer.run(file, **kwargs)
        except UnreadableFile as exc:
            if as_json:
                self.stdout.write(
                    json.dumps(
                        {
                            "created": 0,
                            "updated": 0,
                            "unchanged": 0,
                            "skipped": 0,
                            "errors": [],
                            "unusable": str(exc),
                        },
                        ensure_ascii=False,
                    )
                )
            else:
                self.stderr.write(f"不能读取 / cannot read: {exc}")
            sys.exit(EXIT_UNUSABLE)
        if year is not None and "year" not in importer.options:
            report.warnings.append(
                {
                    "code": "option_not_used",
                    "message": f"--year {year} 未使用：“{kind}”导入的数据没有年度。",
                    "message_en": f"--year {year} is not used: the {kind} import has no year.",
                }
            )
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            for error in report.errors:
                self.stderr.write(error["message"])
                self.stderr.write("  " + error["message_en"])
            for note in (*report.ignored_columns, *report.warnings):
                self.stderr.write(f"注意：{note['message']}")
                self.stderr.write(f"  Note: {note['message_en']}")
            verb = "would be" if dry_run or not report.written else ""
            self.stdout.write(
                f"{report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.skipped} skipped rows {verb}".rstrip()
            )
            if report.errors and not report.written:
                self.stdout.write(
                    "Nothing was written / 未写入任何数据 (use --skip-invalid to write the valid rows)."
                )
        if report.unusable:
            sys.exit(EXIT_UNUSABLE)
        if report.errors:
            sys.exit(EXIT_REJECTED)
