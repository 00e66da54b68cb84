import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parkbase.core.messages import render_both
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import resolve_park
from parkbase.evaluation import services
from parkbase.evaluation.models import Scheme
from parkbase.evaluation.scheme import scheme_to_dict
from parkbase.evaluation.wording import readable

EXIT_INVALID = 1


class Command(BaseCommand):
    help = (
        "Run a per-mu evaluation scheme over a year: store a draft run (or, with "
        "--dry-run, only print it). The scheme is the park's scheme of that name, a "
        "YAML/JSON file, or else the park's scheme for the year or the default scheme."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--scheme", help="name of a scheme saved in the park")
        source.add_argument("--scheme-file", help="a scheme as a YAML or JSON file")
        parser.add_argument("--park", help="park code (needed when several parks exist)")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, year, scheme, scheme_file, park, dry_run, as_json, **options):
        target = resolve_park(park)
        try:
            definition = self._definition(target, year, scheme, scheme_file)
            parsed = services.scheme_check(definition)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.stderr.write(f"{field}: {error}")
            sys.exit(EXIT_INVALID)
        evaluation = services.evaluate(target, year, parsed)
        if not dry_run:
            saved = self._saved_scheme(target, definition)
            run = services.run_create(scheme=saved, year=year, evaluation=evaluation)
            self.stderr.write(f"run {run.pk} stored as a draft: {run.summary['classes']}")
        rows = list(evaluation.rows())
        if as_json:
            for row in rows:
                row["reasons"] = [
                    {"code": v.code, "message": m["zh"], "message_en": m["en"]}
                    for v, m in ((v, render_both(readable(v))) for v in row["reasons"])
                ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['class'] or '—':<2} {row['group'] or '—':<16} "
                f"{'' if row['total'] is None else round(row['total'], 2):>8} "
                f"{row['rank'] or '':>5} {row['uscc'] or '':<18} {row['name']}"
            )

    def _definition(self, park, year, name, path) -> dict:
        if path:
            return scheme_to_dict(services.scheme_parse_text(Path(path).read_text("utf-8")))
        schemes = Scheme.objects.unscoped(SYSTEM_WORK).filter(park=park)
        if name:
            found = schemes.filter(name=name).order_by("-year").first()
            if found is None:
                raise CommandError(f"No scheme named {name!r} in park {park.code}.")
            return found.definition
        found = schemes.filter(year=year).order_by("-updated_at").first()
        return found.definition if found else services.default_scheme_definition()

    def _saved_scheme(self, park, definition) -> Scheme:
        found = (
            Scheme.objects.unscoped(SYSTEM_WORK)
            .filter(park=park, name=definition["name"], year=definition["year"])
            .first()
        )
        if found is None:
            return services.scheme_create(park=park, definition=definition)
        if found.definition != definition:
            return services.scheme_update(
                scheme=found, definition=definition, expected_version=found.version
            )
        return found
