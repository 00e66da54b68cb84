"""The demo park's investment projects (招商引资), loaded from the ``project*.csv`` files
through the projects services, so the pipeline's gates, the date rules and the landed
rule hold and every record has its audit trail.

A project is replayed the way its staff would have recorded it: created in the first
stage on its first contact, then moved stage by stage (``project_moves.csv``) with the
milestone dates of ``projects.csv`` that had come by each move, paused or terminated
with a note, and, when it went elsewhere, lost (``project_losses.csv`` and
``project_loss_destinations.csv``). The stage and status ``projects.csv`` gives are
checked against where the moves end. Investors, activities, blockers and funding
follow. What is already in the database is left alone, so loading twice changes
nothing.

Money is read in the unit its header gives (万元) and stored in yuan, land in 亩 and
stored in m², as every import does; text is kept as written.

The files' words, columns and reading are in ``files``; the replay through the
services in ``loading``."""

from parkbase.demo.projects.files import (  # noqa: F401
    ACTIVITY_COLUMNS,
    ACTIVITY_KIND_ZH,
    BLOCKER_CATEGORY_ZH,
    BLOCKER_COLUMNS,
    BLOCKER_STATUS_ZH,
    DESTINATION_COLUMNS,
    ESCALATION_ZH,
    FUND_KIND_ZH,
    FUND_SOURCE_ZH,
    FUNDING_COLUMNS,
    INVESTOR_COLUMNS,
    INVESTOR_KIND_ZH,
    INVESTOR_ROLE_ZH,
    KEY_LEVEL_ZH,
    LAND_MODE_ZH,
    LOSS_COLUMNS,
    LOSS_REASON_ZH,
    MILESTONE_HEADERS,
    MOVE_COLUMNS,
    ORIGIN_ZH,
    PLACE_LEVEL_ZH,
    PROJECT_COLUMNS,
    PROJECT_STATUS_ZH,
    SOURCE_ZH,
    STATUS_CHANGE_ZH,
    ProjectFileError,
    _read,
)
from parkbase.demo.projects.loading import (  # noqa: F401
    STATIC_FIELDS,
    load_projects,
)
