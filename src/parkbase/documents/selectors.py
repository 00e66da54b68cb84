"""The library's reads, every one through ``visible_to``: the documents of a record,
a document's links as its reader may see them, its versions and related documents."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from parkbase.core.choices import Action
from parkbase.core.views import may
from parkbase.documents.models import TARGETS, Document, DocumentAccess, DocumentLink
from parkbase.projects.models import Project

RELATED = 10
TARGET_URLS = {
    "enterprise": "enterprise-detail",
    "project": "project",
    "parcel": "land-parcel",
    "approval": "land-approval",
    "run": "evaluation-run",
}


def may_add(user) -> bool:
    return may(user, Action.ADD, Document)


def current(user):
    """The current version of each document the user sees."""
    return Document.objects.visible_to(user).filter(current=True)


def listed(documents):
    """``documents`` with what a list shows, newest first."""
    return documents.select_related("category__parent").order_by("-uploaded_at", "-id")


def linked_to(user, field: str, record):
    """The documents (current versions) the user sees that are linked to ``record``."""
    return current(user).filter(**{f"links__{field}": record})


@dataclass(frozen=True)
class ShownLink:
    link: DocumentLink
    kind_label: str
    name: str
    url: str


def links_of(user, document) -> list[ShownLink]:
    """The document's links to records the user sees, each with its name as the user
    may see it (a project's code name for its outsiders) and its page."""
    links = list(
        DocumentLink.objects.visible_to(user)
        .filter(document=document)
        .select_related(*TARGETS)
        .order_by("id")
    )
    project_ids = [link.project_id for link in links if link.project_id]
    projects = {p.pk: p for p in Project.objects.visible_to(user).filter(pk__in=project_ids)}
    shown = []
    for link in links:
        kind = link.kind
        target = projects.get(link.project_id) if kind == "project" else link.target
        if target is None:
            continue
        name = target.shown_name if kind == "project" else _name(kind, target)
        label = TARGETS[kind]._meta.verbose_name
        url = reverse(TARGET_URLS[kind], args=[target.pk])
        shown.append(ShownLink(link, str(label), name, url))
    return shown


def _name(kind: str, target) -> str:
    if kind == "parcel":
        return f"{target.code} {target.name}"
    if kind == "run":
        return f"{target.year} · {target}"
    return str(getattr(target, "name", target))


def versions_of(user, document) -> list[Document]:
    """Every version of the document the user sees, newest first."""
    first = document.first_id or document.pk
    return list(
        Document.objects.visible_to(user)
        .filter(Q(pk=first) | Q(first_id=first))
        .order_by("-edition", "-id")
    )


def related_to(user, document) -> list[Document]:
    """Other documents the user sees linked to the same records, then of the same
    category and year; at most ``RELATED``."""
    first = document.first_id or document.pk
    own = Q(pk=first) | Q(first_id=first)
    targets = Q()
    links = DocumentLink.objects.visible_to(user).filter(document=document)
    for field in TARGETS:
        ids = [i for i in links.values_list(f"{field}_id", flat=True) if i]
        if ids:
            targets |= Q(**{f"links__{field}__in": ids})
    found: list[Document] = []
    if targets:
        same_records = current(user).filter(targets).exclude(own).distinct()
        found = list(listed(same_records)[:RELATED])
    if len(found) < RELATED and document.category_id and document.year:
        same_kind = (
            current(user)
            .filter(category_id=document.category_id, year=document.year)
            .exclude(own)
            .exclude(pk__in=[d.pk for d in found])
        )
        found += list(listed(same_kind)[: RELATED - len(found)])
    return found


def accesses_of(user, document):
    """Who opened the document (a confidential project's): for its insiders."""
    return (
        DocumentAccess.objects.visible_to(user)
        .filter(document=document)
        .select_related("user")
        .order_by("-at", "-id")[:200]
    )


def target_named(user, park, text: str):
    """The record ``text`` names as ``kind:key`` (``enterprise:`` a credit code or a
    number, ``project:``, ``approval:`` and ``run:`` a number, ``parcel:`` a parcel
    code or a number), among those of ``park`` the user sees (no user: the system, the
    whole park); None when there is none."""
    from parkbase.core.scoping import SYSTEM_WORK

    kind, _sep, key = (text or "").partition(":")
    kind, key = kind.strip().lower(), key.strip()
    model = TARGETS.get(kind)
    if model is None or not key:
        return None
    rows = model.objects.unscoped(SYSTEM_WORK) if user is None else model.objects.visible_to(user)
    rows = rows.filter(park=park)
    by_key = Q()
    if key.isdigit() and len(key) < 18:
        by_key |= Q(pk=int(key))
    if kind == "enterprise":
        by_key |= Q(uscc=key.upper())
    elif kind == "parcel":
        by_key |= Q(code=key)
    return rows.filter(by_key).first() if by_key else None
