"""A run's results and their audit trail, written fast.

What is stored is exactly what simple-history's ``bulk_create_with_history`` stores
for the model instances of ``result_objects`` (one history row per result: type '+',
the given user and reason, one ``history_date`` for the whole run as with its
``default_date``); tests/evaluation/test_store.py compares the two paths field by
field. A ``Result`` instance per firm costs ~30 µs before anything is written, and
encoding its four JSON fields one dict at a time as much again, so here:

- the values are built column by column from the outcome's arrays; JSON text is made
  as ``json.dumps`` makes it (same keys, separators and float ``repr``) from one
  template per peer group, and the explanation facts, which most firms share with
  others, are encoded once per distinct value;
- SQLite gets multi-row ``INSERT``s, PostgreSQL (psycopg 3) ``COPY … FROM STDIN``;
- the history rows are copied from the new results inside the database with one
  ``INSERT … SELECT`` (PostgreSQL does not parse the JSON a second time).

Any other database goes through ``parkbase.imports.bulk.create_with_history``.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import sqlite3
from collections.abc import Iterator, Sequence

import numpy as np
from django.db import connections, transaction
from django.utils import timezone

from parkbase.core.scoping import SYSTEM_WORK
from parkbase.evaluation import engine
from parkbase.evaluation.models import Result
from parkbase.imports.bulk import create_with_history

SQLITE_ROWS_PER_STATEMENT = 500
ROWS_PER_PART = 4000
SQLITE_VARIABLES = sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER
HISTORY_TYPE_CREATED = "+"


# --- the reference: one model instance per firm --------------------------------------


def number(value) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


def result_objects(run, evaluation) -> list[Result]:
    out, scheme = evaluation.outcome, evaluation.scheme
    figures = {name: arr.tolist() for name, arr in evaluation.figures.items()}
    results = []
    for i in range(len(out)):
        facts = engine.row_facts(scheme, out, i)
        klass = out.class_of(i) or ""
        results.append(
            Result(
                run=run,
                enterprise_id=int(out.ids[i]),
                group=facts.group or "",
                figures={
                    name: None if math.isnan(column[i]) else column[i]
                    for name, column in figures.items()
                },
                indicator_values=facts.values,
                scores=facts.scores,
                adjustment=float(out.adjustment[i]),
                total=number(out.total[i]),
                rank=int(out.rank[i]) or None,
                ranked=int(out.ranked[i]) or None,
                percentile=number(out.percentile[i]),
                computed_class=klass,
                klass=klass,
                ungraded_rule=facts.ungraded or "",
                facts=facts.as_dict(),
            )
        )
    return results


# --- JSON text as json.dumps writes it -----------------------------------------------


JSON_SPECIAL_FLOATS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def json_numbers(column: Sequence[float | None]) -> list[str]:
    """``json.dumps(value)`` of each float or None (the same ``repr``)."""
    texts = ["null" if v is None else float.__repr__(v) for v in column]
    if not JSON_SPECIAL_FLOATS.keys().isdisjoint(texts):
        texts = [JSON_SPECIAL_FLOATS.get(t, t) for t in texts]
    return texts


def json_objects(keys: Sequence[str], columns: Sequence[Sequence[float | None]]) -> list[str]:
    """``json.dumps(dict(zip(keys, row)))`` for every row of the columns (floats or
    None, one column per key)."""
    if not keys:
        return []
    template = "{" + ", ".join(json.dumps(k).replace("%", "%%") + ": %s" for k in keys) + "}"
    texts = [json_numbers(column) for column in columns]
    return [template % parts for parts in zip(*texts, strict=True)]


def _rounded(column: np.ndarray) -> list[float | None]:
    return [None if v != v else round(v, 6) for v in column.tolist()]


# --- the columns ---------------------------------------------------------------------


def _figures_json(figures: dict[str, np.ndarray], n: int) -> list[str]:
    if not figures:
        return ["{}"] * n
    columns = [[None if v != v else v for v in values.tolist()] for values in figures.values()]
    return json_objects(list(figures), columns)


def _indicator_json(scheme, out: engine.Outcome, matrix: np.ndarray) -> list[str]:
    """The values (or scores) of each firm's peer-group indicators, rounded."""
    texts = ["{}"] * len(out)
    for g, group in enumerate(scheme.groups):
        idx = np.flatnonzero(out.group == g)
        codes = [ind.code for ind in group.indicators]
        if not len(idx) or not codes:
            continue
        columns = [_rounded(matrix[idx, out.indicator_codes.index(c)]) for c in codes]
        for i, text in zip(idx.tolist(), json_objects(codes, columns), strict=True):
            texts[i] = text
    return texts


