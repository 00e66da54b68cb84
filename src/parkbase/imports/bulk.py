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
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from decimal import Decimal

from django.conf import settings
from django.db import connections, models, transaction
from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_change_reason_from_object,
    get_history_model_for_model,
)

SQLITE_ROWS_PER_STATEMENT = 500
# plain rows are written (rows, then their history) this many at a time, which bounds
# the memory their driver values take
ROWS_PER_BATCH = 10_000
_IDENTITY_TYPES: dict[type, tuple[type, ...]] = {
    models.DecimalField: (Decimal,),
    models.CharField: (str,),
    models.TextField: (str,),
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.AutoField: (int,),
    models.BigAutoField: (int,),
    models.SmallAutoField: (int,),
}


def _fast(connection) -> bool:
    return connection.vendor in ("sqlite", "postgresql") and (
        connection.vendor != "postgresql" or _is_psycopg3(connection)
    )


def _is_psycopg3(connection) -> bool:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    connection.ensure_connection()
    return type(connection.connection).__module__.startswith("psycopg")


# ---------------------------------------------------------------- preparing values


def _preparer(field, connection):
    """(value → what Django would hand the driver for this field on save, the value
    classes for which that is the value itself, or None when it never is)."""
    prep = field.get_db_prep_save
    exact = None
    for cls in type(field).__mro__:
        if cls in _IDENTITY_TYPES:
            exact = _IDENTITY_TYPES[cls]
            break
    if _sqlite_utc_datetime(field, connection):
        # what SQLite's adapt_datetimefield_value does for an aware UTC datetime
        def prepare_datetime(value):
            if value.__class__ is dt.datetime and value.tzinfo is dt.UTC:
                return str(value.replace(tzinfo=None))
            return prep(value, connection)

        return prepare_datetime, None
    if isinstance(field, models.JSONField):
        # imports give most rows the same empty mapping: prepare it once
        empty = []

        def prepare_json(value):
            if value.__class__ is dict and not value:
                if not empty:
                    empty.append(prep({}, connection))
                return empty[0]
            return prep(value, connection)

        return prepare_json, None
    if isinstance(field, models.ForeignKey):
        return _preparer(field.target_field, connection)
    if exact is None:
        if not isinstance(field, models.BooleanField):
            return (lambda value: prep(value, connection)), None
        exact = (bool,)
    if exact == (Decimal,):

        def prepare_decimal(value):
            if value is None or (value.__class__ is Decimal and value.is_finite()):
                return value
            return prep(value, connection)

        return prepare_decimal, exact

    def prepare(value):
        if value is None or value.__class__ in exact:
            return value
        return prep(value, connection)

    return prepare, exact


def _sqlite_utc_datetime(field, connection) -> bool:
    return (
        isinstance(field, models.DateTimeField)
        and connection.vendor == "sqlite"
        and settings.USE_TZ
        and connection.timezone_name == "UTC"
    )


_NONE_TYPE = type(None)
_is_not_none = functools.partial(operator.is_not, None)
_without_timezone = operator.methodcaller("replace", tzinfo=None)


def _column_preparer(field, connection):
    """(values of one column, shared) → what the driver gets, the same as ``_preparer``
    value by value. Whole columns are checked and converted with C-level maps; what
    such a whole-column rule made of a list is kept in ``shared`` (a dict, or None),
    so a column that goes to two tables (rows, then history) is converted once."""
    prepare, exact = _preparer(field, connection)
    if exact is not None:
        as_text = exact == (Decimal,) and _sqlite_binds_decimals_as_text(connection)
        whole_column = _unchanged_column(exact, as_text=as_text)
    elif _sqlite_utc_datetime(field, connection):
        whole_column = _utc_datetime_column
    elif isinstance(field, models.DateTimeField) and connection.vendor == "postgresql":
        whole_column = _aware_datetime_column
    else:
        whole_column = None

    def prepare_column(values: list, shared: dict | None) -> list:
        if not values:
            return values
        if whole_column is not None:
            key = (id(values), whole_column)
            if shared is not None and key in shared:
                return shared[key][1]
            prepared = whole_column(values)
            if prepared is not None:
                if shared is not None:
                    shared[key] = (values, prepared)  # holding values keeps its id unique
                return prepared
        first = values[0]
        if all(map(operator.is_, values, itertools.repeat(first))):
            return [prepare(first)] * len(values)  # one value throughout: a default, a constant
        return list(map(prepare, values))

    return prepare_column


