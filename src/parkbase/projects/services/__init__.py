"""Writes of the projects app; views, the API, imports and the demo loader call these."""

from parkbase.projects.services.parts import (  # noqa: F401
    activity_create,
    activity_done,
    activity_update,
    blocker_create,
    blocker_update,
    funding_add,
    funding_delete,
    funding_update,
    in_place_so_far,
    investor_create,
    investor_update,
    project_investor_add,
    project_investor_remove,
)
from parkbase.projects.services.pipeline import (  # noqa: F401
    pipeline_ensure,
    pipeline_update,
    stage_delete,
    stage_save,
    stages_of,
)
from parkbase.projects.services.projects import (  # noqa: F401
    PROJECT_FIELDS,
    PROJECT_FIGURES,
    project_create,
    project_lose,
    project_move,
    project_set_status,
    project_update,
    require_insider,
)
