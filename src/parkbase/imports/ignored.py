"""Nothing dropped silently: the columns of a file that an import does not take, each
with its reason, and a hint naming the other imports that would take them.

The report lists them as ``ignored_columns`` (the command's JSON, the API's and the
job's report) and the hint among its ``warnings``; the preview page shows both. The
hint names a kind only when it could read the sheet: its required columns are there,
or come from its options (the year)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parkbase.core.messages import label
from parkbase.imports import registry
from parkbase.imports import values as V
from parkbase.imports.engine import Ignored, Mapping, column_letter
from parkbase.imports.headers import index_columns, match_header

REASONS = {
    "unknown": _("Column {column} ({header}) is not a column of this import: ignored."),
    "ambiguous": _(
        "Column {column} ({header}) may mean {fields}: ignored, never guessed; choose its "
        "field in the column mapping."
    ),
    "duplicate": _(
        "Column {column} ({header}) names the same field as column {other} ({fields}): "
        "ignored; choose which one to use in the column mapping."
    ),
    "by_user": _("Column {column} ({header}) is ignored, as the column mapping says."),
}
OTHER_KIND = _(
    "Columns {columns} are read by another import, {kinds}: import the file as that kind "
    "to write them."
)
WIDER_KIND = _(
    "Import the file as {kinds} instead: it reads every column this import reads and "
    "also {columns}, all in one pass."
)


def both(template, **params) -> tuple[str, str]:
    """(Chinese, English) of a message; lazy parameters are rendered in each language."""
    rendered = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            shown = {k: str(v) for k, v in params.items()}
            rendered.append(str(template).format(**shown))
    return rendered[0], rendered[1]


class _Labels:
    """The fields of ``columns`` named in the language a message is rendered in."""

    def __init__(self, names, model, columns):
        self.names, self.model = names, model
        self.headers = {c.field: c.template_header for c in columns}

    def __str__(self) -> str:
        zh = (translation.get_language() or "").startswith("zh")
        shown = []
        for name in self.names:
            header, meaning = self.headers.get(name, name), label(self.model, name)
            if meaning in (header, name):
                shown.append(header)
            else:
                shown.append(f"{header}（{meaning}）" if zh else f"{header} ({meaning})")
        return ("、" if zh else ", ").join(shown)


def own_kind(columns) -> str | None:
    return next((k for k, imp in registry.IMPORTERS.items() if imp.columns is columns), None)


def _could_read(importer, index, headers) -> bool:
    """Would ``importer`` find its required columns among ``headers`` (or take them
    from its options, as the year)?"""
    named = {c.field for h in headers if h for c in match_header(h, index)[0]}
    return all(
        c.field in named or c.field in importer.options for c in importer.columns if c.required
    )


def readers(headers: list, own: str | None) -> dict[str, dict]:
    """The other registered kinds that could read a sheet of these headers: kind → its
    header index."""
    found = {}
    for kind, importer in registry.IMPORTERS.items():
        if kind == own:
            continue
        index = index_columns(importer.columns)
        if _could_read(importer, index, headers):
            found[kind] = index
    return found


def other_kinds(header: str, indexes: dict[str, dict]) -> list[str]:
    """The kinds among ``indexes`` with one column of that header."""
    return [kind for kind, index in indexes.items() if len(match_header(header, index)[0]) == 1]


def _takes_all(mapping: Mapping, index: dict) -> bool:
    """Would a kind of this header index take every column ``mapping`` maps?"""
    return all(len(match_header(mapping.headers[i], index)[0]) == 1 for i in mapping.columns)


def report_ignored(report, mapping: Mapping, columns, model) -> None:
    """Put the mapping's ignored columns, and the hints, into ``report``: the kinds
    that read the ignored columns and, first, a kind that reads them and also every
    column this one reads (the survey workbook for a sheet of enterprises with their
    year's figures)."""
    indexes = readers([h for h in mapping.headers if not V.is_blank(h)], own_kind(columns))
    hinted: dict[tuple[str, ...], list[Ignored]] = {}
    for item in mapping.ignored:
        kinds = other_kinds(item.header, indexes) if item.reason == "unknown" else []
        fields = _Labels(item.fields, model, columns)
        other = column_letter(item.other) if item.other is not None else ""
        zh, en = both(
            REASONS[item.reason],
            column=column_letter(item.index),
            header=item.header,
            fields=fields,
            other=other,
        )
        report.ignored_columns.append(
            {
                "column": column_letter(item.index),
                "header": item.header,
                "reason": item.reason,
                "fields": list(item.fields),
                "other_column": other,
                "other_kinds": kinds,
                "message": zh,
                "message_en": en,
            }
        )
        if kinds:
            hinted.setdefault(tuple(kinds), []).append(item)
    taken = [item for items in hinted.values() for item in items]
    wider = [kind for kind, index in indexes.items() if _takes_all(mapping, index)]
    for kind in wider:
        items = [item for item in taken if kind in other_kinds(item.header, {kind: indexes[kind]})]
        if items:
            zh, en = both(WIDER_KIND, columns=_Letters(items), kinds=_Kinds([kind]))
            report.warnings.append(
                {"code": "wider_kind", "kinds": [kind], "message": zh, "message_en": en}
            )
    for kinds, items in hinted.items():
        names = _Kinds(kinds)
        zh, en = both(OTHER_KIND, columns=_Letters(items), kinds=names)
        report.warnings.append(
            {"code": "other_kind", "kinds": list(kinds), "message": zh, "message_en": en}
        )


class _Letters:
    def __init__(self, items):
        self.items = items

    def __str__(self) -> str:
        zh = (translation.get_language() or "").startswith("zh")
        return ("、" if zh else ", ").join(
            f"{column_letter(i.index)}列（{i.header}）"
            if zh
            else f"{column_letter(i.index)} ({i.header})"
            for i in self.items
        )


class _Kinds:
    def __init__(self, kinds):
        self.kinds = kinds

    def __str__(self) -> str:
        zh = (translation.get_language() or "").startswith("zh")
        return ("、" if zh else ", ").join(
            f"“{registry.IMPORTERS[k].label}”（{k}）"
            if zh
            else f"“{registry.IMPORTERS[k].label}” ({k})"
            for k in self.kinds
        )
