"""Investment projects over the API. Every write goes through
``parkbase.projects.services``; serializers parse types and render results.

Confidentiality: each row read through ``visible_to`` carries ``insider``. For a
confidential project the caller is not an insider of, the output shows the code name as
``name`` and leaves the description, referrer, investors, insiders and the registered
enterprise blank; records hanging off a project show ``project_name``, the name as the
caller may see it. Money is in yuan and areas in m², as decimal strings.

The serializers are in ``common`` (the caller, the insider mark, the stage by id or
code, what a non-insider may not change), ``park`` (stages and investors),
``projects`` (a project, its moves, status, loss and timeline) and ``parts`` (the
records of a project)."""

from parkbase.projects.api.serializers.common import (  # noqa: F401
    STAGE_HELP,
    StageField,
    full_name,
    guard_hidden,
    hides,
    is_insider,
    resolve_stage,
)
from parkbase.projects.api.serializers.park import (  # noqa: F401
    GateFieldSerializer,
    InvestorCreateSerializer,
    InvestorLinkSerializer,
    InvestorLinkWriteSerializer,
    InvestorSerializer,
    StageSerializer,
)
from parkbase.projects.api.serializers.parts import (  # noqa: F401
    PROJECT_FOR_CHANGE,
    ActivityCreateSerializer,
    ActivitySerializer,
    BlockerCreateSerializer,
    BlockerSerializer,
    DoneSerializer,
    FundingSerializer,
    PartSerializerMixin,
)
from parkbase.projects.api.serializers.projects import (  # noqa: F401
    PROJECT_EXTRA_KWARGS,
    DestinationReadSerializer,
    DestinationSerializer,
    LoseSerializer,
    LossSerializer,
    MoveSerializer,
    ProjectCreateSerializer,
    ProjectFieldsMixin,
    ProjectSerializer,
    ProjectValuesSerializer,
    StatusSerializer,
    TimelineSerializer,
)
