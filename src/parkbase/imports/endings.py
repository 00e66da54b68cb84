"""How an import job ends, whatever happens: the messages of a job that failed, a
locked database told apart from other errors, and the expiry of jobs whose worker died.

Every job ends in a final state with its message. ``services.import_job_execute``
ends the job whatever its work raises (``end_failed``); a job whose worker dies
without a word (killed by the kernel, the consumer stopped) is ended by
``import_jobs_expire`` once its heartbeat is older than
``PARKBASE_IMPORT_STALE_MINUTES``. The heartbeat is set when the work is queued and
at each step of its progress."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from parkbase.core.scoping import SYSTEM_WORK
from parkbase.imports.choices import JobStatus

logger = logging.getLogger(__name__)
SHOWN_CHARS = 200  # a value quoted in a message or a report is cut to this length
ERROR_CHARS = 2000  # a failure's stored message


def clip(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut: a huge cell
    is quoted, never copied whole, into a message or a stored report."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


BUSY_MESSAGE = (
    "数据库正忙，请稍后重试（几秒钟后再提交一次）。 / The database is busy; "
    "try again in a few seconds."
)
WORKING_MESSAGE = (
    "这个导入正在校验或写入，请等它结束后再操作。 / The import is still being checked "
    "or written; wait for it to finish."
)


class DatabaseBusy(Exception):
    """The database stayed locked (SQLite's single writer) longer than its timeout."""

    def __init__(self, message: str = BUSY_MESSAGE):
        super().__init__(message)


class JobBusy(Exception):
    """The job is being checked or written: it cannot be queued a second time."""

    def __init__(self, message: str = WORKING_MESSAGE):
        super().__init__(message)


def is_busy_database(exc: BaseException) -> bool:
    """True for the error of a database that stayed locked: SQLite's "database is
    locked", PostgreSQL's lock timeout."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return "locked" in text or "lock timeout" in text or "could not obtain lock" in text


def failure_message(exc: BaseException) -> str:
    """The bilingual message a job that failed keeps."""
    if is_busy_database(exc) or isinstance(exc, DatabaseBusy):
        return (
            "数据库正忙，导入没有完成，未写入任何数据。请稍后重新上传。 / The database was busy "
            "and the import did not finish; nothing was written. Upload the file again "
            "in a moment."
        )
    detail = clip(f"{type(exc).__name__}: {exc}", ERROR_CHARS - 200)
    return (
        f"导入因内部错误而中止，未写入任何数据（{detail}）。请联系管理员。 / The import stopped "
        f"on an internal error and wrote nothing ({detail}). Tell the administrator."
    )


def end_failed(job_id: int, exc: BaseException, attempts: int = 3) -> None:
    """End the job as failed with ``exc``'s message, trying a few times if the database
    is locked (if it stays locked, ``import_jobs_expire`` ends the job later)."""
    from parkbase.imports.models import ImportJob

    now = timezone.now()
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                ImportJob.objects.unscoped(SYSTEM_WORK).filter(pk=job_id).update(
                    status=JobStatus.FAILED,
                    error=failure_message(exc),
                    progress=100,
                    heartbeat=now,
                    finished_at=now,
                )
            return
        except Exception:
            logger.exception("could not end import job %s (attempt %s)", job_id, attempt + 1)
            time.sleep(0.5 * (attempt + 1))


def stale_after() -> timedelta:
    return timedelta(minutes=settings.PARKBASE_IMPORT_STALE_MINUTES)


def import_jobs_expire(queryset=None) -> int:
    """End as failed every busy job whose heartbeat (or, before its first, upload) is
    older than ``PARKBASE_IMPORT_STALE_MINUTES``: its worker died without a word.

    This is the one mechanism that notices a dead worker: the job list and a job's
    page and API read call it before they read (one UPDATE over busy jobs), so a job
    nobody looks at stays as it was until someone does. ``queryset`` narrows it to the
    jobs being read. A database too busy to take the UPDATE is left for the next read.
    Returns the number of jobs ended."""
    from parkbase.imports.models import ImportJob

    cutoff = timezone.now() - stale_after()
    jobs = queryset if queryset is not None else ImportJob.objects.unscoped(SYSTEM_WORK)
    stale = jobs.filter(status__in=(JobStatus.CHECKING, JobStatus.WRITING)).filter(
        Q(heartbeat__lt=cutoff) | Q(heartbeat__isnull=True, created_at__lt=cutoff)
    )
    minutes = int(stale_after().total_seconds() // 60)
    message = (
        f"后台处理进程已停止（{minutes} 分钟没有进展，可能因内存不足被系统终止），导入未完成，"
        "未写入任何数据。请重新上传；如果再次发生，请联系管理员。 / The background worker "
        f"stopped (no progress for {minutes} minutes, perhaps killed for lack of memory); "
        "the import did not finish and wrote nothing. Upload the file again; if it happens "
        "again, tell the administrator."
    )
    try:
        found = list(stale.values_list("pk", flat=True))  # a read: no lock is taken
        if not found:
            return 0
        with transaction.atomic():
            return (
                ImportJob.objects.unscoped(SYSTEM_WORK)
                .filter(pk__in=found, status__in=(JobStatus.CHECKING, JobStatus.WRITING))
                .update(
                    status=JobStatus.FAILED, error=message, progress=100, finished_at=timezone.now()
                )
            )
    except OperationalError as exc:
        if not is_busy_database(exc):
            raise
        return 0