def _facts_json(scheme, out: engine.Outcome, all_ids: np.ndarray, encoded: dict) -> list[str]:
    """``RowFacts.as_dict()`` of every firm as JSON, each distinct value encoded once
    (``encoded`` keeps them; ``all_ids`` are the ids ``out.shares_with`` points into)."""
    n = len(out)
    none = json.dumps(engine.RowFacts(None, {}, {}, {}, []).as_dict())
    texts = [none] * n
    columns = {code: k for k, code in enumerate(out.indicator_codes)}
    problems: list[tuple] = [()] * n
    for g, group in enumerate(scheme.groups):
        codes = [ind.code for ind in group.indicators]
        ks = [columns[c] for c in codes]
        in_group = out.group == g
        troubled = np.flatnonzero(in_group & (out.problem[:, ks] != 0).any(axis=1)) if ks else []
        for i in troubled:
            row = out.problem[i, ks].tolist()
            problems[i] = tuple((c, p) for c, p in zip(codes, row, strict=True) if p)
    owner_ids = np.where(out.shares_with >= 0, all_ids[np.maximum(out.shares_with, 0)], -1)
    keys = zip(
        out.group.tolist(),
        problems,
        map(tuple, out.adjusted.tolist()),
        out.forced_rule.tolist(),
        out.ungraded_rule.tolist(),
        owner_ids.tolist(),
        strict=True,
    )
    for i, key in enumerate(keys):
        if key[0] < 0:
            continue
        text = encoded.get(key)
        if text is None:
            text = encoded[key] = json.dumps(_facts_dict(scheme, *key))
        texts[i] = text
    return texts


def _facts_dict(scheme, group, problems, adjusted, forced, ungraded, owner) -> dict:
    facts = engine.RowFacts(
        group=scheme.groups[group].code,
        values={},
        scores={},
        problems=dict(problems),
        adjustments=[r.code for r, hit in zip(scheme.adjustments, adjusted, strict=True) if hit],
        forced=scheme.forced[forced].code if forced >= 0 else None,
        ungraded=scheme.ungraded[ungraded].code if ungraded >= 0 else None,
        owner=owner if owner >= 0 else None,
    )
    return facts.as_dict()


def _names(names: Sequence[str], index: np.ndarray) -> list[str]:
    """``names[k]`` for every k of ``index``, "" for -1."""
    lookup = [*names, ""]
    return [lookup[k] for k in index.tolist()]


def _outcome_part(out: engine.Outcome, part: slice) -> engine.Outcome:
    arrays = {
        f.name: getattr(out, f.name)[part]
        for f in dataclasses.fields(out)
        if isinstance(getattr(out, f.name), np.ndarray)
    }
    return dataclasses.replace(out, **arrays)


def result_columns(run, evaluation, part: slice = slice(None), facts_cache=None) -> dict[str, list]:
    """Every column of the new results (of the firms in ``part``) but the key,
    attname → values as the database takes them (JSON as text)."""
    scheme = evaluation.scheme
    out = _outcome_part(evaluation.outcome, part)
    figures = {name: values[part] for name, values in evaluation.figures.items()}
    facts_cache = {} if facts_cache is None else facts_cache
    n = len(out)
    klass = _names(out.class_names, out.klass)
    computed = {
        "run_id": [run.pk] * n,
        "enterprise_id": out.ids.tolist(),
        "group": _names(out.group_codes, out.group),
        "figures": _figures_json(figures, n),
        "indicator_values": _indicator_json(scheme, out, out.values),
        "scores": _indicator_json(scheme, out, out.scores),
        "adjustment": out.adjustment.tolist(),
        "total": _rounded(out.total),
        "rank": [r or None for r in out.rank.tolist()],
        "ranked": [r or None for r in out.ranked.tolist()],
        "percentile": _rounded(out.percentile),
        "computed_class": klass,
        "klass": klass,
        "ungraded_rule": _names([r.code for r in scheme.ungraded], out.ungraded_rule),
        "facts": _facts_json(scheme, out, evaluation.outcome.ids, facts_cache),
    }
    connection = connections[Result.objects.db]
    for field in Result._meta.concrete_fields:
        if field.attname not in computed and not field.primary_key:
            value = field.get_db_prep_save(field.get_default(), connection)
            computed[field.attname] = [value] * n
    return computed


