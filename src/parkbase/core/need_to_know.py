"""Need-to-know follows the record: whatever is linked to a confidential record (an
investment project kept under a code name) shows that code name to everyone outside
its insiders and hides the rest: the free text, names and descriptions that could
spell the secret out.

A model linked to such a record declares, beside its scope:

* ``need_to_know_path`` — the lookup path (or a tuple of paths) from the model to the
  confidential record, e.g. ``"project__"`` for a blocker (a path may run through
  many-valued relations; where the higher app owns the link, it adds the path:
  ``follow``);
* ``need_to_know_fields`` — its revealing fields, e.g. ``("name", "note")``: outsiders
  see a neutral placeholder there (the code name with it for a title field, named in
  ``need_to_know_titles``, by default ``name``) and may not change them;
* ``need_to_know_links`` (optional) — the fields that make the link (by default the
  first step of each path when it is a field of the model): outsiders may not change
  them either, or re-linking the record would uncover it.

Core does not import the app that owns the confidential records: that app registers
who is outside which of them (``register_need_to_know``) in its ``AppConfig.ready()``.
Where the link itself belongs to that higher app (a land approval serves a project
through the project's own link record), the lower model declares only its revealing
fields and the higher app adds the path (``follow``), so the lower app names nothing
above it.

The rule is read in one of two ways, and both give the same answer:

* lists: ``annotate(queryset, user)`` (which ``NeedToKnowQuerySet.visible_to`` does by
  itself) marks every row with ``need_to_know_label`` — the code name where the row is
  secret for the user, else NULL — in the list's own query;
* one object: ``label_for`` / ``is_secret_for`` / ``shown`` / ``redact`` read that mark,
  or ask the database once for an object that did not come through a list.

Pages use the ``{% shown obj "field" %}`` tag (``need_to_know`` library), the API
``redact_data``, exports ``shown``, history pages ``hidden_fields``, and every service
that changes such a record ``guard_write``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from parkbase.core.choices import Action
from parkbase.core.scoping import ScopedQuerySet

ANNOTATION = "need_to_know_label"
PLACEHOLDER = _("(confidential)")
TITLED = _("%(code_name)s (confidential)")
REFUSED = _(
    "This record belongs to a confidential project: only the project's insiders may "
    "change %(fields)s."
)


@dataclass(frozen=True)
class Secrecy:
    """How to tell which records of a confidential model a user is outside of;
    registered by the app that owns the model."""

    secret: Callable  # user -> queryset of the model's records secret for that user
    label: str  # the field shown instead of the record's name (its code name)
    fallback: object  # shown when the label is blank


_rules: dict[type, Secrecy] = {}


def register_need_to_know(model, secrecy: Secrecy | None) -> None:
    """Called once by the owning app (AppConfig.ready); None unregisters (tests)."""
    if secrecy is None:
        _rules.pop(model, None)
    else:
        _rules[model] = secrecy


_followed: dict[type, tuple[str, ...]] = {}


def follow(model, *paths: str) -> None:
    """Called by the app that owns the link (AppConfig.ready): ``model`` reaches a
    confidential record by ``paths`` too, beside those it declares itself."""
    _followed[model] = tuple(dict.fromkeys((*_followed.get(model, ()), *paths)))


def paths_of(model) -> tuple[str, ...]:
    path = getattr(model, "need_to_know_path", None)
    declared = () if path is None else (path,) if isinstance(path, str) else tuple(path)
    return (*declared, *_followed.get(model, ()))


def fields_of(model) -> tuple[str, ...]:
    return tuple(getattr(model, "need_to_know_fields", ()))


def links_of(model) -> tuple[str, ...]:
    links = getattr(model, "need_to_know_links", None)
    if links is not None:
        return tuple(links)
    found = []
    for path in paths_of(model):
        try:
            field = model._meta.get_field(path.split("__")[0])
        except FieldDoesNotExist:
            continue
        if field.concrete:
            found.append(field.name)
    return tuple(found)


def _walk(model, path: str):
    """The model at the end of ``path`` and whether the path runs through a
    many-valued relation (then a row may reach several records)."""
    many = False
    for part in path.removesuffix("__").split("__"):
        field = model._meta.get_field(part)
        many |= bool(field.many_to_many or field.one_to_many)
        model = field.related_model
    return model, many


def label_expression(model, user):
    """The SQL expression of ``need_to_know_label`` for rows of ``model`` read by
    ``user``: the code name of the confidential record the row is linked to and the
    user is outside of, else NULL. None when the model declares no path."""
    expressions = []
    for path in paths_of(model):
        target, many = _walk(model, path)
        rule = _rules.get(target)
        if rule is None:
            continue
        secret = rule.secret(user).values("pk")
        if many:
            rows = model._base_manager.filter(pk=OuterRef("pk"), **{f"{path}in": secret})
            expressions.append(Subquery(rows.order_by().values(f"{path}{rule.label}")[:1]))
        else:
            expressions.append(
                Case(
                    When(**{f"{path}in": secret}, then=F(f"{path}{rule.label}")),
                    default=Value(None),
                    output_field=models.CharField(),
                )
            )
    if not expressions:
        return None
    if len(expressions) == 1:
        return expressions[0]
    return Coalesce(*expressions, output_field=models.CharField())


def annotate(queryset, user):
    """``queryset`` with every row marked ``need_to_know_label`` for ``user``, in the
    same query (a subquery per row in SQL, never a query per row in Python)."""
    expression = label_expression(queryset.model, user)
    if expression is None:
        return queryset
    return queryset.annotate(**{ANNOTATION: expression})


class NeedToKnowQuerySet(ScopedQuerySet):
    """``visible_to`` also marks each row with whether it is secret for the user."""

    def visible_to(self, user, action: str = Action.VIEW):
        return annotate(super().visible_to(user, action), user)


def search_q(queryset, field: str, text: str) -> Q:
    """``field`` holds ``text``, where the reader may see it: a revealing field of a
    row secret for them matches only what they are shown (the code name of a title
    field), never the hidden text. ``queryset`` must come marked (``annotate``)."""
    contains = Q(**{f"{field}__icontains": text})
    model = queryset.model
    if field not in fields_of(model) or ANNOTATION not in queryset.query.annotations:
        return contains
    seen = Q(**{f"{ANNOTATION}__isnull": True}) & contains
    if field in getattr(model, "need_to_know_titles", ("name",)):
        seen |= Q(**{f"{ANNOTATION}__icontains": text})
    return seen


def _fallback(model) -> str:
    for path in paths_of(model):
        rule = _rules.get(_walk(model, path)[0])
        if rule is not None:
            return str(rule.fallback)
    return str(PLACEHOLDER)


def label_for(user, obj) -> str | None:
    """The code name ``obj`` shows ``user`` when it is secret for them, else None. An
    object that did not come through ``annotate`` costs one query (then remembered)."""
    if obj is None or not paths_of(type(obj)):
        return None
    if ANNOTATION not in obj.__dict__:
        label = None
        if obj.pk is not None:
            rows = annotate(type(obj)._base_manager.filter(pk=obj.pk), user)
            label = rows.values_list(ANNOTATION, flat=True).first()
        obj.__dict__[ANNOTATION] = label
    label = obj.__dict__[ANNOTATION]
    if label is None:
        return None
    return label or _fallback(type(obj))


def prime(obj, label: str | None):
    """Mark ``obj`` as one whose secrecy is already known (``label``: the code name
    where it is secret, else None), e.g. a project's loss read through its project."""
    obj.__dict__[ANNOTATION] = label
    return obj


