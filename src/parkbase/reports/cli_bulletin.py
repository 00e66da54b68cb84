"""`parkbase report monthly --month YYYY-MM [--out FILE.docx|.md|.html] [--lang zh|en]
[--park CODE] [--user USERNAME]`: the park's monthly economic bulletin (经济运行简报),
drafted from the records: two A4 pages as a Word document, or Markdown / HTML.

As the annual command: with --user, what that user may see; without, the view of
someone outside every confidential project (code names), over the whole park.

A month not over yet is refused (there is nothing to draft). A month over whose
monthly returns are not all in is drafted and marked partial (the notice on its
first page says who is missing); a month with no returns is drafted with the figures
from the returns left blank and says so. Either way a note goes to stderr."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils import translation

from parkbase.core.clock import today
from parkbase.core.models import User
from parkbase.core.scoping import SYSTEM_WORK, role_sees_model
from parkbase.core.services import resolve_park
from parkbase.indicators.models import Indicator
from parkbase.projects.models import Project
from parkbase.reports import bulletin_facts as B
from parkbase.reports import render_bulletin
from parkbase.reports.selectors import bulletin as selectors
from parkbase.reports.word_bulletin import docx_bytes, images

LANGUAGES = {"zh": "zh-hans", "zh-hans": "zh-hans", "en": "en"}
FORMATS = (".docx", ".md", ".html")


def add_parser(sub) -> None:
    monthly = sub.add_parser("monthly", help="the monthly economic bulletin (two pages)")
    monthly.add_argument("--month", required=True, help="the month, as YYYY-MM (e.g. 2020-11)")
    monthly.add_argument("--out", help="the file to write: .docx, .md or .html")
    monthly.add_argument("--lang", default="zh", choices=sorted(LANGUAGES))
    monthly.add_argument("--park", help="park code (needed when several parks exist)")
    monthly.add_argument(
        "--user",
        help="draft as this user sees the records (default: an outsider of every "
        "confidential project, over the whole park)",
    )


def run(command, *, month, out, lang, park, user) -> None:
    found = selectors.parse_month(month)
    if found is None:
        raise CommandError(
            f"--month {month}：月份须写作 YYYY-MM（如 2020-11），年份在 {selectors.FIRST_YEAR}–"
            f"{selectors.LAST_YEAR} 之间。 / --month {month}: write the month as YYYY-MM "
            f"(e.g. 2020-11), a year from {selectors.FIRST_YEAR} to {selectors.LAST_YEAR}."
        )
    year, number = found
    if not selectors.month_over(year, number):
        raise CommandError(
            f"--month {month}：{year}年{number}月尚未结束（今天是 {today().isoformat()}），"
            f"月末之后才能起草简报。 / --month {month}: the month is not over yet (today is "
            f"{today().isoformat()}); its bulletin can be drafted once it has ended."
        )
    target = Path(out) if out else None
    if target is not None and target.suffix.lower() not in FORMATS:
        raise CommandError(
            f"--out {out}：文件须以 .docx、.md 或 .html 结尾。 / "
            f"--out {out}: the file must end in .docx, .md or .html."
        )
    reader = _reader(user)
    the_park = _park(park, reader)
    with translation.override(LANGUAGES[lang]):
        bulletin, facts = selectors.monthly_bulletin(the_park, year, number, reader)
        _note(command, facts, month)
        if target is None:
            command.stdout.write(render_bulletin.markdown(bulletin))
            return
        suffix = target.suffix.lower()
        if suffix == ".docx":
            target.write_bytes(docx_bytes(bulletin, images(bulletin)))
        elif suffix == ".md":
            target.write_text(render_bulletin.markdown(bulletin), encoding="utf-8")
        else:
            html = render_bulletin.standalone_html(bulletin, images(bulletin), lang)
            target.write_text(html, encoding="utf-8")
    command.stdout.write(f"{target} ({target.stat().st_size:,} bytes)")


def _note(command, facts: B.BulletinFacts, month: str) -> None:
    """What is partial or missing, on stderr (the bulletin says it on its first page)."""
    r = facts.returns
    if r.state == B.PARTIAL:
        command.stderr.write(
            f"{month}：部分数据，应报 {r.owed} 家规上企业，已报 {r.filed} 家，{r.missing} 家未报；"
            f"简报已注明。 / {month}: partial figures: {r.filed} of {r.owed} above-size "
            f"enterprises filed, {r.missing} did not; the bulletin says so."
        )
    elif r.state == B.NONE:
        command.stderr.write(
            f"{month}：没有月报数据，简报中月报指标的本月数空缺并已注明。 / {month}: no monthly "
            "return is recorded; the bulletin leaves the month's figures from the returns "
            "blank and says so."
        )
    elif r.state == B.COMBINED:
        command.stderr.write(
            f"{month}：1月月报与2月合并报送，本月没有单月数据。 / {month}: January is reported "
            "with February; the month has no figures of its own."
        )


def _reader(username: str | None):
    if not username:
        return None
    found = User.objects.unscoped(SYSTEM_WORK).filter(username=username).first()
    if found is None or not found.is_active:
        raise CommandError(
            f"没有名为 {username!r} 的在用用户（见 `parkbase users list`）。 / "
            f"No active user named {username!r} (see `parkbase users list`)."
        )
    if not (role_sees_model(found, Project) and role_sees_model(found, Indicator)):
        raise CommandError(
            f"用户 {username!r} 的角色不能阅读经济运行简报（仅限管理员、园区领导和工作人员）。 / "
            f"The role of {username!r} may not read the monthly bulletin (administrators, "
            "the park's leaders and staff only)."
        )
    return found


def _park(code: str | None, reader):
    if reader is not None and reader.park_id:
        if code and code != reader.park.code:
            raise CommandError(
                f"用户 {reader.username!r} 属于园区 {reader.park.code}，不能阅读园区 {code}。 / "
                f"{reader.username!r} works in park {reader.park.code}, not {code}."
            )
        return reader.park
    return resolve_park(code)
