"""The History tab: before/after values of every change, from django-simple-history.

Who made a change is its user; what made it, when a piece of work rather than a person
did (an import, a computation), is the change's reason written as a code the work's app
registers with its words (``register_source``): ``import`` reads 导入 / import, and
``import:42`` links to import 42 for a reader who may open it. Any other reason is
shown as written (a note someone typed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    """What a reason code means: its words (lazy; ``%(detail)s`` takes what follows the
    code), and, for work with a page of its own, that page's address from the detail
    and whether a reader may open it."""

    words: object
    link: Callable[[str], str] | None = None
    sees: Callable[[object], bool] | None = None


SOURCES: dict[str, Source] = {}


def register_source(code: str, words, *, link=None, sees=None) -> None:
    """Make the reason ``code`` (or ``code:detail``) read as ``words`` in the history;
    apps register the codes they write in their ``AppConfig.ready``."""
    SOURCES[code] = Source(words, link, sees)


def source_reason(code: str, detail=None) -> str:
    """The reason to store for a change made by the work ``code`` (with its detail: an
    import's number)."""
    return f"{code}:{detail}" if detail not in (None, "") else code


@dataclass
class Change:
    when: object
    user: str  # the user name, "" when no user made it
    kind: str  # +, ~, -
    label: str
    reason: str  # as stored
    fields: list[tuple[str, object, object]]
    who: str = ""  # the user's full name (else the user name)
    source: Source | None = None  # the work that made it, when the reason names one
    detail: str = ""  # what follows the work's code (an import's number)

    def source_words(self) -> str:
        if self.source is None:
            return ""
        words = str(self.source.words)
        return words % {"detail": self.detail} if "%(detail)s" in words else words

    def source_link(self, user) -> str:
        """The address of the work's page, for a reader who may open it; else ""."""
        source = self.source
        if source is None or source.link is None or not self.detail:
            return ""
        if source.sees is not None and not source.sees(user):
            return ""
        return source.link(self.detail) or ""


def _source_of(reason: str) -> tuple[Source | None, str]:
    code, _sep, detail = reason.partition(":")
    source = SOURCES.get(reason) or SOURCES.get(code.strip())
    if source is None:
        return None, ""
    return source, "" if reason in SOURCES else detail.strip()


def _label(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:
        return field_name


def _shown(model, field_name: str, value):
    """A stored value as the user reads it: a choice by its label, yes or no."""
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return value
    if value is None:
        return None
    if getattr(field, "flatchoices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def changes_of(history_qs, model, label=lambda record: "", hidden=()) -> list[Change]:
    """Each historical record compared with the one before it (of the same object).
    The ``hidden`` fields (what need-to-know keeps from the reader) show the
    placeholder for both values, and then so does the reason given with a change."""
    from parkbase.core.need_to_know import PLACEHOLDER

    records = list(history_qs.select_related("history_user").order_by("history_date", "history_id"))
    previous: dict = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        fields = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before)
            fields = [
                (
                    _label(model, c.field),
                    _shown(model, c.field, c.old),
                    _shown(model, c.field, c.new),
                )
                if c.field not in hidden
                else (_label(model, c.field), PLACEHOLDER, PLACEHOLDER)
                for c in delta.changes
                if c.field not in ("version", "updated_at")
            ]
        reason = record.history_change_reason or ""
        if hidden and reason:
            reason = PLACEHOLDER
        source, detail = _source_of(reason)
        user = record.history_user
        out.append(
            Change(
                when=record.history_date,
                user=getattr(user, "username", "") or "",
                who=(user.get_full_name() or user.username) if user is not None else "",
                kind=record.history_type,
                label=label(record),
                reason=reason,
                fields=fields,
                source=source,
                detail=detail,
            )
        )
        previous[record.id] = record
    out.reverse()
    return out
