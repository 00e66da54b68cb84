"""What the indicators give the pages of apps below them, through
``core.contributions`` (provided in ``IndicatorsConfig.ready``): the committee's
dashboard part (the key indicators against their targets and elapsed time, the
headline's trend, the enterprises behind its change, the late key tasks), placed
first on the page, a department's home part (its own enterprises' year to date
against last year, never the park's totals), and an enterprise user's (its own year
to date against last year and its returns due or late)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from parkbase.core import charts, dashboard
from parkbase.core.choices import Action, Role
from parkbase.core.models import Park
from parkbase.core.scoping import role_allows, role_sees_model
from parkbase.core.units import WAN
from parkbase.enterprises import monthly_calendar
from parkbase.enterprises.models import Enterprise, MonthlyReturn
from parkbase.indicators import report, selectors
from parkbase.indicators.choices import MonthlyField
from parkbase.indicators.models import Indicator, KeyTask
from parkbase.indicators.wording import (
    display_unit_label,
    filed_text,
    month_name,
    partial_note,
    percent_text,
    period_label,
    plain,
)

DASHBOARD_TEMPLATE = "indicators/_dashboard.html"
HOME_TEMPLATE = "indicators/_home_department.html"
ENTERPRISE_HOME_TEMPLATE = "indicators/_home_enterprise.html"
ENTERPRISE_FIELDS = ("gross_output", "revenue")


def _park_of(user):
    """The user's park; an administrator of no park reads the first one they see."""
    if user.park_id:
        return user.park
    return Park.objects.visible_to(user).order_by("code").first()


def indicator_url(indicator_id: int, year: int, month: int) -> str:
    return (
        f"{reverse('indicator', args=[indicator_id])}?{urlencode({'year': year, 'month': month})}"
    )


def dashboard_part(user) -> dict | None:
    """The committee's indicator part, first on its dashboard: every row, bar and name
    opens the indicator's page at that month, the enterprise or the key task."""
    if not dashboard.sees_dashboard(user) or not role_sees_model(user, Indicator):
        return None
    park = _park_of(user)
    if park is None:
        return None
    board = selectors.dashboard(park, user)
    year, month = board.year, board.month
    rows = []
    for row in board.rows:
        cells = report.cells(row)
        rows.append(
            {
                "row": row,
                "url": indicator_url(row.indicator.pk, year, month),
                "name": cells[0],
                "unit": cells[1],
                "ytd": cells[3],
                "target": cells[4],
                "completion": cells[5],
                "lead": cells[7],
                "growth": cells[9],
                "meets": row.projection.meets if row.projection else None,
            }
        )
    part = {
        "template": DASHBOARD_TEMPLATE,
        "order": 0,
        "width": "full",
        "year": year,
        "month": month,
        "period": period_label(year, month),
        "elapsed": percent_text(board.rows[0].elapsed * 100) if board.rows else "",
        "url": f"{reverse('indicators')}?{urlencode({'year': year, 'month': month})}",
        "rows": rows,
        "alerts": sum(1 for r in board.rows if r.alert),
        "late": [
            {"task": t, "url": reverse("key-task", args=[t.pk]), "deadline": t.deadline}
            for t in board.late
        ],
        "late_count": board.late_count,
        "filed": filed_text(board.filing),
        "partial": board.filing is not None and not board.filing.complete,
        "partial_note": partial_note(board.filing),
        "not_filed_url": _not_filed_url(park, board.filing),
        "late_url": f"{reverse('key-tasks')}?{urlencode({'late': 'true'})}",
        "tasks_url": reverse("key-tasks"),
        "has_tasks": KeyTask.objects.visible_to(user).filter(park=park).exists(),
    }
    detail = board.headline
    if detail is not None:
        part |= _headline(detail, year, month)
    return part


def _not_filed_url(park, filing) -> str:
    """The list of the enterprises not filed yet, where it lists that period's (the
    month owed now)."""
    if filing is None or filing.complete:
        return ""
    owed = monthly_calendar.owed(park.pk)
    if owed is None or (owed.year, owed.month) != (filing.year, filing.period_end):
        return ""
    return reverse("monthly-late-list")


