"""Investment attraction (招商引资): investors, projects moving through the park's
stages, their activities, blockers, funds and, for lost projects, where they went.

Every model is seen through ``visible_to`` like the rest of the park's data; on top of
that, a confidential project shows its code name instead of its real name to everyone
but its insiders (``ProjectQuerySet``), in every list, page, export and API answer.

The models are in ``common`` (scope, the insider rule and the querysets that apply it),
``pipeline`` (stages and rules), ``investors``, ``project``, ``parts`` (what hangs
off a project) and ``land`` (the land approvals a project needs); all keep the ``projects`` app label and their tables."""

from parkbase.projects.models.common import (  # noqa: F401
    MONEY,
    PROJECT_ROLES,
    USER,
    ParkRecord,
    ProjectQuerySet,
    Shown,
    insider_q,
    secret_projects,
)
from parkbase.projects.models.investors import (  # noqa: F401
    Investor,
    InvestorQuerySet,
)
from parkbase.projects.models.land import ApprovalLink  # noqa: F401
from parkbase.projects.models.parts import (  # noqa: F401
    Activity,
    Blocker,
    Funding,
    Loss,
    LossDestination,
    ProjectInvestor,
    ProjectPart,
    StageChange,
)
from parkbase.projects.models.pipeline import (  # noqa: F401
    Pipeline,
    Stage,
)
from parkbase.projects.models.project import (  # noqa: F401
    MILESTONES,
    Project,
)
