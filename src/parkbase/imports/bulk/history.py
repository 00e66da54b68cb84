"""The audit trail: history rows written as simple-history writes them, and the
functions imports call to write rows together with their history."""

from __future__ import annotations

from django.conf import settings
from django.db import connections, transaction
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_change_reason_from_object,
    get_history_model_for_model,
)

from parkbase.imports.bulk.prepare import (
    _fast,
    _now_function,
    _object_columns,
    _prepared_columns,
    _row_columns,
)
from parkbase.imports.bulk.rows import (
    _copy_rows,
    _insert_rows,
    _sqlite_insert,
    bulk_insert,
    bulk_update,
)

# plain rows are written (rows, then their history) this many at a time, which bounds
# the memory their driver values take
ROWS_PER_BATCH = 10_000


def _history_model(model):
    return get_history_model_for_model(model)


def _history_enabled() -> bool:
    return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)


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
    now = _now_function()  # timezone.now(), one call per row as simple-history makes
    return {
        "history_date": [now() for _ in range(count)],
        "history_user_id": [getattr(user, "pk", user)] * count,
        "history_change_reason": [default_change_reason] * count,
    }


def _history_columns_of_objects(objs, user, default_change_reason: str) -> dict[str, list]:
    """Per object, as simple-history: its ``_history_date`` (else now), its
    ``_history_user`` (else the default), its ``_change_reason`` (else the default)."""
    now = _now_function()
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
