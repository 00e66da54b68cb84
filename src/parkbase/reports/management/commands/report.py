"""`parkbase report annual --year Y [--out FILE.docx|.md|.html] [--lang zh|en]
[--park CODE] [--user USERNAME]`: the park's annual work summary and next year's plan,
drafted from the records.

Who reads decides what the draft shows: with --user, what that user may see (an
insider of a confidential project sees its real name); without, the view of someone
outside every confidential project (code names only), over the whole park."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from parkbase.core.models import User
from parkbase.core.scoping import SYSTEM_WORK, role_sees_model
from parkbase.core.services import resolve_park
from parkbase.projects.models import Project
from parkbase.reports import cli_bulletin, render, selectors
from parkbase.reports.annual_charts import annual_images
from parkbase.reports.word import docx_bytes

LANGUAGES = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}
FORMATS = (".docx", ".md", ".html")


class Command(BaseCommand):
    help = (
        "Reports drafted from the records. annual --year Y: the park's work summary of "
        "the year (its five work streams, 一是…二是…) and the plan for the next, every "
        "figure from the records; --out FILE.docx (an official document's layout), .md "
        "or .html (figures linking to their records); without --out, Markdown on the "
        "screen. monthly --month YYYY-MM: the month's economic bulletin (two pages)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        annual = sub.add_parser("annual", help="the annual work summary and plan")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--out", help="the file to write: .docx, .md or .html")
        annual.add_argument("--lang", default="zh", choices=sorted(LANGUAGES))
        annual.add_argument("--park", help="park code (needed when several parks exist)")
        annual.add_argument(
            "--user",
            help="draft as this user sees the records (default: an outsider of every "
            "confidential project, over the whole park)",
        )
        cli_bulletin.add_parser(sub)

    def handle(self, *args, kind, out, lang, park, user, year=None, month=None, **options):
        if kind == "monthly":
            cli_bulletin.run(self, month=month, out=out, lang=lang, park=park, user=user)
            return
        if not selectors.valid_year(year):
            raise CommandError(
                f"年份须在 {selectors.FIRST_YEAR}–{selectors.LAST_YEAR} 之间，不能是 {year}。 / "
                f"--year must be between {selectors.FIRST_YEAR} and {selectors.LAST_YEAR}, "
                f"not {year}."
            )
        target = Path(out) if out else None
        if target is not None and target.suffix.lower() not in FORMATS:
            raise CommandError(
                f"--out {out}：文件须以 .docx、.md 或 .html 结尾。 / "
                f"--out {out}: the file must end in .docx, .md or .html."
            )
        reader = self._reader(user)
        the_park = self._park(park, reader)
        with translation.override(LANGUAGES[lang]):
            draft = selectors.annual_draft(the_park, year, reader)
            if draft.empty:
                self.stderr.write(
                    f"{the_park.code} 在 {year} 年没有任何记录，草稿各部分均注明无记录。 / "
                    f"The records of {the_park.code} hold nothing for {year}: each section "
                    "of the draft says so."
                )
            if target is None:
                self.stdout.write(render.markdown(draft))
                return
            suffix = target.suffix.lower()
            if suffix == ".docx":
                target.write_bytes(docx_bytes(draft, annual_images(the_park, year, reader)))
            elif suffix == ".md":
                target.write_text(render.markdown(draft), encoding="utf-8")
            else:
                target.write_text(render.standalone_html(draft, lang), encoding="utf-8")
        self.stdout.write(f"{target} ({target.stat().st_size:,} bytes)")

    @staticmethod
    def _reader(username: str | None):
        if not username:
            return None
        found = User.objects.unscoped(SYSTEM_WORK).filter(username=username).first()
        if found is None or not found.is_active:
            raise CommandError(
                f"没有名为 {username!r} 的在用用户（见 `parkbase users list`）。 / "
                f"No active user named {username!r} (see `parkbase users list`)."
            )
        if not role_sees_model(found, Project):
            raise CommandError(
                f"用户 {username!r} 的角色不能阅读年度工作总结（仅限管理员、园区领导和工作人员）。 / "
                f"The role of {username!r} may not read the annual report (administrators, "
                "the park's leaders and staff only)."
            )
        return found

    @staticmethod
    def _park(code: str | None, reader):
        if reader is not None and reader.park_id:
            if code and code != reader.park.code:
                raise CommandError(
                    f"用户 {reader.username!r} 属于园区 {reader.park.code}，不能阅读园区 {code}。 / "
                    f"{reader.username!r} works in park {reader.park.code}, not {code}."
                )
            return reader.park
        return resolve_park(code)
