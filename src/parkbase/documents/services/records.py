"""A document's record after its upload: its metadata, its links, its deletion, the
park's category tree, and the log of who opened a confidential project's documents."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from parkbase.core.rules import choice, required_text, same_park, unknown_fields
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, SYSTEM_WORK
from parkbase.core.violations import Violation
from parkbase.core.write import delete, delete_locked, locked, refuse, save, save_edit
from parkbase.documents import storage
from parkbase.documents.choices import DEFAULT_CATEGORIES, AccessAction
from parkbase.documents.models import Category, Document, DocumentAccess, DocumentLink

METADATA = ("title", "number", "issuer", "issued_on", "year", "category", "tags", "description")
FIRST_YEAR, LAST_YEAR = 1949, 2100


@transaction.atomic
def categories_ensure(park, user=None) -> int:
    """Give the park the default category tree's nodes it lacks (by name under the same
    parent); nodes it has, renamed or not, stay. Returns how many were created."""
    rows = Category.objects.unscoped(RULE_CHECK).filter(park=park)
    have = {(c.parent_id, c.name): c for c in rows}
    created = 0
    for order, (name, name_en, children) in enumerate(DEFAULT_CATEGORIES, start=1):
        parent = have.get((None, name))
        if parent is None:
            parent = Category(park=park, name=name, name_en=name_en, order=order * 10)
            save(parent, user)
            created += 1
        for child_order, (child, child_en) in enumerate(children, start=1):
            if (parent.pk, child) not in have:
                node = Category(
                    park=park, parent=parent, name=child, name_en=child_en, order=child_order * 10
                )
                save(node, user)
                created += 1
    return created


def category_named(park, text: str) -> Category | None:
    """The park's category ``text`` names: its name (工作总结), its English name, or its
    path (管理文书/工作总结, 管理文书 › 工作总结)."""
    text = (text or "").strip()
    if not text:
        return None
    parts = [p.strip() for p in text.replace("›", "/").replace(">", "/").split("/") if p.strip()]
    rows = Category.objects.unscoped(SYSTEM_WORK).filter(park=park).select_related("parent")
    for category in rows:
        names = {category.name, category.name_en}
        parent = category.parent
        if len(parts) == 1 and parts[0] in names:
            return category
        if (
            len(parts) == 2
            and parent
            and parts[1] in names
            and parts[0] in (parent.name, parent.name_en)
        ):
            return category
    return None


def _check(values: dict, park) -> None:
    problems = required_text(values, "title") if "title" in values else []
    year = values.get("year")
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        params = {"value": year, "min": FIRST_YEAR, "max": LAST_YEAR}
        problems.append(Violation("year", "year_range", params))
    if values.get("category") is not None:
        problems += same_park(values, park, "category")
    refuse(problems, Document)


def document_update(*, document: Document, expected_version: int | None, user, **values):
    """Change the document's metadata (title, 文号, issuer, date, year, category,
    tags, description) at the version the editor started from."""
    unknown_fields(values, METADATA)
    with transaction.atomic():
        current = locked(Document, document.pk, expected_version)
        _check(values, current.park)
        if values.get("year") is None and values.get("issued_on"):
            values["year"] = values["issued_on"].year
        for name, value in values.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        save_edit(current, user)
    return current


def document_link(*, document: Document, target, user) -> DocumentLink:
    """Link the document to a record the user sees (the caller read both in scope)."""
    from parkbase.documents.services.upload import link_save

    with transaction.atomic():
        return link_save(document, target, user)


def document_unlink(*, link: DocumentLink, user) -> None:
    """Remove one link. A document linked to a confidential project keeps that link
    unless the user is one of its insiders (the caller read the link in scope, which
    only insiders do)."""
    current = DocumentLink.objects.unscoped(FOR_WRITE).filter(pk=link.pk).first()
    if current is None:
        return
    delete(current, user)


def document_delete(*, document: Document, expected_version: int | None, user) -> None:
    """Delete one version of a document with its file (unless another document keeps
    the same content). Deleting the current version makes the one before current."""
    with transaction.atomic():
        gone = delete_locked(Document, document.pk, expected_version, user)
        rows = Document.objects.unscoped(FOR_WRITE)
        if gone.first_id is None:
            # the first version goes: the next one becomes the first of the rest
            rest = list(rows.filter(first_id=gone.pk).order_by("edition"))
            if rest:
                rows.filter(first_id=gone.pk).exclude(pk=rest[0].pk).update(first=rest[0])
                rows.filter(pk=rest[0].pk).update(first=None)
            head = rest[0].pk if rest else None
        else:
            head = gone.first_id
        if gone.current and head is not None:
            newest = rows.filter(Q(pk=head) | Q(first_id=head)).order_by("-edition").first()
            newest.current = True
            save_edit(newest, user)
        still_used = Document.objects.unscoped(RULE_CHECK).filter(sha256=gone.sha256).exists()
        transaction.on_commit(lambda: storage.forget(gone.sha256, gone.file.name, still_used))


def access_log(*, document: Document, user, action: str) -> None:
    """Note that ``user`` opened ``document`` (when it is linked to a confidential
    project: the caller asks ``logs_access``)."""
    choice({"action": action}, "action", AccessAction)
    DocumentAccess.objects.create(
        document=document,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
    )


def logs_access(document: Document) -> bool:
    """Whether opening the document is logged: it is linked to a confidential project."""
    return (
        DocumentLink.objects.unscoped(RULE_CHECK)
        .filter(document=document, project__confidential=True)
        .exists()
    )
