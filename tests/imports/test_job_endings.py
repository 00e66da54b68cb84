"""Every import job ends in a final state with its message: whatever its work raises,
when the database is locked at upload (503, no job left behind), when it is asked to
start again while busy (409), and when its worker dies (its heartbeat stops)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from parkbase.core.choices import Role
from parkbase.imports import services
from parkbase.imports.choices import JobPhase, JobStatus
from parkbase.imports.models import ImportJob
from tests.clients import api_client, log_in
from tests.factories import make_uscc
from tests.imports.test_jobs import upload, xlsx_bytes


@pytest.fixture
def staff(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    return client


def checked_job(staff) -> ImportJob:
    upload(staff, [["企业名称", "统一社会信用代码"], ["甲公司", make_uscc()]])
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.CHECKED
    return job


# ---------------------------------------------------------------- the work raises


def test_a_job_whose_work_raises_ends_failed_with_a_bilingual_message(staff):
    """An option its importer does not take (stored by an older version, say) makes
    the importer raise a TypeError: the job ends failed, not 'checking' at 99 %."""
    job = checked_job(staff)
    ImportJob.objects.filter(pk=job.pk).update(options={"no_such_option": 1})
    response = staff.post(reverse("import-confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.progress == 100
    assert job.finished_at is not None
    assert "内部错误" in job.error and "internal error" in job.error
    assert "TypeError" in job.error
    page = staff.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert 'data-testid="job-error"' in page and "internal error" in page


def test_the_background_task_ends_a_failing_job_too(staff, monkeypatch):
    from huey.contrib.djhuey import HUEY

    from parkbase.imports.tasks import run_import_job

    monkeypatch.setattr(HUEY, "immediate", True)
    job = checked_job(staff)
    ImportJob.objects.filter(pk=job.pk).update(
        options={"no_such_option": 1}, status=JobStatus.WRITING
    )
    run_import_job(job.pk, JobPhase.WRITE)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "TypeError" in job.error


def test_a_huge_value_is_cut_in_the_report_and_the_report_is_saved(staff, settings):
    """The probe's gigabyte cell made saving the report fail; a value quoted in a
    message or the report is cut to 200 characters."""
    settings.PARKBASE_IMPORT_MAX_CELL_CHARS = 1_000_000
    huge = "甲" * 300_000
    upload(staff, [["企业名称", "统一社会信用代码"], ["甲公司", huge]])
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.CHECKED, job.error
    (error,) = job.report["errors"]
    assert len(error["value"]) <= 200 and error["value"].endswith("…")
    assert len(error["message"]) < 1000 and len(error["message_en"]) < 1000
    assert len(str(job.report)) < 20_000


# ---------------------------------------------------------------- a locked database


def _hold_the_write_lock():
    """A second connection to the test database that takes SQLite's write lock."""
    name = connection.settings_dict["NAME"]
    other = sqlite3.connect(str(name), uri=str(name).startswith("file:"), timeout=0.1)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE imports_importjob SET progress = progress")
    return other


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("through", ["page", "api"])
def test_an_upload_while_the_database_is_locked_answers_503_and_keeps_nothing(
    world, settings, tmp_path, client, through
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer")
    settings.MEDIA_ROOT = tmp_path / "media"
    content = xlsx_bytes([["企业名称", "统一社会信用代码"], ["甲公司", make_uscc()]])
    data = {"kind": "enterprises", "file": SimpleUploadedFile("locked.xlsx", content)}
    log_in(client, world.users[Role.STAFF])  # the session is written before the lock
    api = api_client(world.users[Role.STAFF], None)
    other = _hold_the_write_lock()
    try:
        if through == "page":
            response = client.post(reverse("import-create"), data)
            text = response.content.decode()
        else:
            response = api.post("/api/imports/", data, format="multipart")
            text = response.json()["detail"]
    finally:
        other.rollback()
        other.close()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "数据库正忙" in text and "try again" in text
    assert not ImportJob.objects.exists()
    stored = tmp_path / "media" / "imports"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


# ---------------------------------------------------------------- a busy job


@pytest.mark.parametrize("status", [JobStatus.CHECKING, JobStatus.WRITING])
def test_a_busy_job_is_not_queued_again_through_the_api(staff, world, status):
    job = checked_job(staff)
    ImportJob.objects.filter(pk=job.pk).update(status=status, progress=40)
    api = api_client(world.users[Role.STAFF], None)
    response = api.post(
        f"/api/imports/{job.pk}/mapping/", {"overrides": {"企业名称": "name"}}, format="json"
    )
    assert response.status_code == 409
    assert "正在校验或写入" in response.json()["detail"]
    assert "still being checked" in response.json()["detail"]
    assert api.post(f"/api/imports/{job.pk}/confirm/").status_code == 409
    job.refresh_from_db()
    assert job.status == status and job.progress == 40 and job.overrides == {}


@pytest.mark.parametrize("action", ["import-mapping", "import-confirm"])
def test_a_busy_job_is_not_queued_again_through_the_page(staff, action):
    job = checked_job(staff)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITING, progress=40)
    response = staff.post(reverse(action, args=[job.pk]), {"map-0": "name"})
    assert response.status_code == 409
    assert "still being checked or written" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.WRITING and job.progress == 40


