"""Taking a file into the library: received (size bounded, checksum computed), its kind
told from its content (``engine.detect``), recognised when the uploader already sees
the same file, stored under its checksum, and its text read (``services.text``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parkbase.core.rules import same_park
from parkbase.core.scoping import FOR_WRITE, RULE_CHECK, UNDER_PARENT
from parkbase.core.write import locked, refuse, save, save_edit
from parkbase.documents import storage
from parkbase.documents.choices import EXTENSIONS, TextStatus
from parkbase.documents.engine.detect import Refused, detect, safe_name, title_from_name
from parkbase.documents.messages import DocumentRefused
from parkbase.documents.models import TARGETS, Category, Document, DocumentLink
from parkbase.imports.reader.bounds import MB, Bounds

LINK_FIELDS = tuple(TARGETS)


@dataclass
class Uploaded:
    document: Document
    created: bool  # False: the uploader already sees this file (``document``)


def bounds() -> Bounds:
    return Bounds(
        unpacked_bytes=settings.PARKBASE_DOCUMENT_MAX_UNPACKED_MB * MB,
        members=settings.PARKBASE_DOCUMENT_MAX_PARTS,
    )


def max_bytes() -> int:
    return settings.PARKBASE_DOCUMENT_MAX_MB * MB


def document_upload(
    *,
    user,
    park,
    upload,
    title: str = "",
    category: Category | None = None,
    year: int | None = None,
    links=(),
    replaces: Document | None = None,
    read_now: bool | None = None,
) -> Uploaded:
    """Keep ``upload`` (a file with a ``name``) as a document of ``park``, linked to
    ``links`` (records the caller read in the user's scope), or as the next version of
    ``replaces``. A file the user already sees in the park (the same checksum) is not
    kept twice: that document is answered (``created`` False). A file the user does not
    see is kept as a new document, and nothing tells that the same file exists.
    ``DocumentRefused`` for a file the library does not keep, with the rule's words.
    ``read_now``: read its text before answering (default: small files that need no
    converter; the rest in the background)."""
    name = safe_name(getattr(upload, "name", ""))
    received = storage.Received(upload, max_bytes())
    try:
        if received.too_large:
            raise Refused(
                "too_large",
                size_mb=f"> {settings.PARKBASE_DOCUMENT_MAX_MB}",
                limit_mb=settings.PARKBASE_DOCUMENT_MAX_MB,
            )
        found = detect(received.path, max_bytes=max_bytes(), bounds=bounds())
        if replaces is None:
            # the same file, among those the uploader sees (no user: the system, all)
            seen = Document.objects.for_actor(user).filter(park=park, sha256=received.sha256)
            existing = seen.order_by("-current", "-id").first()
            if existing is not None:
                return Uploaded(existing, False)
        stored = storage.keep_original(received, EXTENSIONS[found.kind])
    except Refused as exc:
        raise DocumentRefused(exc.code, exc.params, name) from None
    finally:
        received.discard()
    values = {
        "title": (title or "").strip()[:300] or title_from_name(name),
        "category": category,
        "year": year,
    }
    document = Document(
        park=park,
        file=stored,
        original_name=name,
        kind=found.kind,
        size=received.size,
        sha256=received.sha256,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        text_status=TextStatus.PENDING,
    )
    with transaction.atomic():
        if replaces is not None:
            _as_next_version(document, replaces, user, title=title)
            carried = DocumentLink.objects.unscoped(UNDER_PARENT).filter(document=replaces)
            links = [link.target for link in carried.select_related(*LINK_FIELDS)]
        else:
            _same_park(park, category, links)
            for field, value in values.items():
                setattr(document, field, value)
        save(document, user)
        for target in links:
            link_save(document, target, user)
    from parkbase.documents.services.text import text_start

    text_start(document, read_now=read_now)
    return Uploaded(document, True)


def _same_park(park, category, links) -> None:
    """What a document is filed under and linked to must be of its own park."""
    refuse(same_park({"category": category}, park, "category"), Document)
    for target in links:
        if getattr(target, "park_id", park.pk) != park.pk:
            raise ValidationError(
                _(
                    "{record} is of another park: a document is linked to its own park's records."
                ).format(record=target)
            )


def _as_next_version(document: Document, replaces: Document, user, title: str) -> None:
    """``document`` becomes the newest version of ``replaces``'s document: its
    metadata and links carried over, the version before kept (no longer current)."""
    previous = locked(Document, replaces.pk, replaces.version)
    first_id = previous.first_id or previous.pk
    siblings = Document.objects.unscoped(RULE_CHECK).filter(
        pk=first_id
    ) | Document.objects.unscoped(RULE_CHECK).filter(first_id=first_id)
    document.park = previous.park
    document.first_id = first_id
    document.edition = max(siblings.values_list("edition", flat=True)) + 1
    for field in (
        "title",
        "number",
        "issuer",
        "issued_on",
        "year",
        "category",
        "tags",
        "description",
    ):
        setattr(document, field, getattr(previous, field))
    if title:
        document.title = title.strip()[:300]
    previous.current = False
    save_edit(previous, user)


def link_save(document: Document, target, user) -> DocumentLink:
    """Link ``document`` to ``target`` (an enterprise, project, parcel, land approval or
    evaluation run); a link it has already is kept as it is."""
    field = next((k for k, m in TARGETS.items() if isinstance(target, m)), None)
    if field is None:
        raise TypeError(f"a document cannot be linked to {type(target).__name__}")
    _same_park(document.park, None, [target])
    links = DocumentLink.objects.unscoped(FOR_WRITE)
    existing = links.filter(document=document, **{field: target}).first()
    if existing is not None:
        return existing
    link = DocumentLink(document=document, created_by=_acting(user), **{field: target})
    save(link, user)
    return link


def _acting(user):
    return user if getattr(user, "is_authenticated", False) else None
