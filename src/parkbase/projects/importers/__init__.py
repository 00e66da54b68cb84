"""The investment-project spreadsheet (项目台账): its columns and its import.

The import reads the sheet with the import engine (header row under title rows, units
from the headers, full-width digits, text dates, totals skipped), then checks and
writes row by row through the project services inside one transaction: each row is
validated first with the services' own rules (stage gates, date order, amounts,
industry codes, references), and written in a savepoint. A failed import, or a dry
run, rolls the whole transaction back; with ``skip_invalid`` exactly the valid rows
are kept. Project rows are few (hundreds), so a service call per row is fine.

The sheet's words and columns are in ``columns``; reading, checking and writing its
rows in ``rows``."""

from parkbase.projects.importers.columns import (  # noqa: F401
    COLUMNS_BY_FIELD,
    INVESTOR_SEPARATORS,
    KEY_LEVEL_ZH,
    LAND_MODE_ZH,
    NOTES,
    ORIGIN_ZH,
    PROJECT_COLUMNS,
    SOURCE_ZH,
    STATUS_ZH,
    VALUE_FIELDS,
)
from parkbase.projects.importers.rows import (  # noqa: F401
    Bilingual,
    import_projects,
)