@functools.cache
def _unchanged_column(exact: tuple[type, ...], *, as_text: bool):
    """values → themselves when every value is None or of a class in ``exact``
    (finite, for Decimals; as text with ``as_text``), else None. One function per
    rule, so that ``shared`` recognises the rule whatever field applies it."""
    unchanged = {*exact, _NONE_TYPE}
    decimals = exact == (Decimal,)

    def unchanged_column(values: list) -> list | None:
        kinds = set(map(type, values))
        if not kinds <= unchanged:
            return None
        if decimals:
            if not all(map(Decimal.is_finite, filter(_is_not_none, values))):
                return None
            if as_text:
                return _as_text(values, with_none=_NONE_TYPE in kinds)
        return values

    return unchanged_column


def _sqlite_binds_decimals_as_text(connection) -> bool:
    """Django registers ``str`` as sqlite3's adapter for Decimal."""
    import sqlite3

    return (
        connection.vendor == "sqlite"
        and sqlite3.adapters.get((Decimal, sqlite3.PrepareProtocol)) is str
    )


def _as_text(values: list, *, with_none: bool) -> list:
    """What the driver's adapter (str) makes of each Decimal, made here with one
    ``map``: it costs less than an adapter call per value in the driver."""
    if with_none:
        return [None if value is None else str(value) for value in values]
    return list(map(str, values))


def _utc_datetime_column(values: list) -> list | None:
    """``prepare_datetime`` of a column of aware UTC datetimes (e.g. auto_now values)."""
    if set(map(type, values)) != {dt.datetime} or not all(
        map(operator.is_, map(operator.attrgetter("tzinfo"), values), itertools.repeat(dt.UTC))
    ):
        return None
    return list(map(str, map(_without_timezone, values)))


def _aware_datetime_column(values: list) -> list | None:
    """On PostgreSQL, Django hands an aware datetime to the driver as it is."""
    if set(map(type, values)) != {dt.datetime} or None in map(dt.datetime.utcoffset, values):
        return None
    return values


def _prepared_columns(fields, columns: dict[str, list], connection, shared=None) -> list[list]:
    """The driver values of each of ``fields``, column by column."""
    return [_column_preparer(f, connection)(columns[f.attname], shared) for f in fields]


def _prepared_rows(fields, columns: dict[str, list], connection, shared: dict | None = None):
    """Tuples of driver values, one per row, in the order of ``fields``."""
    return zip(*_prepared_columns(fields, columns, connection, shared), strict=True)


def _object_columns(objs, names) -> dict[str, list]:
    """attribute name → the objects' values (a deferred field is loaded, as by getattr)."""
    return {name: list(map(operator.attrgetter(name), objs)) for name in names}


def _row_columns(rows, names) -> dict[str, list]:
    return {name: list(map(operator.itemgetter(name), rows)) for name in names}


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _history_model(model):
    return get_history_model_for_model(model)


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


# ---------------------------------------------------------------- rows


def _auto_now_fields(meta):
    return [
        f
        for f in meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]


def bulk_insert(model, objs, *, using: str = "default") -> list:
    """Insert ``objs`` (unsaved instances of ``model``) and set their primary keys.
    Must run inside a transaction. Sends no signals, like ``bulk_create``."""
    connection = connections[using]
    if not objs:
        return objs
    if not _fast(connection):
        return model._default_manager.db_manager(using).bulk_create(objs)
    meta = model._meta
    now_fields = _auto_now_fields(meta)
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        for f in now_fields:
            f.pre_save(obj, add=True)
    has_pk = _all_or_none_have_keys([getattr(o, meta.pk.attname) for o in objs])
    names = [f.attname for f in meta.concrete_fields]
    keys = _insert(connection, meta, _object_columns(objs, names), has_pk=has_pk)
    attname = meta.pk.attname
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, attname, key)
        obj._state.adding = False
        obj._state.db = using
    return objs


def bulk_insert_rows(model, rows: list[dict], *, using: str = "default") -> list[dict]:
    """Insert plain rows (attribute name → value, e.g. ``enterprise_id``) of ``model``
    as ``bulk_insert`` inserts instances made of them: fields a row leaves out get
    their default, ``auto_now``/``auto_now_add`` fields the time of insertion, and
    each row gets its primary key. Must run inside a transaction."""
    if rows:
        _insert_rows(model, rows, using)
    return rows


