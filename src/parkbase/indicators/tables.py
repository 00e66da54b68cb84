"""Tables of the indicator lists: the key tasks of the year's work plan."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from parkbase.core.clock import today
from parkbase.core.tables import Col, Table, date_col, person_name
from parkbase.indicators.choices import OPEN_TASK_STATUSES


def task_late(task) -> bool:
    return task.status in OPEN_TASK_STATUSES and task.deadline < today()


def _late_text(task) -> str:
    return str(_("late")) if task_late(task) else ""


def _status_html(task):
    if task_late(task):
        return format_html(
            '{} <span class="badge bg-red-lt" data-testid="late-badge">{}</span>',
            task.get_status_display(),
            _("late"),
        )
    return task.get_status_display()


def _milestones_text(task) -> str:
    steps = task.milestones or []
    if not steps:
        return ""
    done = sum(1 for s in steps if s.get("done"))
    return f"{done}/{len(steps)}"


class KeyTaskTable(Table):
    columns = (
        Col(_("title"), lambda t: t.title, order="title", link=True),
        Col(_("work stream"), lambda t: t.stream, order="stream"),
        Col(_("responsible unit"), lambda t: str(t.unit) if t.unit else "", order="unit"),
        Col(_("owner"), lambda t: person_name(t.owner)),
        date_col(_("deadline"), "deadline"),
        Col(_("status"), lambda t: t.get_status_display(), order="status", html=_status_html),
        Col(_("milestones done"), _milestones_text, css="text-end"),
        Col(_("late"), _late_text),
        Col(_("year"), lambda t: t.year, order="year", css="text-end"),
    )

    @staticmethod
    def url(row) -> str:
        return reverse("key-task", args=[row.pk])