def test_a_job_claimed_by_someone_else_meanwhile_is_not_started_twice(staff, world):
    """The check that the job is at rest and the change to busy are one UPDATE: a
    request holding an old copy of the job (read before another started it) is
    refused too."""
    job = checked_job(staff)
    stale_copy = ImportJob.objects.get(pk=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.WRITING)
    with pytest.raises(services.JobBusy):
        services.import_job_confirm(user=world.users[Role.STAFF], job=stale_copy)
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.WRITING


# ---------------------------------------------------------------- a worker that died


def _busy_since(job, minutes: int, status=JobStatus.CHECKING) -> None:
    beat = timezone.now() - dt.timedelta(minutes=minutes)
    ImportJob.objects.filter(pk=job.pk).update(status=status, progress=37, heartbeat=beat)


@pytest.mark.parametrize("read", ["list", "detail", "api-list", "api-detail"])
def test_a_job_whose_heartbeat_stopped_ends_failed_when_read(staff, world, settings, read):
    settings.PARKBASE_IMPORT_STALE_MINUTES = 15
    dead, alive = checked_job(staff), checked_job(staff)
    _busy_since(dead, 16)
    _busy_since(alive, 1, JobStatus.WRITING)
    api = api_client(world.users[Role.STAFF], None)
    if read == "list":
        assert staff.get(reverse("import-list")).status_code == 200
    elif read == "detail":
        page = staff.get(reverse("import-detail", args=[dead.pk])).content.decode()
        assert "background worker stopped" in page
    elif read == "api-list":
        assert api.get("/api/imports/").status_code == 200
    else:
        body = api.get(f"/api/imports/{dead.pk}/").json()
        assert body["status"] == "failed" and "后台处理进程已停止" in body["error"]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == JobStatus.FAILED and dead.finished_at is not None
    assert "15 分钟没有进展" in dead.error and "no progress for 15 minutes" in dead.error
    assert alive.status == JobStatus.WRITING  # its worker is still at it


def test_a_job_from_before_heartbeats_is_judged_by_its_upload_time(staff, settings):
    settings.PARKBASE_IMPORT_STALE_MINUTES = 15
    job = checked_job(staff)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.CHECKING, heartbeat=None, created_at=long_ago
    )
    assert services.import_jobs_expire() == 1
    assert ImportJob.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_a_late_worker_leaves_an_ended_job_alone(staff):
    """A queued task that runs after its job was ended (expired) does nothing."""
    job = checked_job(staff)
    _busy_since(job, 60)
    services.import_jobs_expire()
    services.import_job_execute(job.pk, JobPhase.CHECK)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "background worker" in job.error


def test_progress_beats_the_heart(staff, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "INLINE_BYTES", 10)
    rows = [["企业名称", "统一社会信用代码"]] + [[f"公司{i}", make_uscc()] for i in range(20)]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        upload(staff, rows)
    job = ImportJob.objects.get()
    assert len(queued) == 1  # queued, not run
    assert job.status == JobStatus.CHECKING and job.heartbeat is not None
    queued_at = job.heartbeat
    ImportJob.objects.filter(pk=job.pk).update(heartbeat=queued_at - dt.timedelta(hours=1))
    services.import_job_execute(job.pk, JobPhase.CHECK)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.heartbeat >= queued_at
