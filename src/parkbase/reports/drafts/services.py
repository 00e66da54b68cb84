"""Writes of saved drafts, through the one write path (``core.write``): a draft saved
from the records, a new version of it (refused when someone saved a newer one since the
version the editor started from: ``NewerVersion`` names them), and a redraft from the
records that changes only the figures.

Whom a draft is for is chosen when it is saved and kept (``ReportDraft.audience``):

* for everyone (the default): the draft is made from the records as someone outside
  every confidential project reads them (``OUTSIDER_READING``), so each confidential
  project stands in it, and in every file made from it, under its code name, whoever
  saved it. A redraft reads them the same way.
* for insiders only: the draft is made as its author reads the records (real names of
  the confidential projects they are an insider of), and those projects are kept with
  it (``DraftSecret``): only the insiders of every one of them find the draft
  (``ReportDraft.objects.visible_to``), its versions, pages and files.

Storing code names and putting real names back when an insider reads would keep the
real names out of the database, but what people type is not marked: an insider writing
a real name into a draft everyone reads would show it to all. Saving, therefore, also
refuses a text that names by its real name a confidential project its reader might be
outside of (one the saver is an insider of and the draft does not already name)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import pgettext

from parkbase.core.locking import StaleEdit
from parkbase.core.scoping import bypass
from parkbase.core.write import acting, locked, save, save_edit
from parkbase.projects.models import Project
from parkbase.projects.models.common import insider_q
from parkbase.reports import selectors
from parkbase.reports.drafts import redraft as R
from parkbase.reports.drafts.choices import Audience, DraftKind, VersionKind
from parkbase.reports.drafts.content import content_of, paragraphs, sections, texts
from parkbase.reports.drafts.paste import Tidied, tidy
from parkbase.reports.drafts.rows import MAX_PARAGRAPH, Row, content_from
from parkbase.reports.models import DraftSecret, DraftVersion, ReportDraft

OUTSIDER_READING = (
    "a draft for everyone reads the park's records as someone outside every "
    "confidential project (code names only); its page checked the reader reads the "
    "park's reports"
)
INSIDERS_CHECK = "the confidential projects of the park the saving user is an insider of"
LATEST = "the version a refused save missed, of a draft its caller read in scope"
NAMED = "the confidential projects a draft its caller read in scope names already"
NOTE_MAX = 300


class NewerVersion(StaleEdit):
    """Someone saved a newer version since the one the editor started from: ``newer``
    is it (its author and time name them)."""

    def __init__(self, current_version: int, newer: DraftVersion | None):
        super().__init__(current_version)
        self.newer = newer


@dataclass
class Saved:
    version: DraftVersion
    tidied: Tidied


def language() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh-hans"


def insider_projects(park, user) -> list[Project]:
    """The confidential projects of ``park`` whose real names ``user`` reads."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    projects = Project.objects.unscoped(INSIDERS_CHECK).filter(park=park, confidential=True)
    return list(projects.filter(insider_q(user)).order_by("code_name", "pk"))


def drafted(park, year: int, user, audience: str):
    """The engine's draft of the year, as a draft for ``audience`` is made."""
    if audience == Audience.INSIDERS:
        return selectors.annual_draft(park, year, user)
    with bypass(OUTSIDER_READING):
        return selectors.annual_draft(park, year, None)


def _refuse(messages: list[str]) -> None:
    if messages:
        raise ValidationError([ValidationError(m) for m in messages])


def _named_secrets(draft: ReportDraft, content: dict, user) -> list[str]:
    """A refusal for each confidential project the text names by its real name that a
    reader of the draft might be outside of (among those the saver knows)."""
    kept = set(
        DraftSecret.objects.unscoped(NAMED).filter(draft=draft).values_list("project_id", flat=True)
    )
    found = []
    text = "\n".join(texts(content))
    for project in insider_projects(draft.park, user):
        name = (project.name or "").strip()
        if project.pk in kept or len(name) < 2 or name not in text:
            continue
        found.append(
            pgettext(
                "report draft",
                "The text names a confidential project by its real name, and this draft is "
                "read by people who may be outside it: write its code name, %(code_name)s, "
                "instead.",
            )
            % {"code_name": project.code_name or "—"}
        )
    return found


def _problems(problems: list[tuple[str, dict]]) -> list[str]:
    words = {
        "title_required": pgettext("report draft", "The draft needs a title."),
        "paragraph_too_long": pgettext(
            "report draft",
            "A paragraph holds %(count)s characters; one may hold at most %(max)s: split it.",
        ),
        "draft_too_long": pgettext(
            "report draft", "The draft holds %(count)s characters; it may hold at most %(max)s."
        ),
    }
    return [str(words[code]) % values for code, values in problems]