def inherit(user, parent, children) -> list:
    """``children`` marked as secret as ``parent`` is for ``user`` (the constraints of a
    parcel, say, whose secrecy follows the parcel's), without a query per child."""
    label = label_for(user, parent)
    return [prime(child, label) for child in children]


def is_secret_for(user, obj) -> bool:
    return label_for(user, obj) is not None


def mask(obj, field: str, label: str) -> str:
    """What an outsider sees in ``field`` of a secret ``obj``."""
    if field in getattr(type(obj), "need_to_know_titles", ("name",)):
        return str(TITLED) % {"code_name": label}
    return str(PLACEHOLDER)


def shown(user, obj, field: str):
    """The value of ``field`` as ``user`` may see it. Rows of a list carry their mark
    (``annotate``), so exports may pass no user; an unmarked object read with no user
    is shown as to someone outside every confidential record (fail closed)."""
    value = getattr(obj, field)
    if field not in fields_of(type(obj)) or not value:
        return value
    label = label_for(user, obj)
    return value if label is None else mask(obj, field, label)


def linked_name(user, obj, record) -> str:
    """The name of the confidential ``record`` ``obj`` is linked to (its project), as
    ``user`` may see it: the code name where ``obj`` is secret for them."""
    if record is None:
        return ""
    label = label_for(user, obj)
    return label if label is not None else getattr(record, "name", None) or str(record)


