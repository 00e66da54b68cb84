"""Values prepared for the driver, column by column, as Django prepares them for
saving (``get_db_prep_save``) except where that is the identity for the value at hand;
and whether a connection takes the fast path at all."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import operator
from decimal import Decimal

from django.conf import settings
from django.db import models

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
        return _json_preparer(field, connection), None
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


_TEXT = frozenset((str,))


def _json_preparer(field, connection):
    """A JSON field's values as Django prepares them, except that a mapping of texts
    to texts (the sources of a row's figures, which most rows of an import share) is
    dumped once per distinct mapping, to the text both databases are given for it
    (``adapt_json_value``: SQLite stores ``json.dumps``; PostgreSQL's ``Jsonb`` writes
    the same text, which a text column of COPY takes as it is)."""
    prep = field.get_db_prep_save
    dumps = functools.partial(json.dumps, cls=field.encoder) if field.encoder else json.dumps
    dumped: dict[tuple, str] = {}

    def prepare_json(value):
        if value.__class__ is not dict:
            return prep(value, connection)
        kinds = set(map(type, value.values()))
        kinds.update(map(type, value))
        if not kinds <= _TEXT:  # 1 and True are equal keys of a cache, not the same JSON
            return prep(value, connection)
        key = tuple(value.items())
        try:
            return dumped[key]
        except KeyError:
            text = dumped[key] = dumps(value)
            return text

    return prepare_json


def _now_function():
    """A function giving what ``django.utils.timezone.now()`` gives (an aware UTC
    datetime, or a naive one without USE_TZ), without reading the setting per call:
    a row of an import and its history row each take one."""
    return functools.partial(dt.datetime.now, dt.UTC if settings.USE_TZ else None)


def _plain_auto_now(field) -> bool:
    """A DateTimeField whose ``pre_save`` (on insert) is ``timezone.now()``."""
    return type(field).pre_save is models.DateTimeField.pre_save and (
        field.auto_now or field.auto_now_add
    )


def _sqlite_utc_datetime(field, connection) -> bool:
    return (
        isinstance(field, models.DateTimeField)
        and connection.vendor == "sqlite"
        and settings.USE_TZ
        and connection.timezone_name == "UTC"
    )


_NONE_TYPE = type(None)
_is_not_none = functools.partial(operator.is_not, None)
_iso_with_space = operator.methodcaller("isoformat", " ")


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
    """``prepare_datetime`` of a column of aware UTC datetimes (e.g. auto_now values):
    ``str(value.replace(tzinfo=None))``, which is ``value.isoformat(" ")`` without
    its ``+00:00``."""
    if set(map(type, values)) != {dt.datetime} or not all(
        map(operator.is_, map(operator.attrgetter("tzinfo"), values), itertools.repeat(dt.UTC))
    ):
        return None
    return [text[:-6] for text in map(_iso_with_space, values)]


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
