from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from parkbase.core.badges import class_badge
from parkbase.core.tables import (
    Col,
    Table,
    date_col,
    number_col,
    person_name,
    time_text,
)
from parkbase.evaluation.selectors import class_names, with_class_names
from parkbase.evaluation.wording import definition_name


def _number(value, places=2):
    return "" if value is None else f"{value:,.{places}f}"


def _class(result):
    if not result.klass:
        return "—"
    return f"{result.klass} *" if result.is_overridden else result.klass


def _class_badge(result):
    """The class as a badge in its colour among its run's classes; "*" after it when
    it was overridden."""
    names = getattr(result, "class_names", None)
    if names is None:
        names = class_names(result.run)
    shown = class_badge(result.klass, names, testid="result-class")
    return format_html("{} *", shown) if result.is_overridden else shown


def _class_counts(run):
    """The run's classes, each a badge of its colour with its count."""
    classes = run.summary.get("classes", {})
    names = class_names(run)
    return format_html_join(
        " ", "{}", ((class_badge(k, names, label=f"{k} {v}"),) for k, v in classes.items())
    )


class RunTable(Table):
    columns = (
        Col(_("year"), lambda r: r.year, order="year", link=True),
        Col(_("scheme"), lambda r: r.scheme.shown_name),
        Col(_("status"), lambda r: r.get_status_display(), order="status"),
        Col(_("computed"), lambda r: time_text(r.computed_at), order="computed_at"),
        Col(_("evaluated"), lambda r: r.summary.get("evaluated", ""), css="text-end"),
        Col(
            _("classes"),
            lambda r: " · ".join(f"{k} {v}" for k, v in r.summary.get("classes", {}).items()),
            html=_class_counts,
        ),
    )

    @staticmethod
    def url(run):
        return reverse("evaluation-run", args=[run.pk])


class ResultTable(Table):
    columns = (
        Col(_("enterprise"), lambda r: r.enterprise.name, order="name", link=True),
        Col(
            _("peer group"),
            lambda r: definition_name(r.run.scheme_definition, "groups", r.group) or "—",
            order="group",
        ),
        Col(_("total score"), lambda r: _number(r.total), order="total", css="text-end"),
        Col(
            _("rank"),
            lambda r: f"{r.rank}/{r.ranked}" if r.rank else "",
            order="rank",
            css="text-end text-nowrap",
        ),
        Col(_("class"), _class, order="class", css="text-center text-nowrap", html=_class_badge),
        Col(
            _("not graded because"),
            lambda r: definition_name(r.run.scheme_definition, "ungraded", r.ungraded_rule),
            css="small",
        ),
        Col(_("year"), lambda r: r.run.year, css="text-nowrap"),
    )

    def body(self):
        self.rows = with_class_names(self.rows)  # each run's scheme read once
        return super().body()

    @staticmethod
    def url(result):
        return reverse("evaluation-result", args=[result.pk])


class SchemeTable(Table):
    columns = (
        Col(_("name"), lambda s: s.shown_name, order="name", link=True),
        Col(_("year"), lambda s: s.year, order="year"),
        Col(_("version"), lambda s: s.version, css="text-end"),
        Col(_("updated"), lambda s: time_text(s.updated_at), order="updated_at"),
    )

    @staticmethod
    def url(scheme):
        return reverse("evaluation-scheme", args=[scheme.pk])


class DecisionTable(Table):
    columns = (
        Col(_("enterprise"), lambda d: d.enterprise.name, order="name", link=True),
        Col(_("decision"), lambda d: d.get_kind_display()),
        Col(_("status"), lambda d: d.get_status_display(), order="status", css="text-nowrap"),
        Col(_("owner"), lambda d: person_name(d.owner)),
        Col(_("responsible department"), lambda d: d.department.name if d.department else ""),
        date_col(_("decided on"), "decided_on"),
        date_col(_("due date"), "due_on"),
        number_col(_("land freed (m²)"), "land_freed", places=2, order=False, css="text-end"),
    )

    @staticmethod
    def url(decision):
        return reverse("evaluation-decision", args=[decision.pk])


class ComplianceTable(Table):
    columns = (
        Col(_("enterprise"), lambda c: c.enterprise.name, order="name"),
        Col(_("year"), lambda c: c.year, order="year"),
        Col(_("kind"), lambda c: c.get_kind_display(), order="kind"),
        Col(_("note"), lambda c: c.note, css="small"),
    )

    @classmethod
    def export_full(cls, queryset):
        """The table's columns after the enterprise's credit code."""
        return cls.export_rows(
            queryset, leading=[Col(_("credit code"), lambda r: r.enterprise.uscc)]
        )