def _column_parts(run, evaluation) -> Iterator[dict[str, list]]:
    """``result_columns`` a part at a time: PostgreSQL takes in one part while the
    next is made."""
    facts_cache: dict[tuple, str] = {}
    for start in range(0, len(evaluation.outcome), ROWS_PER_PART):
        yield result_columns(run, evaluation, slice(start, start + ROWS_PER_PART), facts_cache)


# --- writing -------------------------------------------------------------------------


def store_results(run, evaluation, *, user=None, reason: str = "") -> None:
    """Insert the results of ``run`` (which has none yet) and their history rows,
    inside a transaction."""
    connection = connections[Result.objects.db]
    if not _fast(connection):
        create_with_history(
            Result,
            result_objects(run, evaluation),
            default_user=user,
            default_change_reason=reason,
        )
        return
    if Result.objects.unscoped(SYSTEM_WORK).filter(run=run).exists():
        raise ValueError(f"run {run.pk} already has results")
    if not len(evaluation.outcome):
        return
    with transaction.atomic(using=connection.alias, savepoint=False), connection.cursor() as cursor:
        _insert_results(connection, cursor, _column_parts(run, evaluation))
        _copy_into_history(connection, cursor, run, user, reason)


def _fast(connection) -> bool:
    if connection.vendor == "sqlite":
        return True
    if connection.vendor != "postgresql":
        return False
    connection.ensure_connection()
    return type(connection.connection).__module__.startswith("psycopg")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column_list(model, attnames) -> str:
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    return ", ".join(_quote(by_attname[name]) for name in attnames)


def _insert_results(connection, cursor, parts: Iterator[dict[str, list]]) -> None:
    """COPY (PostgreSQL) or multi-row INSERTs (SQLite); keys come from the table."""
    first = next(parts)
    table, names = _quote(Result._meta.db_table), _column_list(Result, first)
    width = len(first)
    rows = itertools.chain.from_iterable(
        zip(*columns.values(), strict=True) for columns in itertools.chain([first], parts)
    )
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        return
    raw = connection.connection.cursor()  # the driver's own: "?", no %-parsing
    per = max(1, min(SQLITE_ROWS_PER_STATEMENT, raw.connection.getlimit(SQLITE_VARIABLES) // width))
    one = "(" + ", ".join("?" * width) + ")"
    statements: dict[int, str] = {}
    try:
        while chunk := list(itertools.islice(rows, per)):
            sql = statements.get(len(chunk))
            if sql is None:
                values = ", ".join([one] * len(chunk))
                sql = statements[len(chunk)] = f"INSERT INTO {table} ({names}) VALUES {values}"
            raw.execute(sql, list(itertools.chain.from_iterable(chunk)))
    finally:
        raw.close()


def _copy_into_history(connection, cursor, run, user, reason) -> None:
    """One history row per new result, copied inside the database: the values are the
    ones just stored (PostgreSQL does not parse the JSON again, Python sends nothing)."""
    history = Result.history.model
    tracked = [f.attname for f in history.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    known = {*tracked, *extra, history._meta.pk.attname}
    if hasattr(history, "history_relation") or any(
        f.attname not in known for f in history._meta.concrete_fields
    ):
        raise NotImplementedError(f"unexpected fields in {history._meta.label}")
    if user is None:
        user = history.get_default_history_user(Result())
    fields = {f.attname: f for f in history._meta.concrete_fields}
    values = [timezone.now(), reason, HISTORY_TYPE_CREATED, getattr(user, "pk", user)]
    params = [fields[n].get_db_prep_save(v, connection) for n, v in zip(extra, values, strict=True)]
    result_table, run_column = Result._meta.db_table, Result._meta.get_field("run").column
    sql = (
        f"INSERT INTO {_quote(history._meta.db_table)} "
        f"({_column_list(history, [*tracked, *extra])}) "
        f"SELECT {_column_list(Result, tracked)}, %s, %s, %s, %s "
        f"FROM {_quote(result_table)} WHERE {_quote(run_column)} = %s "
        f"ORDER BY {_quote(Result._meta.pk.column)}"
    )
    cursor.execute(sql, [*params, run.pk])
