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
import itertools
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


def _preparer(field, connection):
    """value → what Django would hand the driver for this field on save."""
    prep = field.get_db_prep_save
    exact = None
    for cls in type(field).__mro__:
        if cls in _IDENTITY_TYPES:
            exact = _IDENTITY_TYPES[cls]
            break
    if (
        isinstance(field, models.DateTimeField)
        and connection.vendor == "sqlite"
        and settings.USE_TZ
        and connection.timezone_name == "UTC"
    ):
        # what SQLite's adapt_datetimefield_value does for an aware UTC datetime
        def prepare_datetime(value):
            if value.__class__ is dt.datetime and value.tzinfo is dt.UTC:
                return str(value.replace(tzinfo=None))
            return prep(value, connection)

        return prepare_datetime
    if isinstance(field, models.JSONField):
        # imports give most rows the same empty mapping: prepare it once
        empty = []

        def prepare_json(value):
            if value.__class__ is dict and not value:
                if not empty:
                    empty.append(prep({}, connection))
                return empty[0]
            return prep(value, connection)

        return prepare_json
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        inner = _preparer(target, connection)
        return inner
    if exact is None:
        if isinstance(field, models.BooleanField):
            exact = (bool,)
        else:
            return lambda value: prep(value, connection)
    if exact == (Decimal,):

        def prepare_decimal(value):
            if value is None or (value.__class__ is Decimal and value.is_finite()):
                return value
            return prep(value, connection)

        return prepare_decimal
    if len(exact) == 1:
        only = exact[0]

        def prepare(value):
            if value is None or value.__class__ is only:
                return value
            return prep(value, connection)

        return prepare

    def prepare_any(value):  # pragma: no cover - every entry has one type
        if value is None or value.__class__ in exact:
            return value
        return prep(value, connection)

    return prepare_any


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def _history_model(model):
    return get_history_model_for_model(model)


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


# ---------------------------------------------------------------- rows


def bulk_insert(model, objs, *, using: str = "default") -> list:
    """Insert ``objs`` (unsaved instances of ``model``) and set their primary keys.
    Must run inside a transaction. Sends no signals, like ``bulk_create``."""
    connection = connections[using]
    if not objs:
        return objs
    if not _fast(connection):
        return model._default_manager.db_manager(using).bulk_create(objs)
    meta = model._meta
    pk = meta.pk
    now_fields = [
        f
        for f in meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        for f in now_fields:
            f.pre_save(obj, add=True)
    if any(getattr(o, pk.attname) is not None for o in objs) and any(
        getattr(o, pk.attname) is None for o in objs
    ):
        raise ValueError("bulk_insert: either every object has a primary key or none has")
    has_pk = getattr(objs[0], pk.attname) is not None
    fields = [f for f in meta.concrete_fields if has_pk or f is not pk]
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            if not has_pk:
                _reserve_keys(connection, model, objs)
                fields = list(meta.concrete_fields)
            _copy_rows(connection, meta.db_table, fields, objs)
        else:
            _sqlite_insert(
                connection, meta.db_table, fields, objs, returning=None if has_pk else pk
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using
    return objs


def _reserve_keys(connection, model, objs) -> None:
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        keys = [row[0] for row in cursor.fetchall()]
    attname = meta.pk.attname
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, attname, key)


def _row_values(objs, fields, connection):
    preparers = [(f.attname, _preparer(f, connection)) for f in fields]
    for obj in objs:
        d = obj.__dict__
        try:
            yield [prep(d[name]) for name, prep in preparers]
        except KeyError:  # a deferred field: let the model load it
            yield [prep(getattr(obj, name)) for name, prep in preparers]


def _copy_rows(connection, table, fields, objs) -> None:
    columns = ", ".join(_quote(connection, f.column) for f in fields)
    sql = f"COPY {_quote(connection, table)} ({columns}) FROM STDIN"
    _copy(connection, sql, _row_values(objs, fields, connection))


def _copy(connection, sql: str, rows) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)


