"""`parkbase land import-geojson FILE` and `parkbase land export-geojson`: the park's
parcels as GeoJSON (RFC 7946, longitude/latitude) in and out."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import resolve_park
from parkbase.land.models import Parcel
from parkbase.land.services import geojson, refresh_idle

EXIT_REJECTED, EXIT_UNUSABLE = 1, 2


class Command(BaseCommand):
    help = (
        "Parcels as GeoJSON. import-geojson FILE: record or update the park's parcels "
        "from a FeatureCollection matched by properties.code (all or nothing; exit status "
        "0 written or a clean dry run, 1 rejected, 2 unusable input). export-geojson: the "
        "park's parcels as a FeatureCollection (to --out FILE or standard output). "
        "refresh-idle: apply the idle-land rule again as of today (it also runs nightly)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import-geojson", help="import parcels from a FeatureCollection")
        load.add_argument("file", help="a GeoJSON FeatureCollection ('-' reads standard input)")
        load.add_argument("--park", help="park code (needed when several parks exist)")
        load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        load.add_argument(
            "--confirm-overlap",
            action="store_true",
            help="record features that overlap other parcels (the audit trail notes it)",
        )
        load.add_argument("--json", action="store_true", dest="as_json")
        dump = sub.add_parser("export-geojson", help="the park's parcels as a FeatureCollection")
        dump.add_argument("--park", help="park code (needed when several parks exist)")
        dump.add_argument("--out", help="file to write (default: standard output)")
        refresh = sub.add_parser(
            "refresh-idle", help="apply the idle-land rule again as of today (nightly task)"
        )
        refresh.add_argument("--park", help="park code (default: every park)")

    def handle(self, *args, action, **options):
        if action == "refresh-idle":
            park = resolve_park(options["park"]) if options.get("park") else None
            changed = refresh_idle(park=park)
            self.stdout.write(f"闲置认定已更新 / idle status changed: {changed}")
            return None
        park = resolve_park(options.get("park"))
        if action == "export-geojson":
            return self._export(park, options.get("out"))
        options.pop("park", None)
        return self._import(park, **options)

    def _export(self, park, out):
        parcels = Parcel.objects.unscoped(SYSTEM_WORK).filter(park=park)
        text = geojson.feature_collection(parcels, geojson.classes_of(parcels, park))
        if out:
            Path(out).write_text(text, encoding="utf-8")
            count = parcels.filter(geometry__isnull=False).count()
            self.stderr.write(f"{count} parcels written to {out}")
        else:
            self.stdout.write(text)

    def _import(self, park, *, file, dry_run, confirm_overlap, as_json, **options):
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"不能读取 / cannot read {file}: {exc.strerror}") from None
        report = geojson.import_geojson(
            data, park=park, dry_run=dry_run, confirm_overlap=confirm_overlap
        )
        if as_json:
            out = {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "errors": report.errors,
                "warnings": report.warnings,
                "written": report.written,
            }
            if report.unusable is not None:
                out["unusable"] = report.unusable
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        else:
            if report.unusable is not None:
                self.stderr.write(report.unusable["zh"])
                self.stderr.write("  " + report.unusable["en"])
            for problem in report.errors:
                self.stderr.write(problem["message"])
                self.stderr.write("  " + problem["message_en"])
            for warning in report.warnings:
                self.stderr.write(warning["message"])
                self.stderr.write("  " + warning["message_en"])
            if report.unusable is None:
                verb = "" if report.written else " would be"
                self.stdout.write(
                    f"{report.created} created, {report.updated} updated, "
                    f"{report.unchanged} unchanged{verb}; {len(report.errors)} errors"
                )
            if not report.written and (report.errors or report.unusable):
                self.stdout.write("Nothing was written / 未写入任何数据.")
                if report.needs_confirmation:
                    self.stdout.write(
                        "Overlaps need --confirm-overlap / 重叠须用 --confirm-overlap 确认."
                    )
        if report.unusable is not None:
            sys.exit(EXIT_UNUSABLE)
        if report.errors:
            sys.exit(EXIT_REJECTED)