def _insert_rows(
    model, rows: list[dict], using: str, shared: dict | None = None
) -> dict[str, list]:
    """``bulk_insert_rows``; returns the rows column by column (attribute name → values).
    ``shared``: see ``_column_preparer``."""
    connection = connections[using]
    meta = model._meta
    pk = meta.pk.attname
    _complete_rows(meta, rows)
    columns = _row_columns(rows, [f.attname for f in meta.concrete_fields])
    if _fast(connection):
        has_pk = _all_or_none_have_keys(columns[pk])
        columns[pk] = _insert(connection, meta, columns, has_pk=has_pk, shared=shared)
    else:
        objs = model._default_manager.db_manager(using).bulk_create([model(**r) for r in rows])
        columns[pk] = [obj.pk for obj in objs]
    for row, key in zip(rows, columns[pk], strict=True):
        row[pk] = key
    return columns


class _RowAttributes:
    """A row seen as an object, for ``Field.pre_save`` (which sets an attribute)."""

    def __init__(self, row: dict):
        self.__dict__ = row


def _complete_rows(meta, rows: list[dict]) -> None:
    """Give each row what ``Model(**row)`` and ``pre_save(add=True)`` would: every
    concrete field (its default when left out), auto_now values; unknown names raise."""
    fields = meta.concrete_fields
    names = {f.attname for f in fields}
    for f in fields:
        if f.attname not in rows[0]:
            _fill_default(f, rows)
    if not all(map(operator.ge, map(dict.keys, rows), itertools.repeat(names))):
        for f in fields:  # the rows differ in the fields they leave out
            _fill_default(f, rows)
    if set(map(len, rows)) != {len(fields)}:
        unknown = sorted({key for row in rows for key in row} - names)
        raise TypeError(f"{meta.label}: unexpected fields {', '.join(unknown)}")
    for f in _auto_now_fields(meta):
        for row in rows:
            f.pre_save(_RowAttributes(row), add=True)


def _fill_default(field, rows: list[dict]) -> None:
    """``field.get_default()`` in each row that lacks the field, as ``Model.__init__``
    does: called per row when the default is made per call, else taken once."""
    name = field.attname
    missing = [row for row in rows if name not in row]
    if not missing:
        return
    made_per_call = (field.has_default() and callable(field.default)) or (
        field.db_default is not models.NOT_PROVIDED
    )
    if made_per_call:
        for row in missing:
            row[name] = field.get_default()
        return
    value = field.get_default()
    for row in missing:
        row[name] = value


def _all_or_none_have_keys(keys: list) -> bool:
    given = sum(key is not None for key in keys)
    if given and given != len(keys):
        raise ValueError("bulk_insert: either every object has a primary key or none has")
    return bool(given)


def _insert(
    connection, meta, columns: dict[str, list], *, has_pk: bool, shared: dict | None = None
) -> list:
    """Insert the rows held in ``columns`` (attribute name → values); the primary keys
    of the rows, new unless ``has_pk``. ``shared``: see ``_column_preparer``."""
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if has_pk or f is not pk]
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            if not has_pk:
                columns[pk.attname] = _reserve_keys(connection, meta, len(columns[pk.attname]))
                fields = list(meta.concrete_fields)
            rows = _prepared_rows(fields, columns, connection, shared)
            _copy_rows(connection, meta.db_table, fields, rows)
            return columns[pk.attname]
        prepared = _prepared_columns(fields, columns, connection, shared)
        keys = _sqlite_insert(
            connection, meta.db_table, fields, prepared, returning=None if has_pk else pk
        )
    return columns[pk.attname] if has_pk else keys


def _reserve_keys(connection, meta, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy_rows(connection, table, fields, rows) -> None:
    columns = ", ".join(_quote(connection, f.column) for f in fields)
    _copy(connection, f"COPY {_quote(connection, table)} ({columns}) FROM STDIN", rows)


def _copy(connection, sql: str, rows) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)