def _sqlite_insert(connection, table, fields, rows_or_objs, *, returning=None, ready=False):
    """Multi-row INSERT in chunks; with ``returning`` (the pk field), sets the keys."""
    width = len(fields)
    limit = _sqlite_param_limit(connection)
    per = max(1, min(SQLITE_ROWS_PER_STATEMENT, limit // max(width, 1)))
    columns = ", ".join(_quote(connection, f.column) for f in fields)
    one = "(" + ", ".join("?" * width) + ")"
    head = f"INSERT INTO {_quote(connection, table)} ({columns}) VALUES "
    tail = f" RETURNING {_quote(connection, returning.column)}" if returning is not None else ""
    objs = rows_or_objs
    values = rows_or_objs if ready else _row_values(rows_or_objs, fields, connection)
    connection.ensure_connection()
    raw = connection.connection.cursor()
    statements: dict[int, str] = {}
    try:
        start = 0
        while True:
            chunk = list(itertools.islice(values, per))
            if not chunk:
                break
            n = len(chunk)
            sql = statements.get(n)
            if sql is None:
                sql = statements[n] = head + ", ".join([one] * n) + tail
            raw.execute(sql, list(itertools.chain.from_iterable(chunk)))
            if returning is not None:
                keys = raw.fetchall()
                if len(keys) != n:
                    raise RuntimeError("bulk_insert: RETURNING gave a different number of rows")
                attname = returning.attname
                for obj, (key,) in zip(objs[start : start + n], keys, strict=True):
                    setattr(obj, attname, key)
            start += n
    finally:
        raw.close()


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
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            temp = _quote(connection, f"_bulk_update_{meta.db_table}")
            columns = [pk, *fields]
            names = ", ".join(_quote(connection, f.column) for f in columns)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {temp}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "
                    f"SELECT {names} FROM {table} WITH NO DATA"
                )
            _copy(
                connection,
                f"COPY {temp} ({names}) FROM STDIN",
                _row_values(objs, columns, connection),
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
                raw.executemany(sql, _row_values(objs, [*fields, pk], connection))
            finally:
                raw.close()
    return len(objs)


# ---------------------------------------------------------------- audit trail


def _value(obj, d, name):
    try:
        return d[name]
    except KeyError:
        return getattr(obj, name)


def bulk_history(
    model,
    objs,
    *,
    history_type: str,
    default_user=None,
    default_change_reason: str = "",
    using: str = "default",
) -> None:
    """One historical row per object, as simple-history's ``bulk_history_create``."""
    if not objs or not _history_enabled():
        return
    connection = connections[using]
    history = _history_model(model)
    hmeta = history._meta
    tracked = [f.attname for f in history.tracked_fields]
    extra = {"history_date", "history_user_id", "history_change_reason", "history_type"}
    fields = [f for f in hmeta.concrete_fields if f is not hmeta.pk]
    known = set(tracked) | extra
    if any(f.attname not in known for f in fields) or hasattr(history, "history_relation"):
        raise NotImplementedError(f"bulk_history: unexpected fields in {hmeta.label}")
    user = default_user or history.get_default_history_user(objs[0])
    preparers = [(f.attname, _preparer(f, connection)) for f in fields]

    def rows():
        now = timezone.now
        for obj in objs:
            d = obj.__dict__
            row_user = d.get("_history_user", user)
            values = {
                "history_date": d["_history_date"] if "_history_date" in d else now(),
                "history_user_id": getattr(row_user, "pk", row_user),
                "history_change_reason": get_change_reason_from_object(obj)
                or default_change_reason,
                "history_type": history_type,
            }
            yield [
                prep(values[name] if name in values else _value(obj, d, name))
                for name, prep in preparers
            ]

    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            columns = ", ".join(_quote(connection, f.column) for f in fields)
            _copy(
                connection,
                f"COPY {_quote(connection, hmeta.db_table)} ({columns}) FROM STDIN",
                rows(),
            )
        else:
            _sqlite_insert(connection, hmeta.db_table, fields, rows(), ready=True)


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
    "bulk_update",
    "create_with_history",
    "update_with_history",
]
