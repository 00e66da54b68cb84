"""Reads of the investment pipeline (招商引资) behind the analysis pages: the funnel
(projects that reached each stage, conversion, median days per stage), money without
double counting, lost projects by reason, destination and year, the key-projects and
blockers boards, and the working lists (my next steps, overdue next steps, stalled
projects, lead response deadlines).

Every row comes from ``Model.objects.visible_to(user)``; each function also takes the
park whose pipeline it reads (leaders and staff have one; an administrator picks one).
Rows carry the ``insider`` mark of ``visible_to``: pages show ``shown_name`` /
``project_name`` and ``investors_shown``, never a confidential project's real name or
investors to an outsider. Counts and sums include confidential projects.

No function makes a query per row. The funnel, the boards and the money summary cost a
fixed number of queries whatever the number of projects; the funnel's medians cost one
small index query per stage of the pipeline. Two deliberate bypasses use
``unscoped()`` so they stay greppable: correlated subqueries (the latest statement of a
project, its last activity…) that read the rows of a project the outer, scoped query
already made visible, and the unfiltered funnel's stays, read through the park's
visible stages (``median_days`` says why).

The reads are in ``base`` (what they share: statuses, the park's stages and rules, the
funnel's filters, the per-project subqueries), ``figures`` (funnel, money, losses),
``boards`` (key projects, blockers), ``lists`` (the working lists) and ``pages`` (the
kanban and one project's record)."""

from parkbase.projects.selectors.base import (  # noqa: F401
    KEY_LEVELS,
    LIST_LIMIT,
    NOT_CLOSED,
    STATEMENTS,
    ProjectFilter,
    Year,
    contact_years,
    investors_shown,
    officers,
    parks,
    pipeline_rules,
    stage_label,
    stages,
)
from parkbase.projects.selectors.boards import (  # noqa: F401
    KeyGroup,
    blocker_summary,
    key_projects,
    open_blockers,
)
from parkbase.projects.selectors.figures import (  # noqa: F401
    FunnelRow,
    LossAnalysis,
    MoneyRow,
    MoneySummary,
    funnel,
    loss_analysis,
    loss_years,
    lost_projects,
    median_days,
    money_summary,
)
from parkbase.projects.selectors.lists import (  # noqa: F401
    LeadRow,
    first_rows,
    lead_deadlines,
    my_tasks,
    overdue_steps,
    stall_counts,
    stalled_page,
    stalled_projects,
    with_stall,
)
from parkbase.projects.selectors.pages import (  # noqa: F401
    ProjectRecord,
    board,
    pipeline_stages,
    project_record,
)
