"""Reading a document's text, as a job with progress and a heartbeat (the way import
jobs run): small files that need no converter are read at once, the rest by the
background worker (``tasks.read_document_text``) after the upload commits. Whatever
happens, the document ends with a status and, unless all went well, a note that says
why (never a silent empty text); a job whose worker died is ended when the documents
are next read (``text_jobs_expire``, after ``PARKBASE_IMPORT_STALE_MINUTES``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from parkbase.core.scoping import SYSTEM_WORK
from parkbase.documents import storage
from parkbase.documents.choices import BUSY, IMAGES, OFFICE_TEXT, TextStatus
from parkbase.documents.engine import converters
from parkbase.documents.engine.extract import Limits, extract
from parkbase.documents.models import Document, DocumentPage
from parkbase.imports.endings import stale_after

logger = logging.getLogger(__name__)
INLINE_BYTES = 512 * 1024
PREVIEW_PDF = "preview.pdf"


def tools() -> converters.Tools:
    """The converters the settings name, where this machine has them."""
    return converters.find(settings.PARKBASE_DOCUMENT_SOFFICE, settings.PARKBASE_DOCUMENT_TESSERACT)


def limits() -> Limits:
    from parkbase.documents.services.upload import bounds

    return Limits(
        pages=settings.PARKBASE_DOCUMENT_TEXT_PAGES,
        seconds=settings.PARKBASE_DOCUMENT_TEXT_SECONDS,
        ocr_pages=settings.PARKBASE_DOCUMENT_OCR_PAGES,
        convert_seconds=settings.PARKBASE_DOCUMENT_CONVERT_SECONDS,
        bounds=bounds(),
    )


def reads_at_once(document: Document) -> bool:
    """Small files that need no converter are read within the request."""
    found = tools()
    if document.kind in OFFICE_TEXT and found.soffice:
        return False
    if document.kind in IMAGES and found.ocr:
        return False
    return document.size <= INLINE_BYTES


def text_start(document: Document, *, read_now: bool | None = None) -> None:
    """Read ``document``'s text now, or queue it for the worker once the caller's
    transaction commits."""
    _rows().filter(pk=document.pk).update(
        text_status=TextStatus.PENDING, progress=0, heartbeat=timezone.now()
    )
    if read_now if read_now is not None else reads_at_once(document):
        text_read(document.pk)
        document.refresh_from_db()
        return
    from parkbase.documents.tasks import read_document_text

    transaction.on_commit(lambda: read_document_text(document.pk))


def _rows():
    return Document.objects.unscoped(SYSTEM_WORK)


def text_read(document_id: int) -> None:
    """Read the document's text and store it page by page, ending with its status and
    note whatever happens."""
    try:
        _read(document_id)
    except BaseException as exc:
        logger.exception("reading the text of document %s failed", document_id)
        _end(document_id, TextStatus.FAILED, "internal_error", {"detail": str(exc)[:200]})
        if not isinstance(exc, Exception):
            raise


def _read(document_id: int) -> None:
    document = _rows().filter(pk=document_id).first()
    if document is None:
        return
    _rows().filter(pk=document_id).update(
        text_status=TextStatus.RUNNING, progress=0, heartbeat=timezone.now()
    )
    last = {"pct": -1}

    def progress(done: int, total: int) -> None:
        pct = int(done * 100 / total) if total else 100
        if pct >= last["pct"] + 2:
            last["pct"] = pct
            _rows().filter(pk=document_id).update(progress=min(pct, 99), heartbeat=timezone.now())

    with storage.local_copy(document.file.name) as path:
        result = extract(path, document.kind, tools(), limits(), progress)
    preview_pdf = ""
    if result.pdf is not None:
        preview_pdf = storage.keep_derived(document.sha256, PREVIEW_PDF, result.pdf)
    pages = [
        DocumentPage(document_id=document_id, number=number, text=text)
        for number, text in enumerate(result.pages, start=1)
    ]
    with transaction.atomic():
        DocumentPage.objects.unscoped(SYSTEM_WORK).filter(document_id=document_id).delete()
        DocumentPage.objects.bulk_create(pages, batch_size=500)
        _rows().filter(pk=document_id).update(
            text_status=result.status,
            text_note=result.note,
            text_params=result.params,
            page_count=result.page_count if result.page_count is not None else len(pages) or 1,
            preview_pdf=preview_pdf,
            progress=100,
            heartbeat=timezone.now(),
        )


def _end(document_id: int, status: str, note: str, params: dict) -> None:
    try:
        with transaction.atomic():
            _rows().filter(pk=document_id).update(
                text_status=status, text_note=note, text_params=params, progress=100
            )
    except Exception:
        logger.exception("could not end the text job of document %s", document_id)


def text_jobs_expire(queryset=None) -> int:
    """End, as failed with a note, every text job whose heartbeat is older than the
    stale limit: its worker died without a word. The list and a document's page call
    it before they read."""
    cutoff = timezone.now() - stale_after()
    rows = queryset if queryset is not None else _rows()
    stale = rows.filter(text_status__in=BUSY).filter(
        Q(heartbeat__lt=cutoff) | Q(heartbeat__isnull=True, uploaded_at__lt=cutoff)
    )
    found = list(stale.values_list("pk", flat=True))
    if not found:
        return 0
    minutes = int(stale_after().total_seconds() // 60)
    with transaction.atomic():
        return (
            _rows()
            .filter(pk__in=found, text_status__in=BUSY)
            .update(
                text_status=TextStatus.FAILED,
                text_note="worker_stopped",
                text_params={"minutes": minutes},
                progress=100,
            )
        )
