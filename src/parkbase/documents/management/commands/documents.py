"""`parkbase documents add FILE... [--category C] [--year Y] [--link KIND:KEY]
[--park CODE] [--user NAME] [--json]`: files (and the files of folders) into the
park's document library, their text read before the command ends.

Exit status: 0 every file kept or recognised, 1 some file refused (the others are
kept), 2 nothing done (a file or folder missing, a link or category not found)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from parkbase.core.models import User
from parkbase.core.scoping import SYSTEM_WORK
from parkbase.core.services import resolve_park
from parkbase.documents import selectors, services
from parkbase.documents.messages import NOTES, DocumentRefused, both

EXIT_REFUSED, EXIT_UNUSABLE = 1, 2


def files_of(paths: list[str]) -> list[Path]:
    """The files named, and every file under the folders named (hidden ones left out),
    in order; CommandError (exit 2) for a name that is neither."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"没有这个文件或文件夹 / no such file or folder: {name}")
    return found


class Command(BaseCommand):
    help = (
        "The document library. add FILE...: keep files (and the files of folders) as "
        "documents of the park, their kind told from their content; the same file kept "
        "already is recognised, not kept twice. Exit status 0 all kept or recognised, "
        "1 some refused, 2 nothing done."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="keep files as documents")
        add.add_argument("files", nargs="+", help="files or folders")
        add.add_argument("--category", help="a category: 工作总结, or 管理文书/工作总结")
        add.add_argument("--year", type=int)
        add.add_argument(
            "--link",
            action="append",
            default=[],
            help="a record to link to: enterprise:USCC, project:ID, parcel:CODE, "
            "approval:ID, run:ID (may be given several times)",
        )
        add.add_argument("--park", help="park code (needed when several parks exist)")
        add.add_argument("--user", help="upload as this user (the uploader's scope)")
        add.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, action, files, category, year, link, park, user, as_json, **options):
        try:
            reader = self._user(user)
            the_park = reader.park if reader is not None and reader.park_id else resolve_park(park)
            paths = files_of(files)
            targets = []
            for text in link:
                target = selectors.target_named(reader, the_park, text)
                if target is None:
                    raise CommandError(f"找不到要关联的记录 / no record to link: {text}")
                targets.append(target)
            chosen = services.category_named(the_park, category) if category else None
            if category and chosen is None:
                raise CommandError(f"没有这个分类 / no such category: {category}")
        except CommandError as exc:
            self.stderr.write(str(exc))
            sys.exit(EXIT_UNUSABLE)
        results = [self._add(p, reader, the_park, chosen, year, targets) for p in paths]
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for r in results:
                line = f"{r['status']:9} {r['file']}"
                if r.get("id"):
                    line += f"  #{r['id']} {r['title']} ({r['kind']}, {r['text_status']})"
                self.stdout.write(line)
                for key in ("message", "note"):
                    if r.get(key):
                        self.stdout.write(f"          {r[key]['zh']}")
                        self.stdout.write(f"          {r[key]['en']}")
        if any(r["status"] == "refused" for r in results):
            sys.exit(EXIT_REFUSED)

    def _add(self, path: Path, reader, park, category, year, targets) -> dict:
        out = {"file": str(path)}
        try:
            with path.open("rb") as f:
                uploaded = services.document_upload(
                    user=reader,
                    park=park,
                    upload=File(f, name=path.name),
                    category=category,
                    year=year,
                    links=targets,
                    read_now=True,
                )
        except DocumentRefused as exc:
            return out | {"status": "refused", "code": exc.refusal, "message": exc.both()}
        document = uploaded.document
        document.refresh_from_db()
        out |= {
            "status": "created" if uploaded.created else "existing",
            "id": document.pk,
            "title": document.title,
            "kind": document.kind,
            "sha256": document.sha256,
            "pages": document.page_count,
            "text_status": document.text_status,
        }
        if document.text_note:
            out["note"] = both(NOTES, document.text_note, document.text_params) | {
                "code": document.text_note
            }
        return out

    @staticmethod
    def _user(username):
        if not username:
            return None
        found = User.objects.unscoped(SYSTEM_WORK).filter(username=username).first()
        if found is None or not found.is_active:
            raise CommandError(
                f"没有名为 {username!r} 的在用用户 / no active user named {username!r}"
            )
        return found