def _headline(detail: selectors.IndicatorDetail, year: int, month: int) -> dict:
    row = detail.row
    indicator = row.indicator
    labels = [str(month_name(m)) for m in range(1, 13)]

    def shown(series):
        return [
            float(round(row.shown(series[m]), 2)) if m in series else None for m in range(1, 13)
        ]

    this_year, last_year = str(year), str(year - 1)
    option = charts.lines(
        labels,
        {this_year: shown(detail.this_year), last_year: shown(detail.last_year)},
        kind="bar",
        urls={
            this_year: [indicator_url(indicator.pk, year, m) for m in range(1, 13)],
            last_year: [indicator_url(indicator.pk, year - 1, m) for m in range(1, 13)],
        },
    )

    def named(contributors):
        return [
            {
                "name": c.name,
                "url": reverse("enterprise-detail", args=[c.pk])
                if c.kind == "enterprise"
                else reverse("project", args=[c.pk]),
                "change": plain(row.shown(c.change)),
            }
            for c in contributors
        ]

    return {
        "headline": indicator,
        "headline_unit": display_unit_label(indicator.display_unit),
        "headline_url": indicator_url(indicator.pk, year, month),
        "trend_option": option,
        "risers": named(detail.risers),
        "decliners": named(detail.decliners),
    }


def department_home(user) -> dict | None:
    """A department's home part: its own enterprises' year to date against the same
    period last year, summed over them only, and those whose output fell most."""
    if getattr(user, "role", None) != Role.DEPARTMENT or not user.department_id:
        return None
    figures = selectors.scope_figures(user)
    if figures is None:
        return None
    enterprises = reverse("enterprise-list")
    return {
        "template": HOME_TEMPLATE,
        "period": period_label(figures.year, figures.month),
        "year": figures.year,
        "filed": filed_text(figures.filing),
        "partial": not figures.filing.complete,
        "partial_note": partial_note(figures.filing),
        "figures": _figure_rows(figures),
        "decliners": [
            {
                "name": c.name,
                "url": reverse("enterprise-detail", args=[c.pk]),
                "change": plain(c.change / WAN),
            }
            for c in figures.decliners
        ],
        "enterprises_url": f"{enterprises}?is_above_size=true",
    }


def _figure_rows(figures: selectors.ScopeFigures) -> list[dict]:
    return [
        {
            "label": MonthlyField(f.field).label,
            "ytd": plain(None if f.ytd is None else f.ytd / WAN),
            "last": plain(None if f.last_ytd is None else f.last_ytd / WAN),
            "growth": percent_text(f.growth),
            "falls": f.growth is not None and f.growth < 0,
        }
        for f in figures.figures
    ]


def enterprise_home(user) -> dict | None:
    """An enterprise user's home part (its own file): its year-to-date output and
    revenue from its own returns against the same period last year, and its returns
    of the reporting year that are late or due; nothing of the park's or of another
    enterprise (its scope is its own enterprise)."""
    if getattr(user, "role", None) != Role.ENTERPRISE or not user.enterprise_id:
        return None
    enterprise = Enterprise.objects.visible_to(user).filter(pk=user.enterprise_id).first()
    if enterprise is None:
        return None
    figures = selectors.scope_figures(user, ENTERPRISE_FIELDS, with_decliners=False)
    standing = monthly_calendar.enterprise_returns(enterprise)
    if figures is None and standing is None:
        return None
    return {
        "template": ENTERPRISE_HOME_TEMPLATE,
        "figures": _figure_rows(figures) if figures is not None else [],
        "period": period_label(figures.year, figures.month) if figures is not None else "",
        "returns_url": f"{reverse('enterprise-detail', args=[enterprise.pk])}?tab=monthly",
        "file_url": reverse("monthly-return-file", args=[enterprise.pk])
        if role_allows(user, Action.ADD, MonthlyReturn)
        else "",
        "standing": standing,
    }
