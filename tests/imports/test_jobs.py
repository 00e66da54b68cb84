"""Import from the pages: upload → check (dry run) with the mapping and errors → confirm;
corrections to the mapping are remembered; big files go to the task queue."""

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from parkbase.core.choices import Role
from parkbase.enterprises.models import Enterprise
from parkbase.imports import services
from parkbase.imports.choices import JobStatus
from parkbase.imports.models import ImportJob, MappingProfile
from tests.clients import api_client, log_in
from tests.factories import make_uscc


def xlsx_bytes(rows) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("名录")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def upload(client, rows, name="ents.xlsx", **extra):
    data = {"kind": "enterprises", "file": SimpleUploadedFile(name, xlsx_bytes(rows)), **extra}
    return client.post(reverse("import-create"), data)


@pytest.fixture
def staff(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    return client


def test_upload_checks_then_confirm_writes(staff, world):
    codes = [make_uscc(), make_uscc()]
    response = upload(
        staff, [["企业名称", "统一社会信用代码"], ["甲公司", codes[0]], ["乙公司", codes[1]]]
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKED
    assert job.report["created"] == 2
    assert not Enterprise.objects.filter(uscc__in=codes).exists()  # nothing yet
    page = staff.get(job_url := reverse("import-detail", args=[job.pk]))
    assert 'data-testid="confirm"' in page.content.decode()
    assert staff.post(reverse("import-confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert set(Enterprise.objects.filter(uscc__in=codes).values_list("park", flat=True)) == {
        world.parks[0].pk
    }
    assert staff.get(job_url).status_code == 200


def test_errors_block_confirmation_and_come_back_in_the_workbook(staff):
    response = upload(
        staff, [["企业名称", "统一社会信用代码"], ["坏公司", "12345"], ["好公司", make_uscc()]]
    )
    job = ImportJob.objects.get()
    assert job.report["error_count"] == 1
    page = staff.get(response["Location"]).content.decode()
    assert 'data-testid="confirm"' not in page
    assert staff.post(reverse("import-confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED  # refused: all or nothing
    assert not Enterprise.objects.filter(name="好公司").exists()
    workbook = staff.get(reverse("import-errors", args=[job.pk]))
    assert workbook.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(workbook.content))
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][:2] == ["企业名称", "统一社会信用代码"] and "Errors" in rows[0][2]
    assert rows[1][0] == "坏公司" and "B" in rows[1][2] and "18" in rows[1][2]
    assert rows[2][2] == ""


def test_skip_invalid_writes_exactly_the_valid_rows(staff):
    good = make_uscc()
    upload(
        staff,
        [["企业名称", "统一社会信用代码"], ["坏公司", "12345"], ["好公司", good]],
        skip_invalid="on",
    )
    job = ImportJob.objects.get()
    staff.post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert Enterprise.objects.filter(uscc=good).exists()
    assert not Enterprise.objects.filter(name="坏公司").exists()


def test_a_corrected_mapping_is_remembered_for_the_same_header(staff):
    rows = [["公司", "代码号"], ["丙公司", make_uscc()]]  # headers the engine does not know
    upload(staff, rows)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.REJECTED  # no header found: nothing to map to
    rows = [["企业名称", "代码号"], ["丙公司", make_uscc()]]
    upload(staff, rows, name="second.xlsx")
    job = ImportJob.objects.latest("pk")
    headers = {h["header"]: h for h in job.report["headers"]}
    assert headers["代码号"]["field"] == ""
    staff.post(
        reverse("import-mapping", args=[job.pk]),
        {
            f"map-{headers['企业名称']['index']}": "name",
            f"map-{headers['代码号']['index']}": "uscc",
        },
    )
    job.refresh_from_db()
    assert job.overrides == {"代码号": "uscc"}
    assert {h["header"]: h["field"] for h in job.report["headers"]}["代码号"] == "uscc"
    assert MappingProfile.objects.count() == 1
    # the same header row next time: the correction applies by itself
    upload(staff, [["企业名称", "代码号"], ["丁公司", make_uscc()]], name="third.xlsx")
    third = ImportJob.objects.latest("pk")
    assert third.overrides == {"代码号": "uscc"}
    assert {h["header"]: h["field"] for h in third.report["headers"]}["代码号"] == "uscc"


def test_templates_document_every_column(staff):
    response = staff.get(reverse("import-template", args=["years"]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    header = book.get_sheet_by_index(0).to_python()[0]
    assert "工业总产值(万元)" in header and "年度" in header
    notes = book.get_sheet_by_index(1).to_python()
    documented = {row[0] for row in notes[1:] if row and row[0]}
    assert set(header) <= documented


def test_a_big_file_goes_to_the_task_queue_and_reports_progress(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr(services, "INLINE_BYTES", 10)
    monkeypatch.setattr(HUEY, "immediate", True)
    rows = [["企业名称", "统一社会信用代码"]] + [[f"公司{i}", make_uscc()] for i in range(30)]
    with django_capture_on_commit_callbacks(execute=False) as queued:
        upload(staff, rows)
    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKING  # the request returned before the work
    assert len(queued) == 1
    queued[0]()  # the commit happens: the task runs (immediately, in this test)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.progress == 100
    assert job.report["created"] == 30


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.ENTERPRISE, Role.SURVEY])
def test_other_roles_cannot_upload_or_see_imports(client, world, role, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    log_in(client, world.users[Role.STAFF])
    upload(client, [["企业名称", "统一社会信用代码"], ["甲公司", make_uscc()]])
    job = ImportJob.objects.get()
    log_in(client, world.users[role])
    # imports are the committee's: the other roles find none of their pages (404)
    assert upload(client, [["企业名称"], ["乙公司"]]).status_code == 404
    assert client.get(reverse("import-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("import-errors", args=[job.pk])).status_code == 404
    assert client.get(reverse("import-list")).status_code == 404
    assert client.get(reverse("import-template", args=["enterprises"])).status_code == 404
    assert ImportJob.objects.count() == 1


def test_the_api_uploads_checks_and_confirms(world, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path / "media"
    api = api_client(world.users[Role.STAFF], None)
    code = make_uscc()
    content = xlsx_bytes([["企业名称", "统一社会信用代码"], ["接口公司", code]])
    response = api.post(
        "/api/imports/",
        {"kind": "enterprises", "file": SimpleUploadedFile("api.xlsx", content)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["status"] == "checked" and job["report"]["created"] == 1
    assert not Enterprise.objects.filter(uscc=code).exists()
    confirmed = api.post(f"/api/imports/{job['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "done"
    assert Enterprise.objects.filter(uscc=code).exists()
    log_in(api, world.users[Role.DEPARTMENT])
    assert api.get(f"/api/imports/{job['id']}/").status_code == 404
    assert api.post("/api/imports/", {"kind": "enterprises"}, format="multipart").status_code == 404


@pytest.mark.parametrize("through", ["page", "api"])
def test_an_upload_keeps_the_year_only_for_an_importer_that_takes_one(
    world, settings, tmp_path, client, through
):
    """The page and the API read an upload the same way: the year goes with a yearly-data
    sheet, and is dropped for a sheet of enterprises (whose importer takes no year)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [["企业名称", "统一社会信用代码", "年度"], ["年度公司", make_uscc(), 2019]]
    for kind, name in (("years", "years.xlsx"), ("enterprises", "ents.xlsx")):
        data = {"kind": kind, "year": "2019", "file": SimpleUploadedFile(name, xlsx_bytes(rows))}
        if through == "page":
            log_in(client, world.users[Role.STAFF])
            assert client.post(reverse("import-create"), data).status_code == 302
        else:
            api = api_client(world.users[Role.STAFF], None)
            assert api.post("/api/imports/", data, format="multipart").status_code == 201
    jobs = {job.kind: job.options for job in ImportJob.objects.all()}
    assert jobs == {"years": {"year": 2019}, "enterprises": {}}


def test_the_task_consumer_finds_the_import_task():
    """`parkbase run_huey` loads each installed app's ``tasks`` module; the import task
    must be among them, or big imports would wait forever."""
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")
    assert "parkbase.imports.tasks.run_import_job" in HUEY._registry._registry


def test_the_preview_names_a_change_by_its_column(staff, world):
    enterprise = world.enterprises[0]
    rows = [["企业名称", "联系电话"], [enterprise.name, "024-88886666"]]
    assert upload(staff, rows).status_code == 302
    job = ImportJob.objects.get()
    assert job.report["updated"] == 1
    page = staff.get(reverse("import-detail", args=[job.pk])).content.decode()
    assert "联系电话:" in page and "024-88886666" in page
    assert "contact_phone:" not in page  # (the mapping's choices carry field names as values)