def redact(user, obj) -> dict:
    """{field: what the user sees} for each revealing field of ``obj`` that is hidden
    from ``user``: empty when nothing is."""
    label = label_for(user, obj)
    if label is None:
        return {}
    return {name: mask(obj, name, label) for name in fields_of(type(obj)) if getattr(obj, name)}


def redact_data(user, obj, data: dict) -> dict:
    """Serialized ``data`` of ``obj`` with its hidden fields masked."""
    for name, value in redact(user, obj).items():
        if name in data:
            data[name] = value
    return data


def hidden_fields(user, obj) -> tuple[str, ...]:
    """The fields of ``obj`` whose values (and old values) a history page must mask."""
    return fields_of(type(obj)) if is_secret_for(user, obj) else ()


def _same(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_many:
        now = set(getattr(obj, name).values_list("pk", flat=True))
        return {getattr(v, "pk", v) for v in value} == now
    if field.is_relation:
        return getattr(value, "pk", value) == getattr(obj, field.attname)
    current = getattr(obj, name)
    if isinstance(value, str) and isinstance(current, str):
        return value.strip() == current.strip()
    return value == current


def guard_write(user, obj, values: dict) -> dict:
    """An outsider's change of ``obj``: ``values`` without the revealing fields sent
    back as they were shown (the placeholder, or unchanged); a change of a revealing
    field or of the link is refused like any insiders-only change. The system (no
    user) and insiders pass everything."""
    if obj is None or obj.pk is None or not getattr(user, "is_authenticated", False):
        return values
    obj.__dict__.pop(ANNOTATION, None)  # decide on the record as it is now
    label = label_for(user, obj)
    if label is None:
        return values
    guarded = (*fields_of(type(obj)), *links_of(type(obj)))
    kept, refused = {}, []
    for name, value in values.items():
        if name not in guarded:
            kept[name] = value
        elif value is None and name in links_of(type(obj)) and _is_many(obj, name):
            continue  # "leave as it is"
        elif name in fields_of(type(obj)) and value == mask(obj, name, label):
            continue
        elif not _same(obj, name, value):
            refused.append(str(obj._meta.get_field(name).verbose_name))
    if refused:
        raise PermissionDenied(str(REFUSED) % {"fields": "、".join(refused)})
    return kept


def _is_many(obj, name: str) -> bool:
    return bool(obj._meta.get_field(name).many_to_many)


def lock_form(form, user, instance, names: Iterable[str] | None = None) -> None:
    """An edit form of a record secret for ``user``: its revealing fields show the
    placeholder and its link fields stay as they are; both are read-only."""
    label = label_for(user, instance) if instance is not None else None
    if label is None:
        return
    for name in fields_of(type(instance)):
        if name in form.fields and getattr(instance, name):
            form.fields[name].disabled = True
            form.initial[name] = mask(instance, name, label)
    for name in links_of(type(instance)) if names is None else names:
        if name in form.fields:
            form.fields[name].disabled = True
            value = form.initial.get(name)
            if isinstance(value, list | tuple):  # many-to-many: the keys, as posted
                form.initial[name] = [getattr(v, "pk", v) for v in value]


def shown_name_expression(queryset, field: str = "name"):
    """What to sort a list by so that the order follows the names its reader sees: the
    code name where a row is secret for the reader (marked in the list's query), the
    row's own ``field`` elsewhere."""
    if ANNOTATION not in queryset.query.annotations:
        return F(field)
    return Coalesce(NullIf(F(ANNOTATION), Value("")), F(field))
