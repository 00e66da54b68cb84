"""The History tab: before/after values of every change, from django-simple-history."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass
class Change:
    when: object
    user: str
    kind: str  # +, ~, -
    label: str
    reason: str
    fields: list[tuple[str, object, object]]


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
        out.append(
            Change(
                when=record.history_date,
                user=getattr(record.history_user, "username", "") or "—",
                kind=record.history_type,
                label=label(record),
                reason=PLACEHOLDER
                if hidden and record.history_change_reason
                else (record.history_change_reason or ""),
                fields=fields,
            )
        )
        previous[record.id] = record
    out.reverse()
    return out