def _sqlite_insert(connection, table, fields, columns: list[list], *, returning=None) -> list:
    """Multi-row INSERT of the rows held in ``columns`` (driver values, one list per
    field), in chunks; with ``returning`` (the pk field), the new keys in insertion
    order (as Django's own ``bulk_create`` relies on)."""
    width = len(fields)
    count = len(columns[0]) if columns else 0
    limit = _sqlite_param_limit(connection)
    per = max(1, min(SQLITE_ROWS_PER_STATEMENT, limit // max(width, 1)))
    names = ", ".join(_quote(connection, f.column) for f in fields)
    one = "(" + ", ".join("?" * width) + ")"
    head = f"INSERT INTO {_quote(connection, table)} ({names}) VALUES "
    tail = f" RETURNING {_quote(connection, returning.column)}" if returning is not None else ""
    connection.ensure_connection()
    raw = connection.connection.cursor()
    statements: dict[int, str] = {}
    keys = []
    try:
        for start in range(0, count, per):
            n = min(per, count - start)
            sql = statements.get(n)
            if sql is None:
                sql = statements[n] = head + ", ".join([one] * n) + tail
            raw.execute(sql, _row_major(columns, start, n))
            if returning is not None:
                got = raw.fetchall()
                if len(got) != n:
                    raise RuntimeError("bulk_insert: RETURNING gave a different number of rows")
                keys.extend(key for (key,) in got)
    finally:
        raw.close()
    return keys


def _row_major(columns: list[list], start: int, count: int) -> list:
    """The parameters of rows start … start + count - 1, row after row, built with one
    slice assignment per column (no tuple per row)."""
    width = len(columns)
    params = [None] * (count * width)
    for i, values in enumerate(columns):
        params[i::width] = values[start : start + count]
    return params


def _sqlite_param_limit(connection) -> int:
    import sqlite3

    connection.ensure_connection()
    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python < 3.11
        return connection.features.max_query_params


def bulk_update(model, objs, fields, *, using: str = "default") -> int:
    """Write ``fields`` of ``objs`` (saved instances) by primary key, as ``bulk_update``
    does (no ``pre_save``, no signals). Returns the number of objects written."""
    connection = connections[using]
    if not objs:
        return 0
    meta = model._meta
    fields = [meta.get_field(name) for name in fields]
    if any(not f.concrete or f.many_to_many or f.primary_key for f in fields):
        raise ValueError("bulk_update: only concrete, non-key fields can be updated")
    if not _fast(connection):
        return model._default_manager.db_manager(using).bulk_update(objs, [f.name for f in fields])
    pk = meta.pk
    table = _quote(connection, meta.db_table)
    columns = _object_columns(objs, [f.attname for f in (pk, *fields)])
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            temp = _quote(connection, f"_bulk_update_{meta.db_table}")
            names = ", ".join(_quote(connection, f.column) for f in (pk, *fields))
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {temp}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "
                    f"SELECT {names} FROM {table} WITH NO DATA"
                )
            _copy(
                connection,
                f"COPY {temp} ({names}) FROM STDIN",
                _prepared_rows([pk, *fields], columns, connection),
            )
            sets = ", ".join(
                f"{_quote(connection, f.column)} = u.{_quote(connection, f.column)}" for f in fields
            )
            pkc = _quote(connection, pk.column)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} AS t SET {sets} FROM {temp} AS u WHERE t.{pkc} = u.{pkc}"
                )
                cursor.execute(f"DROP TABLE {temp}")
        else:
            sets = ", ".join(f"{_quote(connection, f.column)} = ?" for f in fields)
            sql = f"UPDATE {table} SET {sets} WHERE {_quote(connection, pk.column)} = ?"
            connection.ensure_connection()
            raw = connection.connection.cursor()
            try:
                raw.executemany(sql, _prepared_rows([*fields, pk], columns, connection))
            finally:
                raw.close()
    return len(objs)


# ---------------------------------------------------------------- audit trail


