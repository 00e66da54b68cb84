"""The History tab: before/after values of every change, from django-simple-history.

Who made a change is its user; what made it, when a piece of work rather than a person
did (an import, a computation), is the change's reason written as a code the work's app
registers with its words (``register_source``): ``import`` reads 导入 / import, and
``import:42`` links to import 42 for a reader who may open it. Any other reason is
shown as written (a note someone typed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from parkbase.core.tables import person_name


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


@dataclass(frozen=True)
class Linked:
    """Records a change linked (a foreign key's id, the rows of a many-to-many field),
    named only as the reader may see them: people by their names, other records by
    their names (a confidential one by its code name); what the reader may not see is
    counted, never named."""

    model: type
    ids: tuple

    @property
    def people(self) -> bool:
        return issubclass(self.model, _user_model())

    def text(self, reader, known: dict | None = None) -> str | None:
        """The records in words; ``known`` holds the names ``linked_names`` read."""
        if not self.ids:
            return None
        if known is not None and self.model in known:
            names = known[self.model]
        else:
            names = _names(self.model, self.ids, reader)
        shown = [names[i] for i in self.ids if i in names]
        unseen = len(self.ids) - len(shown)
        people = self.people
        if unseen and not shown:
            if len(self.ids) == 1:
                return None
            if people:
                return ngettext("%(count)d person", "%(count)d people", unseen) % {"count": unseen}
            return ngettext("%(count)d record", "%(count)d records", unseen) % {"count": unseen}
        text = pgettext("list separator", ", ").join(shown)
        if unseen:
            text += " " + ngettext("and %(count)d other", "and %(count)d others", unseen) % {
                "count": unseen
            }
        return text


def linked_names(changes, reader) -> dict[type, dict]:
    """{model: {id: name}} of every record the changes link, as the reader may see
    them: one query per model for a whole history, not one per value."""
    wanted: dict[type, set] = {}
    for change in changes:
        for _label, old, new in change.fields:
            for value in (old, new):
                if isinstance(value, Linked):
                    wanted.setdefault(value.model, set()).update(value.ids)
    return {model: _names(model, tuple(ids), reader) for model, ids in wanted.items()}


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def _names(model, ids, reader) -> dict:
    """{id: name} of the records of ``ids`` the reader may see (none without a reader)."""
    from parkbase.core.need_to_know import shown

    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        if reader is None or not getattr(reader, "is_authenticated", False):
            return {}
        rows = manager.visible_to(reader).filter(pk__in=ids)
    else:  # reference data (parks, departments, phases): no scope of its own
        rows = manager.filter(pk__in=ids)
    if issubclass(model, _user_model()):
        return {row.pk: person_name(row) for row in rows}
    has_name = any(f.name == "name" for f in model._meta.concrete_fields)

    def name(row) -> str:
        if not has_name:
            return str(row)
        masked = shown(reader, row, "name")
        if masked == row.name and hasattr(row, "name_in_language"):
            return row.name_in_language()  # a stage's English name in English
        return str(masked)

    return {row.pk: name(row) for row in rows}


def _summary(value):
    """Structured data (a JSON field) in words: how many entries it holds."""
    if isinstance(value, dict | list | tuple):
        if not value:
            return None
        return ngettext("%(count)d entry", "%(count)d entries", len(value)) % {"count": len(value)}
    return value


def _shown(model, field_name: str, value):
    """A stored value as the user reads it: a choice by its label, yes or no; a link to
    other records as a ``Linked`` named for the reader; structured data summarised."""
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return _summary(value)
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        ids = tuple(row.get(target) if isinstance(row, dict) else row for row in (value or ()))
        return Linked(field.related_model, tuple(i for i in ids if i is not None))
    if value is None:
        return None
    if field.many_to_one or field.one_to_one:
        return Linked(field.related_model, (getattr(value, "pk", value),))
    if isinstance(field, models.JSONField) or isinstance(value, dict | list):
        return _summary(value)
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
                who=person_name(user),
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