def _note(note: str) -> str:
    return tidy(note, multiline=False)[0][:NOTE_MAX]


def _add_version(draft, content: dict, user, kind: str, note: str) -> DraftVersion:
    version = DraftVersion(
        draft=draft,
        number=draft.version,
        kind=kind,
        content=content,
        author=acting(user),
        note=_note(note),
    )
    save(version, user)
    return version


# ------------------------------------------------------------------ saving from the records


def draft_create(*, park, year: int, user, audience: str = Audience.OUTSIDERS, note: str = ""):
    """The year's annual draft saved for editing, as version 1, in the active language.
    For insiders only where the user is an insider of a confidential project of the
    park (otherwise their draft is everyone's)."""
    if not selectors.valid_year(year):
        raise ValidationError(pgettext("report draft", "There is no draft for that year."))
    secrets = insider_projects(park, user) if audience == Audience.INSIDERS else []
    audience = Audience.INSIDERS if secrets else Audience.OUTSIDERS
    engine_draft = drafted(park, year, user, audience)
    with transaction.atomic():
        draft = ReportDraft(
            park=park,
            kind=DraftKind.ANNUAL,
            year=year,
            language=language(),
            title=engine_draft.title[:300],
            audience=audience,
            created_by=acting(user),
        )
        save(draft, user)
        for project in secrets:
            save(DraftSecret(draft=draft, project=project, code_name=project.code_name), user)
        _add_version(draft, content_of(engine_draft), user, VersionKind.DRAFTED, note)
    return draft


# ------------------------------------------------------------------ versions


def version_of(draft: ReportDraft, number: int) -> DraftVersion | None:
    """Version ``number`` of a draft the caller read in scope."""
    return draft.versions.filter(number=number).select_related("author").first()


def latest(draft: ReportDraft) -> DraftVersion | None:
    return draft.versions.select_related("author").order_by("-number").first()


def _locked(draft: ReportDraft, expected_version) -> ReportDraft:
    try:
        return locked(ReportDraft, draft.pk, expected_version)
    except StaleEdit as stale:
        newer = (
            DraftVersion.objects.unscoped(LATEST)
            .filter(draft_id=draft.pk)
            .select_related("author")
            .order_by("-number")
            .first()
        )
        raise NewerVersion(stale.current_version, newer) from None


def _write(current: ReportDraft, content: dict, user, kind: str, note: str) -> DraftVersion:
    _refuse(_named_secrets(current, content, user))
    current.title = content.get("title", "")[:300] or current.title
    save_edit(current, user)
    return _add_version(current, content, user, kind, note)


def version_save(*, draft: ReportDraft, expected_version, user, rows: list[Row], note: str = ""):
    """The rows of the edit form saved as the next version, from the version
    ``expected_version`` the editor started from: refused (``NewerVersion``) when a
    newer one was saved meanwhile, and (``ValidationError``) when a rule is broken;
    nothing is saved then."""
    with transaction.atomic():
        current = _locked(draft, expected_version)
        base = version_of(current, expected_version)
        read = content_from(rows, base.content if base else {})
        _refuse(_problems(read.problems))
        version = _write(current, read.content, user, VersionKind.EDITED, note)
    return Saved(version, read.tidied)


# ------------------------------------------------------------------ redrafting


def redraft_proposal(draft: ReportDraft, version: DraftVersion) -> R.Proposal:
    """What redrafting ``version`` from the records as they are now would change."""
    with translation.override(draft.language):
        fresh = content_of(drafted(draft.park, draft.year, None, Audience.OUTSIDERS))
    return R.propose(version.content, fresh)


def _ids(content: dict) -> set[str]:
    found = {p.get("id", "") for _s, p in paragraphs(content)}
    return found | {s.get("key", "") for s in sections(content)}


def redraft_save(
    *,
    draft: ReportDraft,
    expected_version,
    user,
    texts: dict[str, str],
    added: set[int],
    note: str = "",
):
    """The version ``expected_version`` redrafted from the records and saved as the
    next version: the figures that could be changed changed; each paragraph a person
    decided on as they wrote it (``texts``); the paragraphs they chose to add
    (``added``)."""
    with transaction.atomic():
        current = _locked(draft, expected_version)
        base = version_of(current, expected_version)
        proposal = redraft_proposal(current, base)
        content, tidied = R.apply(proposal, texts, added, _ids(base.content))
        _refuse(
            _problems(
                [
                    ("paragraph_too_long", {"count": len(p["text"]), "max": MAX_PARAGRAPH})
                    for _section, p in paragraphs(content)
                    if len(p.get("text", "")) > MAX_PARAGRAPH
                ]
            )
        )
        version = _write(current, content, user, VersionKind.REDRAFTED, note)
    return Saved(version, tidied)
