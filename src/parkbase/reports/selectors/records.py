"""The records behind a figure of the annual draft that no list page of another app
shows as it was counted (projects signed in the year, problems open at its end…):
``figure_records(key, park, year, user, of)`` lists them, through the same reads the
draft's figures are computed from, each record with its page, and, where the figure
is a sum, what each adds to it and the total."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy

from parkbase.core.need_to_know import shown
from parkbase.reports import facts as F
from parkbase.reports.engine.text import figure
from parkbase.reports.selectors import indicators as I
from parkbase.reports.selectors import land as L
from parkbase.reports.selectors import old_park as O
from parkbase.reports.selectors import projects as P
from parkbase.reports.selectors.common import Reading, seen, url


def _(text: str):
    return pgettext_lazy("annual report", text)


@dataclass(frozen=True)
class RecordRow:
    name: str
    url: str
    detail: str = ""
    value: F.Measure | None = None  # what the record adds to the figure


@dataclass
class RecordList:
    title: str
    rows: list[RecordRow]
    value_header: str = ""
    total: F.Measure | None = None
    values: list[str] = field(default_factory=list)  # the rows' values as the draft writes them


@dataclass(frozen=True)
class Spec:
    title: object  # lazy text with {year}
    read: Callable  # (reading, of) -> list[RecordRow]
    value_header: object = ""
    unit: str = ""  # of the values, when the figure is a sum
    # what ``of`` (the figure's qualifier) names: "" a code (a category, a kind, or
    # nothing), "key" a record's key (a project's) or nothing, "record" a record's key
    # that the figure needs (a campaign's)
    of: str = ""


def _date(day) -> str:
    return day.isoformat() if day else ""


def _detail(*parts) -> str:
    return " · ".join(str(p) for p in parts if p)


def _project_rows(found, detail=lambda p: "", value=None) -> list[RecordRow]:
    return [
        RecordRow(
            p.shown_name,
            P.project_url(p.pk),
            detail(p),
            None
            if value is None or getattr(p, value) is None
            else F.Measure(getattr(p, value), P.project_url(p.pk), F.YUAN),
        )
        for p in found
    ]


def _stage(r: Reading, p) -> str:
    stage = P.states(r).get(p.pk, (None, ""))[0]
    return stage.name_in_language() if stage else ""


def _dated(read, field_name: str):
    def rows(r: Reading, of: str) -> list[RecordRow]:
        value = "contracted_amount" if field_name == "signed_on" else None
        return _project_rows(read(r), lambda p: _date(getattr(p, field_name)), value)

    return rows


def _blockers(r: Reading, of: str) -> list[RecordRow]:
    found = P.open_blockers(r)
    if of:
        found = [b for b in found if str(b.project_id) == of]
    return [
        RecordRow(
            b.project_name,
            P.project_url(b.project_id),
            _detail(
                b.get_category_display(), seen(r, b, "description"), b.authority, _date(b.deadline)
            ),
        )
        for b in found
    ]


def _parcels(found, area: bool = True) -> list[RecordRow]:
    return [
        RecordRow(
            f"{p.code} {p.name}",
            L.parcel_url(p.pk),
            _detail(p.owner_name, p.get_low_efficiency_display() if p.low_efficiency else ""),
            F.Measure(p.area, L.parcel_url(p.pk), F.M2) if area and p.area is not None else None,
        )
        for p in found
    ]


def _approvals(found, r: Reading, area_field: str) -> list[RecordRow]:
    out = []
    for a in found:
        address = url("land-approval", a.pk)
        area = getattr(a, area_field)
        out.append(
            RecordRow(
                shown(r.user, a, "name"),
                address,
                _detail(a.get_kind_display(), a.authority, _date(a.submitted_on)),
                None if area is None else F.Measure(area, address, F.M2),
            )
        )
    return out


def _decisions(found, land: bool = False) -> list[RecordRow]:
    out = []
    for d in found:
        address = url("evaluation-decision", d.pk)
        out.append(
            RecordRow(
                d.enterprise.name,
                address,
                _detail(d.get_kind_display(), d.get_status_display(), _date(d.completed_on)),
                F.Measure(d.land_freed, address, F.M2) if land and d.land_freed else None,
            )
        )
    return out


def _assignments(found) -> list[RecordRow]:
    return [
        RecordRow(
            a.enterprise.name,
            url("assignment-detail", a.pk),
            _detail(a.enterprise.phase, a.enterprise.department, a.get_status_display()),
        )
        for a in found.select_related(
            "enterprise", "enterprise__phase", "enterprise__department"
        ).order_by("enterprise__phase__order", "enterprise__name", "id")
    ]


def _departments(r: Reading, of: str) -> list[RecordRow]:
    return [
        RecordRow(
            name,
            url("enterprise-list", department=pk, **r.park_query),
            "",
            F.Measure(n, url("enterprise-list", department=pk, **r.park_query), F.ENTERPRISES),
        )
        for pk, name, n in O.departments(r, int(of))
    ]


def _concerns(found) -> list[RecordRow]:
    return [
        RecordRow(
            c.enterprise.name,
            url("concern-detail", c.pk),
            _detail(c.get_category_display(), c.get_status_display(), _date(c.raised_on)),
        )
        for c in found
    ]


def _tasks(r: Reading, of: str) -> list[RecordRow]:
    return [
        RecordRow(t.task.name, t.task.url, _detail(t.unit, t.owner, _date(t.deadline)))
        for t in I.task_facts(r, r.year + 1)
    ]


FIGURES: dict[str, Spec] = {
    "talks": Spec(
        _("Projects in talks at the end of {year}"),
        lambda r, of: _project_rows(P.talks(r), lambda p: _stage(r, p)),
    ),
    "signed": Spec(
        _("Projects signed in {year}"),
        _dated(P.signed, "signed_on"),
        _("Contracted amount"),
        F.YUAN,
    ),
    "started": Spec(
        _("Projects that started construction in {year}"),
        _dated(P.started, "construction_started_on"),
    ),
    "landed": Spec(_("Projects landed in {year}"), _dated(P.landed, "landed_on")),
    "producing": Spec(
        _("Projects that went into production in {year}"), _dated(P.producing, "production_on")
    ),
    "key": Spec(
        _("Major projects under way at the end of {year}"),
        lambda r, of: _project_rows(
            P.key_projects(r), lambda p: _detail(p.get_key_level_display(), _stage(r, p))
        ),
    ),
    "open": Spec(
        _("Projects open at the end of {year}"),
        lambda r, of: _project_rows(P.open_at_end(r), lambda p: _stage(r, p)),
    ),
    "blockers": Spec(_("Problems of projects open at the end of {year}"), _blockers, of="key"),
    "idle": Spec(
        _("Land idle at the end of {year}"), lambda r, of: _parcels(L.idle(r)), _("Area"), F.M2
    ),
    "low": Spec(
        _("Land recorded as under-used, {year}"),
        lambda r, of: _parcels(L.low(r, of)),
        _("Area"),
        F.M2,
    ),
    "pending": Spec(
        _("Land approvals pending at the end of {year}"),
        lambda r, of: _approvals(L.pending(r), r, "requested_area"),
        _("Requested area"),
        F.M2,
    ),
    "granted": Spec(
        _("Land approvals granted in {year}"),
        lambda r, of: _approvals(L.granted(r), r, "approved_area"),
        _("Approved area"),
        F.M2,
    ),
    "freed": Spec(
        _("Land freed by redevelopment in {year}"),
        lambda r, of: _decisions(L.freed(r), land=True),
        _("Land freed"),
        F.M2,
    ),
    "surveyed": Spec(
        _("Enterprises the survey of {year} covers"),
        lambda r, of: _assignments(O.assignments(r, int(of))),
        of="record",
    ),
    "verified": Spec(
        _("Survey forms verified by the end of {year}"),
        lambda r, of: _assignments(O.verified(r, int(of))),
        of="record",
    ),
    "departments": Spec(
        _("Departments supervising the enterprises surveyed in {year}"),
        _departments,
        _("Enterprises"),
        F.ENTERPRISES,
        of="record",
    ),
    "concerns": Spec(_("Concerns raised in {year}"), lambda r, of: _concerns(O.concerns(r, of))),
    "resolved": Spec(
        _("Concerns raised in {year} and resolved by its end"),
        lambda r, of: _concerns(O.resolved(r, of)),
    ),
    "decisions": Spec(
        _("Redevelopment decisions taken in {year}"), lambda r, of: _decisions(O.decisions(r, of))
    ),
    "pending-decisions": Spec(
        _("Redevelopment decisions pending at the end of {year}"),
        lambda r, of: _decisions(O.pending_decisions(r)),
    ),
    "tasks": Spec(_("Key tasks of {next}"), _tasks),
}


def figure_records(
    key: str, park, year: int, user=None, of: str = "", words=None
) -> RecordList | None:
    """The records behind the figure ``key`` (None: no such figure, or a qualifier
    that is not a record's key where one is needed)."""
    spec = FIGURES.get(key)
    if spec is None:
        return None
    if spec.of in ("key", "record") and of and not of.isdigit():
        return None
    if spec.of == "record" and not of:
        return None
    r = Reading(park, year, user)
    found = spec.read(r, of)
    values = [row.value for row in found if row.value is not None]
    total = None
    if spec.unit and values:
        total = F.Measure(sum(v.value for v in values), "", spec.unit)
    out = RecordList(
        str(spec.title).format(year=year, next=year + 1), found, str(spec.value_header), total
    )
    if words is not None:
        out.values = [figure(row.value, words).text if row.value else "" for row in found]
    return out
