"""Fast bulk writes for imports: rows and their audit trail, inside the caller's
transaction, storing exactly what django-simple-history's ``bulk_create_with_history``
and ``bulk_update_with_history`` store.

Django's ``bulk_create`` and ``bulk_update`` spend most of their time compiling SQL and
preparing each value in Python (~5,400 rows/s). Here the SQL is built once per table
and the values go to the driver as they are:

- SQLite: multi-row ``INSERT … VALUES (…),(…) … RETURNING id`` (the primary keys of the
  new rows, needed for their history rows, in insertion order as Django's own
  ``bulk_create`` relies on), plain multi-row ``INSERT`` for the history, and
  ``executemany`` of one ``UPDATE … WHERE id = ?`` for updates.
- PostgreSQL (psycopg 3): the new rows' primary keys are taken from the table's
  sequence first (one ``nextval`` query), then rows and history go in with ``COPY …
  FROM STDIN``; updates are copied into a temporary table and applied with one
  ``UPDATE … FROM``.
- Any other database: simple-history's own bulk functions.

Values go column by column: each column of a field is taken from the objects (or
rows) with one C-level ``map`` and is checked once for values that need preparing;
only such a column is prepared value by value. An import can hand over plain rows
(dicts of attribute name → value, ``create_rows_with_history``) instead of model
instances, which cost more to build than to write; a row gets the defaults and
``auto_now`` values an instance would get.

Values are prepared as Django prepares them for saving (``get_db_prep_save``), except
where that is the identity for the value at hand (a Decimal for a DecimalField, an
int for an integer field, a str for a text field, the key of a foreign key), which is
checked per value. ``auto_now``/``auto_now_add`` fields get their ``pre_save`` value
on insert, as ``bulk_create`` does; ``bulk_update`` does not touch them, nor does this.

Each history row gets, like simple-history: ``history_type`` '+' (created) or '~'
(updated), ``history_date`` = ``timezone.now()`` when the row is prepared (or the
object's ``_history_date``), ``history_user`` = the object's ``_history_user``, else the
default user, else simple-history's default (the user of the current request, if
any), ``history_change_reason`` = the object's ``_change_reason`` or the default reason,
and every tracked field's value as the object holds it.

``prepare`` turns objects and rows into columns of driver values, ``rows`` writes them
(insert, update), ``history`` writes their audit trail and holds the functions imports
call (``create_with_history``, ``create_rows_with_history``, ``update_with_history``).
"""

from parkbase.imports.bulk.history import (  # noqa: F401
    ROWS_PER_BATCH,
    bulk_history,
    create_rows_with_history,
    create_with_history,
    update_with_history,
)
from parkbase.imports.bulk.prepare import (  # noqa: F401
    _column_preparer,
    _preparer,
)
from parkbase.imports.bulk.rows import (  # noqa: F401
    SQLITE_ROWS_PER_STATEMENT,
    bulk_insert,
    bulk_insert_rows,
    bulk_update,
)

__all__ = [
    "bulk_history",
    "bulk_insert",
    "bulk_insert_rows",
    "bulk_update",
    "create_rows_with_history",
    "create_with_history",
    "update_with_history",
]
