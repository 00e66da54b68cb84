"""Rows written: multi-row ``INSERT … RETURNING`` on SQLite, keys from the sequence
and ``COPY`` on PostgreSQL, and updates through one statement or a temporary table."""

from __future__ import annotations

import itertools
import operator

from django.db import connections, models

from parkbase.imports.bulk.prepare import (
    _fast,
    _now_function,
    _object_columns,
    _plain_auto_now,
    _prepared_columns,
    _prepared_rows,
    _quote,
    _row_columns,
)

SQLITE_ROWS_PER_STATEMENT = 500


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
        if _plain_auto_now(f):  # what its pre_save sets, without a call per row
            name, now = f.attname, _now_function()
            for row in rows:
                row[name] = now()
            continue
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
