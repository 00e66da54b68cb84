"""Forms of the project pages. They only parse what was typed (money in 万元, land in
亩, dates); the rules are the services', which report them per field.

The forms are in ``fields`` (what they share: units, dates, people, a project field as
the forms show it), ``project`` (the project, its moves, status and loss), ``parts``
(activities, blockers, funding, investors) and ``pipeline`` (stages and rules) and ``analysis`` (the analysis pages' filters)."""

from parkbase.projects.forms.analysis import (  # noqa: F401
    FunnelFilterForm,
    LostFilterForm,
)
from parkbase.projects.forms.fields import (  # noqa: F401
    AREA_LABELS,
    CENT,
    DATE,
    MONEY_LABELS,
    ScaledDecimalField,
    money_field,
    project_formfield,
    project_people,
)
from parkbase.projects.forms.parts import (  # noqa: F401
    ActivityForm,
    BlockerForm,
    FundingForm,
    InvestorForm,
    ProjectInvestorForm,
)
from parkbase.projects.forms.pipeline import (  # noqa: F401
    PipelineForm,
    StageForm,
)
from parkbase.projects.forms.project import (  # noqa: F401
    DESTINATION_ROWS,
    PROJECT_SECTIONS,
    SECRET_FIELDS,
    LossForm,
    MoveForm,
    ProjectForm,
    StatusForm,
)