def bulk_history(
    model,
    objs,
    *,
    history_type: str,
    default_user=None,
    default_change_reason: str = "",
    using: str = "default",
    columns: dict[str, list] | None = None,
    shared: dict | None = None,
) -> None:
    """One historical row per object, as simple-history's ``bulk_history_create``.
    ``objs`` may also be plain rows as ``bulk_insert_rows`` leaves them; ``columns``
    are their values column by column, when the caller has them already, and
    ``shared`` what was prepared of them for the rows' own table."""
    if not objs or not _history_enabled():
        return
    connection = connections[using]
    history = _history_model(model)
    hmeta = history._meta
    tracked = [f.attname for f in history.tracked_fields]
    fields = [f for f in hmeta.concrete_fields if f is not hmeta.pk]
    known = {*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"}
    if any(f.attname not in known for f in fields) or hasattr(history, "history_relation"):
        raise NotImplementedError(f"bulk_history: unexpected fields in {hmeta.label}")
    user = default_user or history.get_default_history_user(objs[0])
    plain_rows = objs[0].__class__ is dict
    if columns is None:
        columns = (_row_columns if plain_rows else _object_columns)(objs, tracked)
    columns = {name: columns[name] for name in tracked}
    if plain_rows:
        columns |= _history_columns_of_rows(len(objs), user, default_change_reason)
    else:
        columns |= _history_columns_of_objects(objs, user, default_change_reason)
    columns["history_type"] = [history_type] * len(objs)
    prepared = _prepared_columns(fields, columns, connection, shared)
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            _copy_rows(connection, hmeta.db_table, fields, zip(*prepared, strict=True))
        else:
            _sqlite_insert(connection, hmeta.db_table, fields, prepared)


def _history_columns_of_rows(count: int, user, default_change_reason: str) -> dict[str, list]:
    now = timezone.now
    return {
        "history_date": [now() for _ in range(count)],
        "history_user_id": [getattr(user, "pk", user)] * count,
        "history_change_reason": [default_change_reason] * count,
    }


def _history_columns_of_objects(objs, user, default_change_reason: str) -> dict[str, list]:
    """Per object, as simple-history: its ``_history_date`` (else now), its
    ``_history_user`` (else the default), its ``_change_reason`` (else the default)."""
    now = timezone.now
    dates, users, reasons = [], [], []
    for obj in objs:
        d = obj.__dict__
        dates.append(d["_history_date"] if "_history_date" in d else now())
        row_user = d.get("_history_user", user)
        users.append(getattr(row_user, "pk", row_user))
        reasons.append(get_change_reason_from_object(obj) or default_change_reason)
    return {"history_date": dates, "history_user_id": users, "history_change_reason": reasons}


def create_with_history(
    model, objs, *, default_user=None, default_change_reason="", using="default"
) -> None:
    """``bulk_create_with_history`` (primary keys set on ``objs``), fast where we can."""
    connection = connections[using]
    if not _fast(connection):
        bulk_create_with_history(
            objs,
            model,
            batch_size=1000,
            default_user=default_user,
            default_change_reason=default_change_reason,
        )
        return
    with transaction.atomic(using=using, savepoint=False):
        bulk_insert(model, objs, using=using)
        bulk_history(
            model,
            objs,
            history_type="+",
            default_user=default_user,
            default_change_reason=default_change_reason,
            using=using,
        )


def create_rows_with_history(
    model, rows: list[dict], *, default_user=None, default_change_reason="", using="default"
) -> None:
    """``create_with_history`` of the instances ``model(**row)`` would make, without
    making them where the fast path applies (primary keys set in ``rows``)."""
    if not _fast(connections[using]):
        objs = [model(**row) for row in rows]
        create_with_history(
            model,
            objs,
            default_user=default_user,
            default_change_reason=default_change_reason,
            using=using,
        )
        for row, obj in zip(rows, objs, strict=True):
            row[model._meta.pk.attname] = obj.pk
        return
    with transaction.atomic(using=using, savepoint=False):
        for start in range(0, len(rows), ROWS_PER_BATCH):
            batch = rows[start : start + ROWS_PER_BATCH]
            shared = {}
            columns = _insert_rows(model, batch, using, shared)
            bulk_history(
                model,
                batch,
                history_type="+",
                default_user=default_user,
                default_change_reason=default_change_reason,
                using=using,
                columns=columns,
                shared=shared,
            )


def update_with_history(
    model, objs, fields, *, default_user=None, default_change_reason="", using="default"
) -> None:
    """``bulk_update_with_history``, fast where we can."""
    connection = connections[using]
    if not _fast(connection):
        bulk_update_with_history(
            objs,
            model,
            list(fields),
            batch_size=1000,
            default_user=default_user,
            default_change_reason=default_change_reason,
        )
        return
    with transaction.atomic(using=using, savepoint=False):
        bulk_update(model, objs, fields, using=using)
        bulk_history(
            model,
            objs,
            history_type="~",
            default_user=default_user,
            default_change_reason=default_change_reason,
            using=using,
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
