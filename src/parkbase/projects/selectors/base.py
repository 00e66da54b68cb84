"""What the pipeline's reads share: the statuses and limits they go by, the park's
stages and rules, the funnel's filters, the investors a reader may see, and the
per-project figures (open blockers, last activity, last move, money in place) read by
correlated subqueries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Func, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from parkbase.core import clock
from parkbase.core.models import Park, User
from parkbase.core.scoping import SUBQUERY
from parkbase.projects.choices import BlockerStatus, FundKind, KeyLevel, ProjectStatus
from parkbase.projects.models import (
    Activity,
    Blocker,
    Funding,
    Pipeline,
    Project,
    Shown,
    Stage,
    StageChange,
)

# Statuses whose next steps still matter (closed: lost, terminated).
NOT_CLOSED = (ProjectStatus.ACTIVE, ProjectStatus.PAUSED, ProjectStatus.LANDED)
# Planned and contracted figures are statements of a project's total (the latest counts).
STATEMENTS = (FundKind.PLANNED, FundKind.CONTRACTED)
# Key-project levels, the highest first (how leaders read the board).
KEY_LEVELS = (KeyLevel.NATIONAL, KeyLevel.PROVINCE, KeyLevel.CITY, KeyLevel.DISTRICT)
LIST_LIMIT = 100  # rows a working list shows; its count says how many there are


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


class Year(Func):
    """The year of a date. Django's ``ExtractYear`` calls a Python function per row on
    SQLite (``django_date_extract``), a cost that shows at 20,000 projects; SQLite's own
    ``strftime`` does it in C. ``EXTRACT(YEAR …)`` elsewhere."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(strftime('%%%%Y', %(expressions)s) AS integer)"
        )


def _years(queryset, field: str) -> list[int]:
    """Every year from the latest to the earliest date of ``field`` (one MIN/MAX)."""
    span = queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


# --- the park, its stages and rules ------------------------------------------------


def parks(user):
    """The parks whose pipeline the user may read."""
    return Park.objects.visible_to(user).order_by("name", "id")


def stages(user, park) -> list[Stage]:
    return list(Stage.objects.visible_to(user).filter(park=park).order_by("order", "id"))


def pipeline_rules(user, park) -> Pipeline:
    """The park's rules; the defaults (unsaved) while the park has none yet."""
    return Pipeline.objects.visible_to(user).filter(park=park).first() or Pipeline(park=park)


def stage_label(stage: Stage) -> str:
    """The stage's name in the page's language (the Chinese name when no English one)."""
    return stage.name_in_language()


@dataclass(frozen=True)
class ProjectFilter:
    """The funnel's filters, as a condition on projects (or, with ``path``, on rows that
    hang off a project)."""

    year: int | None = None  # first-contact year
    industry: str = ""  # GB/T 4754 code prefix
    source: str = ""
    officer: int | None = None

    def q(self, path: str = "") -> Q:
        condition = Q()
        if self.year:
            condition &= Q(**{f"{path}first_contact_on__year": self.year})
        if self.industry.strip():
            condition &= Q(**{f"{path}industry_code__startswith": self.industry.strip().upper()})
        if self.source:
            condition &= Q(**{f"{path}source": self.source})
        if self.officer:
            condition &= Q(**{f"{path}officer_id": self.officer})
        return condition


def contact_years(user, park) -> list[int]:
    return _years(Project.objects.visible_to(user).filter(park=park), "first_contact_on")


def officers(user, park):
    """The users responsible for some project of the park (the funnel's officer filter)."""
    responsible = Project.objects.visible_to(user).filter(park=park, officer_id=OuterRef("pk"))
    return User.objects.visible_to(user).filter(Exists(responsible)).order_by("username")


# --- what the figures, boards and lists share --------------------------------------


def investors_shown(project, insider: bool) -> list[str]:
    """The investors' names of a project as the reader may see them: none of a
    confidential project for an outsider. Needs the ``investor_rows`` prefetch."""
    if Shown.hides(project, insider):
        return []
    return [link.investor.name for link in getattr(project, "investor_rows", [])]


def _open_blockers_count():
    return Coalesce(
        Subquery(
            Blocker.objects.unscoped(SUBQUERY)
            .filter(project=OuterRef("pk"), status=BlockerStatus.OPEN)
            .order_by()
            .values("project")
            .annotate(n=Count("id"))
            .values("n")
        ),
        0,
    )


def _last_activity():
    return Subquery(
        Activity.objects.unscoped(SUBQUERY)
        .filter(project=OuterRef("pk"))
        .order_by("-occurred_on")
        .values("occurred_on")[:1]
    )


def _last_change():
    return Subquery(
        StageChange.objects.unscoped(SUBQUERY)
        .filter(project=OuterRef("pk"))
        .order_by("-changed_on")
        .values("changed_on")[:1]
    )


def _in_place():
    return Subquery(
        Funding.objects.unscoped(SUBQUERY)
        .filter(project=OuterRef("pk"), kind=FundKind.IN_PLACE)
        .order_by()
        .values("project")
        .annotate(s=Sum("amount"))
        .values("s")
    )
